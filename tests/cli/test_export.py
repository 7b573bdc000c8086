"""`consult-app export` and `handout`: real PDFs out, clear errors for bad requests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from consult_app.cli import main
from consult_app.content.bundle import Content
from consult_app.domain.client import ClientDetails
from consult_app.services.clients import ClientService
from consult_app.services.consultations import ConsultationService
from tests.clinic_files import SIGN_IN, set_up_clinic, signed_consultation


@pytest.fixture(autouse=True)
def owner_signs_in(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SIGN_IN.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def clinic_db(tmp_path: Path, content: Content) -> tuple[str, int, int]:
    """An encrypted clinic with one signed consultation and one draft: (url, signed, draft)."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    context = set_up_clinic(url, content, clients=0, encrypted=True)
    store = context.store
    client, signed = signed_consultation(context, content)
    unsigned = ConsultationService(context).start(client)
    store.close()
    return url, signed, unsigned.id


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("doc", ["consent", "aftercare", "record"])
def test_export_writes_a_valid_pdf_with_the_clients_name(
    clinic_db: tuple[str, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: str
) -> None:
    url, signed, _ = clinic_db
    out = tmp_path / f"{doc}.pdf"
    code, err = _run(capsys, "--db", url, "export", str(signed), "--doc", doc, "-o", str(out))
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(out.read_bytes())).pages)
    assert "Ελένη Παπαδοπούλου" in text
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0


def test_export_takes_the_document_id_printed_in_a_footer(
    clinic_db: tuple[str, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, signed, _ = clinic_db
    by_number, by_id = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert (
        _run(capsys, "--db", url, "export", str(signed), "--doc", "consent", "-o", str(by_number))[
            0
        ]
        == 0
    )
    footer_id = f"con-{signed:06d}-1"  # as typed from paper, in any case
    code, err = _run(capsys, "--db", url, "export", footer_id, "--doc", "consent", "-o", str(by_id))
    assert code == 0, err
    assert by_id.read_bytes() == by_number.read_bytes()
    with pytest.raises(SystemExit) as refused:
        main(["--db", url, "export", "CON-abc", "--doc", "consent", "-o", str(by_id)])
    assert refused.value.code == 2
    assert "neither a consultation number nor a document id" in capsys.readouterr().err


def test_two_exports_of_a_signed_consent_are_identical(
    clinic_db: tuple[str, int, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, signed, _ = clinic_db
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (first, second):
        assert (
            _run(capsys, "--db", url, "export", str(signed), "--doc", "consent", "-o", str(out))[0]
            == 0
        )
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["export", "999", "--doc", "record"], 1, "There is no consultation with number 999"),
        (["export", "{unsigned}", "--doc", "consent"], 2, "has not been signed yet"),
        (
            ["export", "{signed}", "--doc", "record", "-o", "/no/such/folder/x.pdf"],
            2,
            "does not exist",
        ),
        (["export", "{signed}", "--doc", "record", "-o", "{tmp}"], 2, "is a folder"),
    ],
    ids=["unknown-id", "unsigned-consent", "missing-folder", "path-is-a-folder"],
)
def test_export_errors_are_clear(
    clinic_db: tuple[str, int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    url, signed, unsigned = clinic_db
    filled = [a.format(signed=signed, unsigned=unsigned, tmp=tmp_path) for a in args]
    if "-o" not in filled:
        filled += ["-o", str(tmp_path / "out.pdf")]
    got, err = _run(capsys, "--db", url, *filled)
    assert got == code
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("kind", ["aftercare", "preparation", "consent"])
def test_handout_command_writes_a_blank_handout(
    clinic_db: tuple[str, int, int], tmp_path: Path, kind: str
) -> None:
    url, _, _ = clinic_db
    out = tmp_path / f"{kind}.pdf"
    run = subprocess.run(
        [sys.executable, "-m", "consult_app", "--db", url, "handout", kind, "-o", str(out)],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", **SIGN_IN},
    )
    assert run.returncode == 0, run.stderr
    reader = PdfReader(BytesIO(out.read_bytes()))
    assert "Harbour Skin" in reader.pages[0].extract_text()
    assert "Name" in "".join(p.extract_text() for p in reader.pages)


def test_export_warns_when_the_name_cannot_be_printed(
    tmp_path: Path, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cjk.db'}"
    context = set_up_clinic(url, content, clients=0, encrypted=True)
    store = context.store
    # Devanagari: no bundled font has it (Chinese, Hebrew, Arabic and Korean print).
    client = ClientService(context).add(ClientDetails("मीरा", "Smith", date(1990, 1, 1)))
    draft = ConsultationService(context).start(client.id)
    store.close()
    out = tmp_path / "record.pdf"
    args = ("--db", url, "export", str(draft.id), "--doc", "record", "-o", str(out))
    code, err = _run(capsys, *args)
    assert code == 0
    assert "warning: Client name contains characters that cannot be printed: म" in err
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(out.read_bytes())).pages)
    assert "?? Smith" in text
