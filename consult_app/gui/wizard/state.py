"""What the wizard's pages share: the client, the saved draft and the answers so far."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QPushButton,
    QRadioButton,
    QWidget,
    QWizardPage,
)

from consult_app.domain.client import Client
from consult_app.domain.consultation import Consultation
from consult_app.domain.screening import ScreeningResult
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationInput, ConsultationService, goes_ahead

if TYPE_CHECKING:
    from consult_app.gui.signed_in import SignedIn


@dataclass
class WizardState:
    client: Client
    consultation: Consultation
    input: ConsultationInput
    consultations: ConsultationService
    clients: ClientService
    practitioner_name: str
    # Whose turn opened the wizard: a document finished after a switch is not shown.
    signed_in: SignedIn | None = None

    @property
    def content(self):  # type: ignore[no-untyped-def]  # the services' Content; gui/ may not import content/
        return self.consultations.context.content

    @property
    def is_read_only(self) -> bool:
        """Signed, completed or voided: shown as it was, changed only by an amendment."""
        return not self.consultation.is_draft

    def update(self, **changes: Any) -> None:
        self.input = replace(self.input, **changes)

    def screening(self) -> ScreeningResult:
        return self.consultations.screen(self.client.id, self.input)

    def goes_ahead(self) -> bool:
        return goes_ahead(self.screening(), self.input.decisions)


# Ends what a finished record's page says of itself.
NOTHING_CHANGES = "Nothing here can be changed: corrections are amendments, on the summary."


class StepPage(QWizardPage):
    """A wizard page that loads from and stores to the shared state."""

    key = ""
    # Said instead of the subtitle once the record is finished: the page's instructions were
    # for filling it in, and it is only read now. Empty: the subtitle stays.
    read_only_subtitle = ""

    def __init__(self, state: WizardState) -> None:
        super().__init__()
        self.state = state

    def initializePage(self) -> None:
        self.load()
        if self.state.is_read_only:
            self.set_read_only()

    def load(self) -> None:
        """Fill the widgets from the state."""

    def store(self) -> None:
        """Write the widgets' values into the state (called before every save)."""

    def show_stored(self) -> None:
        """Show the state just reloaded from the database, leaving nothing typed before it."""
        self.load()

    def set_read_only(self) -> None:
        """Nothing on a completed consultation can be changed in place."""
        if self.read_only_subtitle:
            self.setSubTitle(self.read_only_subtitle)
        for child in self.findChildren(QWidget):
            if hasattr(child, "setReadOnly"):
                child.setReadOnly(True)
            elif isinstance(child, _INPUTS):
                child.setEnabled(False)


# By kind, not by Qt class name: the app's own subclasses (SteadyComboBox, the device list on
# the chart) are inputs too, and once stayed open to change on a signed session.
_INPUTS = (QRadioButton, QCheckBox, QComboBox, QPushButton)
