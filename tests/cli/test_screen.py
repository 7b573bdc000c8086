"""`consult-app screen FILE.json`: the headless contract, in-process and as a real process."""

from __future__ import annotations

import copy
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult_app.cli import main
from consult_app.content.bundle import Content, default_content
from consult_app.services.screening import result_to_json, screen_intake
from tests.conftest import intake

FINDING_KEYS = {"rule", "severity", "message", "advice", "reassess_on"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def write(folder: Path, value: Any, name: str = "intake.json") -> Path:
    path = folder / name
    path.write_bytes(value if isinstance(value, bytes) else json.dumps(value).encode())
    return path


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    capsys.readouterr()
    code = main(["screen", *args])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def run_process(*args: str) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "consult_app", "screen", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENV,
        timeout=120,
        check=False,
    )
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
        assert finding["severity"] in ("stop", "caution", "note")
        for key in ("rule", "message", "advice"):
            assert isinstance(finding[key], str) and finding[key]
        reassess = finding["reassess_on"]
        assert reassess is None or (isinstance(reassess, str) and ISO_DATE.match(reassess))
        if reassess is not None:
            date.fromisoformat(reassess)
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


def test_clear_intake(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, raw: dict[str, Any]
) -> None:
    run = run_main(capsys, str(write(tmp_path, raw)))
    assert run.code == 0
    assert run.err == ""
    assert assert_contract(run.out) == {"outcome": "clear", "findings": []}


def test_output_contract(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Content
) -> None:
    raw = intake(
        content,
        pregnant_or_breastfeeding=True,
        smoker=True,
        isotretinoin_last_6_months=True,
        isotretinoin_last_dose="2026-05-26",
        recent_aesthetic_procedures=[{"kind": "toxin", "date": "2026-11-20"}],
    )
    run = run_main(capsys, str(write(tmp_path, raw)))
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


def test_text_format(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Content) -> None:
    raw = intake(content, unwell_last_week=True, smoker=True)
    run = run_main(capsys, str(write(tmp_path, raw)), "--format", "text")
    assert run.code == 0
    assert run.out.splitlines()[0] == "Outcome: caution"
    assert "[caution] recent_illness" in run.out
    assert "[note] smoking" in run.out
    assert "What to do: " in run.out
    assert "Re-assess on: 2 Dec 2026" in run.out
    assert run.out.index("[caution]") < run.out.index("[note]")


def test_text_format_of_a_clear_intake(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, raw: dict[str, Any]
) -> None:
    run = run_main(capsys, str(write(tmp_path, raw)), "--format=text")
    assert (run.code, run.out) == (0, "Outcome: clear\n")


def test_real_process_prints_the_contract(tmp_path: Path, content: Content) -> None:
    raw = intake(content, active_infection_in_area=True)
    run = run_process(str(write(tmp_path, raw, "ünïcode intake.json")))
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
    assert_bad_input(run_process(str(write(tmp_path, raw))), ["answers.smoker", "answers.diabetes"])


# --- exit 2: bad input -----------------------------------------------------------------------

Change = Callable[[dict[str, Any]], Any]


def _drop_answer(raw: dict[str, Any]) -> None:
    del raw["answers"]["pregnant_or_breastfeeding"]


def _several(raw: dict[str, Any]) -> None:
    del raw["answers"]["keloid_or_hypertrophic_scarring"]
    raw["answers"]["favourite_colour"] = "blue"
    raw["answers"]["metal_allergy"] = "no"
    raw["client"]["first_name"] = ""


