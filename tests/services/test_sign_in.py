"""Signing in: the encrypted SQLite file and the PostgreSQL server, a growing wait after wrong
passwords, failures in the audit trail, and switched-off accounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from consult_app.domain.audit import AuditFilter
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.people import Role
from consult_app.errors import NotAllowedError, SignInError, ValidationError
from consult_app.services.accounts import AccountService
from consult_app.services.clients import ClientService
from consult_app.services.context import AppContext
from consult_app.services.signin import WRONG, Gate, Kind, Throttle, recovery_text

PASSWORD = "the owner's long password"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def gate(database_url: str) -> Gate:
    """A set-up clinic (encrypted on SQLite) with its owner `sam`; nobody signed in."""
    found = Gate(database_url, Throttle(Clock()))
    assert found.kind() in (Kind.NEW, Kind.SERVER)
    context, recovery = found.set_up(ClinicDetails("Harbour Skin"), "Sam Patel", "sam", PASSWORD)
    assert (recovery is None) == (found.kind() is Kind.SERVER)
    AccountService(context).add("robin", "Robin Reyes", Role.RECEPTION, "robin's long password")
    context.store.close()
    return found


def _trail(context: AppContext) -> list[tuple[str, str]]:
    with context.store.reading() as uow:
        return [(e.username, e.action) for e in reversed(uow.audit.find(AuditFilter(), 5, 0))]


def test_the_right_password_signs_in_and_the_wrong_ones_are_recorded(gate: Gate) -> None:
    for password in ("wrong once", "wrong twice"):
        with pytest.raises(SignInError, match=WRONG):
            gate.sign_in("sam", password)
    with pytest.raises(SignInError, match=WRONG):
        gate.sign_in("nobody", PASSWORD)  # the same words for an unknown name
    context = gate.sign_in("sam", PASSWORD)
    assert context.user is not None and context.user.role is Role.OWNER
    assert _trail(context)[-4:] == [
        ("sam", "sign_in_failed"),
        ("sam", "sign_in_failed"),
        ("nobody", "sign_in_failed"),
        ("sam", "sign_in"),
    ]
    context.store.close()


def test_the_wait_after_wrong_passwords_grows_and_ends(gate: Gate) -> None:
    clock = gate.throttle.clock
    assert isinstance(clock, Clock)
    waits = []
    for attempt in range(6):
        with pytest.raises(SignInError):
            gate.sign_in("sam", f"guess {attempt}")
        waits.append(gate.throttle.wait_left("sam"))
        clock.now += waits[-1]  # each guess made as soon as allowed
    assert waits == [0, 0, 1, 2, 4, 8]
    with pytest.raises(SignInError, match=WRONG):
        gate.sign_in("sam", "guess 6")
    with pytest.raises(SignInError, match="Wait 16 seconds"):
        gate.sign_in("sam", PASSWORD)  # even the right password waits its turn
    clock.now += 60
    context = gate.sign_in("sam", PASSWORD)
    assert gate.throttle.wait_left("sam") == 0
    assert gate.throttle.wait_left("robin") == 0  # one account's guesses never lock another
    context.store.close()


def test_a_switched_off_account_cannot_sign_in_and_is_refused_at_once(gate: Gate) -> None:
    owner = gate.sign_in("sam", PASSWORD)
    robin = gate.sign_in("robin", "robin's long password")
    assert robin.user is not None
    AccountService(owner).change(robin.user.id, "Robin Reyes", Role.RECEPTION, False)
    for _ in range(2):  # the open session is refused from its next request on
        with pytest.raises(NotAllowedError, match="switched off"):
            ClientService(robin).search("")
    with pytest.raises(SignInError):
        gate.sign_in("robin", "robin's long password")
    for context in (owner, robin):
        context.store.close()


def test_switching_user_checks_the_password_on_the_open_database(gate: Gate) -> None:
    context = gate.sign_in("sam", PASSWORD)
    with pytest.raises(SignInError, match=WRONG):
        gate.check_password(context, "robin", "not robin's password")
    assert context.user is not None and context.user.username == "sam"
    robin = gate.check_password(context, "robin", "robin's long password")
    # Returned, not put into the context: the window takes it on, on its own thread.
    assert robin.username == "robin" and context.user.username == "sam"
    assert _trail(context)[-2:] == [("robin", "sign_in_failed"), ("robin", "sign_in")]
    context.user = robin
    gate.sign_out(context)
    assert context.user is None


def test_a_wrong_recovery_key_leaves_no_key_file_and_the_right_one_still_works(
    tmp_path: Path,
) -> None:
    """The key file is lost; a mistyped recovery key must not leave a new, wrong one behind."""
    gate = Gate(f"sqlite:///{tmp_path / 'clinic.db'}")
    context, recovery = gate.set_up(ClinicDetails("Harbour Skin"), "Sam Patel", "sam", PASSWORD)
    context.store.close()
    assert recovery is not None
    keys = tmp_path / "clinic.db.keys"
    keys.unlink()
    wrong = recovery_text(bytes(32))
    with pytest.raises(SignInError, match="does not open this database"):
        gate.recover(wrong, "sam", "a new long password")
    assert not keys.exists()
    with pytest.raises(SignInError, match="active owner"):
        gate.recover(recovery, "nobody", "a new long password")
    assert not keys.exists()
    # Typed from paper: lower case, spaces, and 0/1/8 for the letters O/I/B.
    typed = recovery.lower().replace("-", " ").replace("o", "0").replace("i", "1")
    gate.recover(typed, "sam", "a new long password").store.close()
    gate.sign_in("sam", "a new long password").store.close()


def test_an_account_switched_back_on_gets_a_new_password_first(tmp_path: Path) -> None:
    """Switching an account off removes its key; switching it on again without a new password
    would leave an account that can never sign in, so it is refused with what to do."""
    gate = Gate(f"sqlite:///{tmp_path / 'clinic.db'}")
    owner, _ = gate.set_up(ClinicDetails("Harbour Skin"), "Sam Patel", "sam", PASSWORD)
    accounts = AccountService(owner)
    robin = accounts.add("robin", "Robin Reyes", Role.RECEPTION, "robin's long password")
    accounts.change(robin.id, "Robin Reyes", Role.RECEPTION, False)
    with pytest.raises(ValidationError, match="give it a new password first"):
        accounts.change(robin.id, "Robin Reyes", Role.RECEPTION, True)
    accounts.reset_password(robin.id, "robin's new password")
    with pytest.raises(SignInError):  # still switched off
        gate.sign_in("robin", "robin's new password")
    accounts.change(robin.id, "Robin Reyes", Role.RECEPTION, True)
    gate.sign_in("robin", "robin's new password").store.close()
    owner.store.close()


def test_a_pasted_novel_as_user_name_is_just_a_wrong_name(gate: Gate) -> None:
    with pytest.raises(SignInError, match=WRONG):
        gate.sign_in("x" * 1_000_000, PASSWORD)
    assert gate.throttle.wait_left("x" * 63) == 0  # counted, under the name cut to size
    context = gate.sign_in("sam\n", PASSWORD)  # what is typed around a name does not matter
    with context.store.reading() as uow:
        failed = uow.audit.find(AuditFilter(action="sign_in_failed"), 5, 0)
    assert [e.username for e in failed] == ["x" * 63]
    context.store.close()
