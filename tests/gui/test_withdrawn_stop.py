"""Issue 11, points 1 and 4, driven as a practitioner would: a stop answered away needs a reason
and stays on the record; an under-18 client is stopped on the first page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from consult_app.domain.audit import AuditFilter
from consult_app.domain.consultation import Status
from consult_app.domain.dates import format_moment
from consult_app.domain.people import Role
from consult_app.domain.screening import Outcome
from consult_app.gui.wizard.wizard import ConsultationWizard
from consult_app.services.audit_trail import AuditTrailService
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.accounts import signed_in
from tests.documents.pdf_checks import all_text
from tests.gui.wizard_driver import (
    answer_history,
    assess_and_goals,
    choose,
    click,
    current_key,
    open_wizard,
    plan_and_sign,
    press_back,
    press_finish,
    press_next,
    type_into,
)

REASON = "Client misread the question and is not pregnant"


def _answer_why(wizard: ConsultationWizard, reason: str, seen: list[str]) -> None:
    """When the "why did the answer change?" dialog opens, try without a reason, then give one."""

    def fill() -> None:
        dialog = wizard.withdrawal_question
        if dialog is None:  # not open yet: the save is still on its way
            QTimer.singleShot(20, fill)
            return
        try:
            seen.append(dialog.findings.text())
            click(dialog.keep)
            seen.append(dialog.problem.text() if dialog.problem.isVisible() else "")
            type_into(dialog.reason, reason)
            click(dialog.keep)
        finally:
            if dialog.isVisible():  # never leave a test waiting on a modal dialog
                dialog.reject()

    QTimer.singleShot(0, fill)


def _pregnant_seen_then_answered_no(qtbot: QtBot, clinic: AppContext) -> ConsultationWizard:
    """The issue's steps: pregnant yes, the cautions page says no, Back, the answer now no."""
    wizard = open_wizard(qtbot, clinic)
    answer_history(wizard, {"pregnant_or_breastfeeding": True})
    assess_and_goals(wizard, fitzpatrick=3)
    assert wizard.page_by_key("cautions").outcome is Outcome.STOP, "shown: not suitable today"
    while current_key(wizard) != "history:health_today":
        press_back(wizard)
    choose(wizard.pages[wizard.currentId()].answers["pregnant_or_breastfeeding"], False)
    return wizard


