"""A treatment session's paper from the window: the practitioner previews the session record
and its aftercare sheet; reception sends the aftercare sheet straight to the printer."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from consult_app.domain.treatment import SessionInput
from consult_app.gui import document_views
from consult_app.gui.dialogs.pdf_preview import PdfPreviewDialog
from consult_app.services.treatments import TreatmentService
from tests.conftest import TODAY
from tests.gui.accounts_clinic import PRACTITIONER, RECEPTION, People, people  # noqa: F401
from tests.gui.session_driver import signed_plan, window_as
from tests.treatment_sessions import full_chart


def _treated(people: People) -> int:  # noqa: F811
    consultation_id = signed_plan(people)
    service = TreatmentService(people.as_(PRACTITIONER))
    started = service.start(consultation_id, TODAY)
    state = SessionInput(started.answers_json, (), full_chart(TODAY))
    return service.sign_off(started.id, started.version, state).id


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())


@pytest.mark.parametrize(
    ("kind", "title", "says"),
    [
        ("session_record", "Treatment session record", "Cartridge 16 needles, lot LOT-77A"),
        ("session_aftercare", "Aftercare sheet", "session 1 of"),
    ],
)
def test_the_practitioner_previews_a_sessions_paper(
    qtbot: QtBot,
    people: People,  # noqa: F811
    kind: str,
    title: str,
    says: str,
) -> None:
    session_id = _treated(people)
    window = window_as(qtbot, people, PRACTITIONER)
    window.show_document(session_id, kind)
    qtbot.waitUntil(lambda: bool(window.findChildren(PdfPreviewDialog)), timeout=10_000)
    dialog = window.findChildren(PdfPreviewDialog)[-1]
    assert dialog.windowTitle().startswith(title)
    assert says in _text(dialog.pdf_bytes)


def test_reception_prints_a_sessions_aftercare_and_never_sees_its_record(
    qtbot: QtBot,
    people: People,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printed: list[tuple[bytes, str]] = []
    monkeypatch.setattr(
        document_views,
        "print_with_dialog",
        lambda _p, pdf, name: printed.append((pdf, name)) or True,
    )
    session_id = _treated(people)
    window = window_as(qtbot, people, RECEPTION)
    window.show_document(session_id, "session_record")  # not offered: nothing is made
    window.show_document(session_id, "session_aftercare")
    qtbot.waitUntil(lambda: bool(printed), timeout=10_000)
    [(pdf, name)] = printed
    assert name == "Aftercare sheet"
    assert "Your next session is due from" in _text(pdf)
    assert window.findChildren(PdfPreviewDialog) == []
