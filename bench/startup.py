"""Cold start, each in a new process on the SQLite file: first paint, first page, peak memory."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from bench.data import Dataset
from bench.measure import Row

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "floors"


def _consult_app() -> list[str]:
    """The installed `consult-app` command beside this Python, else the module."""
    script = Path(sys.executable).with_name("consult-app")
    found = str(script) if script.exists() else shutil.which("consult-app")
    return [found] if found else [sys.executable, "-m", "consult_app"]


def _run(command: list[str], *, until_painted: bool) -> tuple[float, float]:
    """Milliseconds until the child printed "painted" (or exited), and its peak RSS in MiB."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    flag = ["--until-painted"] if until_painted else []
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


def _paired(ours: list[str], floor: list[str], repeat: int, *, until_painted: bool) -> Medians:
    """Median ms and median peak MiB of each command, run alternately after a warm-up."""
    _run(ours, until_painted=until_painted)
    _run(floor, until_painted=until_painted)
    runs: dict[str, list[tuple[float, float]]] = {"ours": [], "floor": []}
    for _ in range(repeat):
        runs["ours"].append(_run(ours, until_painted=until_painted))
        runs["floor"].append(_run(floor, until_painted=until_painted))
    return {
        who: (statistics.median(t for t, _ in done), statistics.median(m for _, m in done))
        for who, done in runs.items()
    }


def figures(dataset: Dataset, repeat: int) -> list[Row]:
    python = sys.executable
    paint = _paired(
        [python, str(HERE / "first_paint.py"), dataset.url],
        [python, str(FLOORS / "bare_window.py")],
        repeat,
        until_painted=True,
    )
    ready = _paired(
        [*_consult_app(), "--db", dataset.url, "--quit-when-ready"],
        [python, str(FLOORS / "bare_list.py"), str(dataset.sqlite_path)],
        repeat,
        until_painted=False,
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
        ),
        Row("peak memory until the list is ready, MiB", ready["ours"][1], ready["floor"][1], 1.3),
    ]
