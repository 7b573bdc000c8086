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
class TitledText:
    """A versioned, titled text in sections: what every text given to clients begins with."""

    version: str
    title: str
    intro: str
    sections: tuple[TextSection, ...]


@dataclass(frozen=True, slots=True)
class Handout(TitledText):
    """The preparation handout: a titled text in sections, nothing more."""


@dataclass(frozen=True, slots=True)
class ConsentTemplate(TitledText):
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
    call: str = ""  # "Call us on {phone}": the clinic's own number
    out_of_hours: str = ""  # "When we are closed, call {phone}."
    no_out_of_hours: str = ""  # for a clinic without an out-of-hours line (NHS 111, say)
    emergency: str = ""  # when to call 999


@dataclass(frozen=True, slots=True)
class TailoredAdvice:
    """A line printed only for the clients it fits, chosen from their consultation.

    It applies when any of its conditions holds: a finding of one of `when_found`, a caution
    of `when_decided` decided other than "wait" (so the treatment went ahead), or a
    Fitzpatrick type of at least `when_fitzpatrick_from`.
    """

    id: str
    text: str
    when_found: tuple[str, ...] = ()
    when_decided: tuple[str, ...] = ()
    when_fitzpatrick_from: int | None = None


@dataclass(frozen=True, slots=True)
class AftercareSheet(TitledText):  # its sections: general advice before the timeline
    stages: tuple[AftercareStage, ...]
    contact: ContactAdvice
    back_to_normal: AftercareStage | None = None  # when make-up, exercise… are fine again
    tailored_heading: str = ""
    tailored: tuple[TailoredAdvice, ...] = ()
