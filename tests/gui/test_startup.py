"""The app starts in its own process, shows the client list and exits cleanly when asked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from consult_app.content.bundle import Content
from consult_app.services.demo import fill_demo
from consult_app.store.store import open_store
from tests.conftest import TODAY


def _start(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "consult_app", "--db", url, "--quit-when-ready"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_the_app_starts_on_a_demo_clinic_and_quits_when_ready(
    tmp_path: Path, content: Content
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store = open_store(url)
    fill_demo(store, content, 200, 50, today=TODAY)
    store.close()
    run = _start(url)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


def test_a_new_database_is_not_started_unattended(tmp_path: Path) -> None:
    run = _start(f"sqlite:///{tmp_path / 'new.db'}")
    assert run.returncode == 2
    assert "not set up yet" in run.stderr
