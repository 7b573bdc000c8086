"""Versioned texts given to clients: consent template, aftercare sheet, preparation handout."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextSection:
    id: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Handout:
    """A titled text in sections; the preparation handout is exactly this."""

    version: str
    title: str
    intro: str
    sections: tuple[TextSection, ...]


@dataclass(frozen=True, slots=True)
class ConsentTemplate:
    version: str
    title: str
    intro: str
    sections: tuple[TextSection, ...]
    photo_consent: str
    declarations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AftercareStage:
    id: str
    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContactAdvice:
    heading: str
    intro: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AftercareSheet:
    version: str
    title: str
    intro: str
    sections: tuple[TextSection, ...]  # general advice before the timeline
    stages: tuple[AftercareStage, ...]
    contact: ContactAdvice
