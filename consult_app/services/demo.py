"""A demo clinic: realistic fake clients and consultations, loaded fast and in one transaction."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from consult_app.content.bundle import Content
from consult_app.domain.answers import ProcedureEntry, answers_to_json
from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.consultation import Decision, DecisionChoice, Status
from consult_app.domain.people import Role
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.questionnaire import Question, QuestionType
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Outcome, screen
from consult_app.domain.text import fold
from consult_app.services import demo_people as people
from consult_app.store import bulk
from consult_app.store.base import utc_now
from consult_app.store.repositories.clients import search_columns
from consult_app.store.store import Store

Progress = Callable[[int, int], None]
BATCH = 5_000
DEMO_CLINIC = {
    "name": "Demo Skin Clinic",
    "address": "12 Harbour Street, Bristol BS1 4DJ",
    "phone": "0117 496 0000",
    "email": "hello@demo-skin-clinic.example",
    "out_of_hours_phone": "07700 900999",
}
DEMO_ACCOUNTS = (
    ("owner", "Morgan Owen", Role.OWNER),
    ("practitioner", "Dr Sam Patel", Role.PRACTITIONER),
    ("reception", "Robin Reyes", Role.RECEPTION),
)
# The demo clinic's sign-in passwords, stated in the README; never use a demo clinic for real.
DEMO_PASSWORDS = {
    "owner": "owner-demo",
    "practitioner": "practitioner-demo",
    "reception": "reception-demo",
}


def _email(first: str, last: str, rng: random.Random) -> str:
    local = f"{fold(first)}.{fold(last)}".replace(" ", "").replace("'", "")
    if not local.isascii():
        local = "client"
    return f"{local}{rng.randint(1, 999)}@example.com"


def _client(rng: random.Random, today: date) -> ClientDetails:
    origin = rng.choices(list(people.ORIGIN_WEIGHTS), weights=list(people.ORIGIN_WEIGHTS.values()))[
        0
    ]
    firsts, lasts = people.NAME_POOLS[origin]
    first = rng.choice(firsts)
    last = people.surname_for(first, rng.choice(lasts))
    age_days = rng.randint(18 * 365 + 5, 75 * 365)
    number = f"07700 9{rng.randint(0, 99999):05d}"
    # Drawn as before, so a seed makes the same clinic; then made to fit the name.
    drawn = rng.choice(("female", "female", "female", "male", "prefer_not_to_say"))
    return ClientDetails(
        first_name=first,
        last_name=last,
        date_of_birth=today - timedelta(days=age_days),
        sex=people.sex_for(first, drawn),
        phone=number,
        email=_email(first, last, rng),
        address=f"{rng.randint(1, 200)} {rng.choice(people.STREETS)}, {rng.choice(people.TOWNS)}",
        gp_name="Dr A. Example",
        gp_practice="Harbourside Surgery",
    )


def _answer(rng: random.Random, question: Question, on: date) -> Any:
    unusual = rng.random() < 0.06
    if question.type is QuestionType.YES_NO:
        return unusual
    if question.type is QuestionType.CHOICE:
        return question.options[-1 if unusual else 0].id
    if question.type is QuestionType.MULTI:
        return (rng.choice(question.options).id,) if unusual else ()
    if question.type is QuestionType.DATE:
        return on - timedelta(days=rng.randint(10, 400))
    if question.type is QuestionType.PROCEDURES:
        return (
            (
                ProcedureEntry(
                    rng.choice(question.options).id, on - timedelta(days=rng.randint(3, 200))
                ),
            )
            if unusual
            else ()
        )
    return ""


def _consultation(
    rng: random.Random, content: Content, born: date, on: date, by: str
) -> dict[str, Any]:
    questionnaire = content.questionnaire
    answers: dict[str, Any] = {}
    for question in questionnaire.questions.values():  # parents come before their follow-ups
        if questionnaire.is_shown(question, answers):
            answers[question.id] = _answer(rng, question, on)
    concerns = tuple(
        rng.sample([c.id for c in questionnaire.assessment.concerns], k=rng.randint(1, 3))
    )
    assessment = Assessment(
        fitzpatrick=rng.randint(1, 6), glogau=rng.randint(1, 4), concerns=concerns
    )
    result = screen(content.rules, answers, assessment, born, on)
    decisions = tuple(
        Decision(
            f.rule, DecisionChoice.PROCEED_MODIFIED, "Discussed with the client; plan adjusted."
        )
        for f in result.findings
        if f.severity is Severity.CAUTION
    )
    plan = None
    if result.outcome is not Outcome.STOP:
        areas = rng.sample(content.plan.areas[:7], k=rng.randint(1, 3))
        plan = Plan(tuple(PlannedArea(a.id, a.depth_min) for a in areas), 4, 4)
    now = utc_now()
    return {
        "client_id": None,
        "practitioner_id": None,
        "consultation_date": on,
        "status": str(Status.COMPLETED),
        "outcome": str(result.outcome),
        "answers": answers_to_json(answers),
        "assessment": assessment.to_json(),
        "goals": [rng.choice(questionnaire.goals).id],
        "findings": [f.to_json() for f in result.findings],
        "decisions": [d.to_json() for d in decisions],
        "plan": plan.to_json() if plan else None,
        "content_versions": content.versions,
        "wizard_page": "summary",
        "reassess_on": result.reassess_on,
        "created_at": now,
        "updated_at": now,
        "updated_by": by,
        "version": 1,
    }


def client_row(rng: random.Random, today: date, client_id: int, now: datetime) -> dict[str, Any]:
    """One demo client as a `clients` row with its search keys (the bench's chain loads these)."""
    details = _client(rng, today)
    return {
        "id": client_id,
        **asdict(details),
        **search_columns(details),
        "created_at": now,
        "updated_at": now,
        "updated_by": "demo",
        "version": 1,
    }


def consultation_row(
    rng: random.Random, content: Content, born: date, today: date, by: str
) -> dict[str, Any]:
    """One screened demo consultation of a client born on `born`, on a day since they were 18
    (within ten years); its id, client_id and practitioner_id are the caller's to set."""
    adult_days = (today - born).days - 18 * 366
    on = today - timedelta(days=rng.randint(0, max(0, min(3650, adult_days))))
    return _consultation(rng, content, born, on, by)


def fill_demo(
    store: Store,
    content: Content,
    clients: int,
    consultations: int,
    *,
    today: date,
    seed: int = 2026,
    progress: Progress | None = None,
) -> None:
    """Add a demo clinic: settings, an account per role, clients, consultations; one transaction."""
    rng = random.Random(seed)
    report = progress or (lambda done, total: None)
    total = clients + consultations
    with store.writing() as uow:
        if uow.settings.get("clinic") is None:
            uow.settings.put("clinic", DEMO_CLINIC)
        known = {u.username: u for u in uow.users.all()}
        practitioner_ids = [
            (known.get(name) or uow.users.add(name, display, role)).id
            for name, display, role in DEMO_ACCOUNTS
        ]
    practitioner_id = practitioner_ids[1]
    now = utc_now()
    with store.bulk() as connection:
        first_client, first_consultation = bulk.next_ids(connection)
        born_by_id: dict[int, date] = {}
        batch: list[dict[str, Any]] = []
        for offset in range(clients):
            row = client_row(rng, today, first_client + offset, now)
            born_by_id[row["id"]] = row["date_of_birth"]
            batch.append(row)
            if len(batch) == BATCH:
                bulk.insert_clients(connection, batch)
                batch.clear()
                report(offset + 1, total)
        if batch:
            bulk.insert_clients(connection, batch)
            batch.clear()
        report(clients, total)
        ids = list(born_by_id)
        for offset in range(consultations if ids else 0):
            client_id = rng.choice(ids)
            row = consultation_row(rng, content, born_by_id[client_id], today, "Dr Sam Patel")
            row.update(
                id=first_consultation + offset, client_id=client_id, practitioner_id=practitioner_id
            )
            batch.append(row)
            if len(batch) == BATCH:
                bulk.insert_consultations(connection, batch)
                batch.clear()
                report(clients + offset + 1, total)
        if batch:
            bulk.insert_consultations(connection, batch)
        bulk.resync_id_sequences(connection)
    with store.bulk() as connection:  # after the load is committed, so every row is counted
        bulk.analyse_loaded(connection)
    report(total, total)
