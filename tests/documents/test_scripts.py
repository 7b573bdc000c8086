"""Every script prints: names in seven scripts come back from the PDFs exactly as typed, drawn
with real glyphs of embedded fonts, and Latin-only documents carry none of the larger fonts."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from consult_app.content.bundle import Content
from consult_app.documents.aftercare import build_aftercare
from consult_app.documents.consent import build_consent
from consult_app.documents.record import build_record
from consult_app.documents.session_record import build_session_record
from consult_app.domain.client import ClientDetails
from tests.documents.conftest import client, make_aftercare, make_consent, make_record
from tests.documents.pdf_checks import run_on
from tests.documents.session_samples import make_session_aftercare, make_session_record

# (first name, family name) as reception types them; full_name is how paper prints them.
SCRIPTS = {
    "icelandic": ("Þórunn", "Ægisdóttir", "Þórunn Ægisdóttir"),
    "vietnamese": ("Ngọc Ánh", "Đặng Thị", "Ngọc Ánh Đặng Thị"),
    "ukrainian": ("Ольга", "Ковальчук", "Ольга Ковальчук"),
    "hebrew": ("דנה", "כהן", "דנה כהן"),
    "arabic": ("ليلى", "حداد", "ليلى حداد"),
    "chinese": ("芳", "王", "王芳"),  # family name first, as written in Chinese
    "korean": ("민지", "김", "김민지"),
}
# Poppler marks a right-to-left stretch with embedding controls; they are not text.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
FALLBACK_FONTS = ("NotoSansHebrew", "NotoSansArabic", "DroidSansFallback", "NanumGothic")


def person(script: str) -> ClientDetails:
    first, last, _ = SCRIPTS[script]
    return replace(client(first, last), emergency_contact_name=f"{last} {first}")


def documents(content: Content, script: str) -> dict[str, bytes]:
    who = person(script)
    return {
        "consent": build_consent(make_consent(content, who)),
        "aftercare": build_aftercare(make_aftercare(content, who.full_name)),
        "record": build_record(make_record(content, who)),
        "session-aftercare": build_aftercare(make_session_aftercare(content, who.full_name)),
        "session-record": build_session_record(make_session_record(content, who)),
    }


@pytest.fixture(scope="module")
def built(content: Content) -> dict[str, dict[str, bytes]]:
    return {script: documents(content, script) for script in SCRIPTS}


def pdftotext(pdf: bytes, folder: Path) -> str:
    done = run_on(pdf, folder, "pdftotext", "-enc", "UTF-8")
    assert done.returncode == 0, done.stderr
    return _BIDI_CONTROLS.sub("", (folder / "document.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(
    "kind", ["consent", "aftercare", "record", "session-aftercare", "session-record"]
)
def test_the_name_comes_back_from_pdftotext_as_typed(
    script: str, kind: str, built: dict[str, dict[str, bytes]], tmp_path: Path
) -> None:
    text = pdftotext(built[script][kind], tmp_path)
    name = SCRIPTS[script][2]
    lines = [line.strip() for line in text.splitlines()]
    assert name in lines  # on a line of its own: the client cell, or the aftercare's greeting
    assert f"{name}, born 24 May 1990" in text or kind.endswith("aftercare")


def test_right_to_left_words_mixed_with_latin_and_digits_come_back_in_order(
    content: Content, tmp_path: Path
) -> None:
    who = replace(person("hebrew"), address="Flat 3, רחוב הרצל\nSuite 45, شارع الملك لا")
    text = pdftotext(build_record(make_record(content, who)), tmp_path)
    assert "Flat 3, רחוב הרצל" in text
    assert "Suite 45, شارع الملك لا" in text  # lam-alef, one ligature glyph, reads back as typed


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_font_is_embedded(
    script: str, built: dict[str, dict[str, bytes]], tmp_path: Path
) -> None:
    for kind, pdf in built[script].items():
        done = run_on(pdf, tmp_path, "pdffonts")
        rows = done.stdout.splitlines()[2:]
        assert rows, kind
        for row in rows:
            name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
            assert (emb, sub) == ("yes", "yes"), f"{kind}: {name} is not embedded as a subset"


def _fonts(pdf: bytes) -> dict[str, tuple[TTFont, dict[int, str]]]:
    """Each embedded font: its TrueType subset and what each code of it stands for."""
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert isinstance(font, DictionaryObject)
            descriptor = font["/FontDescriptor"].get_object()
            subset = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
            cmap = cmap.split("beginbfchar")[1].split("endbfchar")[0]
            codes = {
                int(code, 16): bytes.fromhex(text).decode("utf-16-be")
                for code, text in re.findall(r"<([0-9A-F]{2})> <([0-9A-F]*)>", cmap)
            }
            found[str(font["/BaseFont"])] = (subset, codes)
    return found


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_letter_of_the_name_is_drawn_by_a_real_glyph(
    script: str, built: dict[str, dict[str, bytes]]
) -> None:
    """fontTools reads each embedded subset: every code the page uses has an outline there
    (not the empty .notdef box), and the name's letters are among what those codes draw."""
    for kind, pdf in built[script].items():
        drawn = ""
        for name, (subset, codes) in _fonts(pdf).items():
            glyphs = subset["cmap"].getcmap(1, 0).cmap  # ReportLab: code -> glyph
            outlines = subset["glyf"]
            for code, glyph in glyphs.items():
                text = codes[code]
                if text == "\x00":
                    continue  # ReportLab keeps code 0 of each subset for nothing
                assert glyph != ".notdef", f"{kind}: {name} lacks {text!r}"
                if not text.isspace():
                    assert outlines[glyph].numberOfContours != 0, f"{kind}: {name}: {text!r}"
                drawn += text
        assert set(SCRIPTS[script][2].replace(" ", "")) <= set(drawn), kind


def test_a_latin_name_embeds_none_of_the_other_scripts_fonts(
    built: dict[str, dict[str, bytes]], tmp_path: Path
) -> None:
    for kind, pdf in built["icelandic"].items():
        fonts = run_on(pdf, tmp_path, "pdffonts").stdout
        assert not [f for f in FALLBACK_FONTS if f in fonts], kind
        assert "DejaVuSans" in fonts


def test_other_scripts_embed_only_the_glyphs_they_use(
    built: dict[str, dict[str, bytes]],
) -> None:
    """Subsetting: a name in Korean or Chinese adds a few kB, not the 4 MB fonts."""
    latin = built["icelandic"]
    for script in ("hebrew", "arabic", "chinese", "korean"):
        for kind, pdf in built[script].items():
            assert len(pdf) - len(latin[kind]) < 25_000, (script, kind)


@pytest.mark.parametrize(
    "name",
    [
        "דָּנָה כֹּהֵן",  # Hebrew with vowel points and dagesh
        "مُحَمَّد علاء",  # Arabic with harakat and the lam-alef ligature
        "Ana 12 دانة",  # Latin, digits and Arabic on one line
        "山田 さくら",  # Japanese kanji and kana
    ],
)
def test_marks_ligatures_and_mixed_lines_come_back_as_typed(
    name: str, content: Content, tmp_path: Path
) -> None:
    text = pdftotext(build_aftercare(make_aftercare(content, name)), tmp_path)
    lines = [unicodedata.normalize("NFC", line.strip()) for line in text.splitlines()]
    # Marks on one letter may come back in another, canonically equal order: compare in NFC.
    assert unicodedata.normalize("NFC", name) in lines
