"""The treatment plan: areas on a face and body diagram, a depth for each, sessions."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.plan import AreaGuidance, Plan, PlannedArea
from consult_app.gui.widgets.area_map import AreaMap
from consult_app.gui.widgets.print_warning import PrintWarning
from consult_app.gui.widgets.steady_inputs import SteadyDoubleSpinBox, SteadySpinBox
from consult_app.gui.wizard.state import NOTHING_CHANGES, StepPage, WizardState


class AreaDepthRow(QWidget):
    """Depth for one chosen area, its guided range, and a reason when outside guidance."""

    def __init__(self, area: AreaGuidance, page: PlanPage) -> None:
        super().__init__()
        self.area = area
        self._page = page
        self.depth = SteadyDoubleSpinBox()
        self.depth.setRange(0.1, 3.0)
        self.depth.setSingleStep(0.05)
        self.depth.setDecimals(2)
        self.depth.setSuffix(" mm")
        # Checked against guidance once typed (Enter, Tab, leaving the field), not per key: a
        # change of guidance mid-number reformatted the field and swallowed the next keys.
        self.depth.setKeyboardTracking(False)
        self.depth.setAccessibleName(f"Needle depth for {area.label}")
        self.guide = QLabel()
        self.concern = QLabel()
        self.concern.setWordWrap(True)
        self.concern.setStyleSheet("color: #8a5300;")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason for this depth")
        self.reason.setAccessibleName(f"Reason for the depth on {area.label}")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(f"<b>{area.label}</b>")
        title.setBuddy(self.depth)
        layout.addWidget(title, 0, 0)
        layout.addWidget(self.depth, 0, 1)
        layout.addWidget(self.guide, 0, 2)
        layout.addWidget(self.concern, 1, 0, 1, 3)
        layout.addWidget(self.reason, 2, 0, 1, 3)
        self.reason_warning = PrintWarning(
            self.reason, page.state.consultations.unprintable_characters
        )
        layout.addWidget(self.reason_warning, 3, 0, 1, 3)
        layout.setColumnStretch(2, 1)
        self.depth.valueChanged.connect(lambda _: self.refresh())
        self.reason.textChanged.connect(lambda _: page.completeChanged.emit())

    def refresh(self) -> None:
        assessment = self._page.state.input.assessment
        low, high = self.area.range_for(assessment.concerns)
        default = " (clinic default)" if self.area.clinic_default else ""
        self.guide.setText(f"guided {low:g}–{high:g} mm{default}")
        concern = self._page.state.content.plan.depth_concern(
            self.area.id, self.depth.value(), assessment.concerns, assessment.fitzpatrick
        )
        self.concern.setText(concern or "")
        for widget in (self.concern, self.reason):
            widget.setVisible(concern is not None)
        self.reason_warning.check(self.reason.text() if concern is not None else "")
        self._page.completeChanged.emit()

    def commit(self) -> None:
        """Take in a depth still being typed (Alt+N leaves the field without a focus change)."""
        self.depth.interpretText()

    def is_complete(self) -> bool:
        return not self.concern.text() or bool(self.reason.text().strip())

    def planned(self) -> PlannedArea:
        reason = self.reason.text().strip() if self.concern.text() else ""
        return PlannedArea(self.area.id, round(self.depth.value(), 2), reason)


class PlanPage(StepPage):
    key = "plan"
    read_only_subtitle = f"The plan agreed at this consultation. {NOTHING_CHANGES}"

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.setTitle("Treatment plan")
        self.setSubTitle("Click the areas to treat on the diagram or tick them in the list.")
        guidance = state.content.plan
        self.map = AreaMap([(a.id, a.label) for a in guidance.areas])
        self.list = QListWidget()
        self.list.setAccessibleName("Treatment areas")
        for area in guidance.areas:
            item = QListWidgetItem(area.label)
            item.setData(Qt.ItemDataRole.UserRole, area.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.rows: dict[str, AreaDepthRow] = {}
        self._rows_box = QGroupBox("Needle depth per area")
        self._rows_layout = QVBoxLayout(self._rows_box)
        self._empty = QLabel("No area chosen yet.")
        self._rows_layout.addWidget(self._empty)
        sessions = guidance.sessions
        self.sessions = SteadySpinBox()
        self.sessions.setRange(1, 20)
        self.sessions.setValue(sessions.min + 1)
        self.sessions.setAccessibleName("Number of sessions")
        self.interval = SteadySpinBox()
        self.interval.setRange(1, 52)
        self.interval.setSuffix(" weeks")
        self.interval.setValue(sessions.interval_weeks_min)
        self.interval.setAccessibleName("Weeks between sessions")
        form = QFormLayout()
        form.addRow("&Sessions:", self.sessions)
        form.addRow("&Interval:", self.interval)
        hint = QLabel(
            sessions.guidance
            or f"Usually {sessions.min}–{sessions.max} sessions, {sessions.interval_weeks_min}–"
            f"{sessions.interval_weeks_max} weeks apart."
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        side = QVBoxLayout()
        side.addWidget(self.list, 1)
        side.addWidget(self._rows_box)
        side.addLayout(form)
        layout = QGridLayout(self)
        layout.addWidget(self.map, 0, 0)
        layout.addLayout(side, 0, 1)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(1, 2)
        self.map.selection_changed.connect(self._on_map_selection_changed)
        self.list.itemChanged.connect(self._on_list_item_changed)
        # A click on an area's name ticks it, as a click on its box does.
        self._pressed: tuple[QListWidgetItem, Qt.CheckState] | None = None
        self.list.itemPressed.connect(self._on_list_item_pressed)
        self.list.itemClicked.connect(self._on_list_item_clicked)

    def _chosen_in_list(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def _on_map_selection_changed(self, chosen: list[str]) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._sync_rows(chosen)

    def _on_list_item_pressed(self, item: QListWidgetItem) -> None:
        self._pressed = (item, item.checkState())

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        pressed, self._pressed = self._pressed, None
        if pressed is None or pressed[0] is not item or item.checkState() != pressed[1]:
            return  # the click was on the box, which ticked it already
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _on_list_item_changed(self, _item: QListWidgetItem) -> None:
        chosen = self._chosen_in_list()
        self.map.set_selected(chosen)
        self._sync_rows(chosen)

    def _sync_rows(self, chosen: list[str]) -> None:
        guidance = self.state.content.plan
        for area_id in list(self.rows):
            if area_id not in chosen:
                self.rows.pop(area_id).deleteLater()
        for area_id in chosen:
            if area_id not in self.rows:
                row = AreaDepthRow(guidance.area(area_id), self)
                low, _ = row.area.range_for(self.state.input.assessment.concerns)
                row.depth.setValue(low)
                self.rows[area_id] = row
                self._rows_layout.addWidget(row)
                row.refresh()
        self._empty.setVisible(not chosen)
        self._order_tabs()
        self.completeChanged.emit()

    def _order_tabs(self) -> None:
        """Tab in reading order: areas, each depth (and its reason), sessions, interval.

        Rows are made after the sessions and interval fields, so Tab would otherwise reach
        those first.
        """
        shown = (self._rows_layout.itemAt(i).widget() for i in range(self._rows_layout.count()))
        chain: list[QWidget] = [self.map, self.list]
        for row in shown:
            if isinstance(row, AreaDepthRow) and row in self.rows.values():
                chain += [row.depth, row.reason]
        chain += [self.sessions, self.interval]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def load(self) -> None:
        plan = self.state.input.plan
        chosen = [a.area for a in plan.areas] if plan else []
        self.map.set_selected(chosen)
        self._on_map_selection_changed(chosen)
        if plan:
            for planned in plan.areas:
                self.rows[planned.area].depth.setValue(planned.depth_mm)
                self.rows[planned.area].reason.setText(planned.reason)
            self.sessions.setValue(plan.sessions)
            self.interval.setValue(plan.interval_weeks)
        for row in self.rows.values():
            row.refresh()

    def store(self) -> None:
        for row in self.rows.values():
            row.commit()
        chosen = [a for a in self._chosen_in_list() if a in self.rows]
        areas = tuple(self.rows[a].planned() for a in chosen)
        self.state.update(
            plan=Plan(areas, self.sessions.value(), self.interval.value()) if areas else None
        )

    def validatePage(self) -> bool:
        # A depth typed and not yet taken in may need a reason: take it in, then check again.
        for row in self.rows.values():
            row.commit()
        return self.isComplete()

    def isComplete(self) -> bool:
        if self.state.is_read_only:
            return True
        return bool(self.rows) and all(row.is_complete() for row in self.rows.values())

    def set_read_only(self) -> None:
        super().set_read_only()
        self.map.set_read_only(True)
        self.list.setEnabled(False)
