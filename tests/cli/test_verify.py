"""`consult-app verify FILE.pdf`: a verdict, the reason and the record on stdout, and an exit
code for each way a copy can fail, from an encrypted clinic signed in as a real account."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from consult_app.cli import main
from consult_app.content.bundle import Content
from consult_app.errors import ExitCode
from consult_app.services.consultations import ConsultationService
from consult_app.services.documents import DocumentService
from tests.clinic_files import SIGN_IN, set_up_clinic, signed_consultation


@pytest.fixture(autouse=True)
def owner_signs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SIGN_IN.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def clinic(tmp_path: Path, content: Content) -> tuple[str, int, Path]:
    """An encrypted clinic with one signed consultation: (url, its id, its consent as a file)."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    context = set_up_clinic(url, content, clients=0, encrypted=True)
    _, signed = signed_consultation(context, content)
    copy = tmp_path / "consent.pdf"
    copy.write_bytes(DocumentService(context).consent_pdf(signed))
    context.store.close()
    return url, signed, copy


def _verify(capsys: pytest.CaptureFixture[str], url: str, path: Path) -> tuple[int, str, str]:
    code = main(["--db", url, "verify", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_stored_consent_is_genuine(
    capsys: pytest.CaptureFixture[str], clinic: tuple[str, int, Path]
) -> None:
    url, consultation, copy = clinic
    code, out, _ = _verify(capsys, url, copy)
    assert code == 0
    assert out.splitlines()[:3] == [
        "Genuine: This file is byte for byte the stored consent.",
        f"  Document: CON-{consultation:06d}-1",
        "  Client: Ελένη Παπαδοπούλου",
    ]
    assert "  Signed: " in out


@pytest.mark.parametrize(
    ("change", "code", "verdict", "reason"),
    [
        ("byte", ExitCode.COPY_ALTERED, "Not genuine", "not byte for byte the consent stored"),
        ("id", ExitCode.COPY_UNKNOWN, "Not found", "records hold no consent CON-000777-1"),
        ("random", ExitCode.COPY_NOT_CONSULT, "Not a Consult document", "not a PDF"),
    ],
)
def test_each_failure_has_its_reason_and_exit_code(
    capsys: pytest.CaptureFixture[str],
    clinic: tuple[str, int, Path],
    change: str,
    code: int,
    verdict: str,
    reason: str,
) -> None:
    url, consultation, copy = clinic
    data = bytearray(copy.read_bytes())
    if change == "byte":
        data[len(data) // 3] ^= 0x20
    elif change == "id":
        data = bytearray(data.replace(f"CON-{consultation:06d}-1".encode(), b"CON-000777-1"))
    else:
        data = bytearray(os.urandom(2048))
    copy.write_bytes(bytes(data))
    got, out, _ = _verify(capsys, url, copy)
    assert got == code
    assert out.startswith(f"{verdict}: ")
    assert reason in out


def test_a_later_amendment_has_its_own_exit_code(
    capsys: pytest.CaptureFixture[str], clinic: tuple[str, int, Path]
) -> None:
    from consult_app.services.signin import Gate

    url, consultation, copy = clinic
    context = Gate(url).sign_in(SIGN_IN["CONSULT_USER"], SIGN_IN["CONSULT_PASSWORD"])
    ConsultationService(context).amend(consultation, "Client rang", "A correction")
    context.store.close()
    code, out, _ = _verify(capsys, url, copy)
    assert code == ExitCode.COPY_SUPERSEDED
    assert out.startswith("Genuine but out of date: ")


def test_a_missing_file_is_bad_input(
    capsys: pytest.CaptureFixture[str], clinic: tuple[str, int, Path], tmp_path: Path
) -> None:
    url, _, _ = clinic
    code, out, err = _verify(capsys, url, tmp_path / "no such.pdf")
    assert code == ExitCode.BAD_INPUT
    assert out == ""
    assert "cannot be read: there is no such file" in err