def test_a_stop_answered_away_asks_why_and_is_kept_on_summary_record_and_trail(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = _pregnant_seen_then_answered_no(qtbot, clinic)
    seen: list[str] = []
    _answer_why(wizard, REASON, seen)
    press_next(wizard)
    assert current_key(wizard) == "history:skin_healing", "saved once the reason was given"
    assert "pregnant or breastfeeding" in seen[0] and "changed from Yes to No" in seen[0]
    assert seen[1] == "Please write why the answer changed.", "a reason is required"
    [kept] = ConsultationService(clinic).get(wizard.state.consultation.id).withdrawn
    assert (kept.rule, kept.kind, kept.reason) == ("pregnancy", "Stop", REASON)

    answer_history(wizard, {})
    press_next(wizard)  # assessment, as it was
    press_next(wizard)  # goals, as they were
    assert current_key(wizard) == "cautions"
    press_next(wizard)
    plan_and_sign(qtbot, wizard)
    summary = wizard.page_by_key("summary").browser.toPlainText()
    assert "Withdrawn after a changed answer" in summary
    assert "Stop:" in summary and REASON in summary
    assert "changed from Yes to No" in summary
    press_finish(wizard)
    consultation_id = wizard.state.consultation.id
    assert ConsultationService(clinic).get(consultation_id).status is Status.COMPLETED

    text = all_text(DocumentService(clinic).record_pdf(consultation_id))
    assert "Withdrawn after a changed answer" in text and REASON in text
    assert "changed from Yes to No" in text
    owner = signed_in(replace(clinic), Role.OWNER)
    trail = AuditTrailService(owner).entries(
        AuditFilter(entity="consultation", entity_id=consultation_id, action="withdraw")
    )
    assert len(trail) == 1 and "stop" in trail[0].detail


def test_going_back_to_the_answers_saves_nothing_and_stays_on_the_page(
    qtbot: QtBot, clinic: AppContext
) -> None:
    wizard = _pregnant_seen_then_answered_no(qtbot, clinic)

    def go_back() -> None:
        dialog = wizard.withdrawal_question
        if dialog is None:
            QTimer.singleShot(20, go_back)
            return
        click(dialog.back)

    QTimer.singleShot(0, go_back)
    press_next(wizard)
    assert current_key(wizard) == "history:health_today"
    stored = ConsultationService(clinic).get(wizard.state.consultation.id)
    assert stored.answers_json["pregnant_or_breastfeeding"] is True and stored.withdrawn == ()


def _born(clinic: AppContext, born: date) -> None:
    clients = ClientService(clinic)
    [client_id] = clients.search("")
    client = clients.get(client_id)
    clients.change(client_id, client.version, replace(client.details, date_of_birth=born))


def _typing_date_of_birth(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    """Edit details… on the client page: the date of birth typed in, then Save."""
    from consult_app.gui.dialogs.client_dialog import ClientDialog

    def enter(dialog: ClientDialog) -> int:
        edit = dialog.field("date_of_birth")
        edit.selectAll()
        type_into(edit, typed)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ClientDialog, "exec", enter)


def test_an_under_18_client_is_stopped_on_the_first_page_and_ended_there(
    qtbot: QtBot, clinic: AppContext
) -> None:
    _born(clinic, date(2012, 3, 14))  # 14 on the consultation day
    wizard = open_wizard(qtbot, clinic, past_client=False)
    page = wizard.page_by_key("client")
    assert page.stop.isVisible()
    assert page.stop.text().startswith("<b>Stop: not suitable today.</b>")
    assert "adults from the age of 18" in page.stop.text()
    assert page.end.isVisible()
    click(page.end)
    assert current_key(wizard) == "summary"
    assert "Outcome: Not suitable today" in wizard.page_by_key("summary").browser.toPlainText()
    stored = ConsultationService(clinic).get(wizard.state.consultation.id)
    assert stored.status is Status.COMPLETED and stored.outcome is Outcome.STOP
    assert [f.rule for f in stored.findings] == ["under_minimum_age"]
    press_finish(wizard)
    assert not wizard.isVisible()


def test_a_date_of_birth_entered_on_the_first_page_shows_the_stop_at_once(
    qtbot: QtBot, clinic: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _typing_date_of_birth(monkeypatch, "14 Mar 2012")
    wizard = open_wizard(qtbot, clinic, past_client=False)
    page = wizard.page_by_key("client")
    assert not page.stop.isVisible() and not page.end.isVisible(), "an adult: nothing to stop"
    click(page.edit)
    assert page.stop.isVisible() and page.end.isVisible()
    assert "adults from the age of 18" in page.stop.text()


def test_an_age_stop_seen_on_the_first_page_then_corrected_asks_why(
    qtbot: QtBot, clinic: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _born(clinic, date(2012, 3, 14))
    _typing_date_of_birth(monkeypatch, "14 Mar 2002")
    wizard = open_wizard(qtbot, clinic, past_client=False)
    page = wizard.page_by_key("client")
    assert page.stop.isVisible()
    click(page.edit)
    assert not page.stop.isVisible(), "an adult now: the stop is gone from the page"
    seen: list[str] = []
    _answer_why(wizard, "Year of birth mistyped at reception; checked her licence", seen)
    press_next(wizard)
    assert current_key(wizard) == "history:health_today"
    assert "date of birth changed from 14 Mar 2012 to 14 Mar 2002" in seen[0]
    [kept] = ConsultationService(clinic).get(wizard.state.consultation.id).withdrawn
    assert (kept.rule, kept.kind) == ("under_minimum_age", "Stop")
    assert kept.reason == "Year of birth mistyped at reception; checked her licence"


def test_the_summary_times_a_withdrawal_as_the_record_does_in_the_clinic_s_zone(
    qtbot: QtBot, clinic: AppContext
) -> None:
    owner = ClinicService(signed_in(replace(clinic), Role.OWNER))
    details = owner.details()
    assert details is not None
    owner.change(replace(details, time_zone="Asia/Tokyo"))  # never this computer's zone (UTC)
    wizard = _pregnant_seen_then_answered_no(qtbot, clinic)
    _answer_why(wizard, REASON, [])
    press_next(wizard)
    [kept] = ConsultationService(clinic).get(wizard.state.consultation.id).withdrawn
    assert kept.at is not None
    answer_history(wizard, {})
    press_next(wizard)
    press_next(wizard)
    press_next(wizard)
    plan_and_sign(qtbot, wizard)
    summary = wizard.page_by_key("summary").browser.toPlainText()
    when = format_moment(kept.at, "Asia/Tokyo")  # "2 Dec 2026, 01:19 JST"
    assert f"Dr Sam Patel, {when})" in summary
    consultation_id = wizard.state.consultation.id
    press_finish(wizard)
    assert when in all_text(DocumentService(clinic).record_pdf(consultation_id))
