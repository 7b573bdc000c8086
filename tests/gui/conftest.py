"""GUI test fixtures: a set-up clinic with one client, and a guard against unanswered dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from consult_app.content.bundle import Content
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.context import AppContext
from consult_app.store.store import open_store
from tests.conftest import TODAY, close_when_background_work_is_done


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


@pytest.fixture
def clinic(tmp_path: Path, content: Content) -> Iterator[AppContext]:
    store = open_store(f"sqlite:///{tmp_path / 'clinic.db'}")
    context = AppContext(store=store, content=content, today=lambda: TODAY)
    context.user = ClinicService(context).set_up(
        ClinicDetails("Harbour Skin", phone="0117 496 0000"), "Dr Sam Patel"
    )
    ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    yield context
    close_when_background_work_is_done(store)
