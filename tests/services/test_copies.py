"""Checking a copy of a signed consent against the records: files byte for byte, paper by its
fingerprint; every check audited, with its reason. Real databases, real signed PDFs."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import pytest

from consult_app.domain.audit import AuditFilter
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.dates import format_moment
from consult_app.domain.documents import HandoutKind, Paper
from consult_app.domain.people import Role
from consult_app.domain.seal import consent_seal, short_fingerprint
from consult_app.errors import ValidationError
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.copies import CopyChecker, Verdict
from consult_app.services.documents import (
    DocumentService,
    build_consent_pdf,
    consent_document,
)
from tests.accounts import signed_in
from tests.documents.pdf_checks import flat, page_texts
from tests.signed_consents import sign_for


@pytest.fixture
def two_signed(context: AppContext) -> tuple[int, int]:
    context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
    return sign_for(context, "Zoë", "Łukasiewicz"), sign_for(context, "Ольга", "Ковальчук", 90)


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_the_stored_pdf_is_genuine_and_says_whose_consent_it_is(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    first, _ = two_signed
    pdf = DocumentService(context).consent_pdf(first)
    check = CopyChecker(context).check_file(_file(tmp_path, "copy.pdf", pdf))
    assert check.verdict is Verdict.GENUINE
    assert check.reason == "This file is byte for byte the stored consent."
    assert check.document_id == f"CON-{first:06d}-1"
    assert check.client_name == "Zoë Łukasiewicz"
    [record] = ConsultationService(context).consents(first)
    assert check.signed_at == record.signed_at
    assert check.consultation_date == ConsultationService(context).get(first).consultation_date


def test_one_changed_byte_is_altered(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    first, _ = two_signed
    pdf = bytearray(DocumentService(context).consent_pdf(first))
    pdf[len(pdf) // 2] ^= 0x01
    check = CopyChecker(context).check_file(_file(tmp_path, "changed.pdf", bytes(pdf)))
    assert check.verdict is Verdict.ALTERED
    assert "not byte for byte" in check.reason
    assert check.document_id == f"CON-{first:06d}-1"


def test_a_pdf_remade_from_another_consultation_under_this_id_is_altered(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    """A real consent PDF, made by Consult's own code from the second consultation's signed
    record, but carrying the first one's document id: its seal gives it away."""
    first, second = two_signed
    service = ConsultationService(context)
    other = service.get(second)
    [record] = service.consents(second)
    with context.store.reading() as uow:
        client = uow.clients.get(other.client_id).details
    clinic = ClinicService(context).details()
    assert clinic is not None
    forged = build_consent_pdf(
        consent_document(context, replace(other, id=first), client, clinic, record, 1, Paper.A4)
    )
    check = CopyChecker(context).check_file(_file(tmp_path, "forged.pdf", forged))
    assert check.verdict is Verdict.ALTERED
    assert "not what was signed for this record" in check.reason
    assert "another clinic's records" in check.reason  # ids are per clinic: say it may be that
    assert check.document_id == f"CON-{first:06d}-1"


