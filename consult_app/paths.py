"""The one place that finds resources/ and db/, in a checkout, an installed wheel or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "Consult"
APP_AUTHOR = "Consult"


def _root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller unpacks data files beside the bundled modules
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """Clinic-editable content, fonts and icons."""
    return _root() / "resources"


def content_dir() -> Path:
    return resources_dir() / "content"


def migrations_dir() -> Path:
    """The Alembic environment (env.py and versions/)."""
    return _root() / "db"


def user_data_dir() -> Path:
    """Where the default database and its backups live on this workstation."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, APP_AUTHOR, ensure_exists=True)


def default_database_url() -> str:
    return f"sqlite:///{user_data_dir() / 'consult.db'}"
