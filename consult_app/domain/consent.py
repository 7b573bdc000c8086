"""A signed consent and later amendments: written once, never edited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Signatures:
    """What the consent page collects before signing."""

    client_png: bytes
    practitioner_png: bytes
    practitioner_name: str
    photo_consent: bool
    # The client's name in Latin letters, as they confirm it, when no font prints theirs.
    paper_name: str = ""


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    id: int
    consultation_id: int
    template_version: str
    text_sha256: str
    signed_at: datetime
    client_name: str
    practitioner_name: str
    photo_consent: bool
    client_signature: bytes
    practitioner_signature: bytes
    pdf_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Amendment:
    """A correction to a completed consultation, with its reason; the original stays as it was."""

    id: int
    consultation_id: int
    created_at: datetime
    created_by: str
    reason: str
    change: str
