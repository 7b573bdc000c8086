"""Treatment sessions from the main window: start (or continue) the chosen client's session,
open one from the panel's list. The reads run off the GUI thread; the wizard opens when they
come back, if whoever asked is still signed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shiboken6

from consult_app.domain.permissions import Permission
from consult_app.gui.errors import show_error
from consult_app.gui.tasks import run_in_background
from consult_app.gui.window_part import WindowPart

if TYPE_CHECKING:
    from consult_app.domain.chart import Device
    from consult_app.domain.client import Client
    from consult_app.domain.consultation import Consultation
    from consult_app.domain.course import CourseProgress
    from consult_app.domain.session_date import SessionDateLimits
    from consult_app.domain.treatment import TreatmentSession
    from consult_app.gui.treatment.course_box import Course

SESSION_KEPT = "Session kept as a draft: continue it from the client's panel."


@dataclass(frozen=True, slots=True)
class _Opened:
    """Everything the session wizard needs, read in one go off the GUI thread."""

    session: TreatmentSession
    consultation: Consultation
    client: Client
    previous: dict[str, Any]
    devices: list[Device]
    course: CourseProgress | None
    date_limits: SessionDateLimits | None


class TreatmentActions(WindowPart):
    """MainWindow's part for treatment sessions."""

    def course_reader(self, client_id: int) -> Callable[[], Course]:
        """The work that reads a client's courses and sessions, for the client panel."""
        treatments = self.signed_in.treatments

        return lambda: treatments.course_view(client_id)

    def start_session(self) -> None:
        """Continue the newest course's session in progress, or start today's."""
        client = self.panel.client
        if client is None or not self.may(Permission.CONSULT):
            return
        from consult_app.errors import NotAvailableError

        treatments = self.signed_in.treatments
        read = self._session_reader()
        today = self.context.today()
        client_id = client.id

        def work() -> _Opened:
            courses = treatments.courses(client_id)
            if not courses:
                raise NotAvailableError(
                    "A treatment session follows a signed treatment plan, and this client has "
                    "none yet. Start a consultation first."
                )
            consultation_id = courses[0].consultation_id
            session = treatments.draft_for(consultation_id) or treatments.start(
                consultation_id, today
            )
            return read(session.id)

        self._open_when_read(work, "The session could not start")

    def open_session(self, session_id: int) -> None:
        if not self.may(Permission.VIEW_MEDICAL_RECORD):
            return  # reception: the list shows dates and numbers, never opens a session
        read = self._session_reader()
        self._open_when_read(lambda: read(session_id), "The session could not open")

    def _session_reader(self) -> Callable[[int], _Opened]:
        """What reads a session for the wizard off the GUI thread, with the services of
        whoever asks, taken here: work that starts late (the pool busy) then runs for them, and
        is refused once they signed out, never audited as whoever has signed in since."""
        treatments = self.signed_in.treatments
        consultations = self.signed_in.consultations
        clients = self.signed_in.clients

        def read(session_id: int) -> _Opened:  # services only, no widgets
            session = treatments.get(session_id)
            consultation = consultations.get(session.consultation_id)
            client = clients.get(session.client_id)
            previous = treatments.previous_answers(consultation.id) if session.is_draft else {}
            courses = treatments.courses(client.id)
            course = next((c for c in courses if c.consultation_id == consultation.id), None)
            limits = treatments.date_limits(consultation.id) if session.is_draft else None
            return _Opened(
                session, consultation, client, previous, treatments.devices(), course, limits
            )

        return read

    def _open_when_read(self, work: Callable[[], _Opened], title: str) -> None:
        if self.session_wizard is not None and self.session_wizard.isVisible():
            self.session_wizard.raise_()
            return
        turn = self.signed_in.turn
        self.statusBar().showMessage("Opening the session…")

        def opened(result: _Opened) -> None:
            # Not for whoever signed in meanwhile, nor for a window closed meanwhile.
            if shiboken6.isValid(self) and self.signed_in.still(turn):
                self.statusBar().clearMessage()
                self._show_session(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self) and self.signed_in.still(turn):
                self.statusBar().clearMessage()
                show_error(self, title, error)

        run_in_background(work, opened, failed)

    def _show_session(self, opened: _Opened) -> None:
        from consult_app.gui.actions import ActionId
        from consult_app.gui.treatment.state import SessionState
        from consult_app.gui.treatment.wizard import SessionWizard

        user = self.context.user if self.context is not None else None
        state = SessionState(
            client=opened.client,
            consultation=opened.consultation,
            session=opened.session,
            input=opened.session.input(),
            previous=opened.previous,
            treatments=self.signed_in.treatments,
            consultations=self.consultations,
            practitioner_name=user.display_name if user else "",
            devices=opened.devices,
            course=opened.course,
            date_limits=opened.date_limits,
            signed_in=self.signed_in,
        )
        wizard = SessionWizard(state, self)
        self.session_wizard = wizard
        wizard.addAction(self.actions[ActionId.LOCK])  # "Lock now" works over the wizard too
        wizard.draft_saved.connect(lambda _: self.statusBar().showMessage("Draft saved", 3000))
        client_id = opened.client.id

        def closed(_result: int) -> None:
            if not wizard.state.is_read_only:
                self.statusBar().showMessage(SESSION_KEPT, 5000)
            if self.session_wizard is wizard:
                self.session_wizard = None
            self._after_consultation(client_id, user)

        wizard.finished.connect(closed)
        wizard.open()
