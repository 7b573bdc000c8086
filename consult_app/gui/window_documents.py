"""What the main window prints and checks for the chosen client: their documents (previewed
or printed as the role allows), the consent to print, handouts, a copy to check, a draft to
void from the list. Services and views load on first use (see main_window.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from consult_app.domain.permissions import Permission
from consult_app.gui.window_part import WindowPart


class DocumentActions(WindowPart):
    """MainWindow's part for the client panel's documents and handouts."""

    def show_document(self, consultation_id: int, kind: str) -> None:
        """Practitioners preview (and from there print or save); reception prints only."""
        from consult_app.domain.document_kinds import DocumentUse, permission_for
        from consult_app.gui.document_views import preview_document, print_document

        if self.may(permission_for(kind, DocumentUse.VIEW)):
            preview_document(self, self.documents, consultation_id, kind, self.signed_in)
        elif self.may(permission_for(kind, DocumentUse.PRINT)):
            print_document(self, self.documents, consultation_id, kind, self.signed_in)

    def check_copy(self) -> None:
        from consult_app.gui.dialogs.check_copy_dialog import CheckCopyDialog
        from consult_app.services.copies import CopyChecker

        if self.context is None:
            return
        checker = CopyChecker(self.context)
        dialog = CheckCopyDialog(checker.check_file, checker.check_fingerprint, self)
        dialog.setObjectName("check_copy_dialog")
        dialog.open()

    def print_handout(self, kind: str) -> None:
        from consult_app.domain.documents import HandoutKind
        from consult_app.gui.document_views import print_handout

        print_handout(self, self.documents, HandoutKind(kind), self.signed_in)

    def _on_print_triggered(self) -> None:
        chosen = self.panel.document_target("consent")  # the newest signed, unless one is chosen
        if chosen is not None:
            self.show_document(chosen, "consent")
        elif self.panel.client is not None:
            then = "" if self.may(Permission.CONSULT) else " Ask the practitioner."
            QMessageBox.information(
                self,
                "Nothing to print",
                "None of this client's consultations has been signed yet, so there is no consent "
                "to print." + then,
            )

    def void_draft(self, consultation_id: int) -> None:
        from consult_app.gui.void_views import void_from_list

        void_from_list(self, self.consultations, self.panel, consultation_id)
