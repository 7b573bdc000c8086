"""consent.toml, aftercare.toml and preparation.toml → versioned texts."""

from __future__ import annotations

from typing import Any

from consult_app.content.entry import Entry, unique
from consult_app.domain.texts import (
    AftercareSheet,
    AftercareStage,
    ConsentTemplate,
    ContactAdvice,
    Handout,
    TextSection,
)


def _sections(top: Entry, *, required: bool = True) -> tuple[TextSection, ...]:
    sections = []
    for index, raw in enumerate(top.tables("section", required=required), start=1):
        name = (
            f"section '{raw.get('id')}'"
            if isinstance(raw, dict) and "id" in raw
            else f"section {index}"
        )
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


def load_handout(file: str, data: dict[str, Any]) -> Handout:
    top = Entry(
        file,
        "top level",
        data,
        {"version", "title", "intro", "section"},
        {"version", "title", "section"},
    )
    return Handout(top.text("version"), top.text("title"), top.text("intro", ""), _sections(top))


def load_consent(file: str, data: dict[str, Any]) -> ConsentTemplate:
    keys = {"version", "title", "intro", "section", "photo_consent", "declarations"}
    top = Entry(file, "top level", data, keys, keys - {"intro"})
    declarations = top.texts("declarations")
    if not declarations:
        raise top.error("'declarations' must list what the client confirms by signing")
    return ConsentTemplate(
        top.text("version"),
        top.text("title"),
        top.text("intro", ""),
        _sections(top),
        top.text("photo_consent"),
        declarations,
    )


def load_aftercare(file: str, data: dict[str, Any]) -> AftercareSheet:
    keys = {"version", "title", "intro", "section", "stage", "contact"}
    top = Entry(file, "top level", data, keys, keys - {"intro", "section"})
    stages = []
    for index, raw in enumerate(top.tables("stage", required=True), start=1):
        name = (
            f"stage '{raw.get('id')}'"
            if isinstance(raw, dict) and "id" in raw
            else f"stage {index}"
        )
        entry = Entry(file, name, raw, {"id", "heading", "items"}, {"id", "heading", "items"})
        stages.append(
            AftercareStage(entry.identifier(), entry.text("heading"), entry.texts("items"))
        )
    unique(file, "stage", [s.id for s in stages])
    contact = top.child(
        "contact", data["contact"], {"heading", "intro", "reasons"}, {"heading", "reasons"}
    )
    return AftercareSheet(
        top.text("version"),
        top.text("title"),
        top.text("intro", ""),
        _sections(top, required=False),
        tuple(stages),
        ContactAdvice(contact.text("heading"), contact.text("intro", ""), contact.texts("reasons")),
    )
