"""The `consult-app` command: the GUI by default, sub-commands for headless work."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consult_app import __version__
from consult_app.domain.document_kinds import CONSULTATION_KINDS, HandoutKind
from consult_app.domain.permissions import Permission
from consult_app.errors import (
    BackupFileError,
    ConsultError,
    ContentError,
    DamagedDatabaseError,
    ExitCode,
    NotAllowedError,
    NotEncryptedError,
    NotSetUpError,
    SignInError,
    StorageError,
    ValidationError,
    exit_code,
)

if TYPE_CHECKING:
    from consult_app.services.context import AppContext
    from consult_app.services.signin import Gate

SIGN_IN_HELP = (
    "Commands that open the clinic's records sign in as an account: set CONSULT_USER and "
    "CONSULT_PASSWORD, or run them in a terminal to be asked."
)


# The commands for after the consultation (cli_recall.py), with what `--help` says of each.
AFTER_CONSULTATION = {
    "recall": "list the clients whose next session is due by --to, overdue ones included, or "
    "only those due from --from (CSV on standard output, or the printable list with --pdf); "
    "progress on standard error",
    "appointment": "write a client's next session as a calendar file (.ics), all day on its "
    "due date unless --at gives the booked time",
    "trace": "list every client treated with a cartridge lot, a device serial or a product lot "
    "(practitioners and the owner; audited)",
}


class _Command(argparse.ArgumentParser):
    """A sub-command whose arguments can be added when it is the command given (parsed, or its
    own --help shown), not whenever the parser is made: the app's start parses its arguments
    before the first paint, and what some commands' arguments import is not for that paint."""

    _add_arguments: Callable[[argparse.ArgumentParser], None] | None = None

    def arguments_later(self, add: Callable[[argparse.ArgumentParser], None]) -> None:
        self._add_arguments = add

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        if self._add_arguments is not None:
            add, self._add_arguments = self._add_arguments, None
            add(self)
        return super().parse_known_args(*args, **kwargs)


