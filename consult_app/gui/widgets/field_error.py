"""A red message under a form field, and the bookkeeping that shows, hides and focuses them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from consult_app.errors import Problem

# Contrast of at least 4.5:1 against the usual light and dark window backgrounds.
_RED_ON_LIGHT = "#b3261e"
_RED_ON_DARK = "#ff8a80"
_GREY_ON_LIGHT = "#5f6368"
_GREY_ON_DARK = "#bdc1c6"


def plain_label(text: str) -> str:
    """A label without its mnemonic marker and colon: "&First name:" → "First name"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip()


def _tint(label: QLabel, on_light: str, on_dark: str) -> None:
    palette = label.palette()
    is_dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    palette.setColor(QPalette.ColorRole.WindowText, QColor(on_dark if is_dark else on_light))
    label.setPalette(palette)


class FieldError(QLabel):
    """A wrapped red message under one field; hidden while the field is fine."""

    def __init__(self, about: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(f"Problem with {about}")
        _tint(self, _RED_ON_LIGHT, _RED_ON_DARK)
        self.setHidden(True)

    @property
    def message(self) -> str:
        """The message shown, or "" while hidden."""
        return "" if self.isHidden() else self.text()

    def set_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setAccessibleDescription(message or "")
        self.setHidden(not message)


def hint_label(text: str) -> QLabel:
    """A quieter, always visible line of help under a field."""
    label = QLabel(text)
    label.setWordWrap(True)
    _tint(label, _GREY_ON_LIGHT, _GREY_ON_DARK)
    return label


@dataclass
class _Row:
    field: QWidget
    error: FieldError
    description: str  # the field's own accessible description, restored once it is fine


class FieldErrors(QObject):
    """The error labels of one form: live per field as it is left, all at once on OK.

    `check` returns every problem with what the form holds now; each problem names the field
    it belongs to (the `name` given to `add_row`). A problem for a field not in the form shows
    in `general`, which the dialog places above its buttons, so no problem is ever invisible.
    """

    def __init__(self, check: Callable[[], Iterable[Problem]], parent: QWidget) -> None:
        super().__init__(parent)
        self._owner = parent
        self._check = check
        self._height_before: int | None = None  # the window's height before any message
        self._rows: dict[str, _Row] = {}
        self._names_by_widget: dict[QWidget, str] = {}
        self.general = FieldError("this form", parent)

    def add_row(
        self,
        form: QFormLayout,
        name: str,
        label: str,
        field: QWidget,
        *,
        row: QWidget | None = None,
        hint: str = "",
    ) -> QLabel:
        """Add `label` (with its mnemonic) and `field` to `form`, with an error line under it.

        `row` is what goes into the form when the field has companions (a button beside it);
        `field` is what the label's mnemonic and the first-problem focus go to.
        """
        caption = QLabel(label)
        caption.setBuddy(field)
        if not field.accessibleName():
            field.setAccessibleName(plain_label(label))
        error = FieldError(plain_label(label))
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(row or field)
        if hint:
            layout.addWidget(hint_label(hint))
        layout.addWidget(error)
        form.addRow(caption, box)
        self._rows[name] = _Row(field, error, field.accessibleDescription())
        self._watch(name, field)
        return caption

    def message(self, name: str) -> str:
        """The message shown under a field, or "" when there is none."""
        return self._rows[name].error.message

    def set_message(self, name: str, message: str | None) -> None:
        self._remember_height()
        row = self._rows[name]
        row.error.set_message(message)
        # Read out with the field when it has focus, so a screen reader user hears the problem.
        row.field.setAccessibleDescription(message or row.description)
        self._make_room()

    def refresh(self, name: str) -> None:
        """Show (or clear) the problem of one field only: the others wait until OK."""
        messages = self._messages()
        self.set_message(name, messages.get(name))

    def show_all(self) -> bool:
        """Show every problem and focus the first field that has one; True if there are any."""
        messages = self._messages()
        self._remember_height()
        for name in self._rows:
            self.set_message(name, messages.pop(name, None))
        self.general.set_message("\n".join(messages.values()))
        self._make_room()
        for row in self._rows.values():
            if row.error.message:
                row.field.setFocus(Qt.FocusReason.OtherFocusReason)
                typed = _typed_text(row.field)
                if typed is not None:
                    typed.selectAll()
                return True
        return bool(messages)

    def _remember_height(self) -> None:
        # Before a message shows: Qt may already grow the window as the label appears.
        if self._height_before is None:
            self._height_before = self._owner.window().height()

    def _make_room(self) -> None:
        """Grow the window until wrapped messages fit, and give the room back once they go.

        Qt gives a window whose layout has height-for-width items (wrapped labels) no minimum
        height, so without this a long message is cut off instead of the window growing.
        The window returns to the height it had before the first message, once all are gone.
        """
        window = self._owner.window()
        layout = window.layout()
        if layout is None:
            return
        # Layouts hear of a label shown or hidden only through posted events, and measure from
        # stale caches until then: lay out each row, then the window, before measuring.
        for row in self._rows.values():
            row_layout = row.error.parentWidget().layout()
            row_layout.invalidate()
            row_layout.activate()
        layout.invalidate()
        layout.activate()
        target = max(layout.totalHeightForWidth(window.width()), self._height_before or 0)
        if target != window.height():
            window.resize(window.width(), target)
        if not self.general.message and not any(r.error.message for r in self._rows.values()):
            self._height_before = None

    def _messages(self) -> dict[str, str]:
        messages: dict[str, str] = {}
        for problem in self._check():
            if problem.field in messages:
                messages[problem.field] += "\n" + problem.message
            else:
                messages[problem.field] = problem.message
        return messages

    def _watch(self, name: str, field: QWidget) -> None:
        field = _typed_text(field) or field
        if isinstance(field, QLineEdit):
            field.editingFinished.connect(lambda: self._on_field_left(name))
            field.textChanged.connect(lambda _text: self._on_field_changed(name))
        elif isinstance(field, QPlainTextEdit):
            # QPlainTextEdit has no editingFinished: leaving it after a change counts as one.
            self._names_by_widget[field] = name
            field.installEventFilter(self)
            field.textChanged.connect(lambda: self._on_field_changed(name))

    def _is_form_alive(self) -> bool:
        # A field that loses focus while its window is being destroyed still reports it.
        return shiboken6.isValid(self) and shiboken6.isValid(self._owner)

    def _on_field_left(self, name: str) -> None:
        if self._is_form_alive():
            self.refresh(name)

    def _on_field_changed(self, name: str) -> None:
        """While a message shows, take it away as soon as the field is right (but add none)."""
        if not self._is_form_alive() or not self._rows[name].error.message:
            return
        if name not in self._messages():
            self.set_message(name, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            document = watched.document()
            if document.isModified():
                document.setModified(False)
                self._on_field_left(self._names_by_widget[watched])
        return super().eventFilter(watched, event)


def _typed_text(field: QWidget) -> QLineEdit | None:
    """Where a field's text is typed: the field itself, or an editable combo box's line."""
    if isinstance(field, QComboBox):
        return field.lineEdit()  # None unless editable
    return field if isinstance(field, QLineEdit) else None