def _set(path: str, value: Any) -> Change:
    def change(raw: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = raw
        for key in parents:
            target = target[key]
        target[last] = value

    return change


def _proc(kind: str, day: str) -> dict[str, str]:
    return {"kind": kind, "date": day}


def _delete(key: str) -> Change:
    return lambda raw: raw.pop(key)


BAD_INTAKES = [
    pytest.param(_drop_answer, ["answers.pregnant_or_breastfeeding"], id="missing-answer"),
    pytest.param(
        _set("answers.favourite_colour", "blue"),
        ["answers.favourite_colour"],
        id="unknown-question",
    ),
    pytest.param(_set("answers.smoker", "yes"), ["answers.smoker"], id="yes-string-for-yes-no"),
    pytest.param(_set("answers.smoker", 1), ["answers.smoker"], id="one-for-yes-no"),
    pytest.param(_set("answers.diabetes", "maybe"), ["answers.diabetes"], id="not-a-choice"),
    pytest.param(
        _set("answers.skin_condition_history", "eczema"),
        ["answers.skin_condition_history"],
        id="multi-not-a-list",
    ),
    pytest.param(
        _set("answers.recent_aesthetic_procedures", [_proc("tattoo", "2026-11-01")]),
        ["answers.recent_aesthetic_procedures[0].kind"],
        id="unknown-procedure",
    ),
    pytest.param(
        _set("answers.recent_aesthetic_procedures", [_proc("toxin", "1 Nov")]),
        ["answers.recent_aesthetic_procedures[0].date"],
        id="procedure-bad-date",
    ),
    pytest.param(
        _set("answers.recent_aesthetic_procedures", [{"kind": "toxin"}]),
        ["answers.recent_aesthetic_procedures[0]"],
        id="procedure-without-date",
    ),
    pytest.param(
        _set("answers.other_conditions", 42), ["answers.other_conditions"], id="number-for-text"
    ),
    pytest.param(
        _set("consultation_date", "2026-13-01"), ["consultation_date"], id="consultation-month-13"
    ),
    pytest.param(_delete("consultation_date"), ["consultation_date"], id="no-consultation-date"),
    pytest.param(
        _set("client.date_of_birth", "24/05/1990"), ["client.date_of_birth"], id="dob-not-iso"
    ),
    pytest.param(
        _set("client.date_of_birth", "2027-01-01"),
        ["client.date_of_birth"],
        id="dob-after-consultation",
    ),
    pytest.param(_set("client.last_name", None), ["client.last_name"], id="no-last-name"),
    pytest.param(_set("client.nickname", "Z"), ["client.nickname"], id="unknown-client-field"),
    pytest.param(_delete("client"), ["client"], id="no-client"),
    pytest.param(_delete("answers"), ["answers"], id="no-answers"),
    pytest.param(_set("assessment.fitzpatrick", 7), ["assessment.fitzpatrick"], id="fitz-7"),
    pytest.param(
        _set("assessment.fitzpatrick", "4"), ["assessment.fitzpatrick"], id="fitz-as-text"
    ),
    pytest.param(
        _set("assessment.fitzpatrick", True), ["assessment.fitzpatrick"], id="fitz-as-bool"
    ),
    pytest.param(
        _set("assessment.concerns", ["sunspots"]), ["assessment.concerns"], id="unknown-concern"
    ),
    pytest.param(_delete("assessment"), ["assessment"], id="no-assessment"),
    pytest.param(_set("notes", "hello"), ["notes"], id="unknown-top-level-key"),
    pytest.param(
        _several,
        [
            "answers.keloid_or_hypertrophic_scarring",
            "answers.favourite_colour",
            "answers.metal_allergy",
            "client.first_name",
        ],
        id="several-problems",
    ),
]


@pytest.mark.parametrize(("change", "fields"), BAD_INTAKES)
def test_bad_intake(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    raw: dict[str, Any],
    change: Change,
    fields: list[str],
) -> None:
    change(raw)
    assert_bad_input(run_main(capsys, str(write(tmp_path, raw))), fields)


def test_bad_isotretinoin_dose_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Content
) -> None:
    raw = intake(content, isotretinoin_last_6_months=True, isotretinoin_last_dose="2026-02-30")
    run = run_main(capsys, str(write(tmp_path, raw)))
    assert_bad_input(run, ["answers.isotretinoin_last_dose"])
    assert "not a real calendar date" in run.err


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param(b"{not json", "not valid JSON", id="not-json"),
        pytest.param(b"", "not valid JSON", id="empty-file"),
        pytest.param(b"\xff\xfe{\x00}\x00", "UTF-8", id="not-utf8"),
        pytest.param("{}".encode("utf-16"), "UTF-8", id="utf16"),
        pytest.param(b"[1, 2]", "one JSON object", id="top-level-array"),
        pytest.param(b"null", "one JSON object", id="top-level-null"),
        pytest.param(b'"intake"', "one JSON object", id="top-level-string"),
    ],
)
def test_unreadable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes, words: str
) -> None:
    path = write(tmp_path, data)
    run = run_main(capsys, str(path))
    field = "(file)" if "object" in words else str(path)
    assert_bad_input(run, [field])
    assert words in run.err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    run = run_main(capsys, str(path))
    assert_bad_input(run, [str(path)])
    assert "no such file" in run.err


def test_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run = run_main(capsys, str(tmp_path))
    assert_bad_input(run, [str(tmp_path)])
    assert "folder" in run.err


