"""Folding names the way a receptionist types them (no accents, no case), and text made safe
for where it goes."""

from __future__ import annotations

import unicodedata

# Letters that NFKD does not decompose into a base letter plus marks.
_EXTRA_FOLDS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "ŧ": "t",
        "Ŧ": "t",
        "ŀ": "l",
        "Ŀ": "l",
    }
)


def fold(text: str) -> str:
    """Lower-case, accent-free form for searching: "Łukasiewicz" → "lukasiewicz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


# Zero-width (non-)joiners are part of correct spelling in Persian and Indic names.
_ALLOWED_FORMAT = {"\u200c", "\u200d"}


def has_control_characters(text: str) -> bool:
    """True for control, bidi-override, private-use or unassigned characters."""
    if text.isascii():
        # The one kind ASCII holds is control (C0 and DEL), which is all it cannot print: a
        # check in C instead of a category per character, as every typed answer is checked
        # at every save of a draft.
        return not text.isprintable()
    return any(
        unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch not in _ALLOWED_FORMAT
        for ch in text
    )


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii())


# Spreadsheets read a cell starting with these as a formula (or skip the blank to one).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it (CSV injection): a formula-like start
    (=, +, -, @, tab, carriage return) gets an apostrophe, which spreadsheets do not show."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
