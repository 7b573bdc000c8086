"""The Alt+letter keys a window offers: underlined letters of buttons, labels and group boxes."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QWidget


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Each underlined letter on show in `window` → the texts that underline it."""
    found: dict[str, list[str]] = defaultdict(list)
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            text = widget.text()
            if "<" in text:
                text = re.sub(r"&\w+;", "", text)  # entities such as &amp; underline nothing
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    _add(found, action.text())
            continue
        else:
            continue
        _add(found, text)
    return dict(found)


def _add(found: dict[str, list[str]], text: str) -> None:
    key = QKeySequence.mnemonic(text)
    if not key.isEmpty():
        found[key.toString()].append(text.replace("&&", "&"))


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {key: texts for key, texts in mnemonics(window).items() if len(texts) > 1}
