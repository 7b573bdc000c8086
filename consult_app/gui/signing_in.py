"""Before the records open: what kind of database this is, and what each kind needs first.

A new database is set up (and encrypted) with the owner's account, then its recovery key is
shown once; a file from before encryption is encrypted once; anything else is signed in to.
The quick look at the database at start runs with the unlocked key inside signing in, on the
worker thread, and the records' writes are held for the check of the whole file that follows
(gui/database_check.py); what either found is explained (and a backup offered) on the GUI
thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QDialog, QProgressDialog, QWidget

from consult_app.errors import (
    ConsultError,
    ExitCode,
    NotEncryptedError,
    NotSetUpError,
    SignInError,
    ValidationError,
    exit_code,
)
from consult_app.gui.errors import show_error
from consult_app.gui.tasks import run_in_background

if TYPE_CHECKING:
    from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
    from consult_app.services.backups import StartCheck
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate

# Unattended, each stop exits as the same failure does in a `consult-app` command.
EXIT_NOT_SET_UP = exit_code(NotSetUpError)
EXIT_NOT_ENCRYPTED = exit_code(NotEncryptedError)
EXIT_SIGN_IN = exit_code(SignInError)


class DamagedAtStart(Exception):
    """Raised by the check inside signing in, so its questions are asked on the GUI thread."""

    def __init__(self, check: StartCheck, key: bytes | None) -> None:
        super().__init__(check.problem)
        self.check = check
        self.key = key


class GaveUp(Exception):
    """The database cannot be used now (damaged, no backup restored): Consult closes."""


class Unattended(Exception):
    """Starting without dialogs stopped: exit with `code`, after `message` on stderr."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def start_check(url: str) -> Callable[[bytes | None], None]:
    """The quick look at start, for `Gate.sign_in(before_open=…)`: runs with the unlocked key.
    The whole file is checked once the records show (gui/database_check.py), writes held."""

    def before_open(key: bytes | None) -> None:
        from consult_app.services.backups import BackupFiles

        check = BackupFiles(url, key=key).check_at_start(whole=False)
        if check.is_damaged:
            raise DamagedAtStart(check, key)

    return before_open


def wait_for(parent: QWidget | None, text: str, work: Callable[[], Any]) -> Any:
    """Run `work` in the thread pool behind a modal "please wait"; its result, or its error.

    For steps a dialog cannot go on without (setting up the database); the window keeps
    painting meanwhile, because the wait is an event loop, not a blocked thread.
    """
    waiting = QProgressDialog(text, "", 0, 0, parent)
    waiting.setWindowTitle("Consult")
    waiting.setCancelButton(None)  # the work cannot be stopped half way
    waiting.setWindowModality(Qt.WindowModality.ApplicationModal)
    waiting.setMinimumDuration(0)
    waiting.setAccessibleName(text)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def finish(key: str) -> Callable[[Any], None]:
        def store(value: Any) -> None:
            outcome[key] = value
            loop.quit()

        return store

    run_in_background(work, finish("result"), finish("error"))
    waiting.show()
    loop.exec()  # results are delivered by queued signals, so only once this loop runs
    waiting.close()
    waiting.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _needs_set_up(url: str) -> bool:
    """Whether a database server holds no clinic yet (only a server can be empty but exist)."""
    from consult_app.services.clinic import ClinicService
    from consult_app.services.startup import open_context

    context = open_context(url)
    try:
        return ClinicService(context).needs_set_up()
    finally:
        context.store.close()


# With dialogs --------------------------------------------------------------------------------


def open_records(gate: Gate, parent: QWidget | None) -> AppContext | None:
    """Whatever this database needs before someone works in it; the signed-in context, or None
    when cancelled. Raises GaveUp when a damaged database could not be replaced."""
    from consult_app.services.signin import Kind

    kind = gate.kind()
    if kind is Kind.NEW:
        return set_up_clinic(gate, parent)
    if kind is Kind.PLAIN:
        return encrypt_records(gate, parent)
    if kind is Kind.SERVER and wait_for(
        parent, "Connecting to the database server…", lambda: _needs_set_up(gate.url)
    ):
        return set_up_clinic(gate, parent)
    return sign_in(gate, parent)


