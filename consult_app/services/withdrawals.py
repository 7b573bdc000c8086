"""Stops and cautions a changed answer removes after they were shown: only with a reason."""

from __future__ import annotations

from consult_app.domain.validation import check_text
from consult_app.domain.withdrawal import Withdrawal
from consult_app.errors import Problem, ValidationError
from consult_app.services.context import AppContext
from consult_app.store.repositories.consultations import ConsultationDraft, SaveBasis
from consult_app.store.unit_of_work import UnitOfWork


class WithdrawalNeeded(ValidationError):
    """A save would remove stops or cautions the practitioner was shown: a reason is needed."""

    def __init__(self, withdrawals: tuple[Withdrawal, ...], problem: str) -> None:
        self.withdrawals = withdrawals
        super().__init__([Problem("withdrawal_reason", problem)])


def withdrawal_reason_for(gone: tuple[Withdrawal, ...], reason: str) -> str:
    """The practitioner's reason for letting shown stops or cautions go, checked like any text."""
    if not reason.strip():
        kinds = " and ".join(sorted({w.kind.lower() for w in gone}, reverse=True))
        raise WithdrawalNeeded(gone, f"a changed answer removes a {kinds} you were shown: say why")
    problem = check_text("The reason", reason)
    if problem:
        raise WithdrawalNeeded(gone, problem)
    return reason.strip()


def audit_withdrawn(
    context: AppContext,
    uow: UnitOfWork,
    consultation_id: int,
    before: SaveBasis,
    draft: ConsultationDraft,
) -> None:
    """One audit line per finding this save withdraws, in the save's own transaction."""
    # Which finding stays out of the trail (medical content); that one went, and why, is kept.
    for withdrawal in draft.withdrawn[len(before.withdrawn) :]:
        detail = f"{withdrawal.kind.lower()} no longer applies after a changed answer; reason given"
        context.audit(uow, "withdraw", "consultation", consultation_id, detail)
