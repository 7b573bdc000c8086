"""Checking a copy of a signed consent: a file byte for byte, paper by its printed fingerprint.

Every check is audited (who checked which record, and the verdict), refused ones too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import ConsentRecord
from consult_app.domain.dates import format_date, format_moment
from consult_app.domain.permissions import Permission
from consult_app.domain.seal import (
    SHORT_LENGTH,
    consent_document_id,
    consent_seal,
    find_document_id,
    find_seal,
    normalise_fingerprint,
    parse_document_id,
)
from consult_app.errors import NotFoundError, Problem, ValidationError
from consult_app.services.access import may, require
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext

MAX_COPY_BYTES = 100 * 1024 * 1024  # far above any consent; a bigger file is not one


class Verdict(StrEnum):
    GENUINE = "genuine"
    SUPERSEDED = "superseded"  # a true copy, but a later consent or amendment exists
    ALTERED = "altered"
    UNKNOWN = "unknown"  # looks like a Consult consent, but this clinic has no such record
    NOT_CONSULT = "not a Consult document"


HEADLINES = {
    Verdict.GENUINE: "Genuine",
    Verdict.SUPERSEDED: "Genuine but out of date",
    Verdict.ALTERED: "Not genuine",
    Verdict.UNKNOWN: "Not found",
    Verdict.NOT_CONSULT: "Not a Consult document",
}


@dataclass(frozen=True, slots=True)
class CopyCheck:
    """The verdict, why, and which record it is (as far as it could be told)."""

    verdict: Verdict
    reason: str
    document_id: str = ""
    consultation_id: int | None = None
    client_name: str | None = None  # None where the role may not see client names
    consultation_date: date | None = None
    signed_at: datetime | None = None
    clinic: ClinicDetails | None = None  # its zone and date style for the times read out

    @property
    def headline(self) -> str:
        return HEADLINES[self.verdict]

    def lines(self) -> list[str]:
        """The details a person reads under the verdict."""
        found = []
        if self.document_id:
            found.append(f"Document: {self.document_id}")
        if self.client_name is not None:
            found.append(f"Client: {self.client_name}")
        if self.consultation_date is not None:
            found.append(f"Consultation: {format_date(self.consultation_date)}")
        if self.signed_at is not None:
            # Also in UTC: the paper printed the zone the clinic had at signing, which the
            # owner may have changed since; the same moment in UTC matches either.
            utc = _utc(self.signed_at)
            signed = moment_text(self.signed_at, self.clinic)
            found.append(f"Signed: {signed} ({utc:%H:%M} UTC)")
        return found


def moment_text(moment: datetime, clinic: ClinicDetails | None) -> str:
    """A stored moment as the paper prints it: the clinic's own zone and date style."""
    return clinic.moment(moment) if clinic else format_moment(moment)


@dataclass(frozen=True, slots=True)
class _Found:
    record: ConsentRecord
    later: list[ConsentRecord]
    amended_on: datetime | None
    client_name: str
    consultation_date: date


