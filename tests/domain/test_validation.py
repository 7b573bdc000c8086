"""Client details: what reception may type, and messages that say what to fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from consult_app.domain.client import ClientDetails
from consult_app.domain.validation import check_email, check_phone
from consult_app.errors import Problem, ValidationError
from tests.conftest import TODAY

GOOD = ClientDetails(first_name="Zoë", last_name="Łukasiewicz", date_of_birth=date(1990, 5, 24))


def details(**changes: Any) -> ClientDetails:
    return replace(GOOD, **changes)


def problems_of(**changes: Any) -> dict[str, str]:
    """Field → message for every problem with GOOD changed by `changes`."""
    found = details(**changes).problems(TODAY)
    assert len({p.field for p in found}) == len(found), "one problem per field"
    return {p.field: p.message for p in found}


def assert_plain(message: str) -> None:
    """Reads as a sentence for a receptionist, not a programmer."""
    assert message[0].isupper() or message.startswith('"'), message  # may quote what was typed
    assert message.endswith("."), message
    for jargon in ("None", "Error", "Exception", "regex", "NoneType", "Traceback", "\\x", "\\u"):
        assert jargon not in message, message


def test_good_details_have_no_problems() -> None:
    assert GOOD.problems(TODAY) == []
    assert GOOD.validated(TODAY) == GOOD


def test_all_optional_fields_filled_in_are_fine() -> None:
    full = details(
        preferred_name="Zo",
        sex="prefer_not_to_say",
        phone="07700 900123",
        email="zoe@example.co.uk",
        address="1 High St\nBristol\tBS1 1AA",
        gp_name="Dr Ng",
        gp_practice="Clifton Surgery",
        emergency_contact_name="Ana Łukasiewicz",
        emergency_contact_phone="+44 7700 900123",
    )
    assert full.problems(TODAY) == []


@pytest.mark.parametrize(
    ("field", "label"), [("first_name", "First name"), ("last_name", "Last name")]
)
@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_names_are_required(field: str, label: str, blank: str) -> None:
    found = problems_of(**{field: blank})
    assert list(found) == [field]
    assert found[field] == f"{label} is required."


def test_optional_names_may_be_empty() -> None:
    assert problems_of(preferred_name="", gp_name="", emergency_contact_name="") == {}


@pytest.mark.parametrize(
    "field",
    [
        "first_name",
        "last_name",
        "preferred_name",
        "gp_name",
        "gp_practice",
        "emergency_contact_name",
    ],
)
def test_names_up_to_100_characters(field: str) -> None:
    assert problems_of(**{field: "a" * 100}) == {}
    found = problems_of(**{field: "a" * 101})
    assert list(found) == [field]
    assert "101" in found[field] and "100" in found[field]
    assert_plain(found[field])


def test_name_length_ignores_surrounding_spaces() -> None:
    assert problems_of(first_name="  " + "a" * 100 + "  ") == {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Zo\x00ë", id="nul"),
        pytest.param("\u202eecilA", id="bidi-override"),
        pytest.param("Ali\u200bce", id="zero-width-space"),
        pytest.param("Ali\x1bce", id="escape"),
        pytest.param("Ali\ue000ce", id="private-use"),
    ],
)
def test_invisible_characters_in_names_are_refused(name: str) -> None:
    found = problems_of(last_name=name)
    assert list(found) == ["last_name"]
    assert "Last name" in found["last_name"]
    assert "invisible" in found["last_name"]
    assert_plain(found["last_name"])


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("نیک\u200cنام", id="persian-zwnj"),
        pytest.param("मी\u200dरा", id="devanagari-zwj"),
        pytest.param("Nguyễn", id="vietnamese"),
        pytest.param("O'Brien-Smith", id="apostrophe-hyphen"),
        pytest.param("Иван", id="cyrillic"),
        pytest.param("李", id="one-cjk-letter"),
    ],
)
def test_real_names_are_accepted(name: str) -> None:
    assert problems_of(first_name=name, last_name=name) == {}


@pytest.mark.parametrize("name", ["123", "--", "."])
def test_a_name_needs_a_letter(name: str) -> None:
    found = problems_of(first_name=name)
    assert list(found) == ["first_name"]
    assert_plain(found["first_name"])


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        pytest.param(date(2026, 11, 25), True, id="born-today"),
        pytest.param(date(2026, 11, 26), False, id="tomorrow"),
        pytest.param(date(2027, 1, 1), False, id="next-year"),
        pytest.param(date(1906, 11, 25), True, id="age-120"),
        pytest.param(date(1905, 11, 26), True, id="age-120-turning-121-tomorrow"),
        pytest.param(date(1905, 11, 25), False, id="age-121"),
        pytest.param(date(1026, 11, 25), False, id="typo-century"),
    ],
)
def test_date_of_birth(born: date, ok: bool) -> None:
    found = problems_of(date_of_birth=born)
    if ok:
        assert found == {}
    else:
        assert list(found) == ["date_of_birth"]
        assert "check the year" in found["date_of_birth"]
        assert_plain(found["date_of_birth"])


def test_future_date_of_birth_message_shows_the_date() -> None:
    found = problems_of(date_of_birth=date(2027, 1, 2))
    assert found["date_of_birth"] == "Date of birth 2 Jan 2027 is in the future; check the year."


def test_date_of_birth_is_required() -> None:
    assert problems_of(date_of_birth=None) == {"date_of_birth": "Date of birth is required."}


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "+44 7700 900123",
        "(0117) 496-0000",
        "0117.496.0000",
        "+44 (0)117 496 0000",
        "01174960000 ext 12",
        "",
    ],
)
@pytest.mark.parametrize("field", ["phone", "emergency_contact_phone"])
def test_phone_numbers_accepted(field: str, phone: str) -> None:
    assert problems_of(**{field: phone}) == {}


@pytest.mark.parametrize(
    "phone",
    [
        "abc",
        "12",
        "12345",
        "0117 496 0000 0000 0000",
        "07700 9001two3",
        "++44 7700 900123",
        "ph: 07700 900123",
    ],
)
@pytest.mark.parametrize("field", ["phone", "emergency_contact_phone"])
def test_phone_numbers_refused(field: str, phone: str) -> None:
    found = problems_of(**{field: phone})
    assert list(found) == [field]
    assert phone in found[field]
    assert "phone number" in found[field]
    assert_plain(found[field])


@pytest.mark.parametrize(
    "email", ["a@b.co", "zoe.l+clinic@example.co.uk", " zoe@example.com ", "ünïcode@exämple.de", ""]
)
def test_emails_accepted(email: str) -> None:
    assert problems_of(email=email) == {}


@pytest.mark.parametrize(
    "email",
    [
        "a@b",
        "no at sign",
        "a@@b.co",
        "a@b.c",
        "a b@c.co",
        "@example.com",
        "zoe@",
        "a@" + "b" * 250 + ".com",
    ],
)
def test_emails_refused(email: str) -> None:
    found = problems_of(email=email)
    assert list(found) == ["email"]
    assert "e-mail address" in found["email"]
    assert_plain(found["email"])


def test_address_may_have_lines_but_not_control_characters() -> None:
    assert problems_of(address="1 High St\nBristol") == {}
    assert list(problems_of(address="1 High St\x07")) == ["address"]
    assert list(problems_of(address="x" * 501)) == ["address"]


@pytest.mark.parametrize("sex", ["", "female", "male", "intersex", "other", "prefer_not_to_say"])
def test_sex_choices(sex: str) -> None:
    assert problems_of(sex=sex) == {}


def test_sex_outside_the_choices_is_refused() -> None:
    found = problems_of(sex="unknown")
    assert list(found) == ["sex"]
    assert_plain(found["sex"])


def test_every_problem_is_listed_with_its_field() -> None:
    found = details(
        first_name="",
        last_name="\x00",
        date_of_birth=date(2030, 1, 1),
        email="nope",
        phone="12",
        emergency_contact_phone="abc",
    ).problems(TODAY)
    assert [p.field for p in found] == [
        "first_name",
        "last_name",
        "date_of_birth",
        "email",
        "phone",
        "emergency_contact_phone",
    ]
    for problem in found:
        assert isinstance(problem, Problem)
        assert_plain(problem.message)
        assert str(problem).startswith(f"{problem.field}: ")


def test_validated_raises_with_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        details(first_name="", email="nope").validated(TODAY)
    assert [p.field for p in caught.value.problems] == ["first_name", "email"]


def test_validated_returns_the_cleaned_details() -> None:
    cleaned = details(first_name="  Zoë ", email=" zoe@example.com\n").validated(TODAY)
    assert cleaned.first_name == "Zoë"
    assert cleaned.email == "zoe@example.com"


@pytest.mark.parametrize(
    ("check", "value", "says"),
    [
        (check_phone, "0" * 100_000, "The phone number is too long (100000 characters)"),
        (check_phone, "0117\u202e496 0000", "The phone number contains an invisible"),
        (check_phone, "0117\x00496", "The phone number contains an invisible"),
        (check_phone, "0117\x1c496 0000", "The phone number contains an invisible"),
        (check_email, "a@b." + "x" * 100_000, "The e-mail address is too long (100004 characters)"),
        (check_email, "sam@\u202eexample.com", "The e-mail address contains an invisible"),
    ],
)
def test_a_refused_phone_or_e_mail_is_not_quoted_back_when_huge_or_hidden(
    check: Callable[[str], str | None], value: str, says: str
) -> None:
    message = check(value)
    assert message is not None and message.startswith(says)
    assert len(message) < 120 and "\u202e" not in message and "\x00" not in message
