"""`consult-app recall`, `appointment` and `trace` on an encrypted clinic: the same services as
the GUI, CSV and calendar files out, the exit codes of errors.py for refusals and bad input."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from consult_app.cli import main
from consult_app.content.bundle import Content
from consult_app.domain.dates import DateStyle
from consult_app.domain.people import Role
from consult_app.errors import ExitCode
from consult_app.services.accounts import AccountService
from consult_app.services.clinic import ClinicService
from tests.clinic_files import SIGN_IN, set_up_clinic
from tests.conftest import TODAY
from tests.treatment_sessions import course_for

RECEPTION = {"CONSULT_USER": "robin", "CONSULT_PASSWORD": "front desk password"}


@pytest.fixture(autouse=True)
def owner_signs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SIGN_IN.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def clinic(tmp_path: Path, content: Content) -> tuple[str, int]:
    """An encrypted clinic: Ada treated once with cartridge lot AB-1234, Bo not yet treated;
    a reception account. (url, Ada's consultation)."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    context = set_up_clinic(url, content, clients=0, encrypted=True)
    AccountService(context).add(
        "robin", "Robin Reception", Role.RECEPTION, RECEPTION["CONSULT_PASSWORD"]
    )
    ada = course_for(context, "Ada", "Adams")
    ben = course_for(context, "=Bo", "Brown")  # a name a spreadsheet would run as a formula
    ada.clock = ben.clock
    ada.treat(TODAY, lot="AB-1234")
    context.store.close()
    return url, ada.consultation_id


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_recall_prints_the_clients_due_as_csv_with_progress_on_stderr(
    clinic: tuple[str, int], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = clinic
    for name, value in RECEPTION.items():
        monkeypatch.setenv(name, value)  # reception may print the recall list
    end = TODAY + timedelta(weeks=4)
    code, out, err = _run(capsys, "--db", url, "recall", "--from", str(TODAY), "--to", str(end))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["Client", "Phone", "Session", "Due from", "Status"],
        ["'=Bo Brown", "", "1 of 3", "25 Nov 2026", "Due"],
        ["Ada Adams", "", "2 of 3", "23 Dec 2026", "Not due yet"],
    ]
    assert "Finding clients due: 100%" in err and "2 clients: 1 due, 1 not due yet." in err


def test_recall_without_from_lists_everyone_due_by_to_however_long_ago(
    clinic: tuple[str, int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """As the dialog at first: no first date, so a client due long before is still listed."""
    url, _ = clinic
    code, out, err = _run(capsys, "--db", url, "recall", "--to", str(TODAY + timedelta(days=1)))
    assert code == 0, err
    assert [row[0] for row in csv.reader(io.StringIO(out))] == ["Client", "'=Bo Brown"]
    # With no dates at all, as the dialog opens: Bo, due since TODAY, is on it still.
    code, out, err = _run(capsys, "--db", url, "recall")
    assert code == 0 and "'=Bo Brown" in out, err
    later = TODAY + timedelta(days=1)
    code, out, err = _run(capsys, "--db", url, "recall", "--from", str(later), "--to", str(later))
    assert code == 0 and list(csv.reader(io.StringIO(out)))[1:] == [] and "Nobody." in err
    from pypdf import PdfReader

    paper = tmp_path / "overdue.pdf"
    code, _out, err = _run(
        capsys, "--db", url, "recall", "--to", str(TODAY + timedelta(weeks=4)), "--pdf", str(paper)
    )
    assert code == 0, err
    text = " ".join(page.extract_text().replace("\n", " ") for page in PdfReader(paper).pages)
    assert "by 23 Dec 2026, overdue ones included" in text and "=Bo Brown" in text


def test_recall_writes_the_printable_list_as_a_pdf(
    clinic: tuple[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    url, _ = clinic
    out = tmp_path / "recall.pdf"
    end = TODAY + timedelta(weeks=4)
    code, printed, err = _run(
        capsys, "--db", url, "recall", "--from", str(TODAY), "--to", str(end), "--pdf", str(out)
    )
    assert code == 0, err
    assert printed == "" and "2 clients: 1 due, 1 not due yet." in err
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Ada Adams" in text and "=Bo Brown" in text


def test_recall_refuses_dates_that_are_no_dates(
    clinic: tuple[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = clinic
    with pytest.raises(SystemExit) as refused:
        main(["--db", url, "recall", "--from", "25/11/2026", "--to", "2026-12-01"])
    assert refused.value.code == ExitCode.BAD_INPUT
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err
    code, _out, err = _run(
        capsys, "--db", url, "recall", "--from", "2026-12-01", "--to", "2026-11-01"
    )
    assert code == ExitCode.BAD_INPUT and "last date is before the first" in err


def test_appointment_writes_the_next_session_as_a_calendar_file(
    clinic: tuple[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, ada = clinic
    out = tmp_path / "next.ics"
    code, _, err = _run(capsys, "--db", url, "appointment", f"AFT-{ada:06d}", "--ics", str(out))
    assert code == 0, err
    (event,) = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART") == TODAY + timedelta(weeks=4)
    assert str(event["SUMMARY"]) == "Micro-needling session 2 of 3 at Harbour Skin"
    code, printed, err = _run(
        capsys, "--db", url, "appointment", str(ada), "--at", "2026-12-23 10:30"
    )
    assert code == 0, err
    assert "DTSTART:20261223T103000Z\r\n" in printed
    code, _, err = _run(capsys, "--db", url, "appointment", "999999", "--ics", str(out))
    assert code == ExitCode.BAD_INPUT and "no signed treatment plan" in err


def test_trace_lists_and_writes_the_clients_and_reception_is_refused(
    clinic: tuple[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, _ = clinic
    code, out, err = _run(capsys, "--db", url, "trace", "--lot", "ab 1234")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][0] == "Ada Adams" and rows[1][-2:] == ["Cartridge lot", "AB-1234"]
    assert "1 client in 1 session used “ab 1234”." in err
    target = tmp_path / "trace.csv"
    code, out, err = _run(
        capsys, "--db", url, "trace", "--lot", "AB1234", "--kind", "product", "--csv", str(target)
    )
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8-sig").count("\n") == 1  # the heading alone
    for name, value in RECEPTION.items():
        monkeypatch.setenv(name, value)
    code, out, err = _run(capsys, "--db", url, "trace", "--lot", "AB-1234")
    assert code == ExitCode.NOT_ALLOWED and out == ""
    assert "Reception accounts cannot trace batches" in err


def test_trace_on_standard_output_reads_as_its_csv_file_and_the_dialog(
    tmp_path: Path, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    """The clinic's date style and "1 of 3" for the session, in both: one table, two ways out."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    context = set_up_clinic(url, content, clients=0, encrypted=True)
    clinic = ClinicService(context)
    details = clinic.details()
    assert details is not None
    clinic.change(replace(details, date_style=DateStyle.MONTH_DAY_YEAR))
    course_for(context, "Ada", "Adams").treat(TODAY, lot="AB-1234")
    context.store.close()
    code, out, err = _run(capsys, "--db", url, "trace", "--lot", "AB-1234")
    assert code == 0, err
    target = tmp_path / "trace.csv"
    code, _, err = _run(capsys, "--db", url, "trace", "--lot", "AB-1234", "--csv", str(target))
    assert code == 0, err
    printed = list(csv.reader(io.StringIO(out)))
    assert printed == list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert printed[1][3:5] == ["Nov 25, 2026", "1 of 3"]
