"""The chart's areas: the face map, and per area the depth and passes used, with the plan's
depth, the guided range and the consultation's reason beside them."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from consult_app.domain.chart import MAX_DEPTH_MM, MAX_PASSES, TreatedArea
from consult_app.domain.plan import AreaGuidance, PlanGuidance, PlannedArea
from consult_app.gui.widgets.area_map import AreaMap
from consult_app.gui.widgets.field_error import FieldError
from consult_app.gui.widgets.steady_inputs import SteadyDoubleSpinBox, SteadySpinBox


class ChartAreaRow(QWidget):
    """One treated area: depth and passes; a reason asked for when outside guidance."""

    changed = Signal()

    def __init__(
        self,
        area: AreaGuidance,
        planned: PlannedArea | None,
        guidance: PlanGuidance,
        skin: tuple[tuple[str, ...], int | None],
    ) -> None:
        super().__init__()
        self.area = area
        self._guidance = guidance
        self._concerns, self._fitzpatrick = skin
        self.depth = SteadyDoubleSpinBox()
        self.depth.setRange(0.05, MAX_DEPTH_MM)
        self.depth.setSingleStep(0.05)
        self.depth.setDecimals(2)
        self.depth.setSuffix(" mm")
        self.depth.setKeyboardTracking(False)  # checked once typed, as on the plan page
        self.depth.setAccessibleName(f"Needle depth used on {area.label}")
        self.passes = SteadySpinBox()
        self.passes.setRange(1, MAX_PASSES)
        self.passes.setSuffix(" passes")
        # As wide as "10 passes" from the start, so the guide beside it stays put as "1 pass"
        # becomes "2 passes".
        self.passes.setMinimumWidth(self.passes.sizeHint().width())
        self.passes.valueChanged.connect(self._name_passes)
        self._name_passes(self.passes.value())
        self.passes.setAccessibleName(f"Passes on {area.label}")
        low, high = area.range_for(self._concerns)
        planned_words = f"plan {planned.depth_mm:g} mm, " if planned else "not in the plan, "
        self.guide = QLabel(f"{planned_words}guided {low:g}–{high:g} mm")
        self.planned_reason = QLabel(
            f"At the consultation: {planned.reason}" if planned and planned.reason else ""
        )
        self.planned_reason.setWordWrap(True)
        self.planned_reason.setVisible(bool(self.planned_reason.text()))
        self.concern = QLabel()
        self.concern.setWordWrap(True)
        self.concern.setStyleSheet("color: #8a5300;")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason for this depth today")
        self.reason.setAccessibleName(f"Reason for the depth on {area.label}")
        self.error = FieldError(area.label.lower())
        title = QLabel(f"<b>{area.label}</b>")
        title.setBuddy(self.depth)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(title, 0, 0)
        layout.addWidget(self.depth, 0, 1)
        layout.addWidget(self.passes, 0, 2)
        layout.addWidget(self.guide, 0, 3)
        layout.addWidget(self.planned_reason, 1, 0, 1, 4)
        layout.addWidget(self.concern, 2, 0, 1, 4)
        # Labelled beside the field: its placeholder goes once a reason is typed.
        self._reason_row = QWidget()
        reason_line = QHBoxLayout(self._reason_row)
        reason_line.setContentsMargins(0, 0, 0, 0)
        reason_label = QLabel("Reason:")
        reason_label.setBuddy(self.reason)
        reason_line.addWidget(reason_label)
        reason_line.addWidget(self.reason, 1)
        layout.addWidget(self._reason_row, 3, 0, 1, 4)
        layout.addWidget(self.error, 4, 0, 1, 4)
        layout.setColumnStretch(3, 1)
        self.depth.setValue(planned.depth_mm if planned else low)
        self.depth.valueChanged.connect(lambda _: self.refresh())
        self.passes.valueChanged.connect(lambda _: self.changed.emit())
        self.reason.textChanged.connect(lambda _: self.changed.emit())
        self.refresh()

    def _name_passes(self, passes: int) -> None:
        self.passes.setSuffix(" pass" if passes == 1 else " passes")  # not "1 passes"

    def refresh(self) -> None:
        concern = self._guidance.depth_concern(
            self.area.id, self.depth.value(), self._concerns, self._fitzpatrick
        )
        self.concern.setText(concern or "")
        for widget in (self.concern, self._reason_row):
            widget.setVisible(concern is not None)
        self.changed.emit()

    def set_value(self, treated: TreatedArea) -> None:
        self.depth.setValue(treated.depth_mm)
        self.passes.setValue(treated.passes)
        self.reason.setText(treated.reason)
        self.refresh()

    def value(self) -> TreatedArea:
        self.depth.interpretText()  # a depth still being typed (Alt+N leaves no focus change)
        self.passes.interpretText()
        reason = self.reason.text().strip() if self.concern.text() else ""
        return TreatedArea(self.area.id, round(self.depth.value(), 2), self.passes.value(), reason)


class AreaChart(QWidget):
    """The face map and a row per area chosen on it; the plan's areas to start with."""

    changed = Signal()

    def __init__(
        self,
        guidance: PlanGuidance,
        planned: tuple[PlannedArea, ...],
        skin: tuple[tuple[str, ...], int | None],
    ) -> None:
        super().__init__()
        self._guidance = guidance
        self._planned = {p.area: p for p in planned}
        self._skin = skin
        self.map = AreaMap([(a.id, a.label) for a in guidance.areas])
        self.map.setAccessibleName("Areas treated: face and body diagram")
        self.map.setAccessibleDescription("Arrow keys move between areas; Space marks one treated")
        self.map.setMinimumSize(300, 280)
        self.rows: dict[str, ChartAreaRow] = {}
        self._rows_host = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_host)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(
            "No area marked yet: click the areas treated on the diagram (or move with the arrow "
            "keys there and press Space)."
        )
        self.empty.setWordWrap(True)
        self.error = FieldError("the areas")
        self._rows_layout.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.map)
        layout.addWidget(self._rows_host)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.map.selection_changed.connect(self._sync_rows)

    def _sync_rows(self, chosen: list[str]) -> None:
        for area_id in list(self.rows):
            if area_id not in chosen:
                self.rows.pop(area_id).deleteLater()
        for area_id in chosen:
            if area_id not in self.rows:
                row = ChartAreaRow(
                    self._guidance.area(area_id),
                    self._planned.get(area_id),
                    self._guidance,
                    self._skin,
                )
                row.changed.connect(self.changed.emit)
                self.rows[area_id] = row
        for index, area_id in enumerate(chosen):  # shown in the map's order, as Tab goes
            row = self.rows[area_id]
            self._rows_layout.removeWidget(row)
            self._rows_layout.insertWidget(index + 1, row)  # after the "no area yet" line
        self.empty.setVisible(not chosen)
        self._order_tabs()
        self.changed.emit()

    def _order_tabs(self) -> None:
        """Tab from the map through each row in the order shown (rows are made late)."""
        chain: list[QWidget] = [self.map]
        for area_id in self.map.selected():
            row = self.rows[area_id]
            chain += [row.depth, row.passes, row.reason]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def last_in_tab_order(self) -> QWidget:
        selected = self.map.selected()
        return self.rows[selected[-1]].reason if selected else self.map

    def set_value(self, areas: tuple[TreatedArea, ...]) -> None:
        chosen = [a.area for a in areas]
        self.map.set_selected(chosen)
        self._sync_rows(self.map.selected())
        for treated in areas:
            self.rows[treated.area].set_value(treated)

    def value(self) -> tuple[TreatedArea, ...]:
        return tuple(self.rows[a].value() for a in self.map.selected() if a in self.rows)

    def set_read_only(self) -> None:
        self.map.set_read_only(True)
