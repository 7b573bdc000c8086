"""Which documents there are, why one is made, and who may have it: light enough for the
command line to import before the window paints (domain/documents.py re-exports them)."""

from __future__ import annotations

from enum import StrEnum

from consult_app.domain.permissions import Permission


class DocumentUse(StrEnum):
    """Why a document is made: the audit trail says which, and the role decides if it may."""

    VIEW = "view"
    EXPORT = "export"  # saved to a file
    PRINT = "print"  # sent to the print dialog


class DocumentKind(StrEnum):
    """A consultation's documents, a treatment session's, and reception's recall list."""

    CONSENT = "consent"
    AFTERCARE = "aftercare"
    RECORD = "record"
    SESSION_AFTERCARE = "session_aftercare"
    SESSION_RECORD = "session_record"
    RECALL_LIST = "recall_list"


# Made for one consultation (by its number) and for one treatment session (by the session's).
CONSULTATION_KINDS = (DocumentKind.CONSENT, DocumentKind.AFTERCARE, DocumentKind.RECORD)
SESSION_KINDS = (DocumentKind.SESSION_AFTERCARE, DocumentKind.SESSION_RECORD)
_MEDICAL = (DocumentKind.RECORD, DocumentKind.SESSION_RECORD)


def permission_for(kind: DocumentKind | str, use: DocumentUse) -> Permission:
    """The reception rules: the consent lists cautions and an aftercare sheet lines chosen
    from them (a blood thinner, cold sores), so reception may only send those to the printer;
    seeing or saving them, and a record for anything, is medical. The recall list holds names,
    phones and due dates only: whoever sees appointments may print, save or view it."""
    kind = DocumentKind(kind)
    if kind is DocumentKind.RECALL_LIST:
        return Permission.SEE_APPOINTMENTS
    if kind not in _MEDICAL and use is DocumentUse.PRINT:
        return Permission.REPRINT_DOCUMENTS
    return Permission.VIEW_MEDICAL_RECORD


class HandoutKind(StrEnum):
    AFTERCARE = "aftercare"
    PREPARATION = "preparation"
    CONSENT = "consent"
