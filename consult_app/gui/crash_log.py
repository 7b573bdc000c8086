"""Bugs are not lost in the windowed app: an excepthook and a rotating log file.

The windowed bundle has no terminal, so an unexpected error (in a slot, on a worker thread)
would vanish. Each is written to a rotating log in the user data folder and shown as a bug.
What is written is where it happened (files, lines, functions) and the kind of error, never
its message: a message can quote what was typed (a client's name, an answer), and medical
content never goes into a log or an error's details.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from consult_app import __version__
from consult_app.paths import user_data_dir

log = logging.getLogger("consult")
LOG_NAME = "consult.log"
LOG_BYTES = 1_000_000  # about a thousand bugs; three older files are kept
LOG_KEPT = 3


def log_path(folder: Path | None = None) -> Path:
    return (folder or user_data_dir() / "logs") / LOG_NAME


def start_logging(folder: Path | None = None) -> Path:
    """Send the "consult" log to the rotating file (once); returns the file's path."""
    # Here, not above: logging.handlers brings sockets and pickling, which the window's first
    # paint, before the app starts its log, need not wait for.
    from logging.handlers import RotatingFileHandler

    path = log_path(folder)
    for handler in log.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_KEPT, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.info("Consult %s started (Python %s)", __version__, sys.version.split()[0])
    return path


def where_it_failed(error: BaseException) -> str:
    """The error's kind and where it was raised (with its causes), without any message."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("while handling, or caused by:")
    return "\n".join(lines)


def log_bug(error: BaseException, during: str = "") -> None:
    """Write an unexpected error to the log: `during` names the step (an id, never content)."""
    log.error("unexpected error%s:\n%s", f" in {during}" if during else "", where_it_failed(error))


def install_excepthook(show: Callable[[BaseException], None]) -> None:
    """Log every uncaught error (main thread, Qt slots, worker threads), then `show` it."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log_bug(error.with_traceback(tb))
        show(error)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log_bug(args.exc_value, f"thread {args.thread.name if args.thread else '?'}")

    sys.excepthook = hook
    threading.excepthook = thread_hook
