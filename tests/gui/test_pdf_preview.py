"""The PDF preview dialog with real widgets: pages, zoom, Save as PDF, Print, the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from consult_app.gui.dialogs.pdf_preview import ZOOM_STEPS, PdfPreviewDialog
from consult_app.gui.printing import PrintError
from tests.gui.test_printing import three_page_pdf

OpenPreview = Callable[[], PdfPreviewDialog]


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return three_page_pdf()


@pytest.fixture
def open_preview(qtbot: QtBot, pdf: bytes) -> OpenPreview:
    def open_it() -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, "Consent form — Zoë Łukasiewicz", "consent-zoe.pdf")
        qtbot.addWidget(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
        with qtbot.waitActive(dialog):
            dialog.activateWindow()
        return dialog

    return open_it


def buttons(dialog: PdfPreviewDialog) -> dict[str, QWidget]:
    return {
        "previous": dialog.previous_button,
        "next": dialog.next_button,
        "zoom out": dialog.zoom_out_button,
        "zoom in": dialog.zoom_in_button,
        "fit width": dialog.fit_width_button,
        "save": dialog.save_button,
        "print": dialog.print_button,
        "close": dialog.close_button,
    }


def test_the_dialog_shows_the_whole_document(open_preview: OpenPreview, pdf: bytes) -> None:
    dialog = open_preview()

    assert dialog.document.status() == QPdfDocument.Status.Ready
    assert dialog.document.pageCount() == 3
    assert dialog.view.document() is dialog.document
    assert dialog.view.pageMode() == QPdfView.PageMode.MultiPage
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.page_label.text() == "Page 1 of 3"
    assert dialog.windowTitle() == "Consent form — Zoë Łukasiewicz"
    assert dialog.pdf_bytes == pdf


def test_the_dialog_fits_on_the_screen(open_preview: OpenPreview) -> None:
    dialog = open_preview()
    screen = dialog.screen().availableGeometry()

    assert dialog.width() <= min(900, screen.width())
    assert dialog.height() <= min(1000, screen.height())
    assert dialog.width() >= min(600, screen.width() * 0.8)


def test_every_button_has_a_name_for_screen_readers(open_preview: OpenPreview) -> None:
    dialog = open_preview()

    names = {key: button.accessibleName() for key, button in buttons(dialog).items()}

    assert names == {
        "previous": "Previous page",
        "next": "Next page",
        "zoom out": "Zoom out",
        "zoom in": "Zoom in",
        "fit width": "Fit width",
        "save": "Save as PDF",
        "print": "Print",
        "close": "Close",
    }
    assert dialog.save_button.text() == "Save as PDF…"
    assert dialog.print_button.text() == "Print…"


def test_next_and_previous_move_a_page_and_stop_at_the_ends(
    qtbot: QtBot, open_preview: OpenPreview
) -> None:
    dialog = open_preview()
    assert not dialog.previous_button.isEnabled()
    assert dialog.next_button.isEnabled()

    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.view.pageNavigator().currentPage() == 1
    assert dialog.page_label.text() == "Page 2 of 3"
    assert dialog.previous_button.isEnabled()

    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.page_label.text() == "Page 3 of 3"
    assert not dialog.next_button.isEnabled()

    qtbot.mouseClick(dialog.previous_button, Qt.MouseButton.LeftButton)
    assert dialog.page_label.text() == "Page 2 of 3"
    assert dialog.next_button.isEnabled()


def test_page_down_and_page_up_navigate(qtbot: QtBot, open_preview: OpenPreview) -> None:
    dialog = open_preview()

    qtbot.keyClick(dialog.view, Qt.Key.Key_PageDown)
    assert dialog.page_label.text() == "Page 2 of 3"
    qtbot.keyClick(dialog.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(dialog.view, Qt.Key.Key_PageDown)  # already on the last page: stays
    assert dialog.page_label.text() == "Page 3 of 3"
    qtbot.keyClick(dialog.view, Qt.Key.Key_PageUp)
    assert dialog.page_label.text() == "Page 2 of 3"


def test_scrolling_the_view_moves_the_page_label(qtbot: QtBot, open_preview: OpenPreview) -> None:
    dialog = open_preview()
    scroll_bar = dialog.view.verticalScrollBar()

    scroll_bar.setValue(scroll_bar.maximum())

    qtbot.waitUntil(lambda: dialog.page_label.text() == "Page 3 of 3", timeout=2000)
    assert not dialog.next_button.isEnabled()


def test_zoom_in_and_out_step_from_the_fitted_width(
    qtbot: QtBot, open_preview: OpenPreview
) -> None:
    dialog = open_preview()
    fitted = dialog.effective_zoom()

    qtbot.mouseClick(dialog.zoom_in_button, Qt.MouseButton.LeftButton)

    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() > fitted
    assert dialog.view.zoomFactor() in ZOOM_STEPS
    assert not dialog.fit_width_button.isChecked()
    larger = dialog.view.zoomFactor()

    qtbot.keyClick(dialog.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.view.zoomFactor() < larger
    qtbot.keyClick(dialog.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.view.zoomFactor() == larger
    assert dialog.zoom_in_button.isEnabled()

    qtbot.mouseClick(dialog.fit_width_button, Qt.MouseButton.LeftButton)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.fit_width_button.isChecked()


def test_zoom_stops_at_the_largest_step(qtbot: QtBot, open_preview: OpenPreview) -> None:
    dialog = open_preview()

    for _ in range(len(ZOOM_STEPS)):
        dialog.zoom_in_button.click()

    assert dialog.view.zoomFactor() == ZOOM_STEPS[-1]
    assert not dialog.zoom_in_button.isEnabled()
    assert dialog.zoom_out_button.isEnabled()


def test_save_as_pdf_writes_exactly_the_bytes_shown(
    qtbot: QtBot,
    open_preview: OpenPreview,
    pdf: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "saved.pdf"
    asked: list[str] = []

    def choose(_parent: QWidget, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    dialog = open_preview()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert target.read_bytes() == pdf
    assert Path(asked[0]).name == "consent-zoe.pdf"


def test_ctrl_s_saves_too(
    qtbot: QtBot,
    open_preview: OpenPreview,
    pdf: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "by keyboard.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    dialog = open_preview()

    qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert target.read_bytes() == pdf


def test_cancelling_save_writes_nothing(
    qtbot: QtBot, open_preview: OpenPreview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    dialog = open_preview()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert list(tmp_path.iterdir()) == []
    assert warnings == []


def test_saving_where_it_cannot_be_written_explains_and_writes_nothing(
    qtbot: QtBot, open_preview: OpenPreview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "no such folder" / "consent.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *_rest: warnings.append((title, text))
    )
    dialog = open_preview()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert len(warnings) == 1
    title, text = warnings[0]
    assert title == "Could not save the PDF"
    assert str(target) in text
    assert "Choose a folder that exists" in text
    assert list(tmp_path.iterdir()) == []


def test_print_button_prints_the_shown_bytes_through_the_print_dialog(
    qtbot: QtBot, open_preview: OpenPreview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "printed.pdf"
    jobs: list[str] = []

    def choose_pdf_file(dialog: QPrintDialog) -> int:
        jobs.append(dialog.printer().docName())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf_file)
    dialog = open_preview()

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    assert jobs == ["consent-zoe"]
    qtbot.waitUntil(out.exists, timeout=10_000)  # written off the GUI thread
    assert out.read_bytes() == dialog.pdf_bytes  # the stored PDF itself, text and all


def test_printing_names_the_document_by_its_title_and_the_job_by_its_file(
    qtbot: QtBot, pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The print dialog and the status bar said "session_aftercare-000011"; they say the
    title, while the print queue, which others can read, still lists the file's name."""
    out = tmp_path / "printed.pdf"
    seen: list[tuple[str, str]] = []

    def choose_pdf_file(print_dialog: QPrintDialog) -> int:
        seen.append((print_dialog.windowTitle(), print_dialog.printer().docName()))
        print_dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        print_dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf_file)
    window = QMainWindow()
    qtbot.addWidget(window)
    dialog = PdfPreviewDialog(pdf, "Aftercare sheet", "session_aftercare-000011.pdf", window)
    dialog.show()

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    assert seen == [("Print Aftercare sheet", "session_aftercare-000011")]
    qtbot.waitUntil(lambda: "sent to" in window.statusBar().currentMessage(), timeout=10_000)
    assert window.statusBar().currentMessage() == "Aftercare sheet sent to printed.pdf."


def test_ctrl_p_opens_the_print_dialog(
    qtbot: QtBot, open_preview: OpenPreview, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []

    def cancel(dialog: QPrintDialog) -> int:
        opened.append(dialog.maxPage())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", cancel)
    dialog = open_preview()

    qtbot.keyClick(dialog.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    assert opened == [3]


def test_a_print_failure_is_shown_not_raised(
    qtbot: QtBot, open_preview: OpenPreview, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object, **_kwargs: object) -> bool:
        raise PrintError("The printer Front desk could not start the job.")

    monkeypatch.setattr("consult_app.gui.dialogs.pdf_preview.print_with_dialog", fail)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, title, text, *_rest: shown.append((title, text))
    )
    dialog = open_preview()

    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    assert shown == [("Could not print", "The printer Front desk could not start the job.")]


def test_close_closes(qtbot: QtBot, open_preview: OpenPreview) -> None:
    dialog = open_preview()

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_a_document_that_is_not_a_pdf_is_refused(qtbot: QtBot) -> None:
    with pytest.raises(PrintError, match="could not be read as a PDF"):
        PdfPreviewDialog(b"not a pdf", "Broken", "broken.pdf")
