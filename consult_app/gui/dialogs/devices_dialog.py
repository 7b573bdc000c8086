"""The owner's list of the clinic's devices (make, model, serial), chosen on each session's
chart. Never saves: the caller hands `values()` to TreatmentService.save_devices."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.chart import DEVICE_FIELD_MAX, Device, device_list_problems
from consult_app.gui.widgets.field_error import FieldError
from consult_app.gui.widgets.row_table import row_table

HEADINGS = ("Make", "Model", "Serial number")


class DevicesDialog(QDialog):
    """The devices as they are; a device is typed into the three fields and added, or chosen
    in the list and removed. OK is refused, with the reason, while the list has a problem."""

    def __init__(self, devices: list[Device], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Devices")
        self.setMinimumWidth(560)
        intro = QLabel(
            "The micro-needling devices this clinic uses. Practitioners choose one on each "
            "session's chart, so a device's serial number can be traced later. Removing a "
            "device here does not change the sessions already recorded with it."
        )
        intro.setWordWrap(True)
        self.make_edit, self.model_edit, self.serial_edit = (
            self._line(name) for name in ("Make", "Model", "Serial number")
        )
        self.add_button = QPushButton("&Add")
        self.add_button.setDefault(True)  # Enter in the fields adds the device typed
        self.add_button.clicked.connect(self._on_add_button_clicked)
        fields = QGridLayout()
        for column, (label, edit) in enumerate(
            (("Ma&ke", self.make_edit), ("Mo&del", self.model_edit), ("&Serial", self.serial_edit))
        ):
            heading = QLabel(label)
            heading.setBuddy(edit)
            fields.addWidget(heading, 0, column)
            fields.addWidget(edit, 1, column)
        fields.addWidget(self.add_button, 1, 3)
        self.model = QStandardItemModel(0, len(HEADINGS), self)
        self.model.setHorizontalHeaderLabels(HEADINGS)
        for device in devices:
            self._append(device)
        self.table = row_table(self.model, "Devices")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.error = FieldError("the devices", self)
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        under = QHBoxLayout()
        under.addWidget(self.remove_button)
        under.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(fields)
        layout.addWidget(self.table, 1)
        layout.addLayout(under)
        layout.addWidget(self.error)
        layout.addWidget(self.button_box)
        order = (
            self.make_edit,
            self.model_edit,
            self.serial_edit,
            self.add_button,
            self.table,
            self.remove_button,
            self.button_box,
        )
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        self.make_edit.setFocus()

    def values(self) -> list[Device]:
        return [
            Device(*(self.model.item(row, column).text() for column in range(3)))
            for row in range(self.model.rowCount())
        ]

    @property
    def error_message(self) -> str:
        return self.error.message

    def accept(self) -> None:
        if self._typed_not_added():
            return
        problems = device_list_problems(self.values())
        if problems:
            self.error.set_message(" ".join(p.message for p in problems))
            return
        super().accept()

    def _typed_not_added(self) -> bool:
        """A device typed but not added yet is added with OK, as people expect; a half-typed
        one stops OK with what is missing."""
        typed = self._typed()
        if not any((typed.make, typed.model, typed.serial)):
            return False
        return not self._add(typed)

    def _typed(self) -> Device:
        return Device(
            self.make_edit.text().strip(),
            self.model_edit.text().strip(),
            self.serial_edit.text().strip(),
        )

    def _on_add_button_clicked(self) -> None:
        typed = self._typed()
        if any((typed.make, typed.model, typed.serial)):
            self._add(typed)
        else:  # Enter in an empty field, or Add with nothing typed: say what Add wants
            self.error.set_message(
                "Type the device's make, model and serial number, then press Add."
            )
            self.make_edit.setFocus()

    def _add(self, device: Device) -> bool:
        # The new device's problems alone, numbered as it would be in the list.
        problems = device_list_problems([*self.values(), device])
        mine = f"device {self.model.rowCount() + 1}"
        found = [p.message for p in problems if p.field == mine]
        if found:
            self.error.set_message(" ".join(found))
            return False
        self.error.set_message(None)
        self._append(device)
        for edit in (self.make_edit, self.model_edit, self.serial_edit):
            edit.clear()
        self.make_edit.setFocus()
        return True

    def _on_remove_button_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.model.removeRow(rows[0].row())
            self.error.set_message(None)

    def _append(self, device: Device) -> None:
        cells = []
        for text in (device.make, device.model, device.serial):
            item = QStandardItem(text)
            item.setEditable(False)
            cells.append(item)
        self.model.appendRow(cells)

    @staticmethod
    def _line(name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setMaxLength(DEVICE_FIELD_MAX)
        return edit
