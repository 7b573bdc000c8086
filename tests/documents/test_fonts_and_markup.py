"""What the bundled fonts can print, and the escaping every piece of client text goes through."""

from __future__ import annotations

import pytest

from consult_app.documents.fonts import unsupported_characters
from consult_app.documents.markup import escape
from consult_app.paths import resources_dir
from tests.documents.conftest import NAMES


def test_chinese_characters_are_reported_once_each_in_order() -> None:
    assert unsupported_characters("李明 Smith") == ["李", "明"]
    assert unsupported_characters("明李明") == ["明", "李"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("שלום Cohen", ["ש", "ל", "ו", "ם"]),  # Hebrew: DejaVu has glyphs, but no bidi
        ("سلام", ["س", "ل", "ا", "م"]),  # Arabic: unshaped and reversed without a shaper
        ("Flat ٣", ["٣"]),  # Arabic-Indic digit (bidi class AN)
    ],
)
def test_right_to_left_scripts_are_reported_even_with_glyphs(
    text: str, expected: list[str]
) -> None:
    assert unsupported_characters(text) == expected


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
    assert escape("李明 Smith") == "?? Smith"
    assert escape("שלום") == "????"
    assert escape("Zoe\u0308") == "Zoë"


def test_the_fonts_and_their_licence_are_bundled() -> None:
    folder = resources_dir() / "fonts"
    for face in ("", "-Bold", "-Oblique", "-BoldOblique"):
        assert (folder / f"DejaVuSans{face}.ttf").stat().st_size > 100_000
    licence = (folder / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence
    assert "Arev Fonts Copyright" in licence
