"""A consultation killed mid-wizard resumes at the page it was on with every saved answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consultation import Status
from consult_app.gui.main_window import MainWindow
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.store.store import open_store
from tests.gui.wizard_driver import current_key

ROOT = Path(__file__).resolve().parents[2]


def test_killed_wizard_resumes_with_every_answer_given_before_the_last_next(
    qtbot: QtBot, tmp_path: Path, content: Content
) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    store = open_store(url)
    context = AppContext(store=store, content=content, today=date.today)
    context.user = ClinicService(context).set_up(ClinicDetails("Harbour Skin"), "Dr Sam Patel")
    client = ClientService(context).add(ClientDetails("Zoë", "Łukasiewicz", date(1990, 5, 24)))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.drive_until_killed", url],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = child.stdout.readline()
    finally:
        child.send_signal(signal.SIGKILL)
        _, errors = child.communicate(timeout=10)
    assert line.startswith("READY"), errors
    assert child.returncode == -signal.SIGKILL
    _, page_key, consultation_id = line.split()
    sections = content.questionnaire.sections
    assert page_key == f"history:{sections[2].id}"

    stored = ConsultationService(context).get(int(consultation_id))
    assert stored.status is Status.DRAFT
    assert stored.wizard_page == page_key
    expected = {q: False for q in sections[0].question_ids + sections[1].question_ids}
    expected.update(unwell_last_week=True, smoker=True, cold_sore_history=True, diabetes="no")
    expected["skin_condition_history"] = []
    assert stored.answers_json == expected
    assert [f.rule for f in stored.findings] == ["herpes_history", "recent_illness", "smoking"]

    window = MainWindow(context, "Harbour Skin")
    qtbot.addWidget(window)
    window.show()
    window.panel.show_client(client.id)
    assert window.panel._draft_notice.isVisible()
    window.open_consultation(int(consultation_id))
    wizard = window.wizard
    qtbot.waitUntil(wizard.isVisible)
    assert current_key(wizard) == page_key
    first_page = wizard.page_by_key(f"history:{sections[0].id}")
    first_page.initializePage()
    assert first_page.answers["smoker"].value() is True
    assert first_page.answers["diabetes"].value() == "no"
    wizard.reject()
    store.close()
