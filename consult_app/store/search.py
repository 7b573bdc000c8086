"""Client search keys and queries: what a receptionist types becomes an index range."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    ScalarSelect,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    func,
    literal_column,
    not_,
    or_,
    select,
    union,
    union_all,
)

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


Statement = Select[int] | CompoundSelect[int, str, str]  # ids; a name search orders by keys
Bounds = tuple[str, str | None]


def _bounds(prefix: str) -> Bounds:
    """The half-open range of keys that start with `prefix` (no upper end past U+10FFFF)."""
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates cannot be stored; skip past them
        following = 0xE000
    if following > 0x10FFFF:
        return prefix, None
    return prefix, prefix[:-1] + chr(following)


def _prefix(column: SQLColumnExpression[str], name: str, bounded: bool) -> ColumnElement[bool]:
    # A half-open range on the folded column: an index seek, unlike LIKE 'abc%'.
    low = column >= bindparam(f"{name}_from")
    return and_(low, column < bindparam(f"{name}_to")) if bounded else low


def _values(name: str, bounds: Bounds) -> dict[str, object]:
    low, high = bounds
    return {f"{name}_from": low} if high is None else {f"{name}_from": low, f"{name}_to": high}


_LIST_ORDER = (ClientRow.last_key, ClientRow.first_key, ClientRow.id)


@cache
def _ordered() -> Select[int]:
    return select(ClientRow.id).order_by(*_LIST_ORDER)


@cache
def _by_column(kind: str, bounded: bool) -> Select[int]:
    if kind == "date_of_birth":
        return _ordered().where(ClientRow.date_of_birth == bindparam("day"))
    column = ClientRow.email_key if kind == "email" else ClientRow.phone_key
    return _ordered().where(_prefix(column, kind, bounded))


def _other_words(shape: tuple[bool, ...]) -> list[ColumnElement[bool]]:
    """Words after the first only filter: each starts the surname or the first name."""
    return [
        or_(
            _prefix(ClientRow.last_key, f"w{i}", bounded),
            _prefix(ClientRow.first_key, f"w{i}", bounded),
        )
        for i, bounded in enumerate(shape[1:], start=1)
    ]


@cache
def _by_name(shape: tuple[bool, ...]) -> Statement:
    """Ids by name for words whose ranges are bounded as `shape` says; one statement per shape.

    The first word is looked up in two index ranges (surname, first name) joined by UNION,
    each already in list order, so the database merges them instead of sorting everything;
    further words only filter those rows.
    """
    columns = (ClientRow.id, ClientRow.last_key, ClientRow.first_key)
    rest = _other_words(shape)
    matches = union(
        select(*columns).where(_prefix(ClientRow.last_key, "w0", shape[0]), *rest),
        select(*columns).where(_prefix(ClientRow.first_key, "w0", shape[0]), *rest),
    )
    found = matches.selected_columns
    return matches.order_by(found.last_key, found.first_key, found.id)


@dataclass(frozen=True)
class PagedSearch:
    """A search as the list shows it: the first `shown` ids in list order (`page`), and how
    many match, counting at most `counted` (`count`); both take the search's values."""

    page: Statement
    count: Select[int]


def _rows(number: int) -> ColumnElement[int]:
    """A LIMIT written into the SQL, not bound. SQLite lists a page faster so (Patel's page:
    53 against 73 us on the encrypted 100,000-client file, the same plan). And a plan
    PostgreSQL keeps for any values (a generic plan: psycopg prepares a statement on its
    fifth run since the connection's last rollback; each search rolls back, which drops
    them, so today only a longer read gets there) knows it needs 100 rows: with a bound
    LIMIT it guessed a tenth and walked the whole surname index for a rare first name
    (4-10 ms for "И", 0.6-2 ms so). One statement per page size and cap: a few, built once."""
    return literal_column(str(int(number)))


def _capped(counted: int, *where: ColumnElement[bool]) -> ScalarSelect[int]:
    """How many clients match `where`, counting at most `counted`: the database stops there."""
    some = select(ClientRow.id).where(*where).limit(_rows(counted)).subquery()
    return select(func.count()).select_from(some).scalar_subquery()


