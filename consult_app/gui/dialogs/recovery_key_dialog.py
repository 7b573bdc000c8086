"""The recovery key, shown once to the owner to print or copy and keep somewhere safe."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.dates import format_date

EXPLANATION = (
    "This is the recovery key for the clinic's records. Print it (or write it down) and keep "
    "it somewhere safe, away from this computer, such as the clinic's safe.\n\n"
    "It opens the records if every password is forgotten or the key file beside the database "
    "is lost. Anyone who has it and a copy of the database can read the records, so keep it "
    "as carefully as the paper files.\n\n"
    "Consult will not show it again."
)


class RecoveryKeyDialog(QDialog):
    """Close stays unavailable until "I have kept it safe" is ticked: there is no second look."""

    def __init__(self, recovery_key: str, clinic_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keep the recovery key safe")
        self.setMinimumWidth(560)
        self._key = recovery_key
        self._clinic_name = clinic_name
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label = QLabel(_broken_into_lines(recovery_key))
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setAccessibleDescription(recovery_key)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it, to select
        self.key_label.setFont(_key_font(self.key_label.font()))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.key_label.setMargin(12)
        self.print_button = QPushButton("&Print…")
        self.print_button.setAccessibleName("Print the recovery key")
        self.print_button.clicked.connect(self._on_print_button_clicked)
        self.copy_button = QPushButton("C&opy")
        self.copy_button.setAccessibleName("Copy the recovery key")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.kept = QCheckBox("I have &kept it safe")
        self.kept.setAccessibleName("I have kept the recovery key safe")
        self.kept.toggled.connect(self._on_kept_toggled)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setEnabled(False)
        self.close_button.clicked.connect(self.accept)
        self.status = QLabel()
        self.status.setAccessibleName("Done")
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addSpacing(8)
        layout.addWidget(self.key_label)
        layout.addWidget(self.status)
        layout.addSpacing(8)
        layout.addWidget(self.kept)
        layout.addWidget(self.buttons)
        self.print_button.setFocus()

    @property
    def recovery_key(self) -> str:
        return self._key

    def printable(self) -> QTextDocument:
        """The page that is printed: what the key is for, the clinic, the date, the key."""
        clinic = f" for {escape(self._clinic_name)}" if self._clinic_name else ""
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in EXPLANATION.split("\n\n")[:2])
        document = QTextDocument()
        document.setHtml(
            f"<h2>Consult recovery key{clinic}</h2>"
            f"<p>Printed {escape(format_date(date.today()))}.</p>"
            f"<p style='font-family: monospace; font-size: 20pt; font-weight: bold;'>"
            f"{escape(_broken_into_lines(self._key)).replace(chr(10), '<br>')}</p>"
            f"{paragraphs}"
        )
        return document

    def _on_print_button_clicked(self) -> None:
        # QtPrintSupport is loaded only when someone prints.
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Consult recovery key")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the recovery key")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.printable().print_(printer)
        self.status.setText("Sent to the printer.")

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._key)
        self.status.setText(
            "Copied. Paste it where it will be kept safe, then copy something else, so it does "
            "not stay on this computer's clipboard."
        )

    def _on_kept_toggled(self, kept: bool) -> None:
        self.close_button.setEnabled(kept)
        if kept:
            self.close_button.setDefault(True)

    def reject(self) -> None:  # Escape: only once the key is kept
        if self.kept.isChecked():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kept.isChecked():
            super().closeEvent(event)
        else:
            event.ignore()


def _broken_into_lines(key: str, groups_per_line: int = 5) -> str:
    """ABCD-EFGH-… in lines of a few groups, so it reads (and is copied by hand) in chunks."""
    groups = key.split("-")
    lines = [
        "-".join(groups[i : i + groups_per_line]) for i in range(0, len(groups), groups_per_line)
    ]
    return "-\n".join(lines)


def _key_font(base: QFont) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * 1.6)
    font.setBold(True)
    return font