def test_one_line_per_problem_even_when_a_question_id_has_a_line_break(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, raw: dict[str, Any]
) -> None:
    raw["answers"]["smoker\nconsult-app: all clear"] = True
    run = run_main(capsys, str(write(tmp_path, raw)))
    assert run.code == 2
    assert len(run.err.splitlines()) == 1, run.err


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            {"isotretinoin_last_6_months": True, "isotretinoin_last_dose": "9999-12-31"},
            id="isotretinoin-dose-9999",
        ),
        pytest.param(
            {"recent_aesthetic_procedures": [{"kind": "toxin", "date": "9999-12-31"}]},
            id="toxin-9999",
        ),
        pytest.param(
            {"recent_aesthetic_procedures": [{"kind": "facial_surgery", "date": "9999-08-01"}]},
            id="surgery-9999",
        ),
    ],
)
def test_dates_at_the_end_of_the_calendar_do_not_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Content, change: dict[str, Any]
) -> None:
    run = run_main(capsys, str(write(tmp_path, intake(content, **change))))
    assert run.code in (0, 2)
    assert "Traceback" not in run.err


def test_consultation_at_the_end_of_the_calendar_does_not_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: Content
) -> None:
    raw = intake(content, active_infection_in_area=True)
    raw["consultation_date"] = "9999-12-31"
    raw["client"]["date_of_birth"] = "9970-01-01"
    run = run_main(capsys, str(write(tmp_path, raw)))
    assert run.code in (0, 2)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b'{"consultation_date": ' + b"7" * 5000 + b"}", id="5000-digit-number"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="deeply-nested"),
    ],
)
def test_pathological_json_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes
) -> None:
    run = run_main(capsys, str(write(tmp_path, data)))
    assert run.code == 2
    assert run.err.strip()


# --- fuzzing: whatever the file holds, exit 0 or 2 and never a traceback ---------------------

CONTENT = default_content()
BASE = intake(CONTENT)
QUESTION_IDS = sorted(CONTENT.questionnaire.questions)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
edge_dates = st.sampled_from([date.min, date.max, date(9999, 7, 1), date(2024, 2, 29)])
iso_dates = (st.dates() | edge_dates).map(date.isoformat)
question_ids = st.sampled_from(QUESTION_IDS) | st.text(max_size=30)
procedures = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["toxin", "filler", "laser_or_peel", "facial_surgery"]),
            "date": iso_dates,
        }
    ),
    max_size=3,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside nested dicts and lists."""
    items: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    found = []
    for key, child in items:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


@st.composite
def mutated_intakes(draw: st.DrawFn) -> Any:
    raw = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["drop", "replace", "answer", "yes", "date", "procedures"]))
        answers = raw.get("answers") if isinstance(raw, dict) else None
        if how in ("drop", "replace"):
            paths = _paths(raw)
            if not paths:
                continue
            *parents, last = draw(st.sampled_from(paths))
            target = raw
            for key in parents:
                target = target[key]
            if how == "drop":
                del target[last]
            else:
                target[last] = draw(json_values)
        elif how == "date" and isinstance(raw, dict):
            where = draw(st.sampled_from(["consultation_date", "client", "dose"]))
            if where == "client" and isinstance(raw.get("client"), dict):
                raw["client"]["date_of_birth"] = draw(iso_dates)
            elif where == "dose" and isinstance(answers, dict):
                answers["isotretinoin_last_6_months"] = True
                answers["isotretinoin_last_dose"] = draw(iso_dates)
            else:
                raw["consultation_date"] = draw(iso_dates)
        elif isinstance(answers, dict):
            key = draw(question_ids) if how in ("answer", "yes") else "recent_aesthetic_procedures"
            value = {"answer": json_values, "yes": st.just(True), "procedures": procedures}[how]
            answers[key] = draw(value)
    return raw


def check_screen(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["screen", str(path)])  # any exception escaping main fails the test
    assert code in (0, 2), (code, err.getvalue())
    if code == 2:
        assert err.getvalue().strip()
        assert "Traceback" not in err.getvalue()
        assert out.getvalue() == ""
    else:
        assert_contract(out.getvalue())


FUZZ = settings(max_examples=200, deadline=None)


@FUZZ
@given(value=json_values)
def test_any_json_value(tmp_path_factory: pytest.TempPathFactory, value: Any) -> None:
    check_screen(tmp_path_factory.mktemp("fuzz") / "intake.json", json.dumps(value).encode())


@FUZZ
@given(value=mutated_intakes())
def test_mutated_intakes(tmp_path_factory: pytest.TempPathFactory, value: Any) -> None:
    check_screen(tmp_path_factory.mktemp("fuzz") / "intake.json", json.dumps(value).encode())


@FUZZ
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    check_screen(tmp_path_factory.mktemp("fuzz") / "intake.json", data)
