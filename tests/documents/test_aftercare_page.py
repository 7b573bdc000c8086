"""The aftercare sheet is one page in large type, and tailored to the consultation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from consult_app.content.bundle import Content
from consult_app.documents.aftercare import build_aftercare
from consult_app.documents.handouts import build_handout
from consult_app.domain.aftercare import tailored_advice
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.documents import AftercareDocument, HandoutKind, Paper
from consult_app.domain.rules import Severity
from consult_app.domain.screening import Finding
from tests.documents.conftest import make_aftercare, make_handout, make_heavy_aftercare
from tests.documents.pdf_checks import all_text, flat, reader

SHEETS = {
    "sample": lambda content: make_aftercare(content),
    "sample on Letter": lambda content: make_aftercare(content, paper=Paper.LETTER),
    "heaviest": lambda content: make_heavy_aftercare(content),
    "heaviest on Letter": lambda content: make_heavy_aftercare(content, Paper.LETTER),
    "nothing tailored": lambda content: make_aftercare(content, tailored=False),
    "blank": lambda content: make_aftercare(content, None),
    "blank on Letter": lambda content: make_aftercare(content, None, Paper.LETTER),
}


@pytest.fixture(scope="module", params=sorted(SHEETS))
def sheet(request: pytest.FixtureRequest, content: Content) -> tuple[AftercareDocument, bytes]:
    doc = SHEETS[request.param](content)
    return doc, build_aftercare(doc)


def _runs(pdf: bytes) -> list[tuple[float, str]]:
    """(font size, text) of every piece of text on the first page, in drawing order."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            runs.append((size * tm[3] * cm[3], text.strip()))

    reader(pdf).pages[0].extract_text(visitor_text=visit)
    return runs


def test_the_whole_sheet_is_one_page(sheet: tuple[AftercareDocument, bytes]) -> None:
    doc, pdf = sheet
    assert len(reader(pdf).pages) == 1
    text = all_text(pdf)
    for stage in (*doc.sheet.stages, doc.sheet.back_to_normal):
        assert stage is not None
        assert flat(stage.heading) in text
        assert all(flat(item) in text for item in stage.items)
    assert all(flat(line) in text for line in doc.for_you)
    assert all(flat(reason) in text for reason in doc.sheet.contact.reasons)
    assert flat(doc.sheet.contact.emergency) in text and "999" in text
    assert "Page 1 of 1" in text


def test_everything_the_client_reads_is_at_least_11_point(
    sheet: tuple[AftercareDocument, bytes],
) -> None:
    _, pdf = sheet
    runs = _runs(pdf)
    # Before the title come the letterhead and the footer (who, which document): the clinic's
    # identity, not instructions; its number is repeated large under "When to contact us".
    title = next(n for n, (_, text) in enumerate(runs) if text.startswith("Looking after"))
    story = [(size, text) for size, text in runs[title:] if not text.startswith("Page 1 of")]
    assert len(story) > 40
    small = [(size, text) for size, text in story if size < 11]
    assert not small, small
    phone = [size for size, text in story if "01423 555 010" in text]
    assert phone and min(phone) >= 12


def test_the_heaviest_sheet_has_every_tailored_line(content: Content) -> None:
    doc = make_heavy_aftercare(content)
    assert len(doc.for_you) == len(content.aftercare.tailored) == 4
    text = all_text(build_aftercare(doc))
    assert "Just for you" in text
    assert "No numbing cream was used today" in text
    assert "antiviral tablets" in text and "blood thinner" in text and "SPF 30" in text
    assert "Treated 25 Nov 2026: Forehead, Around the eyes" in text
    assert "When we are closed, call 07700 900999." in text


def test_without_an_out_of_hours_line_the_sheet_points_to_nhs_111(content: Content) -> None:
    text = all_text(build_aftercare(make_aftercare(content)))
    assert "When we are closed, call NHS 111 for advice." in text
    assert "Call 999 if you have trouble breathing" in text


def test_a_clinic_with_only_an_email_address_prints_it_to_contact(content: Content) -> None:
    doc = make_aftercare(content)
    doc = replace(doc, clinic=replace(doc.clinic, phone="", logo_png=None))
    text = all_text(build_aftercare(doc))
    assert "Call us on" not in text and "hello@willowskin.example NHS 111" not in text
    assert text.count("hello@willowskin.example") == 2  # letterhead and the contact panel


def test_the_blank_handout_is_one_page_with_nothing_tailored(content: Content) -> None:
    pdf = build_handout(make_handout(content, HandoutKind.AFTERCARE))
    assert len(reader(pdf).pages) == 1
    assert "Just for you" not in all_text(pdf)


def test_much_longer_clinic_wording_runs_onto_a_second_page_instead_of_failing(
    content: Content,
) -> None:
    doc = make_heavy_aftercare(content)
    long_stage = replace(doc.sheet.stages[0], items=doc.sheet.stages[0].items * 20)
    sheet = replace(doc.sheet, stages=(long_stage, *doc.sheet.stages[1:]))
    pdf = build_aftercare(replace(doc, sheet=sheet))
    assert len(reader(pdf).pages) >= 2
    assert "Call 999" in all_text(pdf)


def _finding(rule: str, severity: Severity = Severity.CAUTION) -> Finding:
    return Finding(rule, severity, "message", "advice")


@pytest.mark.parametrize(
    ("findings", "decisions", "fitzpatrick", "expected"),
    [
        ((), (), None, ()),
        ((_finding("herpes_history"),), ("herpes_history",), 2, ("antiviral",)),
        ((_finding("herpes_history"),), (), 2, ()),  # not decided: nothing to remind
        ((_finding("anticoagulants"),), ("anticoagulants",), 1, ("blood_thinners",)),
        ((_finding("otc_blood_thinners", Severity.NOTE),), (), 1, ("blood_thinners",)),
        ((), (), 3, ()),
        ((), (), 4, ("strict_sun",)),
        ((), (), 6, ("strict_sun",)),
        ((_finding("photosensitivity", Severity.NOTE),), (), 2, ("strict_sun",)),
        ((_finding("anaesthetic_allergy"),), ("anaesthetic_allergy",), 2, ("no_numbing_cream",)),
    ],
)
def test_each_tailored_line_is_chosen_only_where_it_fits(
    content: Content,
    findings: tuple[Finding, ...],
    decisions: tuple[str, ...],
    fitzpatrick: int | None,
    expected: tuple[str, ...],
) -> None:
    decided = tuple(Decision(r, DecisionChoice.PROCEED_MODIFIED, "") for r in decisions)
    texts = {a.id: a.text for a in content.aftercare.tailored}
    chosen = tailored_advice(content.aftercare, findings, decided, fitzpatrick)
    assert chosen == tuple(texts[i] for i in expected)


def test_a_caution_put_off_tailors_nothing(content: Content) -> None:
    waited = (Decision("herpes_history", DecisionChoice.DEFER, "Wait for antivirals"),)
    found = (_finding("herpes_history"),)
    assert tailored_advice(content.aftercare, found, waited, None) == ()
