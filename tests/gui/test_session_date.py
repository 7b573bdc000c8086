"""A visit written up late: the practitioner moves the session to its day on the first page, by
keyboard; a day that cannot be chosen is said under the field and Next waits; the day chosen is
screened (the plan's interval counts to it) and stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QMessageBox, QScrollArea, QWizard
from pytestqt.qtbot import QtBot

from consult_app.domain.course import SESSION_TOO_SOON
from consult_app.domain.dates import day_in, format_date
from consult_app.domain.treatment import SessionInput
from consult_app.gui.treatment.wizard import SessionWizard
from consult_app.services.treatments import TreatmentService
from tests.conftest import TODAY
from tests.gui.accounts_clinic import PRACTITIONER, People, people  # noqa: F401
from tests.gui.session_driver import (
    practitioner_session,
    signed_plan,
    start_by_keyboard,
    wait_for_verdict,
    window_as,
)
from tests.gui.typing import focus_chain_by_tab
from tests.gui.wizard_driver import press_next
from tests.treatment_sessions import full_chart

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _first_of_next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _type_date(qtbot: QtBot, wizard: SessionWizard, day: date) -> None:
    """Alt+D, then the year, the month and the day typed into their parts of the field (the day
    last, so no month on the way is too short for it)."""
    qtbot.keyClick(
        QApplication.focusWidget() or wizard, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier
    )
    edit = wizard.page_by_key("changes").date_edit
    qtbot.waitUntil(edit.hasFocus)
    for _ in range(2):  # Tab moves to the field's next part: the year is the last
        if edit.currentSection() is not QDateEdit.Section.YearSection:
            qtbot.keyClick(edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(edit, str(day.year))
    qtbot.keyClick(edit, Qt.Key.Key_Backtab)
    qtbot.keyClicks(edit, _MONTHS[day.month - 1])  # the month typed, its field moves on
    for _ in range(2):
        if edit.currentSection() is not QDateEdit.Section.DaySection:
            qtbot.keyClick(edit, Qt.Key.Key_Backtab)
    qtbot.keyClicks(edit, f"{day.day:02d}")
    assert edit.date() == QDate(day.year, day.month, day.day)


def test_a_visit_written_up_late_is_dated_screened_and_stored_on_its_day(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id = signed_plan(people)
    # The consent was signed on this computer's day, after the tests' consultation date: the
    # course's first session is later than both, on the 1st of a month to keep typing simple.
    first = _first_of_next_month(max(TODAY, day_in(datetime.now(UTC))))
    context = people.as_(PRACTITIONER)
    context.today = lambda: first
    service = TreatmentService(context)
    started = service.start(consultation_id, first)
    service.sign_off(
        started.id, started.version, SessionInput(started.answers_json, (), full_chart(first))
    )
    today = first + timedelta(days=35)  # past the plan's 4 weeks
    context.today = lambda: today
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_keyboard(qtbot, window)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    page = wizard.page_by_key("changes")
    assert page.date_edit.text() == format_date(today), "today, to start with"
    first_answer = page.answers["pregnant_or_breastfeeding"].first_input()
    # Tab reaches the date first, as shown; it takes a Tab for each of its day, month and year.
    tabbed = focus_chain_by_tab(page.findChild(QScrollArea), 4)
    assert tabbed == [page.date_edit] * 3 + [first_answer]
    wait_for_verdict(qtbot, wizard, "Nothing in today's answers")

    _type_date(qtbot, wizard, today + timedelta(days=1))
    assert page.date_error.isVisible()
    assert page.date_error.text() == (
        f"{format_date(today + timedelta(days=1))} is in the future. A session is recorded on "
        f"the day it happened: choose today, {format_date(today)}, or an earlier day."
    )
    assert not page.verdict.isVisible(), "nothing is screened on a day that cannot be chosen"
    press_next(wizard)
    assert wizard.current_key() == "changes", "Next waits for a day that can be chosen"
    assert page.date_edit.hasFocus()

    _type_date(qtbot, wizard, first - timedelta(days=1))
    assert page.date_error.text().startswith(
        f"{format_date(first - timedelta(days=1))} is before the last session of this course, "
        f"on {format_date(first)}"
    )

    visit = first + timedelta(days=10)  # the visit being written up
    _type_date(qtbot, wizard, visit)
    assert not page.date_error.isVisible()
    wait_for_verdict(qtbot, wizard, "1 caution needs a decision")
    press_next(wizard)
    assert wizard.current_key() == "cautions"
    cautions = wizard.page_by_key("cautions")
    assert set(cautions.decisions) == {SESSION_TOO_SOON}
    stored = service.get(wizard.state.session.id)
    assert stored.session_date == visit
    assert [f.rule for f in stored.findings] == [SESSION_TOO_SOON]
    assert stored.findings[0].message.startswith(
        f"Only 10 days since the last session on {format_date(first)}"
    )
    qtbot.keyClick(
        QApplication.focusWidget() or wizard, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(lambda: wizard.current_key() == "changes")
    assert page.date_edit.text() == format_date(visit), "the day chosen, as saved"


def test_a_session_signed_off_on_the_day_it_was_moved_to_opens_on_that_day(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id = signed_plan(people)
    signed_on = max(TODAY, day_in(datetime.now(UTC)))
    context = people.as_(PRACTITIONER)
    context.today = lambda: signed_on + timedelta(days=3)
    service = TreatmentService(context)
    started = service.start(consultation_id, signed_on + timedelta(days=3))
    state = SessionInput(started.answers_json, (), full_chart(signed_on), session_date=signed_on)
    signed = service.sign_off(started.id, started.version, state)
    assert signed.session_date == signed_on
    window = window_as(qtbot, people, PRACTITIONER)
    box = window.panel.course_box
    qtbot.waitUntil(lambda: box.model.rowCount() == 1)
    assert box.model.index(0, 0).data() == format_date(signed_on), "listed on its own day"
    window.open_session(signed.id)
    qtbot.waitUntil(lambda: window.session_wizard is not None and window.session_wizard.isVisible())
    wizard = window.session_wizard
    assert wizard is not None and wizard.state.is_read_only
    summary = wizard.page_by_key("summary").browser.toPlainText()
    assert f"Session 1 of 3 on {format_date(signed_on)}" in summary
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    close = wizard.button(QWizard.WizardButton.CancelButton)
    assert not finish.isVisible() and close.isVisible(), "a finished session only closes"
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_closing_on_a_refused_day_keeps_the_draft_on_its_day(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    wizard = practitioner_session(qtbot, people, active=True)
    page = wizard.page_by_key("changes")
    started_on = wizard.state.session.session_date
    _type_date(qtbot, wizard, started_on + timedelta(days=1))
    assert page.date_error.isVisible()
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    stored = TreatmentService(people.as_(PRACTITIONER)).get(wizard.state.session.id)
    assert stored.is_draft and stored.session_date == started_on, "the refused day is not kept"


def test_a_day_saved_on_another_computer_first_is_reloaded_and_yours_listed(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed_plan(people)
    signed_on = max(TODAY, day_in(datetime.now(UTC)))
    context = people.as_(PRACTITIONER)
    context.today = lambda: signed_on + timedelta(days=5)
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_keyboard(qtbot, window)
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    session = wizard.state.session
    theirs, mine = signed_on + timedelta(days=2), signed_on + timedelta(days=3)
    elsewhere = SessionInput(session.answers_json, (), session.chart, "changes", theirs)
    TreatmentService(context).save_draft(session.id, session.version, elsewhere)
    _type_date(qtbot, wizard, mine)
    press_next(wizard)
    qtbot.waitUntil(lambda: wizard.stale_question is not None)
    box = wizard.stale_question
    assert box is not None
    [reload] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
    qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.unsaved_answers is not None)
    page = wizard.page_by_key("changes")
    assert page.date_edit.date() == QDate(theirs.year, theirs.month, theirs.day)
    assert f"You chose {format_date(mine)}" in wizard.unsaved_answers.list.toPlainText()
    press_next(wizard)
    assert wizard.current_key() == "cautions"
    assert TreatmentService(context).get(session.id).session_date == theirs
