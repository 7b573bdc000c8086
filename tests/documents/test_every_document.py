"""What holds for every document: reproducible bytes, page x of y, paper, metadata, clean PDF."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from consult_app.content.bundle import Content
from consult_app.domain.documents import Paper
from tests.documents.conftest import KINDS, build_sample
from tests.documents.pdf_checks import page_numbers, page_texts, reader, run_on

Built = dict[str, tuple[Any, bytes]]


@pytest.fixture(scope="module")
def built(content: Content) -> Built:
    return {kind: build_sample(kind, content) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_building_twice_gives_identical_bytes(kind: str, content: Content, built: Built) -> None:
    _, again = build_sample(kind, content)
    first = built[kind][1]
    assert again == first
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(first).hexdigest()


def test_another_process_and_environment_build_the_same_bytes(
    built: Built,
) -> None:
    script = (
        "import hashlib, sys\n"
        "from consult_app.content.bundle import default_content\n"
        "from consult_app.documents.consent import build_consent\n"
        "from tests.documents.conftest import make_consent\n"
        "pdf = build_consent(make_consent(default_content()))\n"
        "sys.stdout.write(hashlib.sha256(pdf).hexdigest())\n"
    )
    # Another zone, hash seed and SOURCE_DATE_EPOCH (which ReportLab reads) change nothing.
    env = {
        **os.environ,
        "TZ": "Pacific/Auckland",
        "PYTHONHASHSEED": "4242",
        "SOURCE_DATE_EPOCH": "1234567890",
    }
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == hashlib.sha256(built["consent"][1]).hexdigest()


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_says_page_x_of_the_real_total(kind: str, built: Built) -> None:
    pdf = built[kind][1]
    total = len(reader(pdf).pages)
    assert page_numbers(pdf) == [(n, total) for n in range(1, total + 1)]


@pytest.mark.parametrize("kind", KINDS)
def test_every_footer_names_the_document_and_template_version(kind: str, built: Built) -> None:
    doc, pdf = built[kind]
    info = doc.info
    for text in page_texts(pdf):
        assert info.document_id in text
        assert f"template {info.template_version}" in text


@pytest.mark.parametrize("kind", KINDS)
def test_metadata_is_fixed_by_the_record(kind: str, built: Built) -> None:
    doc, pdf = built[kind]
    info = doc.info
    meta = reader(pdf).metadata
    assert meta is not None
    assert meta.title == info.title
    assert meta.author == doc.clinic.name
    assert meta.creator == "Consult"
    assert info.document_id in (meta.subject or "")
    stamp = info.created.strftime("D:%Y%m%d%H%M%S+00'00'")
    assert meta["/CreationDate"] == stamp
    assert meta["/ModDate"] == stamp


@pytest.mark.parametrize(("paper", "size"), [(Paper.A4, (595, 842)), (Paper.LETTER, (612, 792))])
@pytest.mark.parametrize("kind", ["consent", "record", "handout-preparation"])
def test_paper_size_follows_the_clinic_setting(
    kind: str, paper: Paper, size: tuple[int, int], content: Content
) -> None:
    _, pdf = build_sample(kind, content, paper)
    for page in reader(pdf).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size


@pytest.mark.parametrize("kind", KINDS)
def test_qpdf_finds_no_errors(kind: str, built: Built, tmp_path: Path) -> None:
    done = run_on(built[kind][1], tmp_path, "qpdf", "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_is_embedded(kind: str, built: Built, tmp_path: Path) -> None:
    done = run_on(built[kind][1], tmp_path, "pdffonts")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()[2:]  # a header line and a rule come first
    assert rows, "no fonts listed"
    for row in rows:
        # Columns from the right: object id, generation, uni, sub, emb (names may hold spaces).
        assert row.split()[-5] == "yes", f"not embedded: {row}"
        assert "DejaVuSans" in row
