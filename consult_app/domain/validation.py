"""Checks on what people type, with messages a receptionist understands."""

from __future__ import annotations

import re
from datetime import date

from consult_app.domain.dates import age_on, format_date
from consult_app.domain.text import digits_only, has_control_characters

NAME_MAX = 100
TEXT_MAX = 2000
OLDEST_AGE = 120

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+(\s*(ext|x)\.?\s*\d{1,6})?$", re.IGNORECASE)


def check_name(label: str, value: str, *, required: bool) -> str | None:
    """Return what is wrong with a name, or None when it is fine."""
    text = value.strip()
    if not text:
        return f"{label} is required." if required else None
    if len(text) > NAME_MAX:
        return f"{label} is too long ({len(text)} characters); at most {NAME_MAX} fit."
    if has_control_characters(text):
        return f"{label} contains an invisible or control character; please retype it."
    if not any(ch.isalpha() for ch in text):
        return f"{label} must contain at least one letter."
    return None


def check_text(label: str, value: str, *, limit: int = TEXT_MAX) -> str | None:
    if len(value) > limit:
        return f"{label} is too long ({len(value)} characters); at most {limit} fit."
    if has_control_characters(value.replace("\n", "").replace("\t", "")):
        return f"{label} contains an invisible or control character; please retype it."
    return None


def check_date_of_birth(value: date | None, today: date) -> str | None:
    if value is None:
        return "Date of birth is required."
    if value > today:
        return f"Date of birth {format_date(value)} is in the future; check the year."
    if age_on(value, today) > OLDEST_AGE:
        return (
            f"Date of birth {format_date(value)} would make the client older than "
            f"{OLDEST_AGE}; check the year."
        )
    return None


# A refused phone number or e-mail is quoted back only when it is short and plain: 100,000
# characters, or a right-to-left override that turns the message around, help nobody.
_QUOTE_MAX = 60


def _unquotable(label: str, text: str, limit: int = _QUOTE_MAX) -> str | None:
    if len(text) > limit:
        return f"{label} is too long ({len(text)} characters); please check what was pasted."
    if has_control_characters(text):
        return f"{label} contains an invisible or control character; please retype it."
    return None


def check_email(value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    if len(text) > 254 or not _EMAIL.match(text) or has_control_characters(text):
        unquotable = _unquotable("The e-mail address", text, limit=254)
        if unquotable:
            return unquotable
        return f'"{text}" does not look like an e-mail address (name@example.com).'
    return None


def check_phone(value: str) -> str | None:
    text = value.strip()
    if not text:
        return None
    digits = digits_only(text)
    # \s in the pattern also takes line breaks and separators, hence the control check.
    if not _PHONE_CHARS.match(text) or not 6 <= len(digits) <= 15 or has_control_characters(text):
        unquotable = _unquotable("The phone number", text)
        if unquotable:
            return unquotable
        return (
            f'"{text}" does not look like a phone number; use digits, spaces and an optional '
            "leading +, for example 07700 900123 or +44 7700 900123."
        )
    return None
