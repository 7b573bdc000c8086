"""What the bundled fonts can print, and the escaping every piece of client text goes through."""

from __future__ import annotations

import pytest

from consult_app.documents.fonts import (
    ARABIC,
    BOLD,
    CJK,
    FAMILY,
    HEBREW,
    HEBREW_BOLD,
    KOREAN,
    face_for,
    unsupported_characters,
)
from consult_app.documents.markup import escape, runs
from consult_app.documents.shaping import PRIVATE
from consult_app.paths import resources_dir
from tests.documents.conftest import NAMES


def test_emoji_are_reported_once_each_in_order() -> None:
    assert unsupported_characters("Mia 🌸 Smith 🙂") == ["🌸", "🙂"]
    assert unsupported_characters("🙂🌸🙂") == ["🙂", "🌸"]


@pytest.mark.parametrize(
    ("text", "face"),
    [
        ("ש", HEBREW),
        ("س", ARABIC),
        ("٣", ARABIC),  # Arabic-Indic digit
        ("王", CJK),
        ("ひ", CJK),  # Japanese kana
        ("김", KOREAN),
        ("Ð", FAMILY),
        ("ặ", FAMILY),
        ("Ж", FAMILY),
    ],
)
def test_each_script_has_its_own_face(text: str, face: str) -> None:
    assert face_for(text) == face
    assert unsupported_characters(text) == []


def test_bold_text_falls_back_to_the_bold_face_where_there_is_one() -> None:
    assert face_for("ש", bold=True) == HEBREW_BOLD
    assert face_for("Ж", bold=True) == BOLD
    assert face_for("王", bold=True) == CJK  # one weight only


def test_escape_wraps_other_scripts_in_their_face_in_visual_order() -> None:
    # Hebrew is drawn right to left: the first word typed is the rightmost, each word's
    # letters reversed (its own glyphs, so its own code points).
    assert escape("Dana דנה כהן") == (
        'Dana <font name="ConsultHebrew">ןהכ</font> <font name="ConsultHebrew">הנד</font>'
    )
    assert escape("王芳 Smith") == '<font name="ConsultCJK">王芳</font> Smith'
    assert escape("김민지", BOLD) == '<font name="ConsultKorean">김민지</font>'
    assert escape("דנה", BOLD) == '<font name="ConsultHebrew-Bold">הנד</font>'


def test_numbers_inside_right_to_left_text_stay_left_to_right() -> None:
    drawn = "".join(run.text for run in runs("רחוב הרצל 12"))
    assert drawn == "12 לצרה בוחר"  # read right to left: the street, then its number


def test_arabic_is_shaped_into_joining_forms() -> None:
    drawn = runs("ليلى")
    assert [run.face for run in drawn] == [ARABIC]
    assert all(ord(c) >= PRIVATE for c in drawn[0].text)  # joined forms and a ligature
    assert len(drawn[0].text) == 3  # lam-yeh at the end is one glyph


@pytest.mark.parametrize("name", [" ".join(parts) for parts in NAMES.values()])
def test_latin_vietnamese_greek_and_cyrillic_names_print(name: str) -> None:
    assert unsupported_characters(name) == []


def test_whitespace_joiners_and_decomposed_accents_are_fine() -> None:
    assert unsupported_characters("a\u200db\u200cc\t\n\u3000d") == []
    assert unsupported_characters("Zoe\u0308 Nguye\u0302\u0303n") == []  # NFD typed names


def test_escape_prints_markup_literally() -> None:
    assert escape("<b>Ann & Co</b>") == "&lt;b&gt;Ann &amp; Co&lt;/b&gt;"


def test_escape_keeps_line_breaks_and_plain_spaces() -> None:
    assert escape("12 Orchard Lane\r\nHarrogate") == "12 Orchard Lane<br/>Harrogate"
    assert escape("a\u3000b\tc") == "a b c"


def test_escape_prints_what_the_fonts_lack_as_question_marks() -> None:
    assert escape("Mia 🌸 Smith") == "Mia ? Smith"
    assert escape("Zoe\u0308") == "Zoë"


def test_the_fonts_and_their_licence_are_bundled() -> None:
    folder = resources_dir() / "fonts"
    for face in ("", "-Bold", "-Oblique", "-BoldOblique"):
        assert (folder / f"DejaVuSans{face}.ttf").stat().st_size > 100_000
    licence = (folder / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence
    assert "Arev Fonts Copyright" in licence
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    for name, licence_file in (
        ("NotoSansHebrew-Regular.ttf", "OFL-1.1.txt"),
        ("NotoSansHebrew-Bold.ttf", "OFL-1.1.txt"),
        ("NotoSansArabic-Regular.ttf", "OFL-1.1.txt"),
        ("NotoSansArabic-Bold.ttf", "OFL-1.1.txt"),
        ("DroidSansFallbackFull.ttf", "Apache-2.0.txt"),
        ("NanumGothic.ttf", "OFL-1.1.txt"),
    ):
        assert (folder / name).read_bytes()[:4] == b"\x00\x01\x00\x00", name  # TrueType outlines
        assert name.split("-")[0].removesuffix(".ttf") in readme
        assert (folder / licence_file).stat().st_size > 3_000
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL-1.1.txt").read_text(encoding="utf-8")
    assert "Apache License" in (folder / "Apache-2.0.txt").read_text(encoding="utf-8")
