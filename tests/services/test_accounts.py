"""The owner's management of accounts: adding, changing, resetting, and who may do it."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters

from consult_app.content.bundle import Content
from consult_app.domain.audit import AuditFilter
from consult_app.domain.people import Role, User
from consult_app.errors import NotAllowedError, ValidationError
from consult_app.services.accounts import AccountService
from consult_app.services.audit_trail import AuditTrailService
from consult_app.services.context import AppContext
from consult_app.services.passwords import password_matches
from consult_app.store.store import Store
from tests.clinic_owner import PASSWORD, demoted_elsewhere, set_up_clinic


@pytest.fixture
def owner(store: Store, content: Content) -> AppContext:
    return set_up_clinic(store, content)


def stored_hash(context: AppContext, username: str) -> str | None:
    with context.store.reading() as uow:
        return uow.users.password_hash(username)


def problems(error: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in error.value.problems]


def test_the_owner_adds_changes_and_resets_an_account(owner: AppContext) -> None:
    accounts = AccountService(owner)
    kim = accounts.add(" kim.lee ", "Kim Lee", Role.RECEPTION, "kim's long password")
    assert kim == User(kim.id, "kim.lee", "Kim Lee", Role.RECEPTION, True)
    changed = accounts.change(kim.id, "Kim Lee-Park", Role.PRACTITIONER, False)
    assert changed == User(kim.id, "kim.lee", "Kim Lee-Park", Role.PRACTITIONER, False)
    accounts.reset_password(kim.id, "a brand new password")
    assert password_matches(stored_hash(owner, "kim.lee"), "a brand new password")
    assert not password_matches(stored_hash(owner, "kim.lee"), "kim's long password")
    assert [u.username for u in accounts.accounts()] == ["sam", "kim.lee"]  # by name
    trail = AuditTrailService(owner).entries(AuditFilter(entity="account", entity_id=kim.id))
    assert [(e.action, e.detail) for e in reversed(trail)] == [
        ("create", "kim.lee (reception)"),
        ("change", "kim.lee: name, role reception -> practitioner, switched off"),
        ("change", "kim.lee: password"),
    ]


def test_passwords_are_stored_as_argon2id_hashes_never_as_typed(owner: AppContext) -> None:
    AccountService(owner).add("kim", "Kim Lee", Role.PRACTITIONER, "kim's long password")
    for username, password in (("sam", PASSWORD), ("kim", "kim's long password")):
        stored = stored_hash(owner, username)
        assert stored is not None and stored.startswith("$argon2id$")
        assert password not in stored
        assert password_matches(stored, password)


def test_passwords_are_hashed_at_argon2id_64_mib_three_passes_four_lanes(
    owner: AppContext, real_argon2: None
) -> None:
    # Pinned by its parameters, not by a stopwatch (the rest of the suite hashes cheaply).
    AccountService(owner).add("kim", "Kim Lee", Role.PRACTITIONER, "kim's long password")
    stored = stored_hash(owner, "kim")
    assert stored is not None
    cost = extract_parameters(stored)
    assert (cost.type.name, cost.time_cost, cost.memory_cost, cost.parallelism) == (
        "ID",
        3,
        65_536,
        4,
    )
    assert password_matches(stored, "kim's long password")


def test_a_taken_user_name_is_refused(owner: AppContext) -> None:
    accounts = AccountService(owner)
    accounts.add("kim", "Kim Lee", Role.PRACTITIONER, "kim's long password")
    with pytest.raises(ValidationError) as refused:
        accounts.add("kim", "Kim Other", Role.RECEPTION, "another long password")
    assert problems(refused) == [("username", '"kim" is taken; choose another user name')]


def test_a_weak_password_and_a_bad_user_name_are_explained(owner: AppContext) -> None:
    accounts = AccountService(owner)
    with pytest.raises(ValidationError) as refused:
        accounts.add("Kim Lee", "", Role.PRACTITIONER, "short")
    fields = dict(problems(refused))
    assert fields["username"].startswith("use 2 to 63 lower-case letters")
    assert fields["display_name"] == "Name is required."
    assert fields["password"] == (
        "use at least 10 characters (a short sentence is easy to remember)"
    )
    kim = accounts.add("kim", "Kim Lee", Role.PRACTITIONER, "kim's long password")
    with pytest.raises(ValidationError) as weak:
        accounts.reset_password(kim.id, "kim")
    assert problems(weak)[0][0] == "password"
    with pytest.raises(ValidationError) as pasted:
        accounts.reset_password(kim.id, "x" * 100_000)
    assert problems(pasted) == [("password", "use at most 1,000 characters")]


def test_the_owner_cannot_switch_off_or_demote_themselves(owner: AppContext) -> None:
    me = owner.user
    assert me is not None
    for role, is_active in ((Role.OWNER, False), (Role.PRACTITIONER, True)):
        with pytest.raises(ValidationError) as refused:
            AccountService(owner).change(me.id, me.display_name, role, is_active)
        assert problems(refused) == [
            ("account", "you cannot switch off or demote your own account")
        ]
    assert AccountService(owner).accounts()[0].role is Role.OWNER


def test_an_owner_demoted_on_another_desk_loses_owner_powers_at_once(owner: AppContext) -> None:
    """Two owners demote each other from two desks: the second demotion is refused, because
    the account is read again on every request, not trusted from the sign-in."""
    _, ali = demoted_elsewhere(owner)
    with pytest.raises(NotAllowedError, match="Practitioner accounts cannot manage accounts"):
        AccountService(owner).change(ali.id, ali.display_name, Role.OWNER, False)
    assert owner.user is not None and owner.user.role is Role.OWNER  # read, not written back
    owner.user = ali
    assert {u.username: u.is_active for u in AccountService(owner).accounts()} == {
        "sam": True,
        "ali": True,
    }


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.RECEPTION])
def test_other_roles_are_refused_and_the_refusals_recorded(owner: AppContext, role: Role) -> None:
    sam = owner.user
    assert sam is not None
    kim = AccountService(owner).add("kim", "Kim Lee", role, "kim's long password")
    owner.user = kim
    accounts = AccountService(owner)
    attempts = (
        accounts.accounts,
        lambda: accounts.add("eve", "Eve", Role.OWNER, "eve's long password"),
        lambda: accounts.change(kim.id, "Kim Lee", Role.OWNER, True),
        lambda: accounts.reset_password(sam.id, "taken over now"),
    )
    for attempt in attempts:
        with pytest.raises(NotAllowedError, match="cannot manage accounts"):
            attempt()
    owner.user = sam
    assert [(u.username, u.role) for u in accounts.accounts()] == [
        ("sam", Role.OWNER),
        ("kim", role),
    ]
    assert password_matches(stored_hash(owner, "sam"), PASSWORD)
    refused = AuditTrailService(owner).entries(AuditFilter(action="refused", entity="account"))
    assert [(e.username, e.entity_id, e.detail) for e in reversed(refused)] == [
        ("kim", None, "manage_accounts"),
        ("kim", None, "manage_accounts"),
        ("kim", kim.id, "manage_accounts"),
        ("kim", sam.id, "manage_accounts"),
    ]
