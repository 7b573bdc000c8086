"""A PDF shown exactly as stored, with page and zoom controls, Save as PDF and Print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QIODevice, QObject, QPointF, QSaveFile, QSize, QStandardPaths, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from consult_app.errors import ConsultError
from consult_app.gui.errors import show_error
from consult_app.gui.printing import load_pdf, print_with_dialog

# Steps the zoom buttons move through; 1.0 shows a page at its printed size.
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
_EPSILON = 0.005  # zoom factors this close count as the same step


class PdfPreviewDialog(QDialog):
    """Shows a PDF (a consent form, a record) and lets the user save or print those bytes.

    Nothing is re-rendered from data: what is shown, saved and printed is `pdf_bytes`.

    `on_saved` and `on_printed` are called once the bytes are saved or sent to the printer (for
    the audit trail); a cancelled file or print dialog calls neither.

    Raises:
        PrintError: from the constructor, when `pdf` cannot be read as a PDF.
    """

    def __init__(
        self,
        pdf: bytes,
        title: str,
        file_name: str,
        parent: QWidget | None = None,
        *,
        on_saved: Callable[[], object] | None = None,
        on_printed: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._pdf = bytes(pdf)
        self._file_name = file_name
        self._on_saved = on_saved
        self._on_printed = on_printed
        self.setWindowTitle(title)
        self.document = load_pdf(self._pdf, self)

        self.view = QPdfView(self)
        self.view.setAccessibleName(f"Preview of {title}")
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocumentMargins(self.view.documentMargins() * 2)
        self.view.setDocument(self.document)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.navigator = self.view.pageNavigator()

        self.page_label = QLabel()
        self.page_label.setAccessibleName("Current page")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName("Zoom")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label, widest in ((self.page_label, "Page 888 of 888"), (self.zoom_label, "888 %")):
            # A fixed width, so the toolbar does not jump as the numbers change.
            label.setFixedWidth(label.fontMetrics().horizontalAdvance(widest) + 16)

        self.toolbar = QToolBar("Preview", self)
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.layout().setSpacing(6)
        self.toolbar.setContentsMargins(6, 4, 6, 4)
        self.previous_button = self._add_button(
            "Previous page", [QKeySequence(Qt.Key.Key_PageUp)], self._on_previous_clicked
        )
        self.next_button = self._add_button(
            "Next page", [QKeySequence(Qt.Key.Key_PageDown)], self._on_next_clicked
        )
        self.toolbar.addWidget(self.page_label)
        self.toolbar.addWidget(_spacer())
        self.zoom_out_button = self._add_button(
            "Zoom out", [QKeySequence(QKeySequence.StandardKey.ZoomOut)], self._on_zoom_out_clicked
        )
        self.toolbar.addWidget(self.zoom_label)
        self.zoom_in_button = self._add_button(
            "Zoom in",
            # Ctrl+= too: on many keyboards "+" needs Shift, and Ctrl+Shift+= is not Ctrl++.
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
            self._on_zoom_in_clicked,
        )
        self.fit_width_button = self._add_button(
            "Fit width", [QKeySequence("Ctrl+0")], self._on_fit_width_clicked
        )
        self.fit_width_button.setCheckable(True)
        # Save, Print and Close sit in the dialog's own button row, not the toolbar: a narrow
        # window tucks the toolbar's last buttons behind a "»" menu, and these must stay seen.
        self.save_button = self._add_push_button(
            "Save as PDF…", [QKeySequence(QKeySequence.StandardKey.Save)], self._on_save_clicked
        )
        self.print_button = self._add_push_button(
            "Print…", [QKeySequence(QKeySequence.StandardKey.Print)], self._on_print_clicked
        )
        self.close_button = self._add_push_button("Close", [], self.reject)
        button_box = QDialogButtonBox()
        button_box.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        button_box.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        button_box.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        self.view.viewport().installEventFilter(self)
        self.navigator.currentPageChanged.connect(self._on_navigator_current_page_changed)
        self.view.zoomModeChanged.connect(self._update_controls)
        self.view.zoomFactorChanged.connect(self._update_controls)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background: #fff4e0; color: #8a5300; padding: 6px;")
        self.warning.setVisible(False)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(8, 8, 8, 8)
        buttons.addWidget(button_box)
        layout.addLayout(buttons)

        self.resize(self._initial_size())
        self._update_controls()
        self.view.setFocus()

    @property
    def pdf_bytes(self) -> bytes:
        """The exact bytes shown, saved and printed."""
        return self._pdf

    def current_page(self) -> int:
        """The page at the top of the view, counting from 0."""
        return self.navigator.currentPage()

    def effective_zoom(self) -> float:
        """The zoom factor on screen, also while the view fits pages to its width."""
        if self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth:
            return self.view.zoomFactor()
        margins = self.view.documentMargins()
        available = self.view.viewport().width() - margins.left() - margins.right()
        screen = self.screen() or QGuiApplication.primaryScreen()
        widest = max(
            self.document.pagePointSize(page).width() for page in range(self.document.pageCount())
        )
        return max(available, 1) / (widest * screen.logicalDotsPerInch() / 72)

    def show_warning(self, text: str) -> None:
        """Something the reader of this document should know, above the pages."""
        self.warning.setText(text)
        self.warning.setVisible(bool(text))

    def _add_action(
        self, text: str, keys: list[QKeySequence], slot: Callable[[], object]
    ) -> QAction:
        """An action whose shortcuts work anywhere in the dialog, wherever its button is."""
        name = text.rstrip("…")
        action = QAction(text, self)
        action.setIconText(text)  # keep the "…" that says a dialog follows
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{name} ({shown})" if shown else name)
        action.triggered.connect(slot)
        self.addAction(action)  # live even when the toolbar tucks its button into "»"
        return action

    def _add_button(
        self, text: str, keys: list[QKeySequence], slot: Callable[[], object]
    ) -> QToolButton:
        """A toolbar button, drawn as a button so it does not read as the page label."""
        action = self._add_action(text, keys, slot)
        self.toolbar.addAction(action)
        button = self.toolbar.widgetForAction(action)
        assert isinstance(button, QToolButton)
        button.setAccessibleName(text.rstrip("…"))
        button.setAutoRaise(False)
        return button

    def _add_push_button(
        self, text: str, keys: list[QKeySequence], slot: Callable[[], object]
    ) -> QPushButton:
        """A button for the dialog's bottom row; Enter presses none of them."""
        action = self._add_action(text, keys, slot)
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(action.toolTip())
        button.setAutoDefault(False)
        button.clicked.connect(action.trigger)
        return button

    def _initial_size(self) -> QSize:
        """About 900×1000, never larger than the screen the dialog opens on."""
        wanted = QSize(900, 1000)
        screen = (self.parentWidget() or self).screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return wanted
        return wanted.boundedTo(screen.availableGeometry().size() * 0.9)

    def _jump_to(self, page: int) -> None:
        page = max(0, min(page, self.document.pageCount() - 1))
        self.navigator.jump(page, QPointF(), self.navigator.currentZoom())

    def _set_zoom(self, factor: float) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._jump_to(page)  # keep the page the user was reading in view

    def _update_controls(self) -> None:
        page, count = self.current_page(), self.document.pageCount()
        self.page_label.setText(f"Page {page + 1} of {count}")
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)
        zoom = self.effective_zoom()
        self.zoom_out_button.setEnabled(zoom > ZOOM_STEPS[0] + _EPSILON)
        self.zoom_in_button.setEnabled(zoom < ZOOM_STEPS[-1] - _EPSILON)
        self.zoom_label.setText(f"{round(zoom * 100)} %")
        self.fit_width_button.setChecked(self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._update_controls()  # fitting to the width changes the zoom with the window
        return super().eventFilter(watched, event)

    def _on_navigator_current_page_changed(self, _page: int) -> None:
        self._update_controls()

    def _on_previous_clicked(self) -> None:
        self._jump_to(self.current_page() - 1)

    def _on_next_clicked(self) -> None:
        self._jump_to(self.current_page() + 1)

    def _on_zoom_in_clicked(self) -> None:
        zoom = self.effective_zoom()
        self._set_zoom(next((s for s in ZOOM_STEPS if s > zoom + _EPSILON), ZOOM_STEPS[-1]))

    def _on_zoom_out_clicked(self) -> None:
        zoom = self.effective_zoom()
        smaller = [s for s in ZOOM_STEPS if s < zoom - _EPSILON]
        self._set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def _on_fit_width_clicked(self) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._jump_to(page)
        self._update_controls()

    def _default_save_path(self) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        return str(Path(folder) / self._file_name)

    def _on_save_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save as PDF", self._default_save_path(), "PDF documents (*.pdf)"
        )
        if not path:
            return
        if not Path(path).suffix:
            path += ".pdf"
        # QSaveFile writes beside the target and renames on commit: a failed save never leaves
        # a half-written file, nor damages one that was already there.
        file = QSaveFile(path)
        if (
            file.open(QIODevice.OpenModeFlag.WriteOnly)
            and file.write(self._pdf) == len(self._pdf)
            and file.commit()
        ):
            if self._on_saved is not None:
                self._on_saved()
            return
        reason = file.errorString()  # an uncommitted QSaveFile removes its temporary file
        QMessageBox.warning(
            self,
            "Could not save the PDF",
            f"The PDF could not be saved as {path}\n({reason}).\n\n"
            "Choose a folder that exists and that you may save files in, "
            "such as your Documents folder.",
        )

    def _on_print_clicked(self) -> None:
        # The audit trail notes the print once the job is handed over, not when asked for.
        on_printed = self._on_printed
        try:
            print_with_dialog(
                self,
                self._pdf,
                self.windowTitle(),  # "Aftercare sheet sent to…", not "session_aftercare-000011"
                on_sent=(lambda _printed: on_printed()) if on_printed is not None else None,
                job_name=Path(self._file_name).stem,  # the print queue's name: the file's
            )
        except ConsultError as error:
            show_error(self, "Could not print", error)


def _spacer() -> QWidget:
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return spacer
