"""The chart's smaller parts: numbing with its contact time, the cartridge, products with lots,
and the patch test. Each reads from and gives back the domain values of domain/chart.py."""

from __future__ import annotations

import calendar
import re
from datetime import date, time

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.chart import (
    MAX_NEEDLES,
    MAX_PATCH_READ_DAYS,
    PATCH_RESULT_WORDS,
    Cartridge,
    Numbing,
    PatchResult,
    PatchTest,
    ProductUsed,
)
from consult_app.domain.dates import format_date
from consult_app.gui.widgets.date_input import parse_typed_date
from consult_app.gui.widgets.field_error import FieldError
from consult_app.gui.widgets.radio_tab_stop import tab_stop_on_checked
from consult_app.gui.widgets.steady_inputs import SteadyComboBox, SteadySpinBox
from consult_app.gui.wizard.answer_widgets import date_of, make_date_edit, set_date

_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})")
_EXPIRY_EXAMPLE = "write it as on the box, for example 31/05/2027, 05/2027 or 2027-05"


def parse_expiry(text: str) -> date | None:
    """A cartridge's expiry as printed on its box; None when blank.

    Boxes often give only a month ("2027-05", "05/2027"): the cartridge is good to the end of
    that month. A full date is read as any typed date is (day first).

    Raises:
        ValueError: not a date; the message says how to write one.
    """
    typed = "".join(text.split())
    if match := _MONTH_YEAR.fullmatch(typed):
        month, year = int(match[1]), int(match[2])
    elif match := _YEAR_MONTH.fullmatch(typed):
        month, year = int(match[2]), int(match[1])
    if match:
        if not 1 <= month <= 12:
            raise ValueError(f'"{text.strip()}": there is no month {month}; {_EXPIRY_EXAMPLE}.')
        if year < 1:
            raise ValueError(f'"{text.strip()}": there is no year {year}; {_EXPIRY_EXAMPLE}.')
        return date(year, month, calendar.monthrange(year, month)[1])
    try:
        return parse_typed_date(text)
    except ValueError:
        raise ValueError(f'"{" ".join(text.split())}" is not a date; {_EXPIRY_EXAMPLE}.') from None


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _time_edit(name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel scrolls the page, not the time
    return edit


def _qtime(moment: time) -> QTime:
    return QTime(moment.hour, moment.minute)


def _time(edit: QTimeEdit) -> time:
    value = edit.time()
    return time(value.hour(), value.minute())


class NumbingBox(QGroupBox):
    """A numbing cream with when it went on and came off, or "None"; the contact time shown."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Numbing", parent)
        self.used = QRadioButton("Numbing cream used")
        self.none = QRadioButton("None used")
        self.used.setAccessibleName("Numbing cream used")
        self.none.setAccessibleName("No numbing used")
        self._choice = QButtonGroup(self)
        self._choice.addButton(self.used)
        self._choice.addButton(self.none)
        tab_stop_on_checked(self._choice)
        self.product = QLineEdit()
        self.product.setAccessibleName("Numbing product")
        self.product.setPlaceholderText("For example: LMX4 lidocaine 4%")
        self.applied = _time_edit("Numbing applied at")
        self.removed = _time_edit("Numbing removed at")
        self.contact = QLabel()
        self.contact.setAccessibleName("Contact time")
        self.error = FieldError("the numbing")
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.used)
        choice_row.addWidget(self.none)
        choice_row.addStretch(1)
        times = QHBoxLayout()
        for caption, edit in (("Applied at", self.applied), ("removed at", self.removed)):
            label = QLabel(caption)
            label.setBuddy(edit)
            times.addWidget(label)
            times.addWidget(edit)
        times.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(choice_row)
        product_label = QLabel("Product:")
        product_label.setBuddy(self.product)
        product_row = QHBoxLayout()
        product_row.addWidget(product_label)
        product_row.addWidget(self.product, 1)
        layout.addLayout(product_row)
        layout.addLayout(times)
        layout.addWidget(self.contact)
        layout.addWidget(self.error)
        self._choice.buttonToggled.connect(lambda *_: self._refresh())
        self.product.textChanged.connect(lambda _: self.changed.emit())
        for edit in (self.applied, self.removed):
            edit.timeChanged.connect(lambda _: self._refresh())
        self._refresh()

    def set_value(self, numbing: Numbing | None, no_numbing: bool) -> None:
        if numbing is not None:
            self.used.setChecked(True)
            self.product.setText(numbing.product)
            self.applied.setTime(_qtime(numbing.applied_at))
            self.removed.setTime(_qtime(numbing.removed_at))
        elif no_numbing:
            self.none.setChecked(True)
        self._refresh()

    def value(self) -> tuple[Numbing | None, bool]:
        """(the numbing, whether "None" was chosen)."""
        if self.used.isChecked():
            numbing = Numbing(self.product.text().strip(), _time(self.applied), _time(self.removed))
            return numbing, False
        return None, self.none.isChecked()

    def _refresh(self) -> None:
        used = self.used.isChecked()
        for widget in (self.product, self.applied, self.removed):
            widget.setEnabled(used)
        if used:
            numbing, _ = self.value()
            assert numbing is not None
            shown = numbing.contact_minutes > 0
            self.contact.setText(f"Contact time: {numbing.contact_words}" if shown else "")
        else:
            self.contact.setText("Contact time: None" if self.none.isChecked() else "")
        self.changed.emit()


class CartridgeBox(QGroupBox):
    """Needles, lot and expiry; an expired cartridge is refused here, as the date is given."""

    changed = Signal()

    def __init__(self, session_date: date, parent: QWidget | None = None) -> None:
        super().__init__("Cartridge", parent)
        self.session_date = session_date  # expiry counts to it (ChartPage.load keeps it)
        self.needles = SteadySpinBox()
        self.needles.setRange(0, MAX_NEEDLES)
        self.needles.setSpecialValueText("Not given")
        self.needles.setAccessibleName("Cartridge needles")
        self.lot = QLineEdit()
        self.lot.setAccessibleName("Cartridge lot number")
        # Typed as printed on the box: quicker than a date field's sections mid-treatment.
        self.expiry = QLineEdit()
        self.expiry.setAccessibleName("Cartridge expiry date")
        self.expiry.setPlaceholderText("as on the box, for example 31/05/2027 or 05/2027")
        self.errors = {
            "needles": FieldError("the needles"),
            "lot": FieldError("the cartridge lot"),
            "expiry": FieldError("the expiry date"),
        }
        form = QFormLayout(self)
        for caption, name, field in (
            ("Needl&es:", "needles", self.needles),
            ("Cartridge &lot:", "lot", self.lot),
            ("E&xpiry:", "expiry", self.expiry),
        ):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(field)
            column.addWidget(self.errors[name])
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, box)
        self.needles.valueChanged.connect(lambda _: self.changed.emit())
        self.lot.textChanged.connect(lambda _: self.changed.emit())
        self.expiry.editingFinished.connect(self._on_expiry_editing_finished)
        self.expiry.textChanged.connect(lambda _: self._on_expiry_text_changed())

    def set_value(self, cartridge: Cartridge | None) -> None:
        self.needles.setValue(cartridge.needles if cartridge else 0)
        self.lot.setText(cartridge.lot if cartridge else "")
        known = cartridge is not None and cartridge.expiry != date.min
        self.expiry.setText(format_date(cartridge.expiry) if known and cartridge else "")
        self._show_expiry_problem()

    def _expiry(self) -> date | None:
        try:
            return parse_expiry(self.expiry.text())
        except ValueError:
            return None

    def value(self) -> Cartridge | None:
        lot = self.lot.text().strip()
        if not (self.needles.value() or lot or self.expiry.text().strip()):
            return None
        # An expiry not given (or not a date) is kept as the oldest day: never in date.
        return Cartridge(self.needles.value(), lot, self._expiry() or date.min)

    def expiry_problem(self) -> str | None:
        """What is wrong with the expiry as typed: not given, not a date, or passed."""
        text = self.expiry.text().strip()
        if not text:
            return "Give the expiry date printed on the cartridge."
        try:
            expiry = parse_expiry(text)
        except ValueError as error:
            return str(error)
        if expiry is not None and expiry < self.session_date:
            return (
                f"This cartridge expired on {format_date(expiry)}: it cannot be used. "
                "Open a cartridge that is in date."
            )
        return None

    def is_expired(self) -> bool:
        expiry = self._expiry()
        return expiry is not None and expiry < self.session_date

    def _on_expiry_editing_finished(self) -> None:
        expiry = self._expiry()
        if expiry is not None:  # as read ("31 May 2027"): a day and month mixed up shows
            self.expiry.setText(format_date(expiry))
        self._show_expiry_problem(typed=True)

    def _on_expiry_text_changed(self) -> None:
        if self.errors["expiry"].message and self.expiry_problem() is None:
            self.errors["expiry"].set_message("")
        self.changed.emit()

    def _show_expiry_problem(self, *, typed: bool = False) -> None:
        """An expired cartridge is refused as soon as its date is there; a missing or unreadable
        date is said once the field has been left."""
        problem = self.expiry_problem()
        if not typed and not self.is_expired():
            problem = None
        self.errors["expiry"].set_message(problem)
        self.expiry.setAccessibleDescription(problem or "")
        self.changed.emit()


class ProductRows(QGroupBox):
    """Serums and other products applied, each with its lot; rows added and removed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Products applied", parent)
        self.rows: list[tuple[QWidget, QLineEdit, QLineEdit]] = []
        self._layout = QVBoxLayout(self)
        self.add = QPushButton("Add a &product")
        self.add.setAccessibleName("Add a product used")
        self.add.clicked.connect(lambda: self.add_row())
        self.error = FieldError("the products")
        self._layout.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addWidget(self.error)

    def add_row(self, name: str = "", lot: str = "") -> tuple[QWidget, QLineEdit, QLineEdit]:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        name_edit = QLineEdit(name)
        name_edit.setPlaceholderText("For example: hyaluronic serum")
        lot_edit = QLineEdit(lot)
        lot_edit.setPlaceholderText("As on the pack")
        remove = QPushButton("Remove")
        # Labelled beside each field: a placeholder alone goes once something is typed.
        name_label, lot_label = QLabel(), QLabel("Lot:")
        name_label.setBuddy(name_edit)
        lot_label.setBuddy(lot_edit)
        layout.addWidget(name_label)
        layout.addWidget(name_edit, 2)
        layout.addWidget(lot_label)
        layout.addWidget(lot_edit, 1)
        layout.addWidget(remove)
        entry = (row, name_edit, lot_edit)
        remove.clicked.connect(lambda: self._remove_row(entry))
        name_edit.textChanged.connect(lambda _: self.changed.emit())
        lot_edit.textChanged.connect(lambda _: self.changed.emit())
        self.rows.append(entry)
        self._layout.insertWidget(self._layout.indexOf(self.add), row)
        self._number_rows()
        name_edit.setFocus()
        self.changed.emit()
        return entry

    def _remove_row(self, entry: tuple[QWidget, QLineEdit, QLineEdit]) -> None:
        self.rows.remove(entry)
        entry[0].deleteLater()
        self._number_rows()
        self.add.setFocus()
        self.changed.emit()

    def _number_rows(self) -> None:
        """Product 1, 2…: numbered again when one is removed, so no number is missing."""
        for number, (row, name_edit, lot_edit) in enumerate(self.rows, start=1):
            name_label = row.layout().itemAt(0).widget()
            assert isinstance(name_label, QLabel)
            name_label.setText(f"Product {number}:")
            name_edit.setAccessibleName(f"Product {number}")
            lot_edit.setAccessibleName(f"Lot of product {number}")
            remove = row.findChild(QPushButton)
            remove.setAccessibleName(f"Remove product {number}")

    def set_value(self, products: tuple[ProductUsed, ...]) -> None:
        for entry in list(self.rows):
            self._remove_row(entry)
        for product in products:
            self.add_row(product.name, product.lot)

    def value(self) -> tuple[ProductUsed, ...]:
        return tuple(
            ProductUsed(name.text().strip(), lot.text().strip())
            for _, name, lot in self.rows
            if name.text().strip() or lot.text().strip()
        )


class PatchTestBox(QGroupBox):
    """An optional patch test: ticked in its title, then date, site, when to read, result."""

    changed = Signal()

    def __init__(self, session_date: date, parent: QWidget | None = None) -> None:
        super().__init__("Pa&tch test done", parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.setAccessibleName("Patch test done")
        self.session_date = session_date  # a patch test done is dated on it to start with
        self.tested_on = make_date_edit("Patch test date")
        self.site = QLineEdit()
        self.site.setAccessibleName("Patch test site")
        self.site.setPlaceholderText("For example: behind the left ear")
        self.read_after = SteadySpinBox()
        self.read_after.setRange(1, MAX_PATCH_READ_DAYS)
        self.read_after.setValue(2)
        self.read_after.setSuffix(" days")
        self.read_after.setAccessibleName("Read the patch test after")
        self.result = SteadyComboBox()
        self.result.setAccessibleName("Patch test result")
        for result, words in PATCH_RESULT_WORDS.items():
            self.result.addItem(words, str(result))
        self.error = FieldError("the patch test")
        form = QFormLayout(self)
        for caption, field in (
            ("Date:", self.tested_on),
            ("Site:", self.site),
            ("Read after:", self.read_after),
            ("Result:", self.result),
        ):
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.error)
        self._form = form
        self.toggled.connect(self._on_toggled)
        self._on_toggled(False)
        self.tested_on.dateChanged.connect(lambda _: self.changed.emit())
        self.site.textChanged.connect(lambda _: self.changed.emit())
        self.read_after.valueChanged.connect(lambda _: self.changed.emit())
        self.result.currentIndexChanged.connect(lambda _: self.changed.emit())

    def _on_toggled(self, checked: bool) -> None:
        # Folded away until ticked: most sessions have no patch test, and the page is long.
        for row in range(self._form.rowCount()):
            self._form.setRowVisible(row, checked)
        # Folded, the box is no taller than its tick box: no empty frame drawn under it.
        folded = self.fontMetrics().height() + 6
        self.setMaximumHeight(16777215 if checked else folded)
        if checked and date_of(self.tested_on) is None:
            self.tested_on.setDate(qdate(self.session_date))
        self.changed.emit()

    def set_value(self, patch: PatchTest | None) -> None:
        self.setChecked(patch is not None)
        if patch is None:
            return
        set_date(self.tested_on, patch.tested_on.isoformat())
        self.site.setText(patch.site)
        self.read_after.setValue(patch.read_after_days)
        self.result.setCurrentIndex(max(0, self.result.findData(str(patch.result))))

    def value(self) -> PatchTest | None:
        if not self.isChecked():
            return None
        tested = date_of(self.tested_on)
        return PatchTest(
            date.fromisoformat(tested) if tested else self.session_date,
            self.site.text().strip(),
            self.read_after.value(),
            PatchResult(self.result.currentData()),
        )