def sign_in(gate: Gate, parent: QWidget | None, *, clinic_name: str = "") -> AppContext | None:
    """The sign-in dialog, with the check at start; None when cancelled."""
    from consult_app.gui.backup_views import handle_start_check
    from consult_app.gui.dialogs.sign_in_dialog import SignInDialog
    from consult_app.services.backups import BackupFiles

    gave_up: list[bool] = []

    def on_error(dialog: SignInDialog, error: BaseException) -> bool | None:
        if not isinstance(error, DamagedAtStart):
            return None  # the dialog says what went wrong
        service = BackupFiles(gate.url, key=error.key)
        if handle_start_check(error.check, service, dialog):
            return True  # a backup is in place now: sign in again with what was typed
        gave_up.append(True)
        dialog.done(QDialog.DialogCode.Rejected)
        return False

    dialog = SignInDialog(
        gate,
        parent,
        clinic_name=clinic_name,
        before_open=start_check(gate.url),
        on_error=on_error,
        hold_writes=True,
    )
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if gave_up:
        raise GaveUp
    return dialog.context if accepted else None


def set_up_clinic(gate: Gate, parent: QWidget | None) -> AppContext | None:
    """The first start: the clinic and its owner, then the recovery key once."""
    from consult_app.gui.dialogs.clinic_setup_dialog import ClinicSetupDialog

    dialog = ClinicSetupDialog(parent)
    while True:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        details, owner_name = dialog.values()
        account = dialog.account()
        try:
            context, recovery_key = wait_for(
                dialog,
                "Setting up the clinic's records…",
                lambda d=details, o=owner_name, a=account: gate.set_up(d, o, *a),
            )
        except ValidationError as error:
            dialog.show_problems(error.problems)
            continue
        except ConsultError as error:
            show_error(dialog, "The clinic was not set up", error)
            continue
        break
    if recovery_key:
        show_recovery_key(recovery_key, details.name, parent)
    return context


def encrypt_records(gate: Gate, parent: QWidget | None) -> AppContext | None:
    """A file from before encryption: checked, then encrypted once; the recovery key shown."""
    from consult_app.gui.backup_views import database_ready
    from consult_app.gui.dialogs.encrypt_dialog import EncryptDialog
    from consult_app.services.backups import BackupFiles
    from consult_app.services.clinic import ClinicService

    if not database_ready(BackupFiles(gate.url), parent):
        raise GaveUp
    dialog = EncryptDialog(gate, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.context is None:
        return None
    details = ClinicService(dialog.context).details()
    show_recovery_key(dialog.recovery_key, details.name if details else "", parent)
    return dialog.context


def show_recovery_key(recovery_key: str, clinic_name: str, parent: QWidget | None) -> None:
    from consult_app.gui.dialogs.recovery_key_dialog import RecoveryKeyDialog

    RecoveryKeyDialog(recovery_key, clinic_name, parent).exec()


# Without dialogs -----------------------------------------------------------------------------


def open_unattended(gate: Gate, environ: Mapping[str, str]) -> AppContext:
    """Sign in as CONSULT_USER with CONSULT_PASSWORD, asking nothing; Unattended if that cannot
    be done (the database is new, not encrypted yet, damaged, or the account is wrong)."""
    from consult_app.services.signin import Kind

    kind = gate.kind()
    if kind is Kind.NEW:
        raise Unattended(EXIT_NOT_SET_UP, "this database is not set up yet; open Consult once")
    if kind is Kind.PLAIN:
        raise Unattended(
            EXIT_NOT_ENCRYPTED,
            "this database is not encrypted yet; open Consult once to encrypt it",
        )
    username = environ.get("CONSULT_USER", "").strip()
    password = environ.get("CONSULT_PASSWORD", "")
    if not username or not password:
        raise Unattended(
            EXIT_SIGN_IN, "set CONSULT_USER and CONSULT_PASSWORD to start without dialogs"
        )
    try:
        return gate.sign_in(username, password, before_open=start_check(gate.url), hold_writes=True)
    except DamagedAtStart as damaged:
        from consult_app.gui.backup_views import handle_start_check
        from consult_app.services.backups import BackupFiles

        handle_start_check(
            damaged.check, BackupFiles(gate.url, key=damaged.key), None, interactive=False
        )
        raise Unattended(ExitCode.FAILED, "") from None  # the explanation is on stderr already
    except SignInError as error:
        if kind is Kind.SERVER and _needs_set_up(gate.url):
            raise Unattended(
                EXIT_NOT_SET_UP, "this database is not set up yet; open Consult once"
            ) from None
        raise Unattended(EXIT_SIGN_IN, " ".join(str(error).split())) from None
