"""The chart: one page to fill while treating. The plan's areas and the clinic's only device
are filled in to start with; each problem shows under its own field."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.chart import (
    ENDPOINT_WORDS,
    Chart,
    Device,
    Endpoint,
    TreatedArea,
    chart_problems,
)
from consult_app.errors import Problem
from consult_app.gui.treatment.area_rows import AreaChart
from consult_app.gui.treatment.chart_parts import (
    CartridgeBox,
    NumbingBox,
    PatchTestBox,
    ProductRows,
)
from consult_app.gui.treatment.state import SessionState
from consult_app.gui.widgets.field_error import FieldError
from consult_app.gui.widgets.print_warning import PrintWarning
from consult_app.gui.widgets.radio_tab_stop import tab_stop_on_checked
from consult_app.gui.widgets.scrolled import scrolled
from consult_app.gui.widgets.steady_inputs import SteadyComboBox
from consult_app.gui.wizard.state import NOTHING_CHANGES, StepPage

# Messages that name no subject of their own ("must be after …") get one.
_SUBJECTS = {
    "chart.numbing.removed_at": "The removal time",
    "chart.cartridge.needles": "The number of needles",
    "chart.patch_test.tested_on": "The patch test's date",
    "chart.patch_test.read_after_days": "The days before it is read",
}


def sentence(field: str, message: str) -> str:
    """A problem as a sentence to show under its field."""
    subject = _SUBJECTS.get(field)
    if subject and message[:1].islower():
        return f"{subject} {message}"
    text = message[:1].upper() + message[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class ChartPage(StepPage):
    key = "chart"
    read_only_subtitle = f"What was used and done at this session. {NOTHING_CHANGES}"

    def __init__(self, state: SessionState) -> None:
        super().__init__(state)  # type: ignore[arg-type]  # the same words as WizardState
        self.state: SessionState = state  # type: ignore[assignment]
        self.setTitle("Chart")
        self.setSubTitle(
            "What was used and done today. The plan's areas are marked to start with; click "
            "an area on the diagram to add or remove it (or, on the diagram, move with the "
            "arrow keys and press Space)."
        )
        unprintable = state.consultations.unprintable_characters
        assessment = state.consultation.assessment
        plan = state.consultation.plan
        self.areas = AreaChart(
            state.content.plan,
            plan.areas if plan else (),
            (assessment.concerns, assessment.fitzpatrick),
        )
        self.numbing = NumbingBox()
        self.device = SteadyComboBox()
        self.device.setAccessibleName("Device used")
        self.device_error = FieldError("the device")
        self.cartridge = CartridgeBox(state.session_date)
        self.products = ProductRows()
        self.endpoint = QButtonGroup(self)
        self.endpoint_buttons: dict[Endpoint, QRadioButton] = {}
        self.endpoint_error = FieldError("the endpoint")
        self.reaction = QLineEdit()
        self.reaction.setAccessibleName("Immediate reaction")
        self.reaction.setPlaceholderText("None, or what you saw")
        self.reaction_error = FieldError("the reaction")
        self.patch = PatchTestBox(state.session_date)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 4)
        self.notes_error = FieldError("the notes")
        kit = QGroupBox("Device")
        kit_form = QFormLayout(kit)
        device_label = QLabel("&Device:")
        device_label.setBuddy(self.device)
        kit_form.addRow(device_label, self.device)
        kit_form.addRow(self.device_error)
        if not state.devices:
            kit_form.addRow(
                QLabel(
                    "No devices are listed yet: the clinic's owner adds them in Clinic → Devices…"
                )
            )
        skin = QGroupBox("Skin at the end")
        skin_layout = QVBoxLayout(skin)
        endpoint_row = QHBoxLayout()
        for endpoint, words in ENDPOINT_WORDS.items():
            button = QRadioButton(words)
            button.setAccessibleName(f"Endpoint: {words}")
            self.endpoint.addButton(button)
            self.endpoint_buttons[endpoint] = button
            endpoint_row.addWidget(button)
        endpoint_row.addStretch(1)
        tab_stop_on_checked(self.endpoint)
        skin_layout.addLayout(endpoint_row)
        skin_layout.addWidget(self.endpoint_error)
        reaction_label = QLabel("Immediate &reaction:")
        reaction_label.setBuddy(self.reaction)
        skin_layout.addWidget(reaction_label)
        skin_layout.addWidget(self.reaction)
        skin_layout.addWidget(PrintWarning(self.reaction, unprintable))
        skin_layout.addWidget(self.reaction_error)
        notes_label = QLabel("N&otes:")
        notes_label.setBuddy(self.notes)
        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(notes_label)
        notes_layout.addWidget(self.notes)
        notes_layout.addWidget(PrintWarning(self.notes, unprintable))
        notes_layout.addWidget(self.notes_error)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        for part in (self.numbing, kit, self.cartridge, self.products, skin, self.patch):
            side_layout.addWidget(part)
        side_layout.addWidget(notes_box)
        side_layout.addStretch(1)
        host = QWidget()
        grid = QGridLayout(host)
        grid.addWidget(self.areas, 0, 0)
        grid.addWidget(side, 0, 1)
        grid.setColumnStretch(0, 4)
        grid.setColumnStretch(1, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll = scrolled(host, "Chart")
        # The page is as wide as the window: the map shrinks rather than the fields going off
        # to the right behind a sideways scroll bar.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll)
        self._fill_devices(None)
        for part in (self.areas, self.numbing, self.cartridge, self.products, self.patch):
            part.changed.connect(self._on_chart_changed)
        self.device.currentIndexChanged.connect(lambda _: self._on_chart_changed())
        self.endpoint.buttonToggled.connect(lambda *_: self._on_chart_changed())
        self.reaction.textChanged.connect(lambda _: self._on_chart_changed())
        self.notes.textChanged.connect(self._on_chart_changed)

    def _fill_devices(self, chosen: Device | None) -> None:
        """The clinic's devices; a draft's device that has left the list since stays choosable."""
        devices = list(self.state.devices)
        if chosen is not None and chosen not in devices:
            devices.append(chosen)
        self.device.blockSignals(True)
        self.device.clear()
        self.device.addItem("Choose the device used…", None)
        for device in devices:
            self.device.addItem(device.label, device)
        if chosen is not None:
            self.device.setCurrentIndex(devices.index(chosen) + 1)
        elif len(devices) == 1:  # the clinic's only device: nothing to choose
            self.device.setCurrentIndex(1)
        self.device.blockSignals(False)

    # Loading and storing

    def load(self) -> None:
        chart = self.state.input.chart
        self.numbing.set_value(chart.numbing, chart.no_numbing)
        self._fill_devices(chart.device)
        # The first page may have moved the session to another day: expiry counts to it.
        self.cartridge.session_date = self.state.session_date
        self.patch.session_date = self.state.session_date
        self.cartridge.set_value(chart.cartridge)
        if chart.areas or self.state.is_read_only or chart != Chart():
            self.areas.set_value(chart.areas)
        else:  # a chart not started yet: the plan's areas at the plan's depths
            plan = self.state.consultation.plan
            self.areas.set_value(
                tuple(TreatedArea(a.area, a.depth_mm, 1) for a in (plan.areas if plan else ()))
            )
        self.products.set_value(chart.products)
        for endpoint, button in self.endpoint_buttons.items():
            button.setChecked(chart.endpoint is endpoint)
        if chart.endpoint is None and self.endpoint.checkedButton() is not None:
            self.endpoint.setExclusive(False)
            self.endpoint.checkedButton().setChecked(False)
            self.endpoint.setExclusive(True)
        self.reaction.setText(chart.reaction)
        self.patch.set_value(chart.patch_test)
        self.notes.setPlainText(chart.notes)
        self._order_tabs()

    def chart(self) -> Chart:
        numbing, no_numbing = self.numbing.value()
        checked = self.endpoint.checkedButton()
        endpoint = next((e for e, b in self.endpoint_buttons.items() if b is checked), None)
        return Chart(
            numbing=numbing,
            no_numbing=no_numbing,
            device=self.device.currentData(),
            cartridge=self.cartridge.value(),
            areas=self.areas.value(),
            products=self.products.value(),
            endpoint=endpoint,
            reaction=self.reaction.text().strip(),
            patch_test=self.patch.value(),
            notes=self.notes.toPlainText().strip(),
        )

    def store(self) -> None:
        self.state.update(chart=self.chart())

    # Problems, each under its field

    def problems(self) -> list[Problem]:
        consultation = self.state.consultation
        chart = self.chart()
        found = chart_problems(
            chart,
            session_date=self.state.session_date,
            guidance=self.state.content.plan,
            concerns=consultation.assessment.concerns,
            fitzpatrick=consultation.assessment.fitzpatrick,
        )
        if chart.cartridge is not None:  # as typed: not given and not a date are told apart
            found = [p for p in found if p.field != "chart.cartridge.expiry"]
            typed = self.cartridge.expiry_problem()
            if typed:
                found.append(Problem("chart.cartridge.expiry", typed))
        return found

    def _error_for(self, field: str) -> FieldError:
        parts = field.split(".")
        if field.startswith("chart.numbing"):
            return self.numbing.error
        if field.startswith("chart.cartridge."):
            return self.cartridge.errors[parts[2]]
        if field == "chart.cartridge":
            return self.cartridge.errors["lot"]
        if field.startswith("chart.products"):
            return self.products.error
        if field.startswith("chart.patch_test"):
            return self.patch.error
        named = {
            "chart.device": self.device_error,
            "chart.endpoint": self.endpoint_error,
            "chart.reaction": self.reaction_error,
            "chart.notes": self.notes_error,
            "chart.areas": self.areas.error,
        }
        if field in named:
            return named[field]
        row = self.areas.rows.get(parts[-1])
        return row.error if row is not None else self.areas.error

    def _all_errors(self) -> Iterable[FieldError]:
        yield from (self.numbing.error, self.device_error, *self.cartridge.errors.values())
        yield from (self.products.error, self.endpoint_error, self.reaction_error)
        yield from (self.patch.error, self.notes_error, self.areas.error)
        yield from (row.error for row in self.areas.rows.values())

    def show_problems(self, problems: list[Problem]) -> FieldError | None:
        """Show every problem under its field; the first field's error, or None."""
        messages: dict[FieldError, list[str]] = {}
        for problem in problems:
            messages.setdefault(self._error_for(problem.field), []).append(
                sentence(problem.field, problem.message)
            )
        for error in self._all_errors():
            error.set_message(" ".join(messages.get(error, [])))
        return next((e for e in self._all_errors() if e in messages), None)

    def _on_chart_changed(self) -> None:
        """Take a shown problem away as soon as it is put right (adding none but the expiry,
        which is refused the moment it is given)."""
        self._order_tabs()  # an area or a product row may have come or gone
        showing = {e for e in self._all_errors() if e.message}
        if not showing or self.state.is_read_only:
            return
        still = {self._error_for(p.field) for p in self.problems()}
        for error in showing - still:
            error.set_message("")

    def validatePage(self) -> bool:
        first = self.show_problems(self.problems())
        if first is None:
            return True
        owner = first.parentWidget()  # the part the field is in: focus its first input
        inputs = [
            w
            for w in (owner.findChildren(QWidget) if owner is not None else [])
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isEnabled() and w.isVisibleTo(self)
        ]
        if inputs:
            inputs[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def _order_tabs(self) -> None:
        """Tab in reading order: the map and each area's row, then the column beside it top to
        bottom (rows made later would otherwise come last)."""
        numbing = self.numbing
        cartridge = self.cartridge
        chain: list[QWidget] = [self.areas.last_in_tab_order(), numbing.used, numbing.none]
        chain += [numbing.product, numbing.applied, numbing.removed, self.device]
        chain += [cartridge.needles, cartridge.lot, cartridge.expiry]
        for row, name, lot in self.products.rows:
            chain += [name, lot, *row.findChildren(QPushButton)]
        chain += [self.products.add, *self.endpoint_buttons.values(), self.reaction]
        chain += [self.patch, self.patch.tested_on, self.patch.site, self.patch.read_after]
        chain += [self.patch.result, self.notes]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def set_read_only(self) -> None:
        super().set_read_only()
        self.areas.set_read_only()
        self.patch.setEnabled(False)
        for button in self.endpoint_buttons.values():
            button.setEnabled(False)
