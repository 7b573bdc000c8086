"""Everything a printed document shows, gathered by the services and laid out by documents/.

Each value holds only stored data (never "now"), so building it twice gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

# Re-exported: made where answers are put in words, which withdrawal.py reads without this.
from consult_app.domain.answer_words import AnsweredQuestion as AnsweredQuestion
from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails, Paper
from consult_app.domain.consent import Amendment
from consult_app.domain.consultation import Decision
from consult_app.domain.course import RecallLine

# Re-exported: the kinds live in a light module the command line imports before the window.
from consult_app.domain.document_kinds import DocumentKind as DocumentKind
from consult_app.domain.document_kinds import DocumentUse as DocumentUse
from consult_app.domain.document_kinds import HandoutKind as HandoutKind
from consult_app.domain.document_kinds import permission_for as permission_for
from consult_app.domain.plan import Plan
from consult_app.domain.screening import Finding, Outcome
from consult_app.domain.texts import AftercareSheet, ConsentTemplate, Handout
from consult_app.domain.treatment import SessionStatus, TreatmentSession

if TYPE_CHECKING:  # the type only: nothing here needs withdrawal.py loaded
    from consult_app.domain.withdrawal import Withdrawal


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Footer and PDF metadata: a stable id, the template version and the record's own time."""

    document_id: str  # e.g. "CON-000123-1"; printed in the footer of every page
    title: str
    template_version: str
    created: datetime  # from the record (signing time, consultation time), never the clock
    paper: Paper = Paper.A4
    seal: str = ""  # a signed consent's seal (domain/seal.py): its QR code and fingerprint


@dataclass(frozen=True, slots=True)
class ConsentDocument:
    info: DocumentInfo
    clinic: ClinicDetails
    client: ClientDetails
    consultation_date: date
    practitioner_name: str
    text: ConsentTemplate  # already personalised: plan and the client's cautions included
    area_labels: dict[str, str]
    plan: Plan | None
    findings: tuple[Finding, ...]
    decisions: tuple[Decision, ...]
    photo_consent: bool
    client_signature_png: bytes
    practitioner_signature_png: bytes
    signed_at: datetime


@dataclass(frozen=True, slots=True)
class SessionVisit:
    """What a treatment session's aftercare sheet adds to the consultation's: which session of
    the course it was, how deep each area was treated, and what was put on the skin."""

    number: int
    planned: int
    depths: tuple[tuple[str, float], ...]  # (area label, needle depth in mm), as treated
    products: tuple[str, ...] = ()  # names only: the lots are for the clinic's file


@dataclass(frozen=True, slots=True)
class AftercareDocument:
    info: DocumentInfo
    clinic: ClinicDetails
    sheet: AftercareSheet
    client_name: str | None = None  # None: a blank handout with a line to write the name
    treatment_date: date | None = None
    next_session: date | None = None
    areas: tuple[str, ...] = ()  # labels of the areas treated
    for_you: tuple[str, ...] = ()  # the sheet's tailored lines that fit this consultation
    # A treatment session's sheet; then next_session None means the course is complete.
    visit: SessionVisit | None = None


@dataclass(frozen=True, slots=True)
class SessionLine:
    """One treatment session as the consultation record lists it."""

    session_date: date
    number: int | None  # its place in the course, once treated
    status: SessionStatus
    areas: tuple[str, ...] = ()  # labels of the areas treated


@dataclass(frozen=True, slots=True)
class RecordDocument:
    """The consultation record for the clinical file."""

    info: DocumentInfo
    clinic: ClinicDetails
    client: ClientDetails
    consultation_date: date
    practitioner_name: str
    status: str
    answers: tuple[AnsweredQuestion, ...]
    assessment: Assessment
    assessment_words: tuple[tuple[str, str], ...]  # ("Fitzpatrick", "Type V — brown skin …")
    goals: tuple[str, ...]  # labels
    findings: tuple[Finding, ...]
    decisions: tuple[Decision, ...]
    plan: Plan | None
    area_labels: dict[str, str]
    outcome: Outcome | None
    reassess_on: date | None
    content_versions: dict[str, str]
    amendments: tuple[Amendment, ...] = ()
    consent_summary: str = ""  # "Signed 25 Nov 2026 14:02 (consent 2026.11-1), photographs: no"
    is_signed: bool = False  # a consent was signed for it
    withdrawn: tuple[Withdrawal, ...] = ()  # shown stops and cautions a changed answer removed
    sessions: tuple[SessionLine, ...] = ()  # the course's treatment sessions, oldest first
    planned_sessions: int | None = None


@dataclass(frozen=True, slots=True)
class SessionRecordDocument:
    """One treatment session for the clinical file: re-screen, decisions, chart, sign-off."""

    info: DocumentInfo
    clinic: ClinicDetails
    client: ClientDetails
    session: TreatmentSession
    consultation_date: date
    plan: Plan | None  # the course's plan: planned depths beside the ones used
    area_labels: dict[str, str]
    changed: tuple[AnsweredQuestion, ...]  # the answers given differently from last time
    amendments: tuple[Amendment, ...] = ()


@dataclass(frozen=True, slots=True)
class RecallDocument:
    """Reception's list of clients due for a session: names, phones and dates, nothing clinical."""

    info: DocumentInfo
    clinic: ClinicDetails
    start: date | None  # None: everyone due by `end`, overdue included
    end: date
    lines: tuple[RecallLine, ...]


@dataclass(frozen=True, slots=True)
class HandoutDocument:
    """A blank handout reception prints: read before the appointment, lines to write on."""

    info: DocumentInfo
    clinic: ClinicDetails
    kind: HandoutKind
    handout: Handout | None = None  # preparation
    aftercare: AftercareSheet | None = None
    consent: ConsentTemplate | None = None
