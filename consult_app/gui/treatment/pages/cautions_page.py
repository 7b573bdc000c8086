"""Cautions on the day: today's answers screened on the session date, with the course's timing
("too soon", "course complete"); each caution needs a decision, as at the consultation."""

from __future__ import annotations

from consult_app.gui.treatment.state import SessionState
from consult_app.gui.wizard.pages.cautions_page import CautionsPage


class SessionCautionsPage(CautionsPage):
    """The consultation's cautions page over the session's re-screen (SessionState.screening)."""

    def __init__(self, state: SessionState) -> None:
        super().__init__(state)  # type: ignore[arg-type]  # the same words as WizardState
        self.setTitle("Cautions today")
        self.setSubTitle(
            "Worked out from today's answers on the session date, and from when this session "
            "falls in the course. A stop, a wait or a referral ends the session without treatment."
        )
