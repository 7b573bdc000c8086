"""The parts every dialog that asks for a reason shares: the box it is written in, and the red
line that says what is missing. Each dialog keeps its own wording, buttons and layout."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from consult_app.gui.widgets.field_error import FieldError


def reason_edit(accessible_name: str, placeholder: str = "") -> QPlainTextEdit:
    """A four-line box; Tab moves on to the buttons rather than typing a tab into the reason."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(accessible_name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4)
    return edit


def problem_label(about: str, text: str = "") -> FieldError:
    """The forms' red message (readable in dark mode too, read out by screen readers), hidden
    until there is something to say."""
    label = FieldError(about)
    label.set_message(text)
    return label
