"""Check a copy…: is this file, or this paper, a true copy of a signed consent?

The dialog only gathers what to check and shows the answer; the checks (and their audit) are
the services', passed in by the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.errors import ConsultError, ValidationError

if TYPE_CHECKING:
    from consult_app.services.copies import CopyCheck

_COLOURS = {True: "#1b5e20", False: "#b00020"}


class CheckCopyDialog(QDialog):
    def __init__(
        self,
        check_file: Callable[[Path], CopyCheck],
        check_paper: Callable[[str, str], CopyCheck],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check a copy")
        self._check_file = check_file
        self._check_paper = check_paper
        intro = QLabel(
            "Check that a consent in front of you is a true copy of the one signed: a file "
            "byte for byte, or paper by the fingerprint at the foot of each page."
        )
        intro.setWordWrap(True)

        self.path = QLineEdit()
        self.path.setAccessibleName("PDF file to check")
        self.path.setPlaceholderText("The PDF file's location")
        choose = QPushButton("C&hoose…")
        choose.clicked.connect(self._choose_file)
        self.check_file_button = QPushButton("Check &file")
        self.check_file_button.clicked.connect(self._on_check_file)
        self.path.returnPressed.connect(self._on_check_file)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        row.addWidget(self.check_file_button)
        file_box = QGroupBox("A file (PDF)")
        file_box.setLayout(row)

        self.document_id = QLineEdit()
        self.document_id.setAccessibleName("Document id, as printed at the foot of the page")
        self.document_id.setPlaceholderText("CON-000042-1")
        self.fingerprint = QLineEdit()
        self.fingerprint.setAccessibleName("Fingerprint, as printed at the foot of the page")
        self.fingerprint.setPlaceholderText("4F2A 91C3 77D0 B2E1")
        self.check_paper_button = QPushButton("Check &paper")
        self.check_paper_button.clicked.connect(self._on_check_paper)
        self.fingerprint.returnPressed.connect(self._on_check_paper)
        paper = QFormLayout()
        id_label, print_label = QLabel("&Document id:"), QLabel("Finger&print:")
        id_label.setBuddy(self.document_id)
        print_label.setBuddy(self.fingerprint)
        paper.addRow(id_label, self.document_id)
        paper.addRow(print_label, self.fingerprint)
        paper.addRow(self.check_paper_button)
        paper_box = QGroupBox("Paper")
        paper_box.setLayout(paper)

        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Result of the check")
        self.result.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Enter in a field runs that field's check, never another button of the dialog.
        for button in (choose, self.check_file_button, self.check_paper_button, *buttons.buttons()):
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        for widget in (intro, file_box, paper_box, self.result, buttons):
            layout.addWidget(widget)
        self.resize(560, self.sizeHint().height())

    def _choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a PDF to check", "", "PDF (*.pdf)")
        if chosen:
            self.path.setText(chosen)
            self._on_check_file()

    def _on_check_file(self) -> None:
        text = self.path.text().strip()
        if not text:
            self._show_problem("Choose the PDF file to check first.")
            return
        self._run(lambda: self._check_file(Path(text)))

    def _on_check_paper(self) -> None:
        self._run(lambda: self._check_paper(self.document_id.text(), self.fingerprint.text()))

    def _run(self, check: Callable[[], CopyCheck]) -> None:
        try:
            found = check()
        except ValidationError as exc:
            self._show_problem(" ".join(f"The {p}." for p in exc.problems))
            return
        except ConsultError as exc:
            self._show_problem(str(exc))
            return
        from consult_app.services.copies import Verdict

        good = found.verdict is Verdict.GENUINE
        self.result.setStyleSheet(f"color: {_COLOURS[good]};")
        self.result.setText("\n".join([f"{found.headline}. {found.reason}", *found.lines()]))
        self._show_result()

    def _show_problem(self, text: str) -> None:
        self.result.setStyleSheet(f"color: {_COLOURS[False]};")
        self.result.setText(text)
        self._show_result()

    def _show_result(self) -> None:
        # A wrapped label asks for little height of its own, so the dialog would keep its first
        # height and squash the fields above to fit the verdict: grow it to what it needs.
        self.result.setVisible(True)
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)
