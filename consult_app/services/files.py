"""Writing what a command or a dialog saves (a PDF, a calendar file, a CSV): whole or not at
all, with a message naming the file when it cannot be written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from consult_app.errors import Problem, ValidationError
from consult_app.store.files import replace_durably, temporary_file


def unwritable(target: Path, error: OSError) -> ValidationError:
    """The refusal for a file that could not be written, saying why in words."""
    reason = (
        f"no permission to write in {target.parent}"
        if isinstance(error, PermissionError)
        else error.strerror or str(error)
    )
    return ValidationError([Problem(str(target), f"cannot be written: {reason}")])


@contextmanager
def whole_file(path: Path, suffix: str) -> Iterator[Path]:
    """A new file beside `path` to write in the block; it replaces `path` (durably) when the
    block ends without an error, and is removed otherwise. `suffix`: ".csv.part"."""
    target = Path(path).expanduser()
    try:
        part = temporary_file(target.parent, suffix)
    except OSError as error:
        raise unwritable(target, error) from None
    try:
        yield part
        replace_durably(part, target)
    except OSError as error:
        raise unwritable(target, error) from None
    finally:
        part.unlink(missing_ok=True)


def write_file(data: bytes, path: Path, suffix: str) -> Path:
    """Write atomically: a reader never sees half a file, a failure leaves nothing behind.
    `suffix` (".pdf", ".ics") is what the messages ask a file name to end in."""
    target = Path(path).expanduser()
    folder = target.parent
    if not folder.is_dir():
        problem = f"the folder {folder} does not exist; create it or choose another"
        raise ValidationError([Problem(str(target), problem)])
    if target.is_dir():
        raise ValidationError(
            [Problem(str(target), f"is a folder; give a file name ending in {suffix}")]
        )
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".consult-", suffix=suffix)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError as error:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
        raise unwritable(target, error) from None
    return target