@cache
def _paged_by_column(kind: str, bounded: bool, shown: int, counted: int) -> PagedSearch:
    listed = _by_column(kind, bounded)
    assert listed.whereclause is not None
    count = select(_capped(counted, listed.whereclause))
    return PagedSearch(listed.limit(_rows(shown)), count)


@cache
def _paged_all(shown: int, counted: int) -> PagedSearch:
    return PagedSearch(_ordered().limit(_rows(shown)), select(_capped(counted)))


@cache
def _paged_by_name(shape: tuple[bool, ...], shown: int, counted: int) -> PagedSearch:
    """As `_by_name`, for one page. A client whose surname matches the first word comes from
    one index range, one whose first name matches but surname does not from the other: the
    two never overlap, so nothing needs merging away, and each range gives at most a page in
    list order and a count the database stops at the cap (a UNION that drops duplicates has
    to collect every match first: thousands for one letter)."""
    rest = _other_words(shape)
    on_last = _prefix(ClientRow.last_key, "w0", shape[0])
    on_first = _prefix(ClientRow.first_key, "w0", shape[0])
    ranges = ((on_last, *rest), (on_first, not_(on_last), *rest))
    columns = (ClientRow.id, ClientRow.last_key, ClientRow.first_key)
    pages = []
    for where in ranges:
        some = select(*columns).where(*where).order_by(*_LIST_ORDER)
        page = some.limit(_rows(shown)).subquery()
        pages.append(select(page.c.id, page.c.last_key, page.c.first_key))
    both = union_all(*pages)
    found = both.selected_columns
    listed = both.order_by(found.last_key, found.first_key, found.id).limit(_rows(shown))
    count = select(_capped(counted, *ranges[0]) + _capped(counted, *ranges[1]))
    return PagedSearch(listed, count)


Shape = tuple[str, tuple[Any, ...]]  # which builder, and the shape of the search's ranges


def _shape(query: str) -> tuple[Shape, dict[str, object]]:
    """What kind of search `query` is, the shape of its ranges, and its values."""
    text = query.strip()
    if (day := parse_query_date(text)) is not None:
        return ("column", ("date_of_birth", True)), {"day": day}
    if "@" in text:
        bounds = _bounds(email_key(text))
        return ("column", ("email", bounds[1] is not None)), _values("email", bounds)
    if _PHONE_QUERY.match(text) and len(digits_only(text)) >= 3:
        bounds = _bounds(phone_key(text))
        return ("column", ("phone", bounds[1] is not None)), _values("phone", bounds)
    words = [_bounds(token) for token in fold(text).split()]
    if not words:
        return ("all", ()), {}
    values: dict[str, object] = {}
    for i, bounds in enumerate(words):
        values.update(_values(f"w{i}", bounds))
    return ("name", (tuple(high is not None for _, high in words),)), values


# Each kind of search as a whole list, and as the list shows it (a page and a capped count).
_LISTED: dict[str, Callable[..., Statement]] = {
    "all": _ordered,
    "column": _by_column,
    "name": _by_name,
}
_PAGED: dict[str, Callable[..., PagedSearch]] = {
    "all": _paged_all,
    "column": _paged_by_column,
    "name": _paged_by_name,
}


def search_statement(query: str) -> tuple[Statement, dict[str, object]]:
    """The statement giving ids of clients matching what was typed, in list order (surname,
    first name), and its values; the id is the first column of each row.

    A date finds by date of birth, text with @ by e-mail, digits by phone, anything else by the
    start of any word of the first name or surname, ignoring case and accents. Statements are
    built once per shape and reused with new values, as this runs on every keystroke.
    """
    (kind, shape), values = _shape(query)
    return _LISTED[kind](*shape), values


def paged_search(query: str, shown: int, counted: int) -> tuple[PagedSearch, dict[str, object]]:
    """What `search_statement` finds, as the list shows it: the statements for its first
    `shown` ids and its count of at most `counted` matches, and their values."""
    (kind, shape), values = _shape(query)
    return _PAGED[kind](*shape, shown, counted), values
