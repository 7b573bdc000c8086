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
    """A consultation's documents."""

    CONSENT = "consent"
    AFTERCARE = "aftercare"
    RECORD = "record"


def permission_for(kind: DocumentKind | str, use: DocumentUse) -> Permission:
    """The one reception rule: the consent lists cautions and the aftercare sheet lines chosen
    from them (a blood thinner, cold sores), so reception may only send those two to the
    printer; seeing or saving them, and the record for anything, is medical."""
    if DocumentKind(kind) is not DocumentKind.RECORD and use is DocumentUse.PRINT:
        return Permission.REPRINT_DOCUMENTS
    return Permission.VIEW_MEDICAL_RECORD


class HandoutKind(StrEnum):
    AFTERCARE = "aftercare"
    PREPARATION = "preparation"
    CONSENT = "consent"
