"""`consult-app screen FILE.json`: the headless contract, in-process and as a real process."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult_app.cli import main
from consult_app.content.bundle import Content, default_content
from consult_app.domain.dates import EARLIEST, LATEST
from consult_app.domain.questionnaire import QuestionType
from consult_app.services.screening import result_to_json, screen_intake
from tests.conftest import intake

FINDING_KEYS = {"rule", "severity", "message", "advice", "reassess_on"}
SEVERITY_RANK = {"stop": 0, "caution": 1, "note": 2}
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
CONTENT = default_content()


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


Screen = Callable[..., Run]


def write(folder: Path, value: Any, name: str = "intake.json") -> Path:
    """`value` as the file's bytes: bytes as they are, anything else as JSON."""
    path = folder / name
    path.write_bytes(value if isinstance(value, bytes) else json.dumps(value).encode())
    return path


@pytest.fixture
def screen_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Screen:
    """Run the real `main(["screen", FILE, *args])` in-process on a value or an existing path."""

    def run(value: Any, *args: str) -> Run:
        path = value if isinstance(value, Path) else write(tmp_path, value)
        capsys.readouterr()
        code = main(["screen", str(path), *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def run_process(path: Path) -> Run:
    command = [sys.executable, "-m", "consult_app", "screen", str(path)]
    done = subprocess.run(command, capture_output=True, encoding="utf-8", env=ENV, timeout=120)
    return Run(done.returncode, done.stdout, done.stderr)


def assert_contract(output: str) -> dict[str, Any]:
    """The stdout of exit 0, checked key by key and type by type."""
    parsed = json.loads(output)
    assert isinstance(parsed, dict)
    assert set(parsed) == {"outcome", "findings"}
    assert parsed["outcome"] in ("stop", "caution", "clear")
    assert isinstance(parsed["findings"], list)
    for finding in parsed["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in SEVERITY_RANK
        assert all(
            isinstance(finding[k], str) and finding[k] for k in ("rule", "message", "advice")
        )
        reassess = finding["reassess_on"]
        assert reassess is None or date.fromisoformat(reassess).isoformat() == reassess
    return parsed


def assert_bad_input(run: Run, fields: list[str]) -> None:
    """Exit 2, nothing on stdout, exactly one stderr line per problem, each naming its field."""
    assert run.code == 2, run
    assert run.out == ""
    assert "Traceback" not in run.err
    lines = run.err.splitlines()
    assert len(lines) == len(fields), lines
    for field in fields:
        assert any(line.startswith(f"consult-app: {field}: ") for line in lines), (field, lines)


@pytest.fixture
def raw(content: Content) -> dict[str, Any]:
    return intake(content)


# --- exit 0: the output contract -------------------------------------------------------------


def test_clear_intake(screen_file: Screen, raw: dict[str, Any]) -> None:
    run = screen_file(raw)
    assert (run.code, run.err) == (0, "")
    assert assert_contract(run.out) == {"outcome": "clear", "findings": []}
    assert screen_file(raw, "--format=text") == Run(0, "Outcome: clear\n", "")


def test_output_contract(screen_file: Screen, content: Content) -> None:
    dose = {"isotretinoin_last_6_months": True, "isotretinoin_last_dose": "2026-05-26"}
    toxin = [{"kind": "toxin", "date": "2026-11-20"}]
    raw = intake(content, pregnant_or_breastfeeding=True, smoker=True, **dose)
    raw["answers"]["recent_aesthetic_procedures"] = toxin
    run = screen_file(raw)
    assert run.code == 0, run.err
    parsed = assert_contract(run.out)
    assert parsed["outcome"] == "stop"
    assert [(f["rule"], f["severity"], f["reassess_on"]) for f in parsed["findings"]] == [
        ("pregnancy", "stop", None),
        ("isotretinoin", "stop", "2026-11-26"),
        ("recent_procedure", "caution", "2026-12-04"),
        ("smoking", "note", None),
    ]
    assert parsed == result_to_json(screen_intake(content, raw))


def test_text_format(screen_file: Screen, content: Content) -> None:
    run = screen_file(intake(content, unwell_last_week=True, smoker=True), "--format", "text")
    assert run.code == 0
    assert run.out.splitlines()[0] == "Outcome: caution"
    assert "[caution] recent_illness" in run.out
    assert "[note] smoking" in run.out
    assert "What to do: " in run.out
    assert "Re-assess on: 2 Dec 2026" in run.out
    assert run.out.index("[caution]") < run.out.index("[note]")


def test_real_process_prints_the_contract(tmp_path: Path, content: Content) -> None:
    path = write(tmp_path, intake(content, active_infection_in_area=True), "ünï intake.json")
    run = run_process(path)
    assert run.code == 0, run.err
    parsed = assert_contract(run.out)
    assert parsed["outcome"] == "stop"
    assert [(f["rule"], f["reassess_on"]) for f in parsed["findings"]] == [
        ("active_infection", "2026-12-09")
    ]


def test_real_process_reports_bad_input_without_a_traceback(
    tmp_path: Path, raw: dict[str, Any]
) -> None:
    del raw["answers"]["smoker"]
    raw["answers"]["diabetes"] = "maybe"
    assert_bad_input(run_process(write(tmp_path, raw)), ["answers.smoker", "answers.diabetes"])


# --- exit 2: bad input -----------------------------------------------------------------------

DROP = object()


def bad(path: str, value: Any, *fields: str, name: str) -> Any:
    """A table row: set (or DROP) `path` ("a.b.c") in a clear intake; expect `fields` or path."""
    return pytest.param(path, value, list(fields) or [path], id=name)


def proc(kind: str, day: str) -> list[dict[str, str]]:
    return [{"kind": kind, "date": day}]


PROCEDURES = "answers.recent_aesthetic_procedures"

# fmt: off
BAD_INTAKES = [
    bad("answers.pregnant_or_breastfeeding", DROP, name="missing-answer"),
    bad("answers.favourite_colour", "blue", name="unknown-question"),
    bad("answers.smoker", "yes", name="yes-string-for-yes-no"),
    bad("answers.smoker", 1, name="one-for-yes-no"),
    bad("answers.diabetes", "maybe", name="not-a-choice"),
    bad("answers.skin_condition_history", "eczema", name="multi-not-a-list"),
    bad("answers.skin_condition_history", ["acne"], name="multi-unknown-choice"),
    bad(PROCEDURES, "toxin", name="procedures-not-a-list"),
    bad(PROCEDURES, proc("tattoo", "2026-11-01"), f"{PROCEDURES}[0].kind",
        name="unknown-procedure"),
    bad(PROCEDURES, proc("toxin", "1 Nov"), f"{PROCEDURES}[0].date", name="procedure-bad-date"),
    bad(PROCEDURES, [{"kind": "toxin"}], f"{PROCEDURES}[0]", name="procedure-without-date"),
    bad("answers.other_conditions", 42, name="number-for-text"),
    bad("consultation_date", "2026-13-01", name="consultation-month-13"),
    bad("consultation_date", 20261125, name="consultation-date-as-number"),
    bad("consultation_date", DROP, name="no-consultation-date"),
    bad("client.date_of_birth", "24/05/1990", name="dob-not-iso"),
    bad("client.date_of_birth", "2027-01-01", name="dob-after-consultation"),
    bad("client.last_name", None, name="no-last-name"),
    bad("client.first_name", 7, name="first-name-a-number"),
    bad("client.nickname", "Z", name="unknown-client-field"),
    bad("client", DROP, name="no-client"),
    bad("client", "Zoë", name="client-not-an-object"),
    bad("answers", DROP, name="no-answers"),
    bad("answers", [], name="answers-a-list"),
    bad("assessment.fitzpatrick", 7, name="fitzpatrick-7"),
    bad("assessment.fitzpatrick", "4", name="fitzpatrick-as-text"),
    bad("assessment.fitzpatrick", 4.0, name="fitzpatrick-as-float"),
    bad("assessment.fitzpatrick", True, name="fitzpatrick-as-bool"),
    bad("assessment.fitzpatrick", DROP, name="no-fitzpatrick"),
    bad("assessment.concerns", ["sunspots"], name="unknown-concern"),
    bad("assessment", DROP, name="no-assessment"),
    bad("notes", "hello", name="unknown-top-level-key"),
]
# fmt: on


@pytest.mark.parametrize(("path", "value", "fields"), BAD_INTAKES)
def test_bad_intake(
    screen_file: Screen, raw: dict[str, Any], path: str, value: Any, fields: list[str]
) -> None:
    *parents, last = path.split(".")
    target = raw
    for key in parents:
        target = target[key]
    if value is DROP:
        del target[last]
    else:
        target[last] = value
    assert_bad_input(screen_file(raw), fields)


def test_every_problem_gets_its_own_line(screen_file: Screen, raw: dict[str, Any]) -> None:
    del raw["answers"]["keloid_or_hypertrophic_scarring"]
    raw["answers"]["favourite_colour"] = "blue"
    raw["answers"]["metal_allergy"] = "no"
    raw["client"]["first_name"] = ""
    raw["assessment"]["fitzpatrick"] = 9
    fields = ["answers.keloid_or_hypertrophic_scarring", "answers.favourite_colour",
              "answers.metal_allergy", "client.first_name", "assessment.fitzpatrick"]  # fmt: skip
    assert_bad_input(screen_file(raw), fields)


def test_bad_isotretinoin_dose_date(screen_file: Screen, content: Content) -> None:
    raw = intake(content, isotretinoin_last_6_months=True, isotretinoin_last_dose="2026-02-30")
    run = screen_file(raw)
    assert_bad_input(run, ["answers.isotretinoin_last_dose"])
    assert "not a real calendar date" in run.err


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        pytest.param("bad.json", b"{not json", "not valid JSON", id="not-json"),
        pytest.param("bad.json", b"", "not valid JSON", id="empty-file"),
        pytest.param("bad.json", b"\xff\xfe{\x00}\x00", "UTF-8", id="not-utf8"),
        pytest.param("bad.json", b'{"a": "caf\xe9"}', "UTF-8", id="latin-1"),
        pytest.param("bad.json", b"[1, 2]", "one JSON object", id="top-level-array"),
        pytest.param("bad.json", b"null", "one JSON object", id="top-level-null"),
        pytest.param("bad.json", b'"intake"', "one JSON object", id="top-level-string"),
        pytest.param("nowhere.json", None, "no such file", id="missing-file"),
        pytest.param("", None, "folder", id="a-folder"),
    ],
)
def test_unreadable_file(
    screen_file: Screen, tmp_path: Path, name: str, data: bytes | None, words: str
) -> None:
    path = tmp_path / name if data is None else write(tmp_path, data, name)
    run = screen_file(path)
    assert_bad_input(run, ["(file)" if "object" in words else str(path)])
    assert words in run.err


def test_one_line_per_problem_even_when_a_question_id_has_a_line_break(
    screen_file: Screen, raw: dict[str, Any]
) -> None:
    raw["answers"]["smoker\nconsult-app: all clear"] = True
    run = screen_file(raw)
    assert run.code == 2
    assert len(run.err.splitlines()) == 1, run.err


def clear_with(on: str = "", **answers: Any) -> bytes:
    """The clear intake's file with `answers` changed and, if given, a later consultation."""
    raw = intake(CONTENT, **answers)
    if on:
        raw["consultation_date"], raw["client"]["date_of_birth"] = on, "9970-01-01"
    return json.dumps(raw).encode()


# fmt: off
NOT_CRASHING = [
    pytest.param(clear_with(isotretinoin_last_6_months=True, isotretinoin_last_dose="9999-12-31"),
                 id="isotretinoin-dose-9999"),
    pytest.param(clear_with(recent_aesthetic_procedures=proc("toxin", "9999-12-31")),
                 id="toxin-9999"),
    pytest.param(clear_with(recent_aesthetic_procedures=proc("facial_surgery", "9999-08-01")),
                 id="surgery-9999"),
    pytest.param(clear_with("9999-12-31", active_infection_in_area=True), id="consultation-9999"),
    pytest.param(b'{"consultation_date": ' + b"7" * 5000 + b"}", id="5000-digit-number"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deeply-nested"),
]
# fmt: on


@pytest.mark.parametrize("data", NOT_CRASHING)
def test_odd_but_readable_input_does_not_escape_main(screen_file: Screen, data: bytes) -> None:
    run = screen_file(data)  # an exception escaping main fails here
    assert run.code in (0, 2)
    assert run.code == 0 or run.err.strip()


# --- fuzzing: whatever the file holds, exit 0 or 2 and never an exception ---------------------

BASE = intake(CONTENT)
QUESTIONS = CONTENT.questionnaire.questions
KINDS = QUESTIONS["recent_aesthetic_procedures"].option_ids

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
# The plausible range the app accepts (consult_app.domain.dates.EARLIEST/LATEST) and its edges;
# dates outside it are refused with a message, which the other fuzz tests exercise.
edge_dates = st.sampled_from([EARLIEST, LATEST, date(2199, 7, 1), date(2024, 2, 29)])
any_dates = st.dates(EARLIEST, LATEST) | edge_dates
iso_dates = any_dates.map(date.isoformat)
ordinary_dates = st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat)
names = st.text(st.characters(categories=("L", "Zs")), min_size=1, max_size=20).filter(
    lambda text: any(ch.isalpha() for ch in text)
)
texts = st.text(st.characters(categories=("L", "N", "P", "Zs")), max_size=40)


def answer_for(question_id: str, dates: st.SearchStrategy[str] = iso_dates) -> Any:
    """A well-typed answer; `dates` for its dates (the calendar's edges by default)."""
    question = QUESTIONS[question_id]
    options = question.option_ids or ("",)
    kinds = {"kind": st.sampled_from(KINDS), "date": dates}
    return {
        QuestionType.YES_NO: st.booleans(),
        QuestionType.CHOICE: st.sampled_from(options),
        QuestionType.MULTI: st.lists(st.sampled_from(options), unique=True),
        QuestionType.DATE: dates,
        QuestionType.TEXT: texts,
        QuestionType.PROCEDURES: st.lists(st.fixed_dictionaries(kinds), max_size=4),
    }[question.type]


@st.composite
def valid_intakes(draw: st.DrawFn) -> dict[str, Any]:
    """Well-formed intakes: any answers, any dates the calendar has, an age from 0 to 120."""
    on = draw(any_dates)
    age_days = draw(st.integers(0, min(120 * 365, (on - EARLIEST).days)))
    answers = {q: draw(answer_for(q)) for q in QUESTIONS if QUESTIONS[q].required}
    if answers["isotretinoin_last_6_months"] and draw(st.booleans()):
        answers["isotretinoin_last_dose"] = draw(iso_dates)
    for optional in ("other_conditions", "other_medications"):
        if draw(st.booleans()):
            answers[optional] = draw(texts)
    concerns = [c.id for c in CONTENT.questionnaire.assessment.concerns]
    return {
        "consultation_date": on.isoformat(),
        "client": {"first_name": draw(names), "last_name": draw(names),
                   "date_of_birth": (on - timedelta(days=age_days)).isoformat()},
        "answers": answers,
        "assessment": {"fitzpatrick": draw(st.integers(1, 6)),
                       "concerns": draw(st.lists(st.sampled_from(concerns), unique=True))},
    }  # fmt: skip


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside nested dicts and lists."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    found: list[tuple[Any, ...]] = []
    for key, child in items:
        found.append((*prefix, key))
        if isinstance(child, (dict, list)):
            found.extend(_paths(child, (*prefix, key)))
    return found


@st.composite
def mutated_intakes(draw: st.DrawFn) -> Any:
    """A valid intake with keys dropped, values replaced by any JSON, or odd answers added.

    Dates stay ordinary here: the calendar's edges are valid_intakes' business.
    """
    raw = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["drop", "replace", "answer"]))
        answers = raw.get("answers")
        if how in ("drop", "replace") and _paths(raw):
            *parents, last = draw(st.sampled_from(_paths(raw)))
            target = raw
            for key in parents:
                target = target[key]
            if how == "drop":
                del target[last]
            else:
                target[last] = draw(json_values)
        elif isinstance(answers, dict):  # a known question or any text as the id
            question_id = draw(st.sampled_from(sorted(QUESTIONS)) | st.text(max_size=30))
            known = answer_for(question_id, ordinary_dates) if question_id in QUESTIONS else None
            answers[question_id] = draw(json_values if known is None else known | json_values)
    return raw


