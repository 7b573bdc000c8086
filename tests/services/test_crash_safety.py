"""Kill a writing process at random moments, many times: every write is all or nothing."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from consult_app.content.bundle import Content
from consult_app.services.consultations import ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.treatments import TreatmentService
from consult_app.store.cipher import connect
from consult_app.store.store import open_store
from tests.accounts import signed_in
from tests.clinic_files import set_up_clinic
from tests.fault_writer import CLIENTS

ROOT = Path(__file__).resolve().parents[2]
KILLS = 200
AT_LEAST = 100
BUDGET_S = 45.0  # stop early (but after AT_LEAST kills) on a slow machine
# Kill delays scale with how long one consultation takes on this machine now, so kills land
# before, inside and after signings whether the machine is idle or busy.
SPAN = 2.5  # kills come up to this many consultations' time after a child starts
JSON_COLUMNS = ("answers", "assessment", "goals", "findings", "decisions", "content_versions")
SESSION_JSON = ("answers", "changed", "findings", "decisions", "chart", "content_versions")


def _kill_repeatedly(url: str, key: bytes, seed: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.fault_writer", url, key.hex()],
        cwd=ROOT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert server.stdin and server.stdout
    rng = random.Random(seed)
    kills = pid = 0
    try:
        ready, took = server.stdout.readline().split()
        assert ready == "READY", server.stderr
        longest = SPAN * float(took)
        started = time.monotonic()
        while kills < KILLS and (kills < AT_LEAST or time.monotonic() - started < BUDGET_S):
            server.stdin.write("fork\n")
            server.stdin.flush()
            pid = int(server.stdout.readline().split()[1])
            time.sleep(rng.uniform(0, longest))
            os.kill(pid, signal.SIGKILL)
            ended = server.stdout.readline().split()
            assert ended == ["ended", str(pid), str(-signal.SIGKILL)], ended
            kills += 1
    except BaseException:
        for process in (pid, server.pid):  # no writer may outlive a failed test
            if process:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process, signal.SIGKILL)
        raise
    finally:
        _, errors = server.communicate(timeout=30)  # closes stdin: the server ends
    assert server.returncode == 0, errors
    return kills


@pytest.mark.slow
def test_a_writer_killed_hundreds_of_times_leaves_only_whole_consultations(
    tmp_path: Path, content: Content
) -> None:
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    clinic = set_up_clinic(url, content, clients=CLIENTS, encrypted=True)  # as clinics are
    clinic.store.close()
    key = clinic.store.key
    assert key is not None
    started = time.monotonic()
    kills = _kill_repeatedly(url, key, seed=20261125)
    took = time.monotonic() - started
    print(f"{kills} kills in {took:.1f} s")
    assert kills >= AT_LEAST

    # Opening recovers the WAL first.
    with closing(connect(str(tmp_path / "clinic.db"), key, uri=False, timeout=10.0)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        columns = ", ".join(("id", "status", "outcome", "plan", *JSON_COLUMNS))
        consultations = db.execute(f"SELECT {columns} FROM consultations").fetchall()
        consents: dict[int, list[tuple[bytes, str]]] = {}
        for cid, pdf, digest in db.execute(
            "SELECT consultation_id, pdf, pdf_sha256 FROM consent_records"
        ):
            consents.setdefault(cid, []).append((pdf, digest))
        audited = Counter(
            db.execute("SELECT action, entity_id FROM audit_log WHERE entity = 'consultation'")
        )
        session_columns = ", ".join(("id", "consultation_id", "status", "number", *SESSION_JSON))
        sessions = db.execute(f"SELECT {session_columns} FROM treatment_sessions").fetchall()
        lots = Counter(sid for (sid,) in db.execute("SELECT session_id FROM session_lots"))
        sessions_audited = Counter(
            db.execute("SELECT action, entity_id FROM audit_log WHERE entity = 'session'")
        )

    kinds: Counter[str] = Counter()
    for cid, status, outcome, plan, *json_values in consultations:
        for value in json_values:
            json.loads(value)  # every JSON column was written whole
        assert audited[("create", cid)] == 1  # the row and its audit entry: one transaction
        assert outcome in ("clear", "caution", "stop")
        went_ahead = plan is not None and json.loads(plan) is not None  # JSON null, or NULL
        if status == "completed" and went_ahead:
            kinds["signed"] += 1
            assert outcome != "stop"
            [(pdf, digest)] = consents[cid]  # exactly one signed consent, its PDF intact
            assert hashlib.sha256(pdf).hexdigest() == digest
            assert audited[("sign", cid)] == 1 and audited[("complete", cid)] == 0
        elif status == "completed":
            kinds["stopped"] += 1
            assert outcome == "stop" and cid not in consents
            assert audited[("complete", cid)] == 1 and audited[("sign", cid)] == 0
        else:
            kinds["draft"] += 1
            assert status == "draft" and cid not in consents
            assert audited[("sign", cid)] == audited[("complete", cid)] == 0
    assert set(consents) <= {c[0] for c in consultations}
    print(dict(kinds))
    assert kinds["signed"] >= 5 and kinds["stopped"] >= 5 and kinds["draft"] >= 5

    session_kinds = _check_sessions(sessions, lots, sessions_audited, set(consents))
    print(dict(session_kinds))
    assert session_kinds["treated"] >= 3 and session_kinds["not_treated"] >= 1

    store = open_store(url, key)  # and the app reads every one of them back
    try:
        context = signed_in(AppContext(store=store, content=content))
        service = ConsultationService(context)
        assert all(service.get(c[0]).id == c[0] for c in consultations)
        treatments = TreatmentService(context)
        assert all(treatments.get(s[0]).status == s[2] for s in sessions)
    finally:
        store.close()


def _check_sessions(
    sessions: list[tuple[Any, ...]],
    lots: Counter[int],
    audited: Counter[tuple[str, int]],
    signed: set[int],
) -> Counter[str]:
    """Each treatment session whole: started, signed off (numbered, its three batch numbers
    kept) or ended not treated (no number, no batch numbers), each with its one audit entry."""
    kinds: Counter[str] = Counter()
    for sid, consultation_id, status, number, *json_values in sessions:
        for value in json_values:
            json.loads(value)
        assert consultation_id in signed  # only a signed consultation's course has sessions
        assert audited[("create", sid)] == 1
        kinds[status] += 1
        if status == "treated":
            assert number == 1 and lots[sid] == 3
            assert audited[("sign", sid)] == 1 and audited[("not_treated", sid)] == 0
        elif status == "not_treated":
            assert number is None and lots[sid] == 0
            assert audited[("not_treated", sid)] == 1 and audited[("sign", sid)] == 0
        else:
            assert status == "draft" and number is None and lots[sid] == 0
            assert audited[("sign", sid)] == audited[("not_treated", sid)] == 0
    return kinds
