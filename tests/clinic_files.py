"""Real clinic database files for backup, restore and crash tests: fill, read back, damage."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

from consult_app.content.bundle import Content
from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.signin import Gate
from consult_app.store.cipher import connect
from consult_app.store.store import open_store
from tests.conftest import TODAY, clear_answers
from tests.pngs import png

PAGE = 4096


def signable(content: Content) -> ConsultationInput:
    """A consultation with clear answers and a plan: it goes ahead and needs a signed consent."""
    return ConsultationInput(
        answers_json=clear_answers(content),
        assessment=Assessment(fitzpatrick=2),
        goals=("texture",),
        plan=Plan((PlannedArea("forehead", 0.25),), 3, 4),
        wizard_page="consent",
    )


def signatures() -> Signatures:
    return Signatures(png(), png(ink=60), "Dr Sam Patel", True)


def signed_consultation(context: AppContext, content: Content) -> tuple[int, int]:
    """Adds a client with a Greek name and signs one consultation for her: (client, signed)."""
    client = ClientService(context).add(ClientDetails("Ελένη", "Παπαδοπούλου", date(1985, 3, 3)))
    service = ConsultationService(context)
    state = signable(content)
    draft = service.start(client.id, state)
    return client.id, service.sign(draft.id, draft.version, state, signatures()).id


OWNER, PASSWORD = "sam", "harbour skin owner"
# The environment that signs `consult-app` in as the owner of an encrypted test clinic.
SIGN_IN = {"CONSULT_USER": OWNER, "CONSULT_PASSWORD": PASSWORD}


def set_up_clinic(
    url: str, content: Content, clients: int = 2, *, encrypted: bool = False
) -> AppContext:
    """A set-up clinic with `clients` clients, its owner signed in; the caller closes
    context.store. Encrypted: as the app makes one (key file, owner's password PASSWORD)."""
    details = ClinicDetails("Harbour Skin")
    if encrypted:
        context, _ = Gate(url).set_up(details, "Dr Sam Patel", OWNER, PASSWORD)
        context.today = lambda: TODAY
    else:
        context = AppContext(store=open_store(url), content=content, today=lambda: TODAY)
        context.user = ClinicService(context).set_up(details, "Dr Sam Patel")
    for n in range(clients):
        ClientService(context).add(ClientDetails("Zoë", f"Łukasiewicz {n}", date(1990, 5, 24)))
    return context


def fill_clinic(url: str, content: Content, *, encrypted: bool = False) -> bytes | None:
    """A clinic with two clients, one signed consultation and one draft; returns its key."""
    context = set_up_clinic(url, content, encrypted=encrypted)
    service = ConsultationService(context)
    state = signable(content)
    draft = service.start(1, state)
    service.sign(draft.id, draft.version, state, signatures())
    service.start(2)
    context.store.close()
    return context.store.key


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def every_row(path: Path, key: bytes | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: two equal answers mean the same records."""
    opened = connect(str(path), key, uri=False, timeout=10.0) if key else sqlite3.connect(path)
    with closing(opened) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }


def corrupt(path: Path, seed: int = 5) -> bytes:
    """Overwrite the file from page 2 onward (up to half of it) with junk; returns the bytes."""
    data = bytearray(path.read_bytes())
    end = max(2 * PAGE + 64, len(data) // 2)
    junk = random.Random(seed).randbytes(end - PAGE)
    data[PAGE:end] = junk
    path.write_bytes(bytes(data))
    return bytes(data)


def damage_late(url: str, key: bytes | None, rows: int = 3000) -> bytes:
    """Damage that signing in and the list's first page never read: `rows` audit entries added
    at the end of the file, then junk written into its last page. Only the check of the whole
    file finds it. Returns the damaged file's bytes."""
    store = open_store(url, key)
    try:
        with store.writing() as uow:
            for n in range(rows):
                uow.audit.record("sam", "view", "client", n, "consultation history")
    finally:
        store.close()
    path = sqlite_path(url)
    data = bytearray(path.read_bytes())
    data[-PAGE // 2 : -PAGE // 2 + 64] = random.Random(7).randbytes(64)
    path.write_bytes(bytes(data))
    return bytes(data)
