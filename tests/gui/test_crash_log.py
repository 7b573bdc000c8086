"""A bug in the windowed app is not lost: the excepthook writes it to the rotating log in the
user data folder and says where; neither the log nor the dialog holds a client's details."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from consult_app.gui import crash_log
from consult_app.gui.errors import show_error

NAME, ANSWER = "Zoë Łukasiewicz", "isotretinoin since March"


def _failing_step(client_name: str, answer: str) -> None:
    try:
        {}["medicines"]
    except KeyError as missing:
        raise ValueError(f"{client_name} answered {answer!r}") from missing


def _raised() -> BaseException:
    try:
        _failing_step(NAME, ANSWER)
    except ValueError as error:
        return error
    raise AssertionError("did not fail")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = crash_log.start_logging(tmp_path / "logs")
    yield path
    for handler in list(crash_log.log.handlers):
        if getattr(handler, "baseFilename", None) == str(path):
            crash_log.log.removeHandler(handler)
            handler.close()


def test_a_bug_is_logged_without_the_clients_details_and_the_dialog_says_where(
    qapp: Any, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def read(box: QMessageBox) -> int:  # the bug box as it would be shown
        shown.extend([box.text(), box.detailedText()])
        return 0

    monkeypatch.setattr(QMessageBox, "exec", read)
    show_error(None, "The document could not be made", _raised())
    written = log_file.read_text(encoding="utf-8")
    assert "builtins.ValueError" in written and "builtins.KeyError" in written
    assert "_failing_step" in written  # where it happened
    for content in (NAME, "Łukasiewicz", ANSWER, "isotretinoin"):
        assert content not in written
        assert all(content not in text for text in shown)
    assert f"written to the log file {log_file}" in shown[0]
    assert "Nothing was changed" not in shown[0]  # not known, so not said


def test_an_uncaught_error_goes_through_the_excepthook_to_the_log(
    log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    import threading

    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[BaseException] = []
    crash_log.install_excepthook(shown.append)
    error = _raised()
    sys.excepthook(type(error), error, error.__traceback__)
    assert shown == [error]
    written = log_file.read_text(encoding="utf-8")
    assert "builtins.ValueError" in written and NAME not in written and ANSWER not in written


def test_the_log_rotates(log_file: Path) -> None:
    for _ in range(crash_log.LOG_BYTES // 300 + 50):
        crash_log.log_bug(_raised(), "rotation")
    assert log_file.with_name(f"{log_file.name}.1").exists()
    assert log_file.stat().st_size <= crash_log.LOG_BYTES
