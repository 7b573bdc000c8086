"""GUI test guards: a modal message box nobody answers would hang the suite, so it fails instead."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox


def _unexpected(kind: str) -> Any:
    def refuse(*args: Any, **_kwargs: Any) -> Any:
        text = " | ".join(str(a) for a in args if isinstance(a, str))
        raise AssertionError(f"unexpected {kind} message box: {text}")

    return refuse


@pytest.fixture(autouse=True)
def no_unanswered_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that expect a message patch it themselves; any other one fails the test at once."""
    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(_unexpected(kind)))
    monkeypatch.setattr(QMessageBox, "exec", _unexpected("modal"))
