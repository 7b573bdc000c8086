"""Signing in to an encrypted file loads the database layer while the password is checked
(services/preload.py): in a new process, as the app starts, with the key file's real cost."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from consult_app.domain.clinic import ClinicDetails
from consult_app.paths import resources_dir
from consult_app.services.signin import Gate

PASSWORD = "the owner's long password"

# Notes which threads run while argon2 derives the key, then signs in as `sam`.
CHILD = """
import json, sys, threading
if sys.argv[2] != "-":
    sys._MEIPASS = sys.argv[2]  # where consult_app.paths finds resources/ and db/
import argon2.low_level
derive = argon2.low_level.hash_secret_raw
during = []
def watched(*args, **kwargs):
    during.extend(thread.name for thread in threading.enumerate())
    return derive(*args, **kwargs)
argon2.low_level.hash_secret_raw = watched
from consult_app.errors import ConsultError
from consult_app.services.signin import Gate
try:
    context = Gate(sys.argv[1]).sign_in("sam", sys.argv[3])
    outcome = context.user.username
except ConsultError as error:
    outcome = f"{type(error).__name__}: {error}"
after = [thread.name for thread in threading.enumerate()]
print(json.dumps({"during": during, "after": after, "outcome": outcome}))
"""


def _clinic(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'consult.db'}"
    context, _ = Gate(url).set_up(ClinicDetails("Harbour Skin"), "Sam Patel", "sam", PASSWORD)
    context.store.close()
    return url


def _sign_in(url: str, root: str = "-", password: str = PASSWORD) -> dict[str, object]:
    """Sign in as `sam` in a new process; `root` an installed copy's resources/ and db/."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, root, password],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_database_layer_loads_beside_the_key_derivation_and_is_done_after(
    tmp_path: Path,
) -> None:
    seen = _sign_in(_clinic(tmp_path))
    assert seen["outcome"] == "sam"
    assert "consult-preload" in seen["during"]
    assert "consult-preload" not in seen["after"]


def test_a_broken_content_file_found_meanwhile_is_still_reported_by_the_sign_in(
    tmp_path: Path,
) -> None:
    url = _clinic(tmp_path)
    root = tmp_path / "installed"
    shutil.copytree(resources_dir(), root / "resources")
    shutil.copytree(resources_dir().parent / "db", root / "db")
    (root / "resources" / "content" / "rules.toml").write_text("[[rule]\n", encoding="utf-8")

    seen = _sign_in(url, str(root))
    assert str(seen["outcome"]).startswith("ContentError")
    assert "rules.toml" in str(seen["outcome"])
    assert "consult-preload" not in seen["after"]
    # The clinic's file is untouched by the failed start: with the content mended, it opens.
    (root / "resources" / "content" / "rules.toml").write_text(
        (resources_dir() / "content" / "rules.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert _sign_in(url, str(root))["outcome"] == "sam"


def test_a_wrong_password_is_refused_with_nothing_left_loading(tmp_path: Path) -> None:
    seen = _sign_in(_clinic(tmp_path), password="not the password")
    assert str(seen["outcome"]).startswith("SignInError")
    assert "consult-preload" not in seen["after"]
