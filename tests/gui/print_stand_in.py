"""The system print dialog, answered OK: what a view hands it is what would print."""

from __future__ import annotations

from types import ModuleType

import pytest


def printing_into(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[tuple[bytes, str]]:
    """Each (PDF, document name) that `module`'s print_with_dialog is handed, in order."""
    printed: list[tuple[bytes, str]] = []
    monkeypatch.setattr(
        module, "print_with_dialog", lambda _p, pdf, name: printed.append((pdf, name))
    )
    return printed
