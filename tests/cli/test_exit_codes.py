"""One error, one exit code: a `consult-app` command and the app started unattended exit the
same way for the same trouble (each run in its own process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult_app.content.bundle import Content
from consult_app.errors import ExitCode
from consult_app.services.demo import DEMO_PASSWORDS
from tests.clinic_files import fill_clinic
from tests.gui.test_startup import demo_url  # noqa: F401  (the demo clinic, made once)


def _exit(*args: str, **account: str) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("CONSULT_USER", "CONSULT_PASSWORD")}
    env.update(QT_QPA_PLATFORM="offscreen", **account)
    run = subprocess.run(
        [sys.executable, "-m", "consult_app", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,  # nobody at a terminal to ask for a password
        timeout=120,
    )
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode


@pytest.mark.parametrize(
    ("case", "account", "expected"),
    [
        ("wrong password", {"CONSULT_USER": "owner", "CONSULT_PASSWORD": "not it"}, 3),
        ("no account given", {}, 3),
        ("unknown account", {"CONSULT_USER": "nobody", "CONSULT_PASSWORD": "x" * 12}, 3),
        ("a new database", {"CONSULT_USER": "owner", "CONSULT_PASSWORD": "x" * 12}, 2),
        ("not encrypted yet", {"CONSULT_USER": "owner", "CONSULT_PASSWORD": "x" * 12}, 2),
    ],
)
def test_a_command_and_the_app_exit_alike(
    demo_url: str,  # noqa: F811
    tmp_path: Path,
    content: Content,
    case: str,
    account: dict[str, str],
    expected: int,
) -> None:
    url = demo_url
    if case == "a new database":
        url = f"sqlite:///{tmp_path / 'new.db'}"
    elif case == "not encrypted yet":
        url = f"sqlite:///{tmp_path / 'plain.db'}"
        fill_clinic(url, content)
    command = _exit("--db", url, "backup", **account)
    app = _exit("--db", url, "--quit-when-ready", **account)
    assert (command, app) == (expected, expected)
    assert ExitCode(expected)  # a code of the one table


def test_a_good_account_starts_both(demo_url: str) -> None:  # noqa: F811
    owner = {"CONSULT_USER": "owner", "CONSULT_PASSWORD": DEMO_PASSWORDS["owner"]}
    assert _exit("--db", demo_url, "backup", **owner) == ExitCode.OK
    assert _exit("--db", demo_url, "--quit-when-ready", **owner) == ExitCode.OK
