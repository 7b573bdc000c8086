"""consent.toml, aftercare.toml and preparation.toml → versioned texts."""

from __future__ import annotations

from typing import Any

from consult_app.content.entry import Entry, entry_name, unique
from consult_app.domain.texts import (
    AftercareSheet,
    AftercareStage,
    ConsentTemplate,
    ContactAdvice,
    Handout,
    TailoredAdvice,
    TextSection,
)

Sections = tuple[TextSection, ...]


def _sections(top: Entry, *, required: bool = True) -> Sections:
    sections = []
    for index, raw in enumerate(top.tables("section", required=required), start=1):
        name = entry_name("section", raw, index)
        entry = Entry(
            top.file, name, raw, {"id", "heading", "paragraphs", "bullets"}, {"id", "heading"}
        )
        section = TextSection(
            entry.identifier(),
            entry.text("heading"),
            entry.texts("paragraphs"),
            entry.texts("bullets"),
        )
        if not section.paragraphs and not section.bullets:
            raise entry.error("has neither paragraphs nor bullets; give it some text")
        sections.append(section)
    unique(top.file, "section", [s.id for s in sections])
    return tuple(sections)


def _titled(top: Entry, *, sections_required: bool = True) -> tuple[str, str, str, Sections]:
    """What every text begins with: its version, title, intro (may be left out) and sections."""
    return (
        top.text("version"),
        top.text("title"),
        top.text("intro", ""),
        _sections(top, required=sections_required),
    )


def load_handout(file: str, data: dict[str, Any]) -> Handout:
    top = Entry(
        file,
        "top level",
        data,
        {"version", "title", "intro", "section"},
        {"version", "title", "section"},
    )
    return Handout(*_titled(top))


def load_consent(file: str, data: dict[str, Any]) -> ConsentTemplate:
    keys = {"version", "title", "intro", "section", "photo_consent", "declarations"}
    top = Entry(file, "top level", data, keys, keys - {"intro"})
    declarations = top.texts("declarations")
    if not declarations:
        raise top.error("'declarations' must list what the client confirms by signing")
    return ConsentTemplate(*_titled(top), top.text("photo_consent"), declarations)


def _stage(entry: Entry) -> AftercareStage:
    return AftercareStage(entry.identifier(), entry.text("heading"), entry.texts("items"))


def _tailored(top: Entry) -> tuple[TailoredAdvice, ...]:
    keys = {"id", "text", "when_found", "when_decided", "when_fitzpatrick_from"}
    found = []
    for index, raw in enumerate(top.tables("tailored"), start=1):
        name = f"tailored '{raw.get('id')}'" if isinstance(raw, dict) else f"tailored {index}"
        entry = Entry(top.file, name, raw, keys, {"id", "text"})
        lowest = (
            entry.whole("when_fitzpatrick_from", 1, 6) if "when_fitzpatrick_from" in raw else None
        )
        advice = TailoredAdvice(
            entry.identifier(),
            entry.text("text"),
            entry.texts("when_found"),
            entry.texts("when_decided"),
            lowest,
        )
        if not (advice.when_found or advice.when_decided or lowest):
            raise entry.error(
                "says nothing about whom it is for; give when_found, when_decided or "
                "when_fitzpatrick_from"
            )
        found.append(advice)
    unique(top.file, "tailored", [a.id for a in found])
    if found and "tailored_heading" not in top.data:
        raise top.error("'tailored_heading' is missing; it heads the lines chosen for the client")
    return tuple(found)


def _with_phone(entry: Entry, key: str) -> str:
    """A sentence with exactly one {phone}, where the clinic's number is printed."""
    text = entry.text(key)
    if text.count("{phone}") != 1 or text.replace("{phone}", "").count("{"):
        raise entry.error(
            f"'{key}' must hold {{phone}} once, where the number goes, and no other {{…}}"
        )
    return text


def _contact(top: Entry) -> ContactAdvice:
    keys = {"heading", "intro", "reasons", "call", "out_of_hours", "no_out_of_hours", "emergency"}
    contact = top.child("contact", top.data["contact"], keys, keys - {"intro"})
    return ContactAdvice(
        contact.text("heading"),
        contact.text("intro", ""),
        contact.texts("reasons"),
        _with_phone(contact, "call"),
        _with_phone(contact, "out_of_hours"),
        contact.text("no_out_of_hours"),
        contact.text("emergency"),
    )


def load_aftercare(file: str, data: dict[str, Any]) -> AftercareSheet:
    keys = {
        "version",
        "title",
        "intro",
        "section",
        "stage",
        "contact",
        "back_to_normal",
        "tailored_heading",
        "tailored",
    }
    top = Entry(
        file, "top level", data, keys, keys - {"intro", "section", "tailored_heading", "tailored"}
    )
    stages = []
    for index, raw in enumerate(top.tables("stage", required=True), start=1):
        name = entry_name("stage", raw, index)
        stages.append(
            _stage(Entry(file, name, raw, {"id", "heading", "items"}, {"id", "heading", "items"}))
        )
    unique(file, "stage", [s.id for s in stages])
    keys = {"id", "heading", "items"}
    back = _stage(top.child("back_to_normal", data["back_to_normal"], keys, keys))
    tailored = _tailored(top)
    return AftercareSheet(
        *_titled(top, sections_required=False),
        tuple(stages),
        _contact(top),
        back,
        top.text("tailored_heading", ""),
        tailored,
    )