def _after_consultation_arguments(name: str) -> Callable[[argparse.ArgumentParser], None]:
    def add(command: argparse.ArgumentParser) -> None:
        from consult_app.cli_recall import add_arguments

        add_arguments(name, command, _consultation_number)

    return add


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consult-app",
        description="Consult: consultation companion for micro-needling practitioners. "
        "With no command, opens the app.",
        epilog=SIGN_IN_HELP,
    )
    parser.add_argument("--version", action="version", version=f"consult-app {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database address (default: $CONSULT_DB_URL, else a SQLite file in your user data "
        "folder); e.g. sqlite:///clinic.db or postgresql+psycopg://user:pw@host/consult",
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="open the main window, show the first page of clients, then exit (for automation)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Command)
    demo = commands.add_parser("demo", help="fill the database with a demo clinic")
    demo.add_argument(
        "--clients", type=_count, default=2000, metavar="N", help="clients to add (default 2000)"
    )
    demo.add_argument(
        "--consultations",
        type=_count,
        metavar="N",
        help="consultations to add (default: as many as clients)",
    )
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing if the database already has clients"
    )
    export = commands.add_parser("export", help="write a consultation's document as a PDF")
    export.add_argument(
        "consultation",
        type=_consultation_number,
        metavar="CONSULTATION",
        help="its number, or any document id printed in a footer (CON-002001-1, AFT-002001, …)",
    )
    export.add_argument("--doc", choices=[k.value for k in CONSULTATION_KINDS], required=True)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    handout = commands.add_parser("handout", help="write a blank handout for reception as a PDF")
    handout.add_argument("kind", choices=[k.value for k in HandoutKind])
    handout.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    screen = commands.add_parser(
        "screen", help="screen an intake file (JSON) and print the findings"
    )
    screen.add_argument("file", type=Path, metavar="FILE.json")
    screen.add_argument("--format", choices=("json", "text"), default="json")
    verify = commands.add_parser(
        "verify",
        help="check whether a PDF is byte for byte a signed consent stored in the records "
        "(exit 0; 4 not a Consult document, 5 no such consent here, 6 altered, 7 a later "
        "consent or amendment exists)",
    )
    verify.add_argument("file", type=Path, metavar="FILE.pdf")
    commands.add_parser(
        "backup", help="back up the database now (prints the backup's path; SQLite only)"
    )
    restore = commands.add_parser(
        "restore",
        help="replace the database with a backup, after checking it and backing up the current "
        "database (close Consult everywhere first)",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    commands.add_parser(
        "encrypt",
        help="encrypt a database from before encryption, once, after a backup (as an owner: "
        "CONSULT_USER, and CONSULT_PASSWORD becomes that account's password); prints the "
        "recovery key",
    )
    for name, words in AFTER_CONSULTATION.items():
        commands.add_parser(name, help=words).arguments_later(_after_consultation_arguments(name))
    return parser


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 10_000_000:
        raise argparse.ArgumentTypeError("must be between 0 and 10,000,000")
    return value


# Every document's footer prints its id with the consultation's number: CON-002001-1 (consent),
# AFT-002001 (aftercare), REC-002001-v3 (record). That is where people find the number.
_FOOTER_ID = re.compile(r"(?:CON|AFT|REC)-0*(\d+)(?:-V?\d+)?")


def _consultation_number(text: str) -> int:
    found = _FOOTER_ID.fullmatch(text.strip().upper())
    if found:
        return _count(found[1])
    try:
        return _count(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is neither a consultation number nor a document id such as CON-002001-1 "
            "(printed at the foot of every page)"
        ) from None


def _database_url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    if os.environ.get("CONSULT_DB_URL"):
        return os.environ["CONSULT_DB_URL"]
    from consult_app.paths import default_database_url

    return default_database_url()


def _progress(label: str) -> Callable[[int, int], None]:
    """A progress line on stderr: redrawn on a terminal, every tenth otherwise."""
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        step = percent if sys.stderr.isatty() else percent // 10 * 10
        if step == last[0]:
            return
        last[0] = step
        end = "\r" if sys.stderr.isatty() and done < total else "\n"
        print(
            f"{label}: {percent:3d}% ({done:,} of {total:,})", end=end, file=sys.stderr, flush=True
        )

    return report


def _gate(args: argparse.Namespace) -> Gate:
    from consult_app.services.signin import Gate

    return Gate(
        _database_url(args), allow_insecure=os.environ.get("CONSULT_ALLOW_INSECURE_DB") == "1"
    )


def _credentials() -> tuple[str, str]:
    """The account to sign in as: from the environment (automation), else asked for."""
    username = os.environ.get("CONSULT_USER", "")
    password = os.environ.get("CONSULT_PASSWORD", "")
    if username and password:
        return username, password
    if not sys.stdin.isatty():
        raise SignInError(f"Nobody is signed in. {SIGN_IN_HELP}")
    import getpass

    username = username or input("User name: ").strip()
    return username, password or getpass.getpass("Password: ")


def _signed_in(gate: Gate, *, check: bool = True) -> AppContext:
    """Signed in, and (`check`) the whole database file checked before anything is written;
    a damaged file is reported with the newest good backup, and left exactly as it is."""
    from consult_app.services.signin import Kind

    kind = gate.kind()
    if kind is Kind.NEW:
        raise NotSetUpError(
            f"There is no clinic database at {gate.database}. Open Consult once to set the "
            "clinic up, or run `consult-app demo` for a demo clinic."
        )
    if kind is Kind.PLAIN:  # said before asking for a password it could not use
        raise NotEncryptedError("This clinic's database is not encrypted yet.")
    # Unchecked (a restore), the sign-in is recorded at once, as the restore will be.
    context = gate.sign_in(*_credentials(), hold_writes=check)
    if check:
        _checked(context)
    return context


def _checked(context: AppContext) -> None:
    from consult_app.services.backups import BackupFiles, BackupService

    try:
        BackupService(context).check_database()  # the sign-in is recorded once it passes
    except DamagedDatabaseError as error:
        context.store.close()
        files = BackupFiles(context.store.url, key=context.store.key)
        good = files.newest_good_backup()
        advice = (
            f"The newest good backup is {good.path} (taken {good.taken_at:%Y-%m-%d %H:%M} "
            f"UTC): restore it with `consult-app restore {good.path}`."
            if good
            else f"No good backup was found in {files.folder}: ask your IT support."
        )
        raise DamagedDatabaseError(f"{error} {advice}") from None
    except BaseException:
        context.store.close()
        raise


def _run_demo(args: argparse.Namespace) -> int:
    from consult_app.services.access import require
    from consult_app.services.clinic import ClinicService
    from consult_app.services.demo import fill_demo
    from consult_app.services.demo_clinic import create_demo_clinic
    from consult_app.services.signin import Kind
    from consult_app.services.startup import open_context

    gate = _gate(args)
    kind = gate.kind()
    consultations = args.clients if args.consultations is None else args.consultations
    progress = _progress("Adding demo clinic")
    if kind is Kind.SERVER:
        with _closing(open_context(gate.url)) as probe:
            kind = Kind.NEW if ClinicService(probe).needs_set_up() else kind
    if kind is Kind.NEW:
        context, recovery = create_demo_clinic(
            gate, args.clients, consultations, today=date.today(), progress=progress
        )
        context.store.close()
        if recovery:
            print(
                f"Recovery key of this demo clinic (it opens the records if every password is "
                f"lost; a real clinic prints it and keeps it safe): {recovery}",
                file=sys.stderr,
            )
    elif args.if_empty:
        print("The database already exists; no demo data added.", file=sys.stderr)
        return 0
    else:
        with _closing(_signed_in(gate)) as context:
            require(context, Permission.CLINIC_SETTINGS, "clinic")
            fill_demo(
                context.store,
                context.content,
                args.clients,
                consultations,
                today=date.today(),
                progress=progress,
            )
    print(
        f"Added a demo clinic with {args.clients:,} clients and {consultations:,} consultations.",
        file=sys.stderr,
    )
    return 0


@contextmanager
def _closing(context: AppContext) -> Iterator[AppContext]:
    try:
        yield context
    finally:
        context.store.close()


def _run_screen(args: argparse.Namespace) -> int:
    import json

    from consult_app.domain.dates import format_date
    from consult_app.services.screening import result_to_json, screen_file

    screened = screen_file(args.file)
    result = screened.result
    if args.format == "json":
        print(json.dumps(result_to_json(result, screened.changed), indent=2, ensure_ascii=False))
        return 0
    print(f"Outcome: {result.outcome}")
    if screened.changed is not None:
        print(f"Changed since last time: {', '.join(screened.changed) or 'nothing'}")
    for finding in result.findings:
        print(
            f"\n[{finding.severity}] {finding.rule}\n  {finding.message}"
            f"\n  What to do: {finding.advice}"
        )
        if finding.reassess_on:
            print(f"  Re-assess on: {format_date(finding.reassess_on)}")
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from consult_app.domain.documents import DocumentUse
    from consult_app.services.documents import DocumentService, write_pdf

    with _closing(_signed_in(_gate(args))) as context:
        documents = DocumentService(context)
        written = write_pdf(
            documents.pdf(args.doc, args.consultation, DocumentUse.EXPORT), args.output
        )
        for warning in documents.warnings(args.consultation, args.doc):
            print(f"consult-app: warning: {warning}", file=sys.stderr)
    print(f"Wrote the {args.doc} of consultation {args.consultation} to {written}", file=sys.stderr)
    return 0


def _run_verify(args: argparse.Namespace) -> int:
    from consult_app.services.copies import CopyChecker, Verdict

    with _closing(_signed_in(_gate(args))) as context:
        check = CopyChecker(context).check_file(args.file)
    print(f"{check.headline}: {check.reason}")
    for line in check.lines():
        print(f"  {line}")
    return {
        Verdict.GENUINE: ExitCode.OK,
        Verdict.SUPERSEDED: ExitCode.COPY_SUPERSEDED,
        Verdict.ALTERED: ExitCode.COPY_ALTERED,
        Verdict.UNKNOWN: ExitCode.COPY_UNKNOWN,
        Verdict.NOT_CONSULT: ExitCode.COPY_NOT_CONSULT,
    }[check.verdict]


def _run_handout(args: argparse.Namespace) -> int:
    from consult_app.domain.documents import HandoutKind
    from consult_app.services.documents import DocumentService, write_pdf

    with _closing(_signed_in(_gate(args))) as context:
        pdf = DocumentService(context).handout_pdf(HandoutKind(args.kind))
        written = write_pdf(pdf, args.output)
    print(f"Wrote the {args.kind} handout to {written}", file=sys.stderr)
    return 0


def _run_backup(args: argparse.Namespace) -> int:
    from consult_app.services.backups import BackupService

    with _closing(_signed_in(_gate(args))) as context:
        path = BackupService(context).back_up(_progress("Backing up"))
    print(path)
    return 0


def _run_restore(args: argparse.Namespace) -> int:
    from consult_app.services.backups import BackupService

    # Not checked first: a damaged database is what a restore replaces (it is moved aside).
    with _closing(_signed_in(_gate(args), check=False)) as context:
        done = BackupService(context).restore(args.file, _progress("Restoring"))
        context.user = done.account  # this command's context: who goes on, if anything does
    if done.previous_saved_to:
        print(f"The database as it was is backed up to {done.previous_saved_to}", file=sys.stderr)
    if done.damaged_moved_to:
        print(f"The damaged database was moved to {done.damaged_moved_to}", file=sys.stderr)
    print(f"Restored {done.database} from {done.backup}", file=sys.stderr)
    return 0


def _run_encrypt(args: argparse.Namespace) -> int:
    gate = _gate(args)
    context, recovery = gate.encrypt(*_credentials(), progress=_progress("Encrypting"))
    context.store.close()
    print(f"Encrypted {gate.database}. The unencrypted copy is kept as a backup.", file=sys.stderr)
    print("Recovery key (print it and keep it safe; it is not shown again):", recovery, sep="\n")
    return 0


def _run_gui(args: argparse.Namespace) -> int:
    from consult_app.gui import plain_imports

    with plain_imports():  # the window's modules, before its first paint
        from consult_app.gui.app import run_app

    return run_app(_database_url(args), quit_when_ready_=args.quit_when_ready)


HANDLERS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "demo": _run_demo,
    "screen": _run_screen,
    "export": _run_export,
    "handout": _run_handout,
    "verify": _run_verify,
    "backup": _run_backup,
    "restore": _run_restore,
    "encrypt": _run_encrypt,
    None: _run_gui,
}