class CopyChecker:
    def __init__(self, context: AppContext) -> None:
        self.context = context
        self._clinic_details: ClinicDetails | None = None

    @property
    def _clinic(self) -> ClinicDetails | None:
        if self._clinic_details is None:
            self._clinic_details = ClinicService(self.context).details()
        return self._clinic_details

    def check_file(self, path: Path) -> CopyCheck:
        """Whether the file at `path` is byte for byte a consent stored at signing."""
        require(self.context, Permission.REPRINT_DOCUMENTS, "document")
        target = Path(path).expanduser()
        if target.is_dir():
            raise ValidationError(
                [Problem(str(target), "is a folder, not a file: choose the PDF itself")]
            )
        try:
            size = target.stat().st_size
            data = b"" if size > MAX_COPY_BYTES else target.read_bytes()
        except OSError as exc:
            reason = "there is no such file" if isinstance(exc, FileNotFoundError) else None
            raise ValidationError(
                [Problem(str(target), f"cannot be read: {reason or exc.strerror}")]
            ) from None
        if size > MAX_COPY_BYTES:
            megabytes = size // (1024 * 1024)
            why = (
                f"This file is {megabytes:,} MB, far larger than any consent Consult makes, "
                "so it is not a stored consent."
            )
            return self._audited(CopyCheck(Verdict.NOT_CONSULT, why))
        return self._audited(self._check_bytes(data))

    def check_fingerprint(self, document_id: str, fingerprint: str) -> CopyCheck:
        """Whether a paper copy's document id and printed fingerprint match what was signed."""
        require(self.context, Permission.REPRINT_DOCUMENTS, "document")
        problems = []
        number = parse_document_id(document_id)
        if number is None:
            problems.append(
                Problem("document id", 'type it as printed at the foot, like "CON-000042-1"')
            )
        typed = normalise_fingerprint(fingerprint)
        if len(typed) not in (SHORT_LENGTH, 64) or any(c not in "0123456789ABCDEF" for c in typed):
            problems.append(
                Problem(
                    "fingerprint",
                    f"type the {SHORT_LENGTH} letters and digits printed after “Fingerprint”",
                )
            )
        if problems:
            raise ValidationError(problems)
        assert number is not None
        return self._audited(self._check_seal(*number, typed))

    def _check_bytes(self, data: bytes) -> CopyCheck:
        if not data.startswith(b"%PDF-"):
            return CopyCheck(Verdict.NOT_CONSULT, "This file is not a PDF.")
        sealed = find_seal(data)
        document_id = sealed[0] if sealed else find_document_id(data)
        number = parse_document_id(document_id) if document_id else None
        if number is None:
            return CopyCheck(
                Verdict.NOT_CONSULT,
                "This PDF is not a consent from Consult: it carries no Consult document id "
                "(or another program re-saved it and dropped it).",
            )
        found = self._find(*number)
        if isinstance(found, CopyCheck):
            return found
        record = found.record
        if hashlib.sha256(data).hexdigest() != record.pdf_sha256:
            seal = consent_seal(consent_document_id(*number), record)
            if sealed is not None and sealed[1] != seal:
                why = (
                    "The file says it is this consent, but what it holds is not what was signed "
                    "for this record: it was made from other details, or it comes from another "
                    "clinic's records that use the same document id."
                )
            else:
                why = (
                    "The file is not byte for byte the consent stored when it was signed: it "
                    "has been changed since (even re-saving it in another program does this)."
                )
            return self._result(Verdict.ALTERED, why, number, found)
        return self._current(number, found, "This file is byte for byte the stored consent.")

    def _check_seal(self, consultation_id: int, sequence: int, typed: str) -> CopyCheck:
        number = (consultation_id, sequence)
        found = self._find(*number)
        if isinstance(found, CopyCheck):
            return found
        if not consent_seal(consent_document_id(*number), found.record).startswith(typed):
            why = (
                "The fingerprint does not match what was signed for this consent, so this paper "
                "is not a true copy of it. Check the letters and digits were typed as printed."
            )
            return self._result(Verdict.ALTERED, why, number, found)
        return self._current(
            number,
            found,
            "The fingerprint matches what was signed. Compare the paper with the stored consent "
            "to be sure nothing else on it was changed.",
        )

    def _find(self, consultation_id: int, sequence: int) -> _Found | CopyCheck:
        document_id = consent_document_id(consultation_id, sequence)
        unknown = CopyCheck(
            Verdict.UNKNOWN,
            f"This clinic's records hold no consent {document_id}. It may come from another "
            "clinic's records, or its document id was changed.",
            document_id,
        )
        with self.context.store.reading() as uow:
            try:
                consultation = uow.consultations.get(consultation_id)
            except NotFoundError:
                return unknown
            records = uow.consents.for_consultation(consultation_id)
            if not 1 <= sequence <= len(records):
                return unknown
            record = records[sequence - 1]
            amendments = uow.consents.amendments(consultation_id)
            client = uow.clients.get(consultation.client_id).details
        signed = _utc(record.signed_at)
        amended = [a.created_at for a in amendments if _utc(a.created_at) > signed]
        return _Found(
            record,
            records[sequence:],
            max(amended) if amended else None,
            client.full_name,
            consultation.consultation_date,
        )

    def _current(self, number: tuple[int, int], found: _Found, genuine: str) -> CopyCheck:
        """A true copy: still the latest word, or overtaken by a later consent or amendment."""
        if found.later:
            newest = found.later[-1]
            later_id = consent_document_id(number[0], len(found.later) + number[1])
            why = (
                f"{genuine} But a later consent, {later_id}, was signed on "
                f"{moment_text(newest.signed_at, self._clinic)}, so this copy is out of date."
            )
            return self._result(Verdict.SUPERSEDED, why, number, found)
        if found.amended_on is not None:
            why = (
                f"{genuine} But the record was amended on "
                f"{moment_text(found.amended_on, self._clinic)}, "
                "after this consent was signed: read the amendment with it."
            )
            return self._result(Verdict.SUPERSEDED, why, number, found)
        return self._result(Verdict.GENUINE, genuine, number, found)

    def _result(
        self, verdict: Verdict, reason: str, number: tuple[int, int], found: _Found
    ) -> CopyCheck:
        return CopyCheck(
            verdict,
            reason,
            consent_document_id(*number),
            number[0],
            found.client_name if may(self.context, Permission.SEARCH_CLIENTS) else None,
            found.consultation_date,
            found.record.signed_at,
            self._clinic,
        )

    def _audited(self, check: CopyCheck) -> CopyCheck:
        with self.context.store.writing() as uow:
            detail = f"{check.document_id}: {check.verdict}" if check.document_id else ""
            if check.consultation_id is None:
                detail = detail or str(check.verdict)
                self.context.audit(uow, "check_copy", "document", None, detail)
            else:
                self.context.audit(uow, "check_copy", "consultation", check.consultation_id, detail)
        return check


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
