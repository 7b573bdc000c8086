"""`consult-app` commands for after the consultation: the recall list, the next appointment as
a calendar file, and tracing a batch. Same services as the GUI; no logic of their own."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from consult_app.domain.chart import LotKind
from consult_app.domain.course import RECALL_AHEAD, RECALL_HEADER, recall_count_words
from consult_app.domain.dates import DateStyle, parse_iso_date
from consult_app.domain.text import safe_cell
from consult_app.domain.trace import CSV_HEADER, found_words

if TYPE_CHECKING:
    from consult_app.services.context import AppContext

# What cli.py hands over: the records signed into for a command, and a progress line.
OpenRecords = Callable[[argparse.Namespace], AbstractContextManager["AppContext"]]
ProgressLine = Callable[[str], Callable[[int, int], None]]


def _day(text: str) -> date:
    try:
        return parse_iso_date(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _moment(text: str) -> datetime:
    """A booked time as the clinic's clock reads it: "2027-01-13 14:30"."""
    try:
        moment = datetime.strptime(" ".join(text.split()), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time; write it as YYYY-MM-DD HH:MM, for example 2027-01-13 14:30"
        ) from None
    _day(f"{moment:%Y-%m-%d}")  # a plausible year
    return moment


def add_arguments(
    name: str, command: argparse.ArgumentParser, consultation_number: Callable[[str], int]
) -> None:
    """The arguments of the command `name` (cli.py's AFTER_CONSULTATION says what each does)."""
    if name == "recall":
        command.add_argument(
            "--from",
            dest="start",
            type=_day,
            metavar="YYYY-MM-DD",
            help="only clients due from this day (default: any time, overdue included)",
        )
        command.add_argument(
            "--to",
            dest="end",
            type=_day,
            metavar="YYYY-MM-DD",
            help="the last due day (default: two weeks from today, as the recall dialog)",
        )
        command.add_argument(
            "--pdf", type=Path, metavar="FILE", help="write the printable list as a PDF"
        )
    elif name == "appointment":
        command.add_argument(
            "consultation",
            type=consultation_number,
            metavar="CONSULTATION",
            help="its number, or any document id printed in a footer (CON-002001-1, AFT-002001, …)",
        )
        command.add_argument(
            "--ics", type=Path, metavar="FILE", help="where to write it (default: standard output)"
        )
        command.add_argument(
            "--at", type=_moment, metavar="'YYYY-MM-DD HH:MM'", help="the booked time, clinic time"
        )
    else:  # "trace"
        command.add_argument("--lot", required=True, metavar="X", help="the batch or serial number")
        command.add_argument("--kind", choices=[k.value for k in LotKind], help="what X belongs to")
        command.add_argument("--csv", type=Path, metavar="FILE", help="write the results as CSV")


def _run_recall(args: argparse.Namespace, open_records: OpenRecords, progress: ProgressLine) -> int:
    from consult_app.services.clinic import ClinicService
    from consult_app.services.recall import RecallService

    with open_records(args) as context:
        service = RecallService(context)
        end = args.end or context.today() + RECALL_AHEAD
        lines = service.due(args.start, end, progress("Finding clients due"))
        if args.pdf is not None:
            from consult_app.domain.documents import DocumentUse
            from consult_app.services.documents import DocumentService, write_pdf

            documents = DocumentService(context)
            pdf = documents.recall_pdf(args.start, end, DocumentUse.EXPORT)
            written = write_pdf(pdf, args.pdf)
            print(
                f"Wrote the recall list to {written}. {recall_count_words(lines)}", file=sys.stderr
            )
            return 0
        details = ClinicService(context).details()
    style = details.date_style if details else DateStyle.DAY_MONTH_YEAR
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(RECALL_HEADER)
    writer.writerows([safe_cell(cell) for cell in line.row(style)] for line in lines)
    print(recall_count_words(lines), file=sys.stderr)
    return 0


def _run_appointment(args: argparse.Namespace, open_records: OpenRecords) -> int:
    from consult_app.services.recall import RecallService

    with open_records(args) as context:
        data = RecallService(context).appointment_ics(args.consultation, starts_at=args.at)
    if args.ics is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    from consult_app.services.files import write_file

    target = write_file(data, args.ics, ".ics")
    print(
        f"Wrote the next session of consultation {args.consultation} to {target}", file=sys.stderr
    )
    return 0


def _run_trace(args: argparse.Namespace, open_records: OpenRecords) -> int:
    from consult_app.services.clinic import ClinicService
    from consult_app.services.trace import TraceService

    kind = LotKind(args.kind) if args.kind else None
    with open_records(args) as context:
        service = TraceService(context)
        lines = service.trace(args.lot, kind)
        if args.csv is not None:
            written = service.write_csv(lines, args.csv)
            count = f"{len(lines):,} session{'s' if len(lines) != 1 else ''}"
            print(f"Wrote {count} to {written}", file=sys.stderr)
        details = ClinicService(context).details()
    if args.csv is None:
        # Dates as the clinic writes them, as in the dialog and the --csv file.
        style = details.date_style if details else DateStyle.DAY_MONTH_YEAR
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        writer.writerows([safe_cell(cell) for cell in line.row(style)] for line in lines)
    print(found_words(args.lot.strip(), lines), file=sys.stderr)
    return 0


def handlers(
    open_records: OpenRecords, progress: ProgressLine
) -> dict[str | None, Callable[[argparse.Namespace], int]]:
    """The commands' handlers, given how cli.py signs in and shows progress."""
    return {
        "recall": lambda args: _run_recall(args, open_records, progress),
        "appointment": lambda args: _run_appointment(args, open_records),
        "trace": lambda args: _run_trace(args, open_records),
    }
