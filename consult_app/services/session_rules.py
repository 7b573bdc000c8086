"""What a treatment session's save writes and what signing it off needs: the day's answers
re-screened on the session date with the course's timing cautions, and every problem that
keeps a session from being signed off.

Used inside TreatmentService's use cases (treatments.py): every read joins their unit of work.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from consult_app.domain.answers import answers_to_json, missing_answers, parse_answers
from consult_app.domain.chart import chart_problems
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consultation import Consultation, Decision, DecisionChoice
from consult_app.domain.course import CourseProgress, progress
from consult_app.domain.dates import DEFAULT_TIME_ZONE, day_in
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome, ScreeningResult
from consult_app.domain.session_date import SessionDateLimits, session_date_problems
from consult_app.domain.treatment import SessionInput, TreatmentSession, changed_answers, rescreen
from consult_app.errors import ConsultError, Problem, ValidationError
from consult_app.services.context import AppContext
from consult_app.store.repositories.treatments import SessionDraft
from consult_app.store.unit_of_work import UnitOfWork


def signed_course(uow: UnitOfWork, consultation_id: int) -> Consultation:
    """The consultation a session belongs to; refused unless it was signed with a plan."""
    consultation = uow.consultations.get(consultation_id)
    signed = consultation.is_completed and bool(uow.consents.for_consultation(consultation_id))
    if not signed or consultation.plan is None:
        raise ConsultError(
            "A treatment session needs a signed consultation with a treatment plan. "
            "Finish and sign the consultation first."
        )
    return consultation


def course_of(uow: UnitOfWork, consultation: Consultation) -> CourseProgress:
    """How far the consultation's plan has got (only treated sessions count)."""
    assert consultation.plan is not None  # signed_course() checked
    treated = uow.treatments.treated_dates(consultation.client_id).get(consultation.id, [])
    return progress(consultation.id, consultation.plan, consultation.consultation_date, treated)


def date_limits(
    context: AppContext, uow: UnitOfWork, consultation: Consultation
) -> SessionDateLimits:
    """The days the course's next session can be dated on; "signed" is the clinic's day of
    the consultation's first consent (signing is a moment, kept in UTC)."""
    clinic = uow.settings.get("clinic")
    zone = ClinicDetails.from_json(clinic).time_zone if clinic else DEFAULT_TIME_ZONE
    consents = uow.consents.for_consultation(consultation.id)
    signed = min((day_in(c.signed_at, zone) for c in consents), default=date.min)
    today = context.today()
    last = uow.treatments.last_finished(consultation.id)
    return SessionDateLimits(
        today=today,
        # A consent signed "after today" means two clocks disagree (a workstation's own date
        # behind the clinic's zone): today's session is not refused for that.
        signed_on=min(signed, today),
        consulted_on=consultation.consultation_date,
        last_session_on=last.session_date if last is not None else None,
    )


def check_date(
    context: AppContext, uow: UnitOfWork, consultation: Consultation, session_date: date
) -> None:
    """Refused (ValidationError) unless the course's next session can be dated `session_date`."""
    problems = session_date_problems(session_date, date_limits(context, uow, consultation))
    if problems:
        raise ValidationError(problems)


def day_after_save(
    context: AppContext,
    uow: UnitOfWork,
    consultation: Consultation,
    before: TreatmentSession,
    state: SessionInput,
) -> date:
    """The session's day after this save: as chosen in the wizard (checked), else as stored."""
    chosen = state.session_date
    if chosen is None or chosen == before.session_date:
        return before.session_date
    check_date(context, uow, consultation, chosen)
    return chosen


def previous_answers(uow: UnitOfWork, consultation: Consultation) -> dict[str, Any]:
    """The answers as last known: the latest finished session's, else the consultation's.
    A session ended not treated counts too: what the client told us then (a pregnancy, say)
    is the latest we know, and must be seen and changed, not silently forgotten."""
    last = uow.treatments.last_finished(consultation.id)
    return dict(last.answers_json if last is not None else consultation.answers_json)


def screened(
    context: AppContext,
    uow: UnitOfWork,
    consultation: Consultation,
    session_date: date,
    answers_json: dict[str, Any],
) -> tuple[dict[str, Any], ScreeningResult]:
    """The answers checked (a draft may be incomplete) and screened on the session date."""
    content = context.content
    answers = parse_answers(content.questionnaire, answers_json, complete=False)
    born = uow.clients.get(consultation.client_id).details.date_of_birth
    result = rescreen(
        content.rules,
        answers,
        consultation.assessment,
        born,
        session_date,
        course_of(uow, consultation),
    )
    return answers, result


def session_draft(
    context: AppContext,
    uow: UnitOfWork,
    consultation: Consultation,
    session_date: date,
    state: SessionInput,
    not_treated_reason: str = "",
) -> tuple[SessionDraft, ScreeningResult, dict[str, Any]]:
    """What a save writes, the screening it rests on and the parsed answers."""
    answers, result = screened(context, uow, consultation, session_date, state.answers_json)
    answers_json = answers_to_json(answers)
    draft = SessionDraft(
        answers_json=answers_json,
        changed=changed_answers(previous_answers(uow, consultation), answers_json),
        findings=result.findings,
        decisions=state.decisions,
        outcome=result.outcome,
        chart=state.chart,
        content_versions=context.content.versions,
        wizard_page=state.wizard_page,
        not_treated_reason=not_treated_reason,
        session_date=session_date,
    )
    return draft, result, answers


def _decision_problems(result: ScreeningResult, decisions: tuple[Decision, ...]) -> list[Problem]:
    decided = {d.rule: d for d in decisions}
    problems: list[Problem] = []
    for finding in result.findings:
        if finding.severity is not Severity.CAUTION:
            continue
        decision = decided.get(finding.rule)
        field = f"decisions.{finding.rule}"
        if decision is None or not decision.note.strip():
            problems.append(Problem(field, "needs a decision and a short note"))
        elif decision.choice is not DecisionChoice.PROCEED_MODIFIED:
            problems.append(
                Problem(
                    field,
                    "was decided as wait or refer, so there is no treatment today: "
                    "end the session as not treated",
                )
            )
    return problems


def sign_off_problems(
    context: AppContext,
    consultation: Consultation,
    session_date: date,
    state: SessionInput,
    result: ScreeningResult,
    answers: dict[str, Any],
) -> list[Problem]:
    """Everything that keeps this session from being signed off as treated, all at once."""
    content = context.content
    problems = [
        Problem(f"answers.{q.id}", "is required; please answer it")
        for q in missing_answers(content.questionnaire, answers)
    ]
    if result.outcome is Outcome.STOP:
        problems.append(
            Problem(
                "outcome",
                "something found today stops treatment: end the session as not treated, "
                "with the reason",
            )
        )
    problems += _decision_problems(result, state.decisions)
    assessment = consultation.assessment
    problems += chart_problems(
        state.chart,
        session_date=session_date,
        guidance=content.plan,
        concerns=assessment.concerns,
        fitzpatrick=assessment.fitzpatrick,
    )
    return problems
