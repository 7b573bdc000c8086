"""Opening a document for preview or printing, made off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from consult_app.domain.documents import DocumentUse, HandoutKind
from consult_app.errors import ConsultError
from consult_app.gui.dialogs.pdf_preview import PdfPreviewDialog
from consult_app.gui.errors import show_error
from consult_app.gui.printing import print_with_dialog
from consult_app.gui.tasks import run_in_background
from consult_app.services.documents import DocumentService

if TYPE_CHECKING:
    from consult_app.gui.signed_in import SignedIn

log = logging.getLogger("consult")  # the log file (gui/crash_log.py): no content

DOCUMENT_TITLES = {
    "consent": "Signed consent",
    "aftercare": "Aftercare sheet",
    "record": "Consultation record",
    "session_aftercare": "Aftercare sheet",  # a treatment session's: by the session's number
    "session_record": "Treatment session record",
}
HANDOUT_TITLES = {
    HandoutKind.AFTERCARE: "Aftercare sheet (blank)",
    HandoutKind.PREPARATION: "Before your treatment",
    HandoutKind.CONSENT: "Consent to read in advance",
}


def _busy(
    parent: QWidget,
    signed_in: SignedIn | None,
    work: Callable[[], Any],
    done: Callable[[Any], None],
) -> None:
    """Run `work` off the GUI thread, then `done` with its result, unless meanwhile the person
    who asked signed out or another switched in (the sign-in's turn moved on): the document is
    theirs, not the next one's."""
    turn = signed_in.turn if signed_in is not None else 0

    def still_theirs() -> bool:
        return signed_in is None or signed_in.still(turn)

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def succeeded(pdf: bytes) -> None:
        QApplication.restoreOverrideCursor()
        if still_theirs():
            done(pdf)
        else:
            log.info("a document finished after its user left; not shown")

    def failed(error: BaseException) -> None:
        QApplication.restoreOverrideCursor()
        if still_theirs():
            show_error(parent, "The document could not be made", error)
        else:
            log.warning("a document for a user who left was not made: %s", type(error).__name__)

    run_in_background(work, succeeded, failed)


def _builder(documents: DocumentService, kind: str) -> Callable[[int, DocumentUse], bytes]:
    return lambda consultation_id, use: documents.pdf(kind, consultation_id, use)


def _noted(
    parent: QWidget, documents: DocumentService, consultation_id: int, kind: str, use: DocumentUse
) -> Callable[[], None]:
    """Record in the audit trail that the previewed bytes were printed or saved."""

    def note() -> None:
        run_in_background(
            lambda: documents.note_use(consultation_id, kind, use),
            lambda _done: None,
            lambda error: show_error(parent, "The audit trail was not updated", error),
        )

    return note


def preview_document(
    parent: QWidget,
    documents: DocumentService,
    consultation_id: int,
    kind: str,
    signed_in: SignedIn | None = None,
) -> None:
    """Preview a consultation's consent (the stored bytes), aftercare sheet or record; printing
    or saving it from the preview is noted in the audit trail."""
    build = _builder(documents, kind)
    title = DOCUMENT_TITLES[kind]

    def show(made: tuple[bytes, list[str]]) -> None:
        pdf, warnings = made
        dialog = PdfPreviewDialog(
            pdf,
            title,
            f"{kind}-{consultation_id:06d}.pdf",
            parent,
            on_saved=_noted(parent, documents, consultation_id, kind, DocumentUse.EXPORT),
            on_printed=_noted(parent, documents, consultation_id, kind, DocumentUse.PRINT),
        )
        dialog.show_warning(" ".join(warnings))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # owned by its parent, so it lives on after this function returns

    def made() -> tuple[bytes, list[str]]:
        return build(consultation_id, DocumentUse.VIEW), documents.warnings(consultation_id, kind)

    _busy(parent, signed_in, made, show)


def print_document(
    parent: QWidget,
    documents: DocumentService,
    consultation_id: int,
    kind: str,
    signed_in: SignedIn | None = None,
) -> None:
    """Reception's reprint of a client's consent or aftercare sheet: made for printing (as the
    audit trail records) and sent straight to the print dialog, never shown on screen."""
    build = _builder(documents, kind)
    _busy(
        parent,
        signed_in,
        lambda: build(consultation_id, DocumentUse.PRINT),
        lambda pdf: _print(parent, pdf, DOCUMENT_TITLES[kind]),
    )


def _print(parent: QWidget, pdf: bytes, title: str) -> None:
    try:
        print_with_dialog(parent, pdf, title)
    except ConsultError as error:  # no printer, a printer that refused the job
        show_error(parent, "Could not print", error)


def print_handout(
    parent: QWidget,
    documents: DocumentService,
    kind: HandoutKind,
    signed_in: SignedIn | None = None,
) -> None:
    """Reception's blank handouts: straight to the system print dialog."""
    title = HANDOUT_TITLES[kind]
    _busy(
        parent,
        signed_in,
        lambda: documents.handout_pdf(kind),
        lambda pdf: _print(parent, pdf, title),
    )
