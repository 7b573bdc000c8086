"""What a save of the wizard's state writes: the answers screened once, the findings shown so
far and any shown stop or caution these answers remove (kept as withdrawn, with its reason).

Used inside the consultation service's use cases (consultations.py), so every read here joins
the unit of work the use case opened.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date

from consult_app.domain.answers import answers_to_json, parse_answers
from consult_app.domain.assessment import Assessment
from consult_app.domain.consultation import (
    ConsultationInput,
    Decision,
    DecisionChoice,
)
from consult_app.domain.permissions import Permission
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome, ScreeningResult, screen
from consult_app.domain.withdrawal import facts_json, shown_after, withdrawn_by
from consult_app.services.access import require
from consult_app.services.context import AppContext
from consult_app.services.withdrawals import withdrawal_reason_for
from consult_app.store.base import utc_now
from consult_app.store.repositories.consultations import ConsultationDraft, SaveBasis


def is_blank(state: ConsultationInput) -> bool:
    """Nothing answered, assessed, chosen or planned yet: a question passed by (no answer, no
    ticks) is not an answer. Such a draft records nothing about the client, so it is not kept."""
    answered = any(value not in (None, "", []) for value in state.answers_json.values())
    return not (
        answered or state.assessment != Assessment() or state.goals or state.decisions or state.plan
    )


def goes_ahead(result: ScreeningResult, decisions: tuple[Decision, ...]) -> bool:
    """Treatment can be planned today: no stop, and no caution decided as wait or refer."""
    cautions = {f.rule for f in result.findings if f.severity is Severity.CAUTION}
    waiting = any(
        d.choice is not DecisionChoice.PROCEED_MODIFIED for d in decisions if d.rule in cautions
    )
    return result.outcome is not Outcome.STOP and not waiting


def stored(context: AppContext, consultation_id: int) -> SaveBasis:
    """What a save needs of the stored consultation, with the client's date of birth."""
    with context.store.reading() as uow:
        return uow.consultations.basis(consultation_id)


def born(context: AppContext, client_id: int) -> date | None:
    with context.store.reading() as uow:
        return uow.clients.get(client_id).details.date_of_birth


def draft_for(
    context: AppContext,
    client_id: int,
    state: ConsultationInput,
    *,
    complete: bool,
    previous: SaveBasis | None = None,
    shown_now: Collection[Severity] = (),
    withdrawal_reason: str = "",
) -> tuple[ConsultationDraft, bool]:
    """What a save writes, and whether treatment goes ahead (answers screened once).

    `shown_now`: the kinds of finding about to be shown to the practitioner. A shown stop or
    caution these answers remove is kept as withdrawn, and only with a reason.
    """
    content = context.content
    answers = parse_answers(content.questionnaire, state.answers_json, complete=complete)
    # Over a stored consultation, its basis read the date of birth in the same statement.
    date_of_birth = previous.date_of_birth if previous else born(context, client_id)
    result = screen(content.rules, answers, state.assessment, date_of_birth, context.today())
    ahead = goes_ahead(result, state.decisions)
    answers_json = answers_to_json(answers)
    facts = facts_json(answers_json, state.assessment, date_of_birth)
    seen = previous.shown if previous else ()
    gone = withdrawn_by(seen, result.findings, facts, content.questionnaire)
    if gone:
        reason = withdrawal_reason_for(gone, withdrawal_reason)
        at = utc_now().replace(microsecond=0)
        gone = tuple(replace(w, reason=reason, by=context.actor, at=at) for w in gone)
    draft = ConsultationDraft(
        answers_json=answers_json,
        assessment=state.assessment,
        goals=state.goals,
        findings=result.findings,
        decisions=state.decisions,
        plan=state.plan if ahead else None,
        outcome=result.outcome,
        reassess_on=result.reassess_on,
        content_versions=content.versions,
        wizard_page=state.wizard_page,
        shown=shown_after(seen, result.findings, content.rules, facts, shown_now=shown_now),
        withdrawn=(previous.withdrawn if previous else ()) + gone,
    )
    return draft, ahead


def draft_over(
    context: AppContext,
    consultation_id: int,
    state: ConsultationInput,
    reason: str,
    *,
    shown_now: Collection[Severity],
    complete: bool = False,
) -> tuple[SaveBasis, ConsultationDraft, bool]:
    """What is stored (see `SaveBasis`), the draft a save writes over it, and whether treatment goes
    ahead (permission-checked: only who may consult saves over a consultation)."""
    require(context, Permission.CONSULT, "consultation", consultation_id)
    before = stored(context, consultation_id)
    draft, ahead = draft_for(
        context,
        before.client_id,
        state,
        complete=complete,
        previous=before,
        shown_now=shown_now,
        withdrawal_reason=reason,
    )
    return before, draft, ahead
