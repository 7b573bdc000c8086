"""The treatment session wizard: what changed, cautions today, the chart, sign-off. Every Next
saves the draft; Finish signs the session off, or ends it as not treated."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from consult_app.domain.bidi import isolated
from consult_app.domain.dates import format_date
from consult_app.domain.treatment import TreatmentSession
from consult_app.errors import StaleRecordError
from consult_app.gui.errors import show_error
from consult_app.gui.screen_fit import fitted_size
from consult_app.gui.stale_save import ReloadQuestion
from consult_app.gui.treatment.pages.cautions_page import SessionCautionsPage
from consult_app.gui.treatment.pages.changes_page import ChangesPage
from consult_app.gui.treatment.pages.chart_page import ChartPage
from consult_app.gui.treatment.pages.summary_page import SessionSummaryPage
from consult_app.gui.treatment.state import SessionState
from consult_app.gui.wizard.state import StepPage
from consult_app.gui.wizard.step_list import StepList
from consult_app.gui.wizard.stepped import SteppedWizard
from consult_app.gui.wizard.unsaved_answers import UnsavedAnswersDialog, unsaved_answers
from consult_app.services.consultations import ConsultationInput

_RELOAD_THEN = (
    "Reloading puts the saved session into the wizard. Any answers of yours that differ from "
    "it are listed in a separate window, so you can enter them again."
)


def build_pages(state: SessionState) -> list[StepPage]:
    """Every step in order."""
    return [
        ChangesPage(state),
        SessionCautionsPage(state),
        ChartPage(state),
        SessionSummaryPage(state),
    ]


class SessionWizard(SteppedWizard):
    draft_saved = Signal(int)
    completed = Signal(int)  # signed off, or ended as not treated

    def __init__(self, state: SessionState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.pages = build_pages(state)
        for index, page in enumerate(self.pages):
            self.setPage(index, page)
        self._ids = {page.key: index for index, page in enumerate(self.pages)}
        self.steps = StepList([page.title() for page in self.pages])
        self.steps.setAccessibleName("Session steps")
        self.steps.setFixedWidth(200)
        self.setSideWidget(self.steps)
        self.currentIdChanged.connect(self._on_current_id_changed)
        # A finished session opens on its summary, a draft on the page it was closed on.
        opening = "summary" if state.is_read_only else state.session.wizard_page
        self.open_on(self._ids.get(opening, 0))
        self.resize(fitted_size(self, QSize(1180, 760)))
        self._stale = ReloadQuestion(
            self,
            "this session",
            "&Reload the saved session",
            lambda: self.state.treatments.get(self.state.session.id),
            self._reload,
            "The saved session could not be loaded",
        )
        self._unsaved_answers: UnsavedAnswersDialog | None = None
        self.setButtonText(QWizard.WizardButton.CancelButton, "Close")
        if state.is_read_only:
            self.use_finished_buttons()
        cancel = self.button(QWizard.WizardButton.CancelButton)
        cancel.setToolTip(
            "Close the session"
            if state.is_read_only
            else "Close the session: what is entered so far is kept as a draft"
        )
        self._show_title(self.currentId() if self.currentId() >= 0 else self.startId())

    @property
    def stale_question(self) -> QMessageBox | None:
        return self._stale.box

    @property
    def unsaved_answers(self) -> UnsavedAnswersDialog | None:
        return self._unsaved_answers

    def page_by_key(self, key: str) -> StepPage:
        return self.pages[self._ids[key]]

    def current_key(self) -> str:
        current = self.currentId()
        return self.pages[current].key if current >= 0 else ""

    def nextId(self) -> int:
        key = self.current_key()
        if key == "summary":
            return -1
        if key == "cautions" and not self.state.is_read_only and not self.state.goes_ahead():
            return self._ids["summary"]  # a stop, a wait or a referral: nothing to chart
        if key == "cautions" and self.state.is_read_only and not self._was_treated():
            return self._ids["summary"]
        return self.currentId() + 1

    def _was_treated(self) -> bool:
        return str(self.state.session.status) == "treated"

    def _skipped(self) -> set[int]:
        state = self.state
        if state.is_read_only:
            ahead = self._was_treated()
        else:
            try:
                ahead = state.goes_ahead()
            except Exception:  # answers not complete enough to screen yet
                ahead = True
        return set() if ahead else {self._ids["chart"]}

    def _on_current_id_changed(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self._show_title(index)

    def _show_title(self, index: int) -> None:
        skipped = self._skipped() if index >= 0 else set()
        self.steps.show_step(index, skipped)
        shown = [i for i in range(len(self.pages)) if i not in skipped]
        step = shown.index(index) + 1 if index in shown else index + 1
        name = isolated(self.state.client.details.full_name)
        course = self.state.course
        number = self.state.session.number or (course.next_number if course else None)
        which = f"Session {number} of {course.planned}" if number and course else "Session"
        self.setWindowTitle(f"{which} — {name} — step {step} of {len(shown)}")

    def validateCurrentPage(self) -> bool:
        if self.state.is_read_only or self.stepping:  # shown as it was: nothing to check or save
            return True
        if not super().validateCurrentPage():
            return False
        page = self.pages[self.currentId()]
        page.store()
        try:
            if isinstance(page, SessionSummaryPage):
                self._finish(page)
            else:
                following = self.nextId()
                self._save(self.pages[following].key if following >= 0 else page.key)
            return True
        except StaleRecordError as error:
            self._stale.ask(error, _RELOAD_THEN)
            return False
        except Exception as error:  # known or not, keep the wizard open with what was typed
            show_error(self, "Not saved", error)
            return False

    def _save(self, page_key: str) -> None:
        state = self.state
        state.update(wizard_page=page_key)
        state.session = state.treatments.save_draft(
            state.session.id, state.session.version, state.input
        )
        self.draft_saved.emit(state.session.id)

    def _finish(self, page: SessionSummaryPage) -> None:
        state = self.state
        state.update(wizard_page="summary")
        if page.goes_ahead:
            state.session = state.treatments.sign_off(
                state.session.id, state.session.version, state.input
            )
        else:
            state.session = state.treatments.end_not_treated(
                state.session.id, state.session.version, state.input, page.ending()
            )
        self.completed.emit(state.session.id)
        for done in self.pages:
            done.set_read_only()

    def save_on_leave(self) -> bool:
        """Closing keeps what was typed on the current page as a draft. False when the wizard
        must stay open: another workstation saved first, and closing would lose the typing."""
        if self.state.is_read_only or self.currentId() < 0:
            return True
        page = self.pages[self.currentId()]
        page.store()
        try:
            self._save(page.key)
        except StaleRecordError as error:
            self._stale.ask(error, _RELOAD_THEN)
            return False
        except Exception as error:
            show_error(self, "The draft could not be saved", error)
        return True

    def reject(self) -> None:
        """Close, Esc, the window's close button, a sign-out: the draft is kept."""
        if self.save_on_leave():
            super().reject()

    def _as_consultation(self, answers: dict, decisions: tuple) -> ConsultationInput:  # type: ignore[type-arg]
        """The session's answers in the consultation's terms, for the list of unsaved ones."""
        consultation = self.state.consultation
        return ConsultationInput(
            answers_json=answers,
            assessment=consultation.assessment,
            goals=consultation.goals,
            decisions=decisions,
            plan=consultation.plan,
        )

    def _reload(self, latest: TreatmentSession) -> None:
        """Put the saved version into every page; list this user's answers it replaced."""
        state = self.state
        opened, entered = state.session.input(), state.input
        state.session = latest
        state.input = latest.input()
        for page in self.pages:
            page.show_stored()
            if state.is_read_only:
                page.set_read_only()
        answers = unsaved_answers(
            state.content,
            self._as_consultation(opened.answers_json, opened.decisions),
            self._as_consultation(entered.answers_json, entered.decisions),
            self._as_consultation(state.input.answers_json, state.input.decisions),
        )
        if entered.chart != opened.chart and entered.chart != state.input.chart:
            answers.append(("The chart", "Your entries were not saved: enter them again"))
        chosen = entered.session_date
        if chosen not in (opened.session_date, state.input.session_date) and chosen is not None:
            answers.append(("The session date", f"You chose {format_date(chosen)}"))
        if answers:
            self._unsaved_answers = UnsavedAnswersDialog(answers, self, record="session")
            self._unsaved_answers.show()
