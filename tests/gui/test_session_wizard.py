"""Treatment sessions driven through the main window and the session wizard with real clicks and
keys, over a real encrypted clinic; what the database holds afterwards is read back."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from consult_app.domain.chart import Endpoint
from consult_app.domain.consultation import DecisionChoice
from consult_app.domain.course import SESSION_TOO_SOON
from consult_app.domain.treatment import SessionInput, SessionStatus
from consult_app.services.treatments import TreatmentService
from tests.conftest import TODAY
from tests.gui.accounts_clinic import PRACTITIONER, People, people  # noqa: F401
from tests.gui.session_driver import (
    DEVICE,
    fill_chart,
    practitioner_session,
    signed_plan,
    start_by_button,
    start_by_keyboard,
    wait_for_verdict,
    window_as,
)
from tests.gui.wizard_driver import choose, press_finish, press_next, type_into
from tests.treatment_sessions import full_chart


def _key(wizard: QWizard) -> str:
    return wizard.current_key()


def test_an_answer_that_stops_ends_the_session_not_treated_with_its_reason(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id = signed_plan(people)
    window = window_as(qtbot, people, PRACTITIONER)
    box = window.panel.course_box
    assert box.progress.text() == "0 of 3 sessions done, next due from 25 Nov 2026 (due)"
    wizard = start_by_button(qtbot, window)
    assert _key(wizard) == "changes"
    page = wizard.page_by_key("changes")
    pregnant = page.answers["pregnant_or_breastfeeding"]
    assert pregnant.value() is False, "last time's answers are filled in"
    assert not page.marks["pregnant_or_breastfeeding"].isVisibleTo(page), "not changed yet"
    wait_for_verdict(qtbot, wizard, "Nothing in today's answers")
    choose(pregnant, True)
    assert page.marks["pregnant_or_breastfeeding"].text() == "Changed: last time No"
    wait_for_verdict(qtbot, wizard, "Stop: no treatment today.")
    press_next(wizard)
    assert _key(wizard) == "cautions"
    assert wizard.page_by_key("cautions").outcome == "stop"
    press_next(wizard)
    assert _key(wizard) == "summary", "nothing to chart after a stop"
    summary = wizard.page_by_key("summary")
    assert summary.reason.isVisible() and not summary.sign_off.isVisible()
    assert "pregnan" in summary.ending().lower()
    assert (
        "Are you pregnant or breastfeeding at the moment? Yes (last time: No)"
        in summary.browser.toPlainText()
    )
    press_finish(wizard)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    service = TreatmentService(people.as_(PRACTITIONER))
    [line] = service.sessions(window.panel.client.id)
    stored = service.get(line.id)
    assert stored.status is SessionStatus.NOT_TREATED
    assert stored.consultation_id == consultation_id
    assert "pregnan" in stored.not_treated_reason.lower()
    assert stored.answers_json["pregnant_or_breastfeeding"] is True
    qtbot.waitUntil(lambda: box.model.rowCount() == 1)
    assert box.model.index(0, 2).data() == "Not treated"
    assert box.progress.text().startswith("0 of 3 sessions done")


def test_a_session_too_soon_needs_a_decision_and_a_note(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id = signed_plan(people)
    service = TreatmentService(people.as_(PRACTITIONER))
    first = service.start(consultation_id, TODAY)
    state = SessionInput(first.answers_json, (), full_chart(TODAY))
    service.sign_off(first.id, first.version, state)
    window = window_as(qtbot, people, PRACTITIONER)
    due = (TODAY + timedelta(weeks=4)).strftime("%-d %b %Y")
    assert window.panel.course_box.progress.text() == (
        f"1 of 3 sessions done, next due from {due} (not due yet)"
    )
    wizard = start_by_keyboard(qtbot, window)
    wait_for_verdict(qtbot, wizard, "1 caution needs a decision")
    press_next(wizard)
    cautions = wizard.page_by_key("cautions")
    assert set(cautions.decisions) == {SESSION_TOO_SOON}
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    choice, note = cautions.decisions[SESSION_TOO_SOON]
    choice.setFocus()
    index = choice.findData(str(DecisionChoice.PROCEED_MODIFIED))
    for _ in range(index):
        qtbot.keyClick(choice, Qt.Key.Key_Down)
    assert choice.currentData() == str(DecisionChoice.PROCEED_MODIFIED)
    assert not next_button.isEnabled(), "a decision alone is not enough: a note is needed"
    type_into(note, "Client travelling for 3 months; lighter passes agreed")
    assert next_button.isEnabled()
    press_next(wizard)
    assert _key(wizard) == "chart"
    stored = service.get(wizard.state.session.id)
    [decision] = stored.decisions
    assert decision.rule == SESSION_TOO_SOON
    assert decision.note == "Client travelling for 3 months; lighter passes agreed"


def test_waiting_on_a_session_too_soon_reads_as_booking_it_later(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    consultation_id = signed_plan(people)
    service = TreatmentService(people.as_(PRACTITIONER))
    first = service.start(consultation_id, TODAY)
    service.sign_off(
        first.id, first.version, SessionInput(first.answers_json, (), full_chart(TODAY))
    )
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_keyboard(qtbot, window)
    wait_for_verdict(qtbot, wizard, "1 caution needs a decision")
    press_next(wizard)
    choice, note = wizard.page_by_key("cautions").decisions[SESSION_TOO_SOON]
    offered = {choice.itemData(i): choice.itemText(i) for i in range(1, choice.count())}
    # Nothing is waiting "to settle" on a timing caution; what is stored is as before.
    assert offered == {
        "proceed_modified": "Go ahead today, with the reason described",
        "defer": "Wait: book the session for when the interval has passed",
        "refer_gp": "Check with their GP first",
    }
    assert note.placeholderText() == (
        "What was agreed, e.g. the date booked instead, or the reason for going ahead today"
    ), "no plan to change on a timing caution"
    choice.setFocus()
    for _ in range(choice.findData(str(DecisionChoice.DEFER))):
        qtbot.keyClick(choice, Qt.Key.Key_Down)
    type_into(note, "Booked for the due date")
    press_next(wizard)
    assert _key(wizard) == "summary", "waiting: nothing to chart today"
    summary = wizard.page_by_key("summary")
    assert (
        "Wait: book the session for when the interval has passed: Booked for the due date"
        in summary.browser.toPlainText()
    )
    press_finish(wizard)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    stored = service.get(wizard.state.session.id)
    assert stored.status is SessionStatus.NOT_TREATED
    [decision] = stored.decisions
    assert (decision.rule, decision.choice) == (SESSION_TOO_SOON, DecisionChoice.DEFER)


def test_fill_the_chart_and_sign_the_session_off(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    signed_plan(people)
    window = window_as(qtbot, people, PRACTITIONER)
    wizard = start_by_keyboard(qtbot, window)
    press_next(wizard)
    press_next(wizard)
    assert _key(wizard) == "chart"
    fill_chart(qtbot, wizard)
    press_next(wizard)
    assert _key(wizard) == "summary"
    summary = wizard.page_by_key("summary")
    assert "CT-2291" in summary.browser.toPlainText()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled(), "Finish waits for the practitioner's sign-off"
    with qtbot.waitActive(wizard):
        wizard.activateWindow()
    target = QApplication.focusWidget() or wizard
    qtbot.keyClick(target, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # the sign-off
    qtbot.waitUntil(summary.sign_off.isChecked)
    assert finish.isEnabled()
    press_finish(wizard)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    service = TreatmentService(people.as_(PRACTITIONER))
    stored = service.get(wizard.state.session.id)
    assert stored.status is SessionStatus.TREATED
    assert stored.number == 1
    chart = stored.chart
    assert chart.numbing.product == "LMX4 lidocaine 4%"
    assert chart.numbing.contact_minutes == 35
    assert chart.device == DEVICE
    assert (chart.cartridge.needles, chart.cartridge.lot) == (16, "CT-2291")
    assert [(a.area, a.depth_mm, a.passes) for a in chart.areas] == [("forehead", 0.25, 2)]
    assert [(p.name, p.lot) for p in chart.products] == [("Hyaluronic serum", "HA-77")]
    assert chart.endpoint is Endpoint.PINPOINT_BLEEDING
    box = window.panel.course_box
    due = (TODAY + timedelta(weeks=4)).strftime("%-d %b %Y")
    qtbot.waitUntil(lambda: box.progress.text().startswith("1 of 3"))
    assert box.progress.text() == f"1 of 3 sessions done, next due from {due} (not due yet)"
    assert box.model.index(0, 1).data() == "1 of 3"


def test_an_expired_cartridge_is_refused_at_its_field(
    qtbot: QtBot,
    people: People,  # noqa: F811
) -> None:
    wizard = practitioner_session(qtbot, people)
    press_next(wizard)
    press_next(wizard)
    fill_chart(qtbot, wizard)
    chart = wizard.page_by_key("chart")
    expiry = chart.cartridge.expiry
    expiry.setFocus()
    expiry.selectAll()
    type_into(expiry, "30/09/2026")
    qtbot.keyClick(expiry, Qt.Key.Key_Tab)
    error = chart.cartridge.errors["expiry"]
    assert error.isVisible()
    assert error.text() == (
        "This cartridge expired on 30 Sep 2026: it cannot be used. Open a cartridge that is "
        "in date."
    )
    press_next(wizard)
    assert _key(wizard) == "chart", "Next is refused while the cartridge is expired"
    assert expiry.hasFocus()
    expiry.selectAll()
    type_into(expiry, "30/09/2027")
    assert not error.isVisible()
    press_next(wizard)
    assert _key(wizard) == "summary"
