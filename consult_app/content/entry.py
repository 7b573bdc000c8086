"""Strict reading of one TOML table, so a typo is refused with its file, entry and reason."""

from __future__ import annotations

from typing import Any

from consult_app.errors import ContentError


class Entry:
    """One table of a content file, with typed accessors that fail with a clear reason."""

    def __init__(self, file: str, name: str, data: Any, keys: set[str], required: set[str]) -> None:
        self.file, self.name = file, name
        if not isinstance(data, dict):
            raise self.error("must be a table of keys and values")
        self.data = data
        unknown = sorted(set(data) - keys)
        if unknown:
            raise self.error(
                f"unknown key '{unknown[0]}' (allowed keys: {', '.join(sorted(keys))})"
            )
        missing = sorted(required - set(data))
        if missing:
            raise self.error(f"'{missing[0]}' is missing")

    def error(self, reason: str) -> ContentError:
        return ContentError(self.file, self.name, reason)

    def child(self, key: str, value: Any, keys: set[str], required: set[str]) -> Entry:
        return Entry(self.file, f"{self.name} → {key}", value, keys, required)

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.error(
                f"'{key}' must be text" + ("" if default is not None else " and not empty")
            )
        return value.strip()

    def identifier(self, key: str = "id") -> str:
        value = self.text(key)
        if not value.replace("_", "").isalnum() or not value.isascii() or value != value.lower():
            raise self.error(f"'{key}' = '{value}' must use lower-case letters, digits and _ only")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(f"'{key}' must be true or false")
        return value

    def number(self, key: str) -> float:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"'{key}' must be a number")
        return float(value)

    def whole(self, key: str, low: int, high: int) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(f"'{key}' must be a whole number from {low} to {high}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
            raise self.error(f"'{key}' must be a list of non-empty texts")
        return tuple(x.strip() for x in value)

    def tables(self, key: str, *, required: bool = False) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or (required and not value):
            raise self.error(
                f"'{key}' must be a non-empty list of entries"
                if required
                else f"'{key}' must be a list"
            )
        return value


def entry_name(kind: str, raw: Any, index: int) -> str:
    """How an error names the `index`th `kind` table (from 1): "rule 'herpes'" by its id where
    it has one, else by its place, "rule 3"."""
    return (
        f"{kind} '{raw.get('id')}'" if isinstance(raw, dict) and "id" in raw else f"{kind} {index}"
    )


def unique(file: str, kind: str, ids: list[str]) -> None:
    """Refuse a repeated id: records refer to ids, so each must mean one thing."""
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ContentError(
                file, f"{kind} '{item_id}'", "this id is used twice; ids must be unique"
            )
        seen.add(item_id)
