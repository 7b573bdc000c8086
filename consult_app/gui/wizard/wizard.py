"""The consultation wizard: pages listed in one place, every Next saves the draft."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget, QWizard

from consult_app.domain.bidi import isolated
from consult_app.domain.consultation import Consultation
from consult_app.errors import StaleRecordError, ValidationError
from consult_app.gui.errors import show_error
from consult_app.gui.screen_fit import fitted_size
from consult_app.gui.stale_save import ReloadQuestion
from consult_app.gui.wizard.pages.assessment_page import AssessmentPage
from consult_app.gui.wizard.pages.cautions_page import CautionsPage
from consult_app.gui.wizard.pages.client_page import ClientPage
from consult_app.gui.wizard.pages.consent_page import ConsentPage
from consult_app.gui.wizard.pages.goals_page import GoalsPage
from consult_app.gui.wizard.pages.history_page import HistoryPage
from consult_app.gui.wizard.pages.plan_page import PlanPage
from consult_app.gui.wizard.pages.summary_page import SummaryPage
from consult_app.gui.wizard.state import StepPage, WizardState
from consult_app.gui.wizard.step_list import StepList
from consult_app.gui.wizard.stepped import SteppedWizard
from consult_app.gui.wizard.unsaved_answers import UnsavedAnswersDialog, unsaved_answers
from consult_app.gui.wizard.withdrawal_dialog import WithdrawalDialog
from consult_app.services.consultations import ConsultationInput, is_blank
from consult_app.services.withdrawals import WithdrawalNeeded

_LEAVE_CHOICES = (
    "Keep as draft: what is answered so far is saved, and the consultation can be continued "
    "from the client's list.\n"
    "Void draft: it is set aside for good, with your reason; nothing answered is deleted.\n"
    "Go back: carry on with the consultation."
)

_RELOAD_THEN = (
    "Reloading puts the saved consultation into the wizard. Any answers of yours that differ "
    "from it are listed in a separate window, so you can enter them again."
)


def build_pages(state: WizardState) -> list[StepPage]:
    """Every step in order: client → history (one page per section) → … → summary."""
    sections = state.content.questionnaire.sections
    return [
        ClientPage(state),
        *(HistoryPage(state, section) for section in sections),
        AssessmentPage(state),
        GoalsPage(state),
        CautionsPage(state),
        PlanPage(state),
        ConsentPage(state),
        SummaryPage(state),
    ]


class ConsultationWizard(SteppedWizard):
    draft_saved = Signal(int)
    completed = Signal(int)
    discarded = Signal(int)  # closed with nothing answered: the draft was not kept
    voided = Signal(int)

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        name = isolated(state.client.details.full_name)
        self.setWindowTitle(f"Consultation — {name}")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.pages = build_pages(state)
        for index, page in enumerate(self.pages):
            self.setPage(index, page)
        self._ids = {page.key: index for index, page in enumerate(self.pages)}
        self._ended_here = False
        client_page = self.page_by_key("client")
        assert isinstance(client_page, ClientPage)
        client_page.end_requested.connect(self._on_end_requested)
        client_page.stops_shown.connect(self._on_stops_shown)
        self.steps = StepList([page.title() for page in self.pages])
        self.steps.setFixedWidth(200)
        self.setSideWidget(self.steps)
        self.currentIdChanged.connect(self._on_current_id_changed)
        # A resumed draft opens on its page, a finished consultation on its summary; either way
        # the pages before it are behind Back (a finished one's read-only, as they were).
        opening = "summary" if state.is_read_only else state.consultation.wizard_page
        self.open_on(self._ids.get(opening, 0))
        self.resize(fitted_size(self, QSize(1180, 740)))  # Next stays on a small screen
        self._stale = ReloadQuestion(
            self,
            "this consultation",
            "&Reload the saved consultation",
            lambda: self.state.consultations.get(self.state.consultation.id),
            self._reload,
            "The saved consultation could not be loaded",
        )
        self._withdrawal_question: WithdrawalDialog | None = None
        self._leave_question: QMessageBox | None = None
        self._leave_choices: dict[object, Callable[[], None]] = {}
        self._unsaved_answers: UnsavedAnswersDialog | None = None
        # Cancel, Esc and the window's close button ask what should happen to the draft;
        # reject() itself (sign-out, switch of user) keeps it without asking.
        cancel = self.button(QWizard.WizardButton.CancelButton)
        cancel.clicked.disconnect()
        cancel.clicked.connect(self.ask_before_closing)
        cancel.setToolTip("Keep this consultation as a draft, void it, or go back to it")
        if state.is_read_only:
            self.use_finished_buttons()
            cancel.setToolTip("Close the consultation")

    @property
    def stale_question(self) -> QMessageBox | None:
        """The "changed on another computer" question while it is open, else None."""
        return self._stale.box

    @property
    def leave_question(self) -> QMessageBox | None:
        """ "Keep as draft, void it or go back?" while it is open, else None."""
        return self._leave_question

    @property
    def unsaved_answers(self) -> UnsavedAnswersDialog | None:
        """The list of this user's answers a reload replaced, once there was one."""
        return self._unsaved_answers

    def page_by_key(self, key: str) -> StepPage:
        return self.pages[self._ids[key]]

    def nextId(self) -> int:
        current = self.currentId()
        key = self.pages[current].key if current >= 0 else ""
        if key == "summary":
            return -1
        if self._ended_here or (key == "client" and self._finished_on_client_page()):
            return self._ids["summary"]  # ended as not suitable: the rest was not asked
        if key == "cautions" and not self._goes_ahead():
            return self._ids["summary"]  # a stop, a deferral or a referral: nothing to plan or sign
        return current + 1

    def _goes_ahead(self) -> bool:
        """Whether Plan and Consent are steps: for a finished consultation, whether it was
        planned (not today's rules on its answers), else whether the answers lead there."""
        state = self.state
        return state.consultation.plan is not None if state.is_read_only else state.goes_ahead()

    def _finished_on_client_page(self) -> bool:
        """Finished as not suitable from the client page (a stop known from the details): no
        skin type was recorded, which completing from the summary needs, so the questions after
        it were never gone through and its summary comes next."""
        state = self.state
        return state.is_read_only and state.consultation.assessment.fitzpatrick is None

    def _on_current_id_changed(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            skipped = self._skipped()
            self.steps.show_step(index, skipped)
            shown = [i for i in range(len(self.pages)) if i not in skipped]
            name = isolated(self.state.client.details.full_name)
            step = shown.index(index) + 1 if index in shown else index + 1
            self.setWindowTitle(f"Consultation — {name} — step {step} of {len(shown)}")

    def _skipped(self) -> set[int]:
        """Steps this consultation does not take: after a stop, a wait or a referral there is
        nothing to plan or sign, so Plan and Consent are not steps at all."""
        try:
            ahead = self._goes_ahead()
        except ValidationError:  # answers not complete enough to screen yet
            ahead = True
        return set() if ahead else {self._ids["plan"], self._ids["consent"]}

    def validateCurrentPage(self) -> bool:
        # Opening on a page, or going through a finished one: nothing to check, save or ask.
        if self.stepping or self.state.is_read_only:
            return True
        if not super().validateCurrentPage():
            return False
        page = self.pages[self.currentId()]
        page.store()
        try:
            if isinstance(page, ConsentPage):
                return self.asking_why(lambda reason: self._sign(page, reason))
            if isinstance(page, SummaryPage):
                return self.asking_why(self._complete)
            following = self.nextId()
            key = self.pages[following].key if following >= 0 else page.key
            return self.asking_why(lambda reason: self._save(key, reason))
        except StaleRecordError as error:
            then = _RELOAD_THEN
            if isinstance(page, ConsentPage):
                then += " The consent may read differently, so it must be signed again."
            self._stale.ask(error, then)
            return False
        except Exception as error:  # known or not, keep the wizard open with what was typed
            show_error(self, "Not saved", error)
            return False

    @property
    def withdrawal_question(self) -> WithdrawalDialog | None:
        """The "why did the answer change?" dialog while it is open, else None."""
        return self._withdrawal_question

    def asking_why(self, save: Callable[[str], None]) -> bool:
        """Save; when that would remove a stop or caution already shown, ask why and save with
        the reason. False when the practitioner goes back to the answers instead."""
        reason = ""
        while True:
            try:
                save(reason)
                return True
            except WithdrawalNeeded as needed:
                problem = needed.problems[0].message if reason else ""
                dialog = WithdrawalDialog(needed.withdrawals, problem, self)
                self._withdrawal_question = dialog
                try:
                    if dialog.exec() != QDialog.DialogCode.Accepted:
                        return False
                    reason = dialog.value()
                finally:
                    self._withdrawal_question = None
                    dialog.deleteLater()

    def _save(self, page_key: str, withdrawal_reason: str = "") -> None:
        state = self.state
        state.update(wizard_page=page_key)
        # The cautions page and every page after it show the findings to the practitioner.
        shown = self._ids.get(page_key, 0) >= self._ids["cautions"]
        state.consultation = state.consultations.save_draft(
            state.consultation.id,
            state.consultation.version,
            state.input,
            findings_shown=shown,
            withdrawal_reason=withdrawal_reason,
        )
        self.draft_saved.emit(state.consultation.id)

    def _sign(self, page: ConsentPage, withdrawal_reason: str) -> None:
        state = self.state
        state.update(wizard_page="summary")
        state.consultation = state.consultations.sign(
            state.consultation.id,
            state.consultation.version,
            state.input,
            page.signatures(),
            withdrawal_reason=withdrawal_reason,
        )
        self.completed.emit(state.consultation.id)
        for done in self.pages:
            done.set_read_only()

    def _complete(self, withdrawal_reason: str, *, early: bool = False) -> None:
        """Complete with no consent to sign; `early`: as not suitable, before every question."""
        state = self.state
        if state.consultation.is_completed:
            return
        state.update(wizard_page="summary")
        state.consultation = state.consultations.complete(
            state.consultation.id,
            state.consultation.version,
            state.input,
            withdrawal_reason=withdrawal_reason,
            early=early,
        )
        self.completed.emit(state.consultation.id)

    def _on_stops_shown(self) -> None:
        """A stop on the client page has been seen: answering it away later needs a reason."""
        if self.stepping:  # passed unseen on the way to a resumed draft's page: write nothing
            return
        state = self.state
        try:
            state.consultation = state.consultations.save_draft(
                state.consultation.id, state.consultation.version, state.input, stops_shown=True
            )
        except (StaleRecordError, WithdrawalNeeded):
            return  # Next saves again and sorts either out with the practitioner
        except Exception as error:
            show_error(self, "The draft could not be saved", error)
            return
        self.draft_saved.emit(state.consultation.id)

    def _on_end_requested(self) -> None:
        """End on the page a stop was found on: completed as not suitable today, summary next."""
        state = self.state
        if state.is_read_only:
            return
        self.pages[self.currentId()].store()
        try:
            if not self.asking_why(lambda reason: self._complete(reason, early=True)):
                return
        except StaleRecordError as error:
            self._stale.ask(error, _RELOAD_THEN)
            return
        except Exception as error:
            show_error(self, "Not saved", error)
            return
        for done in self.pages:
            done.set_read_only()
        self._ended_here = True
        self.next()

    def save_on_leave(self) -> bool:
        """Closing or cancelling keeps what was typed on the current page as a draft; a draft
        with nothing answered is not kept (it says nothing about the client).

        False when the wizard must stay open: the save was refused because someone else saved
        the consultation first, and closing would drop what was typed without a word.
        """
        if self.state.is_read_only or self.currentId() < 0:
            return True
        page = self.pages[self.currentId()]
        page.store()
        state = self.state
        try:
            if is_blank(state.input) and state.consultations.discard_if_blank(
                state.consultation.id, state.consultation.version
            ):
                self.discarded.emit(state.consultation.id)
                return True
        except Exception as error:
            show_error(self, "The empty consultation could not be removed", error)
            return True
        try:
            if not self.asking_why(lambda reason: self._save(page.key, reason)):
                return False  # back to the answers: the changed one is there to put right
        except StaleRecordError as error:
            self._stale.ask(
                error, _RELOAD_THEN + " The wizard was not closed, so nothing you typed is lost."
            )
            return False
        except Exception as error:
            show_error(self, "The draft could not be saved", error)
        return True

    def reject(self) -> None:
        """Close without asking (signing out, switching user): see save_on_leave."""
        if self.save_on_leave():
            super().reject()

    def ask_before_closing(self) -> None:
        """Cancel, Esc or the close button: with answers in it, ask whether to keep the draft,
        void it or go back; with none, close (the empty draft is not kept)."""
        if self._leave_question is not None:
            return
        if self.state.is_read_only or self.currentId() < 0:
            self.reject()
            return
        self.pages[self.currentId()].store()
        if is_blank(self.state.input):
            self.reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Close this consultation?",
            "The consultation is not finished. What should happen to it?",
            parent=self,
        )
        box.setInformativeText(_LEAVE_CHOICES)
        keep = box.addButton("Keep as draft", QMessageBox.ButtonRole.AcceptRole)
        void = box.addButton("Void draft…", QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        self._leave_choices = {keep: self.reject, void: self._void}
        box.setDefaultButton(keep)
        box.setEscapeButton(back)
        box.finished.connect(self._on_leave_question_finished)
        self._leave_question = box
        box.open()

    def _on_leave_question_finished(self) -> None:
        box = self._leave_question
        assert box is not None
        self._leave_question = None
        box.deleteLater()
        then = self._leave_choices.get(box.clickedButton())  # Go back: nothing to do
        self._leave_choices = {}
        if then is not None:
            # After the box's own click handling has returned: the void prompt runs a nested
            # event loop, which would otherwise delete the box while it is still on the stack.
            QTimer.singleShot(0, then)

    def _void(self) -> None:
        from consult_app.gui.void_views import void_draft

        state = self.state
        name = state.client.details.full_name
        voided = void_draft(self, state.consultations, state.consultation, name, state.input)
        if voided is not None:
            state.consultation = voided
            self.voided.emit(voided.id)
            QWizard.reject(self)  # voided with what was typed: nothing more to save

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            self.ask_before_closing()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous():  # the window's close button, not a close() from the program
            event.ignore()
            self.ask_before_closing()
            return
        super().closeEvent(event)

    def _reload(self, latest: Consultation) -> None:
        """Put the saved version into every page; list this user's answers it replaced."""
        state = self.state
        opened, entered = ConsultationInput.of(state.consultation), state.input
        state.consultation = latest  # its version is what the next save must be based on
        state.input = ConsultationInput.of(latest)
        for page in self.pages:
            page.show_stored()
            if state.is_read_only:  # completed on the other computer
                page.set_read_only()
        answers = unsaved_answers(state.content, opened, entered, state.input)
        # An earlier list stays open: its answers may not have been entered again yet.
        if answers:
            self._unsaved_answers = UnsavedAnswersDialog(answers, self)
            self._unsaved_answers.show()