def test_a_random_file_and_a_foreign_pdf_are_not_consult_documents(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    checker = CopyChecker(context)
    noise = checker.check_file(_file(tmp_path, "noise.pdf", os.urandom(4096)))
    assert (noise.verdict, noise.reason) == (Verdict.NOT_CONSULT, "This file is not a PDF.")
    handout = DocumentService(context).handout_pdf(HandoutKind.CONSENT)
    foreign = checker.check_file(_file(tmp_path, "handout.pdf", handout))
    assert foreign.verdict is Verdict.NOT_CONSULT
    assert "carries no Consult document id" in foreign.reason


def test_a_folder_or_a_huge_file_is_answered_in_words(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="is a folder, not a file"):
        CopyChecker(context).check_file(tmp_path)
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as out:  # sparse: no disk is spent on it
        out.truncate(101 * 1024 * 1024)
    check = CopyChecker(context).check_file(huge)
    assert check.verdict is Verdict.NOT_CONSULT
    assert "101 MB, far larger than any consent" in check.reason


def test_an_id_this_clinic_does_not_hold_is_unknown(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    first, _ = two_signed
    pdf = DocumentService(context).consent_pdf(first)
    elsewhere = pdf.replace(f"CON-{first:06d}-1".encode(), b"CON-999999-1")
    check = CopyChecker(context).check_file(_file(tmp_path, "elsewhere.pdf", elsewhere))
    assert check.verdict is Verdict.UNKNOWN
    assert "hold no consent CON-999999-1" in check.reason
    assert check.client_name is None


def test_a_true_copy_of_an_amended_record_says_the_amendment_exists(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    first, _ = two_signed
    pdf = DocumentService(context).consent_pdf(first)
    ConsultationService(context).amend(first, "Client rang", "Added vitamin D to medicines")
    check = CopyChecker(context).check_file(_file(tmp_path, "copy.pdf", pdf))
    assert check.verdict is Verdict.SUPERSEDED
    assert check.reason.startswith("This file is byte for byte the stored consent. But the")
    assert "amended on" in check.reason
    assert "vitamin" not in check.reason  # what was amended is medical; the check says when


def test_times_read_out_in_the_clinic_s_own_zone_as_the_paper_prints_them(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    first, _ = two_signed
    owner = ClinicService(signed_in(replace(context), Role.OWNER))
    details = owner.details()
    assert details is not None
    owner.change(replace(details, time_zone="Asia/Tokyo"))  # never this computer's zone (UTC)
    pdf = DocumentService(context).consent_pdf(first)
    ConsultationService(context).amend(first, "Client rang", "Added vitamin D to medicines")
    check = CopyChecker(context).check_file(_file(tmp_path, "copy.pdf", pdf))
    [record] = ConsultationService(context).consents(first)
    signed = format_moment(record.signed_at, "Asia/Tokyo")  # "2 Dec 2026, 23:06 JST"
    utc = record.signed_at.astimezone(UTC) if record.signed_at.tzinfo else record.signed_at
    # The paper printed the zone at signing, perhaps not today's: UTC matches it either way.
    assert f"Signed: {signed} ({utc:%H:%M} UTC)" in check.lines()
    assert signed.endswith("JST") and "UTC" not in check.reason
    assert "JST" in check.reason  # the amendment's time too


def test_paper_is_checked_by_its_printed_fingerprint(
    context: AppContext, two_signed: tuple[int, int]
) -> None:
    first, _ = two_signed
    [record] = ConsultationService(context).consents(first)
    document_id = f"CON-{first:06d}-1"
    printed = short_fingerprint(consent_seal(document_id, record))
    checker = CopyChecker(context)
    typed = printed.lower().replace(" ", "-")  # as someone might type it
    assert checker.check_fingerprint(document_id.lower(), typed).verdict is Verdict.GENUINE
    wrong = ("0" if printed[0] != "0" else "1") + printed[1:]
    mismatch = checker.check_fingerprint(document_id, wrong)
    assert mismatch.verdict is Verdict.ALTERED
    assert "does not match what was signed" in mismatch.reason
    with pytest.raises(ValidationError) as refused:
        checker.check_fingerprint("42", "ABC")
    assert [p.field for p in refused.value.problems] == ["document id", "fingerprint"]


def test_every_check_is_audited_and_reception_may_check(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    first, _ = two_signed
    pdf = DocumentService(context).consent_pdf(first)
    reception = signed_in(AppContext(context.store, context.content), Role.RECEPTION)
    checker = CopyChecker(reception)
    assert checker.check_file(_file(tmp_path, "copy.pdf", pdf)).client_name == "Zoë Łukasiewicz"
    checker.check_file(_file(tmp_path, "noise.bin", b"not a pdf"))
    with context.store.reading() as uow:
        entries = uow.audit.find(AuditFilter(action="check_copy"), limit=10)
    found = sorted((e.username, e.entity, e.entity_id, e.detail) for e in entries)
    assert found == [
        ("test.reception", "consultation", first, f"CON-{first:06d}-1: genuine"),
        ("test.reception", "document", None, "not a Consult document"),
    ]


def test_the_qr_code_on_every_page_decodes_to_the_id_and_seal(
    context: AppContext, two_signed: tuple[int, int], tmp_path: Path
) -> None:
    zbarimg, pdftoppm = shutil.which("zbarimg"), shutil.which("pdftoppm")
    if zbarimg is None or pdftoppm is None:
        pytest.skip("zbarimg or pdftoppm is not installed (apt-get install zbar-tools)")
    first, _ = two_signed
    [record] = ConsultationService(context).consents(first)
    document_id = f"CON-{first:06d}-1"
    pdf = _file(tmp_path, "consent.pdf", DocumentService(context).consent_pdf(first))
    subprocess.run([pdftoppm, "-r", "200", "-png", pdf, tmp_path / "page"], check=True)
    seal = consent_seal(document_id, record)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    for page in pages:
        read = subprocess.run(
            [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", page],
            capture_output=True,
            text=True,
            check=True,
        )
        assert read.stdout.split() == [f"CONSULT:{document_id}:{seal}"]
    printed = f"Fingerprint {short_fingerprint(seal)}"
    assert [printed in flat(text) for text in page_texts(pdf.read_bytes())] == [True] * len(pages)


def test_the_record_shows_the_consent_texts_own_hash_and_the_fingerprint(
    context: AppContext, two_signed: tuple[int, int]
) -> None:
    first, _ = two_signed
    [record] = ConsultationService(context).consents(first)
    text = flat(" ".join(page_texts(DocumentService(context).record_pdf(first))))
    assert record.text_sha256 in text.replace(" ", "")
    printed = short_fingerprint(consent_seal(f"CON-{first:06d}-1", record))
    assert f"fingerprint {printed}" in text