def check_screen(path: Path, data: bytes) -> dict[str, Any] | None:
    """Screen `data` in-process: exit 2 with a plain message, or exit 0 with the contract."""
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["screen", str(path)])  # any exception escaping main fails the test
    assert code in (0, 2), (code, err.getvalue())
    if code == 2:
        assert err.getvalue().strip()
        assert "Traceback" not in err.getvalue()
        assert out.getvalue() == ""
        return None
    return assert_contract(out.getvalue())


FUZZ = settings(max_examples=200, deadline=None)


@FUZZ
@given(data=json_values.map(lambda value: json.dumps(value).encode()) | st.binary(max_size=200))
def test_any_json_value_or_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    check_screen(tmp_path_factory.mktemp("fuzz") / "intake.json", data)


@FUZZ
@given(value=mutated_intakes())
def test_mutated_intakes(tmp_path_factory: pytest.TempPathFactory, value: Any) -> None:
    check_screen(tmp_path_factory.mktemp("fuzz") / "intake.json", json.dumps(value).encode())


@FUZZ
@given(value=valid_intakes())
def test_valid_intakes_always_screen(tmp_path_factory: pytest.TempPathFactory, value: Any) -> None:
    parsed = check_screen(tmp_path_factory.mktemp("fuzz") / "i.json", json.dumps(value).encode())
    assert parsed is not None, "a well-formed intake was refused"
    ranks = [SEVERITY_RANK[f["severity"]] for f in parsed["findings"]]
    assert ranks == sorted(ranks)
    worst = min(ranks, default=2)
    assert parsed["outcome"] == {0: "stop", 1: "caution", 2: "clear"}[worst]
    on = value["consultation_date"]
    assert all(f["reassess_on"] > on for f in parsed["findings"] if f["reassess_on"])
