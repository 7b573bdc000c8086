"""Stops and cautions a changed answer removes after they were shown: only with a reason."""

from __future__ import annotations

from consult_app.domain.validation import check_text
from consult_app.domain.withdrawal import Withdrawal
from consult_app.errors import Problem, ValidationError


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
