"""The seal of a signed consent: a SHA-256 of what was signed, printed on every page.

A PDF cannot carry the hash of its own bytes (writing the hash in changes them). So each
page carries the seal instead: a hash of everything the client signed, fixed before the PDF
is drawn (the consent text's own hash, who signed, when, the photo choice and both signature
pictures). The QR code holds the document id and the whole seal; the footer prints its first
16 characters, short enough to read out or type from paper. A copy is checked against the
database: a file by its bytes (the SHA-256 stored when it was signed), paper by its seal.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC

from consult_app.domain.consent import ConsentRecord

QR_PREFIX = "CONSULT"
SHORT_LENGTH = 16  # hex characters of the seal printed as the fingerprint (64 bits)
_DOCUMENT_ID = re.compile(r"CON-(\d{6,})-(\d+)")
_QR = re.compile(rf"{QR_PREFIX}:(CON-\d{{6,}}-\d+):([0-9A-F]{{64}})")


def consent_document_id(consultation_id: int, sequence: int) -> str:
    """ "CON-000042-1": the first consent signed for consultation 42 (2 for a re-signing)."""
    return f"CON-{consultation_id:06d}-{sequence}"


def parse_document_id(text: str) -> tuple[int, int] | None:
    """(consultation id, sequence) from a typed or found document id; None if it is not one."""
    match = _DOCUMENT_ID.fullmatch(text.strip().upper().replace(" ", ""))
    return (int(match[1]), int(match[2])) if match else None


def consent_seal(document_id: str, record: ConsentRecord) -> str:
    """SHA-256 (64 hex digits) of what the client signed; the same record gives the same seal."""
    signed_at = record.signed_at
    signed_at = signed_at.replace(tzinfo=UTC) if signed_at.tzinfo is None else signed_at
    fields = {
        "document": document_id,
        "text_sha256": record.text_sha256,
        "template": record.template_version,
        "signed_at": signed_at.astimezone(UTC).isoformat(timespec="seconds"),
        "client": record.client_name,
        "practitioner": record.practitioner_name,
        "photo_consent": record.photo_consent,
        "client_signature": hashlib.sha256(record.client_signature).hexdigest(),
        "practitioner_signature": hashlib.sha256(record.practitioner_signature).hexdigest(),
    }
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest().upper()


def short_fingerprint(seal: str) -> str:
    """The printed fingerprint: the seal's first 16 characters in groups of four."""
    head = seal[:SHORT_LENGTH].upper()
    return " ".join(head[i : i + 4] for i in range(0, SHORT_LENGTH, 4))


def normalise_fingerprint(typed: str) -> str:
    """A fingerprint as typed from paper (spaces, dashes, lower case, O for 0) made comparable."""
    text = re.sub(r"[\s\-–·.]", "", typed).upper()
    return text.replace("O", "0").replace("I", "1").replace("L", "1")


def qr_payload(document_id: str, seal: str) -> str:
    """What the QR code holds: "CONSULT:CON-000042-1:<seal>" (upper case, so QR's compact
    alphanumeric mode applies and the code stays small)."""
    return f"{QR_PREFIX}:{document_id}:{seal.upper()}"


def find_seal(data: bytes) -> tuple[str, str] | None:
    """(document id, seal) written into a Consult PDF's metadata, if the bytes hold one."""
    match = _QR.search(data.decode("latin-1"))
    return (match[1], match[2]) if match else None


def find_document_id(data: bytes) -> str | None:
    """A consent document id anywhere in the PDF's metadata (older consents have no seal)."""
    match = _DOCUMENT_ID.search(data.decode("latin-1"))
    return match[0] if match else None
