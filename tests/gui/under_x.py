"""Running GUI tests again under a real X server (Xvfb, 1280×800) from an offscreen run.

Offscreen Qt has a fixed small screen and none of X11's key bindings; some behaviour only
shows on a real one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

needs_xvfb = pytest.mark.skipif(not shutil.which("xvfb-run"), reason="needs Xvfb")


def run_under_x(*tests: str) -> str:
    """Run pytest on `tests` (node ids) under Xvfb; fails with its output unless all pass."""
    if os.environ.get("QT_QPA_PLATFORM") == "xcb":
        pytest.skip("this run is under X already")
    done = subprocess.run(
        [
            *("xvfb-run", "-a", "-s", "-screen 0 1280x800x24"),
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests),
        ],
        env={**os.environ, "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    return done.stdout
