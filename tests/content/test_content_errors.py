"""Each kind of mistake in a content file is refused, naming the file, the entry and the fix.

Every case copies the shipped content to a temporary folder, makes one small edit and loads it.
"""

from __future__ import annotations

import re
import shutil
import signal
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from consult_app.content.bundle import Content, load_content
from consult_app.errors import ContentError
from consult_app.paths import content_dir

Edit = Callable[[Path], None]
LOAD_SECONDS = 5  # loading takes milliseconds; longer means load_content is stuck


def replace(file: str, old: str, new: str) -> Edit:
    """Replace text that occurs exactly once, so the edit hits the entry it means to."""

    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} should occur once in {file}; update this test"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def remove(file: str, pattern: str) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / file
        text, count = re.subn(pattern, "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        assert count == 1, f"{pattern!r} should match once in {file}; update this test"
        path.write_text(text, encoding="utf-8")

    return edit


def append(file: str, toml: str) -> Edit:
    def edit(folder: Path) -> None:
        with (folder / file).open("a", encoding="utf-8") as handle:
            handle.write(toml)

    return edit


def prepend(file: str, toml: str) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / file
        path.write_text(toml + path.read_text(encoding="utf-8"), encoding="utf-8")

    return edit


def delete(file: str) -> Edit:
    return lambda folder: (folder / file).unlink()


def load_within_limit(folder: Path) -> Content:
    """load_content, failing the test (instead of hanging the run) if it never returns."""
    if hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread():

        def stuck(signum: int, frame: object) -> None:
            pytest.fail(f"load_content did not return within {LOAD_SECONDS} s")

        previous = signal.signal(signal.SIGALRM, stuck)
        signal.alarm(LOAD_SECONDS)
        try:
            return load_content(folder)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    result: list[Content | BaseException] = []

    def run() -> None:
        try:
            result.append(load_content(folder))
        except BaseException as exc:
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(LOAD_SECONDS)
    if not result:
        pytest.fail(f"load_content did not return within {LOAD_SECONDS} s")
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


Q, R, P = "questionnaire.toml", "rules.toml", "plan.toml"
SMOKER = 'id = "smoker"\ntype = "yes_no"\n'
SMOKING = 'id = "smoking"\nseverity = "note"\n'
SMOKER_WHEN = 'question = "smoker", op = "eq", value = true'
ISOTRETINOIN_SOURCE = 'source = "isotretinoin product label; Waldman et al. 2017"\n'
FOREHEAD = 'id = "forehead"\nlabel = "Forehead"\ndepth_min = 0.25\ndepth_max = 0.5\n'
NEW_QUESTION = '\n[[question]]\nid = "hobbies"\ntype = "text"\ntext = "Your hobbies?"\n'
CYCLE = (
    '\n[[question]]\nid = "loop_a"\ntype = "yes_no"\ntext = "A?"\n'
    'follow_up_of = "loop_b"\nshown_when = true\n'
    '\n[[question]]\nid = "loop_b"\ntype = "yes_no"\ntext = "B?"\n'
    'follow_up_of = "loop_a"\nshown_when = true\n'
)


def case(case_id: str, edit: Edit, file: str, entry: str, phrase: str) -> object:
    return pytest.param(edit, file, entry, phrase, id=case_id)


# fmt: off
CASES = [
    # questionnaire.toml
    case("question-unknown-key", replace(Q, SMOKER, SMOKER + 'hint = "Be honest."\n'),
         Q, "question 'smoker'", "unknown key 'hint'"),
    case("question-unknown-type", replace(Q, SMOKER, SMOKER.replace("yes_no", "boolean")),
         Q, "question 'smoker'", "type 'boolean' is not one of"),
    case("question-in-no-section", append(Q, NEW_QUESTION),
         Q, "question 'hobbies'", "is not in any section"),
    case("section-lists-missing-question",
         replace(Q, '["other_conditions"]', '["other_conditions", "hobbies"]'),
         Q, "section 'anything_else'", "lists 'hobbies', which is not a question"),
    case("follow-up-parent-missing",
         replace(Q, 'follow_up_of = "isotretinoin_last_6_months"',
                 'follow_up_of = "isotretinoin_recently"'),
         Q, "question 'isotretinoin_last_dose'",
         "follow_up_of names 'isotretinoin_recently', which is not a question"),
    case("shown-when-not-an-answer", replace(Q, "shown_when = true", 'shown_when = "yes"'),
         Q, "question 'isotretinoin_last_dose'",
         "is not a possible answer of 'isotretinoin_last_6_months'"),
    case("follow-up-cycle", append(Q, CYCLE), Q, "question 'loop_a'", "leads back to itself"),
    case("duplicate-question-id", replace(Q, 'id = "unwell_last_week"\n', 'id = "smoker"\n'),
         Q, "question 'smoker'", "used twice"),
    case("duplicate-option-id",
         replace(Q, '{ id = "controlled", label', '{ id = "no", label'),
         Q, "question 'diabetes' → option 'no'", "used twice"),
    case("fitzpatrick-level-missing", remove(Q, r"  \{ level = 6, label = \"Type VI\".*?\},\n"),
         Q, "top level → assessment", "'fitzpatrick' must describe each level from 1 to 6"),
    case("upper-case-id", replace(Q, SMOKER, SMOKER.replace("smoker", "Smoker")),
         Q, "question 'Smoker'", "must use lower-case letters, digits and _ only"),
    # rules.toml
    case("rule-unknown-key", replace(R, SMOKING, SMOKING + "priority = 1\n"),
         R, "rule 'smoking'", "unknown key 'priority'"),
    case("rule-missing-question",
         replace(R, SMOKER_WHEN, SMOKER_WHEN.replace('"smoker"', '"smoking_status"')),
         R, "rule 'smoking' → when 1",
         "names question 'smoking_status', which is not in the questionnaire"),
    case("rule-unknown-option",
         replace(R, 'op = "contains", value = "vitiligo"', 'op = "contains", value = "warts"'),
         R, "rule 'koebner_risk' → when 1",
         "'warts' is not an option of 'skin_condition_history'"),
    case("yes-no-compared-with-text",
         replace(R, SMOKER_WHEN, SMOKER_WHEN.replace("true", '"yes"')),
         R, "rule 'smoking' → when 1", "'smoker' is a yes/no question"),
    case("unknown-op", replace(R, SMOKER_WHEN, SMOKER_WHEN.replace('"eq"', '"equals"')),
         R, "rule 'smoking' → when 1", "op 'equals' is not one of"),
    case("unknown-severity", replace(R, SMOKING, SMOKING.replace('"note"', '"warning"')),
         R, "rule 'smoking'", "severity 'warning' is not one of stop, caution, note"),
    case("match-not-all-or-any", replace(R, SMOKING, SMOKING + 'match = "either"\n'),
         R, "rule 'smoking'", "match 'either' must be 'all' or 'any'"),
    case("reassess-after-and-wait",
         replace(R, ISOTRETINOIN_SOURCE, ISOTRETINOIN_SOURCE + 'reassess_after = "6 months"\n'),
         R, "rule 'isotretinoin'", "give only one of 'reassess_after', 'wait' or 'each'"),
    case("bad-period-text", replace(R, 'period = "6 months"', 'period = "six months"'),
         R, "rule 'isotretinoin' → wait", '"six months" is not a period'),
    case("wait-since-not-a-date",
         replace(R, 'since = "isotretinoin_last_dose"', 'since = "isotretinoin_last_6_months"'),
         R, "rule 'isotretinoin' → wait", "must name a date question"),
    case("each-unknown-kind", replace(R, 'toxin = "14 days"', 'botox = "14 days"'),
         R, "rule 'recent_procedure' → each",
         "periods names 'botox', which is not an option of 'recent_aesthetic_procedures'"),
    case("message-unknown-placeholder", replace(R, "{item} on {date}", "{item} on {day}"),
         R, "rule 'recent_procedure'", "message has an unknown placeholder"),
    case("message-placeholder-attribute",
         replace(R, "{item} on {date}", "{item} on {date.year}"),
         R, "rule 'recent_procedure'", "message has an unknown placeholder"),
    case("message-placeholder-without-each",
         replace(R, 'message = "You smoke.', 'message = "{name} smokes.'),
         R, "rule 'smoking'", "message has an unknown placeholder"),
    case("duplicate-rule-id", replace(R, 'id = "smoking"\n', 'id = "photosensitivity"\n'),
         R, "rule 'photosensitivity'", "used twice"),
    case("assessment-concern-typo",
         replace(R, 'op = "contains", value = "melasma"', 'op = "contains", value = "melasmaa"'),
         R, "rule 'melasma' → when 1", "'melasmaa'"),
    case("age-compared-with-text", replace(R, 'op = "lt", value = 18', 'op = "lt", value = "18"'),
         R, "rule 'under_minimum_age' → when 1", "'18'"),
    # plan.toml
    case("plan-top-level-unknown-key", prepend(P, 'clinic = "High Street"\n'),
         P, "top level", "unknown key 'clinic'"),
    case("duplicate-area-id", replace(P, 'id = "nose"', 'id = "forehead"'),
         P, "area 'forehead'", "used twice"),
    case("depth-min-above-max", replace(P, FOREHEAD, FOREHEAD.replace("min = 0.25", "min = 0.75")),
         P, "area 'forehead'", "depth range 0.75–0.5 mm is not valid"),
    case("depth-zero", replace(P, FOREHEAD, FOREHEAD.replace("min = 0.25", "min = 0")),
         P, "area 'forehead'", "depth range 0–0.5 mm is not valid"),
    case("depth-over-3mm", replace(P, FOREHEAD, FOREHEAD.replace("max = 0.5", "max = 5")),
         P, "area 'forehead'", "depth range 0.25–5 mm is not valid"),
    case("depth-as-text", replace(P, FOREHEAD, FOREHEAD.replace("min = 0.25", 'min = "0.25"')),
         P, "area 'forehead'", "'depth_min' must be a number"),
    case("indication-below-area",
         replace(P, '"acne_scars", depth_max = 2.0', '"acne_scars", depth_max = 1.0'),
         P, "area 'cheeks' → indication 1", "depth range 1.5–1 mm is not valid"),
    case("indication-unknown-concern",
         replace(P, '{ concern = "stretch_marks"', '{ concern = "stretchmarks"'),
         P, "area 'body' → indication 1",
         "concern 'stretchmarks' is not a concern of the skin assessment"),
    case("sessions-min-above-max", replace(P, "min = 3\nmax = 6\n", "min = 8\nmax = 6\n"),
         P, "top level → sessions", "each minimum must not be larger than its maximum"),
    # consent.toml, aftercare.toml, preparation.toml
    case("aftercare-stage-unknown-key",
         replace("aftercare.toml", 'id = "first_24h"\n', 'id = "first_24h"\ncolour = "red"\n'),
         "aftercare.toml", "stage 'first_24h'", "unknown key 'colour'"),
    case("consent-without-declarations", remove("consent.toml", r"declarations = \[.*?\]\n"),
         "consent.toml", "top level", "'declarations' is missing"),
    case("consent-empty-declarations",
         remove("consent.toml", r"(?<=declarations = \[).*?(?=\]\n)"),
         "consent.toml", "top level", "'declarations' must list what the client confirms"),
    case("section-without-text",
         append("preparation.toml", '\n[[section]]\nid = "afterwards"\nheading = "Afterwards"\n'),
         "preparation.toml", "section 'afterwards'", "has neither paragraphs nor bullets"),
    # whole files
    case("invalid-toml", replace(P, "min = 3\n", "min = = 3\n"), P, "file", "is not valid TOML"),
    case("missing-file", delete(R), R, "file", "is missing from"),
]
# fmt: on

A = "aftercare.toml"
HERPES_WHEN = 'when_decided = ["herpes_history"]'
CASES += [
    case("aftercare-tailored-unknown-rule", replace(A, HERPES_WHEN, 'when_decided = ["herpes"]'),
         A, "tailored 'antiviral'", "rule 'herpes' is not in rules.toml"),
    case("aftercare-tailored-for-nobody", replace(A, HERPES_WHEN + "\n", ""),
         A, "tailored 'antiviral'", "says nothing about whom it is for"),
    case("aftercare-tailored-skin-type-7", replace(A, "_from = 4", "_from = 7"),
         A, "tailored 'strict_sun'", "'when_fitzpatrick_from' must be a whole number from 1 to 6"),
    case("aftercare-out-of-hours-without-phone", replace(A, "closed, call {phone}", "closed"),
         A, "top level → contact", "'out_of_hours' must hold {phone} once"),
    case("aftercare-without-999", remove(A, r"emergency = .*?\n"),
         A, "top level → contact", "'emergency' is missing"),
    case("aftercare-without-back-to-normal", remove(A, r"\[back_to_normal\].*?\]\n"),
         A, "top level", "'back_to_normal' is missing"),
]  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for path in content_dir().glob("*.toml"):
        shutil.copy(path, tmp_path)
    return tmp_path


def test_an_unedited_copy_loads(folder: Path) -> None:
    assert load_within_limit(folder).versions


@pytest.mark.parametrize(("edit", "file", "entry", "phrase"), CASES)
def test_a_broken_file_is_refused_naming_file_entry_and_reason(
    folder: Path, edit: Edit, file: str, entry: str, phrase: str
) -> None:
    edit(folder)
    with pytest.raises(ContentError) as caught:
        load_within_limit(folder)
    error = caught.value
    assert (error.file, error.entry) == (file, entry), error.reason
    assert phrase in error.reason
    assert str(error).startswith(f"{file}, {entry}: ")
