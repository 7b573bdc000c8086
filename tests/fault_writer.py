"""The writer the crash-safety test kills: a fork server whose children write until killed.

`python -m tests.fault_writer URL KEYHEX` (KEYHEX: the encrypted file's key) imports everything
and warms up (three consultations), prints "READY SECONDS" with how long the third one took,
then for each "fork" line on stdin forks a child that saves and signs consultations for ever
(and, after each signed one, runs a treatment session: started, saved, signed off or ended not
treated), each write one transaction; it prints "child PID", waits for the child and prints
"ended PID CODE" (CODE -9 when it was SIGKILLed).
Forking keeps Python's start-up out of the measured time, so the kills land in writes, not in
imports.
"""

from __future__ import annotations

import os
import random
import sys
import time
import traceback
from dataclasses import replace

from consult_app.content.bundle import Content, default_content
from consult_app.domain.treatment import SessionInput
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.treatments import TreatmentService
from consult_app.store.engine import make_engine
from consult_app.store.store import Store
from tests.accounts import signed_in
from tests.clinic_files import signable, signatures
from tests.conftest import TODAY
from tests.treatment_sessions import full_chart

CLIENTS = 3


def one_session(service: TreatmentService, consultation_id: int, rng: random.Random) -> None:
    """Start, save with the chart, then sign off (treated) or end not treated: 3 writes."""
    started = service.start(consultation_id, TODAY)
    state = SessionInput(started.answers_json, (), full_chart(TODAY), "chart")
    saved = service.save_draft(started.id, started.version, state)
    if rng.random() < 0.7:
        service.sign_off(saved.id, saved.version, state)
    else:
        service.end_not_treated(saved.id, saved.version, state, "Client felt faint")


def one_consultation(service: ConsultationService, content: Content, rng: random.Random) -> None:
    """Start, save the draft twice, then sign (goes ahead) or complete (stopped): 4 writes;
    a signed one is followed by its first treatment session (3 more)."""
    client_id = rng.randint(1, CLIENTS)
    goes_ahead = rng.random() < 0.6
    state = signable(content)
    if not goes_ahead:
        answers = {**state.answers_json, "pregnant_or_breastfeeding": True}
        state = replace(state, answers_json=answers, plan=None, wizard_page="summary")
    draft = service.start(client_id, ConsultationInput(wizard_page="client"))
    draft = service.save_draft(draft.id, draft.version, replace(state, wizard_page="history"))
    draft = service.save_draft(draft.id, draft.version, state)
    if goes_ahead:
        signed = service.sign(draft.id, draft.version, state, signatures())
        one_session(TreatmentService(service.context), signed.id, rng)
    else:
        service.complete(draft.id, draft.version, state)


def write_until_killed(url: str, key: bytes, content: Content, seed: int) -> None:
    store = Store(make_engine(url, key))  # the schema is current: skip the migration check
    context = signed_in(AppContext(store=store, content=content, today=lambda: TODAY))
    service = ConsultationService(context)
    rng = random.Random(seed)
    while True:
        one_consultation(service, content, rng)


def main(url: str, key: bytes) -> None:
    content = default_content()
    warm_up = Store(make_engine(url, key))
    context = signed_in(AppContext(store=warm_up, content=content, today=lambda: TODAY))
    service = ConsultationService(context)
    # The first ones pay for lazy imports: one stopped (seed 0), one signed with a session (2).
    for seed in (0, 2):
        one_consultation(service, content, random.Random(seed))
    started = time.monotonic()
    one_consultation(service, content, random.Random(1))
    took = time.monotonic() - started
    warm_up.close()  # no connection may be open across a fork
    print(f"READY {took:.6f}", flush=True)
    for number, line in enumerate(sys.stdin):
        if line.strip() != "fork":
            break
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(url, key, content, number)
            except BaseException:
                traceback.print_exc()
            os._exit(3)  # only reached when a write failed: the test reports it
        print(f"child {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"ended {pid} {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], bytes.fromhex(sys.argv[2]))
