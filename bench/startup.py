"""Cold start, each in a new process on the encrypted SQLite file: first paint, first page
(signed in as the demo practitioner, as clinics start), peak memory."""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.data import PASSWORD, USERNAME, Dataset
from bench.measure import Row

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors"


def _consult_app() -> list[str]:
    """The installed `consult-app` command beside this Python, else the module."""
    script = Path(sys.executable).with_name("consult-app")
    found = str(script) if script.exists() else shutil.which("consult-app")
    return [found] if found else [sys.executable, "-m", "consult_app"]


def _run(command: list[str], *, until: str) -> tuple[float, float]:
    """Milliseconds until the child printed its line (`until`: "painted" or "ready", or ""
    for until it exited), and its peak RSS in MiB until it exited."""
    # --quit-when-ready signs in from these, asking nothing; every command gets them alike.
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CONSULT_USER": USERNAME,
        "CONSULT_PASSWORD": PASSWORD,
    }
    flag = [f"--until-{until}"] if until else []
    done = subprocess.run(
        [sys.executable, str(HERE / "child.py"), *flag, *command],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    ms, mib = done.stdout.split()
    return float(ms), float(mib)


Medians = dict[str, tuple[float, float]]


def _paired(commands: dict[str, list[str]], repeat: int, *, until: str) -> Medians:
    """Median ms and median peak MiB of each command, run in turn after a warm-up."""
    for command in commands.values():
        _run(command, until=until)
    runs: dict[str, list[tuple[float, float]]] = {who: [] for who in commands}
    for _ in range(repeat):
        for who, command in commands.items():
            runs[who].append(_run(command, until=until))
    return {
        who: (statistics.median(t for t, _ in done), statistics.median(m for _, m in done))
        for who, done in runs.items()
    }


def compile_consult_app() -> None:
    """Byte-compile consult_app, as an installed copy is (pip and the bundle do it): the
    libraries of both sides load compiled, and with PYTHONDONTWRITEBYTECODE set (as on the
    development machine) a checkout would otherwise compile every module at every start."""
    import consult_app

    compileall.compile_dir(Path(consult_app.__file__).parent, quiet=1)


def figures(dataset: Dataset, repeat: int, ready_repeat: int) -> list[Row]:
    assert dataset.sqlite_path is not None and dataset.key is not None
    compile_consult_app()
    python = sys.executable
    paint = _paired(
        {
            "ours": [python, str(HERE / "first_paint.py"), dataset.url],
            "floor": [python, str(FLOORS / "bare_window.py")],
        },
        repeat,
        until="painted",
    )
    bare_list = [python, str(FLOORS / "bare_list.py"), str(dataset.sqlite_path)]
    ready = _paired(
        {
            "ours": [*_consult_app(), "--db", dataset.url, "--quit-when-ready"],
            # Signing in derives the key from the password (argon2id, 64 MiB) by design, so
            # the floor does too; the floor given the raw key shows what that costs.
            "floor": [*bare_list, "--sign-in", USERNAME, PASSWORD],
            "raw key": [*bare_list, "--key", dataset.key.hex()],
        },
        ready_repeat,
        until="ready",
    )
    return [
        Row(
            "cold start to first paint of the main window, ms",
            paint["ours"][0],
            paint["floor"][0],
            1.5,
        ),
        Row(
            "cold start until the list shows its first page, ms",
            ready["ours"][0],
            ready["floor"][0],
            1.3,
            f"the floor given the raw key (no key derivation) takes {ready['raw key'][0]:.0f} ms",
        ),
        Row(
            "peak memory until the list is ready, MiB",
            ready["ours"][1],
            ready["floor"][1],
            1.3,
            f"the floor given the raw key (no key derivation) peaks at "
            f"{ready['raw key'][1]:.1f} MiB",
        ),
    ]
