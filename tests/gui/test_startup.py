"""The app starts in its own process, signs in from the environment, shows the client list and
exits cleanly when asked; without a usable account it says why and exits with 3."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consult_app.services.demo import DEMO_PASSWORDS
from consult_app.services.demo_clinic import create_demo_clinic
from consult_app.services.signin import Gate
from tests.conftest import TODAY


def _start(url: str, **account: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CONSULT_USER", "CONSULT_PASSWORD")
    }
    env.update(QT_QPA_PLATFORM="offscreen", **account)
    command = [sys.executable, "-m", "consult_app", "--db", url, "--quit-when-ready"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    context, _ = create_demo_clinic(Gate(url), 200, 50, today=TODAY)
    context.store.close()
    return url


@pytest.mark.parametrize("username", ["owner", "reception"])
def test_the_app_signs_in_from_the_environment_and_quits_when_ready(
    demo_url: str, username: str
) -> None:
    run = _start(demo_url, CONSULT_USER=username, CONSULT_PASSWORD=DEMO_PASSWORDS[username])
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


def test_the_log_file_is_started_for_bugs(demo_url: str, tmp_path: Path) -> None:
    """After the first paint, yet before the records open (tests/gui/test_crash_log.py)."""
    run = _start(
        demo_url,
        CONSULT_USER="owner",
        CONSULT_PASSWORD=DEMO_PASSWORDS["owner"],
        XDG_DATA_HOME=str(tmp_path),  # where platformdirs puts the user data folder on Linux
    )
    assert run.returncode == 0, run.stderr
    written = (tmp_path / "Consult" / "logs" / "consult.log").read_text(encoding="utf-8")
    assert "Consult" in written and "started" in written


def test_without_an_account_in_the_environment_it_says_which_to_set(demo_url: str) -> None:
    run = _start(demo_url)
    assert run.returncode == 3  # as a command without an account: tests/cli/test_exit_codes.py
    assert "set CONSULT_USER and CONSULT_PASSWORD" in run.stderr


def test_a_wrong_password_is_refused_in_one_line(demo_url: str) -> None:
    run = _start(demo_url, CONSULT_USER="owner", CONSULT_PASSWORD="not it")
    assert run.returncode == 3
    assert "consult-app: The user name or password is not right." in run.stderr.splitlines()


def test_a_new_database_is_not_started_unattended(tmp_path: Path) -> None:
    run = _start(f"sqlite:///{tmp_path / 'new.db'}")
    assert run.returncode == 2
    assert "not set up yet" in run.stderr


# Run in the app's own process: the slot is connected before run_app connects the opening, so it
# sees the modules loaded when the window is first painted, before any database work.
_AT_FIRST_PAINT = """
import os, sys
from consult_app.gui.main_window import MainWindow

heavy = sys.argv[1].split(",")
plain_init = MainWindow.__init__

def init(self, *args, **kwargs):
    plain_init(self, *args, **kwargs)

    def painted():
        loaded = sorted(name for name in heavy if name in sys.modules)
        print("loaded at first paint:", ",".join(loaded) or "none", flush=True)
        os._exit(0)

    self.first_painted.connect(painted)

MainWindow.__init__ = init
from consult_app.cli import main
sys.exit(main(sys.argv[2:]))
"""

# What the empty window does not need, and the first paint must not wait for: the libraries of
# the database and the PDFs (about half a second to import), and the modules of what shows only
# once the records are open or a command asks for it (the history's and the sessions' words, the
# treatment sessions box, the commands for after the consultation).
NOT_AT_FIRST_PAINT = (
    "sqlalchemy",
    "reportlab",
    "alembic",
    "consult_app.cli_recall",
    "consult_app.domain.consultation",
    "consult_app.domain.screening",
    "consult_app.domain.treatment",
    "consult_app.domain.course",
    "consult_app.domain.chart",
    "consult_app.gui.treatment",
    "logging.handlers",  # the log file starts after the first paint
    "zoneinfo",
)


def test_the_window_paints_before_what_it_does_not_show_yet_is_imported(
    tmp_path: Path,
) -> None:
    """The lazy imports are guarded by this test, not by habit."""
    env = {k: v for k, v in os.environ.items() if k not in ("CONSULT_USER", "CONSULT_PASSWORD")}
    env.update(QT_QPA_PLATFORM="offscreen")
    command = [
        sys.executable,
        "-c",
        _AT_FIRST_PAINT,
        ",".join(NOT_AT_FIRST_PAINT),
        "--db",
        f"sqlite:///{tmp_path / 'x.db'}",
    ]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "loaded at first paint: none" in run.stdout.splitlines(), run.stdout + run.stderr


# The bundled fonts come after the first paint (they take tens of milliseconds to register),
# yet before the opening can show anyone's name.
_FONTS_WHEN = """
import sys
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from consult_app.gui.app import _Opening
from consult_app.gui.main_window import MainWindow

app = QApplication([])
window = MainWindow()
known = lambda: "yes" if "Noto Sans Hebrew" in QFontDatabase.families() else "no"
print("before the opening:", known(), flush=True)
_Opening(app, window, sys.argv[1], unattended=True).start()  # refused: not set up yet
print("after the opening:", known(), flush=True)
"""


def test_the_bundled_fonts_are_added_after_the_first_paint_before_the_sign_in(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CONSULT_USER", "CONSULT_PASSWORD")}
    env.update(QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", _FONTS_WHEN, f"sqlite:///{tmp_path / 'new.db'}"]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "before the opening: no" in lines and "after the opening: yes" in lines, run.stdout