def _handler(command: str | None) -> Callable[[argparse.Namespace], int]:
    if command not in AFTER_CONSULTATION:
        return HANDLERS[command]
    from consult_app.cli_recall import handlers  # only for these commands, as their arguments

    return handlers(lambda args: _closing(_signed_in(_gate(args))), _progress)[command]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _handler(args.command)(args)
    except ValidationError as exc:
        for problem in exc.problems:
            print(f"consult-app: {problem}", file=sys.stderr)
        return exit_code(exc)
    except ContentError as exc:
        print(f"consult-app: clinic content problem: {exc}", file=sys.stderr)
        return exit_code(exc)
    except NotEncryptedError as exc:
        print(
            f"consult-app: {exc} Open Consult as the owner, or run `consult-app encrypt` with "
            "CONSULT_USER and CONSULT_PASSWORD of an owner account.",
            file=sys.stderr,
        )
        return exit_code(exc)
    except (SignInError, NotAllowedError) as exc:
        print(f"consult-app: {exc}", file=sys.stderr)
        return exit_code(exc)
    except BackupFileError as exc:
        print(f"consult-app: {exc} Nothing was changed.", file=sys.stderr)
        return exit_code(exc)
    except StorageError as exc:
        print(f"consult-app: database problem: {exc}", file=sys.stderr)
        return exit_code(exc)
    except ConsultError as exc:
        print(f"consult-app: {exc}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt as exc:
        print("consult-app: stopped.", file=sys.stderr)
        return exit_code(exc)
