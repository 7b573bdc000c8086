"""Client search keys and queries: what a receptionist types becomes an index range."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, or_, select, union

from consult_app.domain.text import digits_only, fold
from consult_app.store.rows import ClientRow

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_WORDY_DATE = re.compile(r"^(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})$")
_PHONE_QUERY = re.compile(r"^\+?[\d\s().\-]{3,}$")


def phone_key(phone: str) -> str:
    """Digits only, with +44 read as a leading 0, so both ways of writing a UK number match."""
    digits = digits_only(phone)
    if phone.strip().startswith("+44"):
        digits = "0" + digits[2:]
    elif phone.strip().startswith("0044"):
        digits = "0" + digits[4:]
    return digits


def email_key(email: str) -> str:
    return email.strip().casefold()


def parse_query_date(text: str) -> date | None:
    """A date typed in a search box: 1990-05-24, 24/05/1990 (day first) or 24 May 1990."""
    text = text.strip().lower()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if match := _NUMERIC_DATE.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if (match := _WORDY_DATE.match(text)) and match[2] in _MONTHS:
            return date(int(match[3]), _MONTHS[match[2]], int(match[1]))
    except ValueError:
        return None
    return None


def _prefix(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    # A half-open range on the folded column: an index seek, unlike LIKE 'abc%'.
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates cannot be stored; skip past them
        following = 0xE000
    if following > 0x10FFFF:
        return column >= prefix
    return and_(column >= prefix, column < prefix[:-1] + chr(following))


def _name_statement(tokens: list[str]) -> Select[tuple[int]]:
    # The first word is looked up in two index ranges (surname, first name) joined by UNION,
    # so neither needs a scan; further words only filter that small set.
    columns = (ClientRow.id, ClientRow.last_key, ClientRow.first_key)
    first = tokens[0]
    matches = union(
        select(*columns).where(_prefix(ClientRow.last_key, first)),
        select(*columns).where(_prefix(ClientRow.first_key, first)),
    ).subquery()
    rest = [
        or_(_prefix(matches.c.last_key, t), _prefix(matches.c.first_key, t)) for t in tokens[1:]
    ]
    return (
        select(matches.c.id)
        .where(*rest)
        .order_by(matches.c.last_key, matches.c.first_key, matches.c.id)
    )


def search_statement(query: str) -> Select[tuple[int]]:
    """Ids of clients matching what was typed, in list order (surname, first name).

    A date finds by date of birth, text with @ by e-mail, digits by phone, anything else by the
    start of any word of the first name or surname, ignoring case and accents.
    """
    text = query.strip()
    ordered = select(ClientRow.id).order_by(ClientRow.last_key, ClientRow.first_key, ClientRow.id)
    if (day := parse_query_date(text)) is not None:
        return ordered.where(ClientRow.date_of_birth == day)
    if "@" in text:
        return ordered.where(_prefix(ClientRow.email_key, email_key(text)))
    if _PHONE_QUERY.match(text) and len(digits_only(text)) >= 3:
        return ordered.where(_prefix(ClientRow.phone_key, phone_key(text)))
    tokens = fold(text).split()
    return _name_statement(tokens) if tokens else ordered
