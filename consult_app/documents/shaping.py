"""Harfbuzz shaping for right-to-left words, with text that copies back as typed.

Arabic letters change shape with their neighbours, and Hebrew and Arabic marks sit on their
letters: harfbuzz (uharfbuzz) picks those glyphs and returns them in visual order. A PDF draws
characters, not glyphs, so each glyph that is not simply a letter's own one is given a private
code point drawn with that glyph, and the font's ToUnicode map says which typed letters it
stands for. That is what a PDF reader, pdftotext or a screen reader gives back: the name as
typed, never presentation forms or private characters.

Why not ReportLab's own Paragraph shaping: it shapes every word of every paragraph, Latin too,
with the first font of the word (so a word mixing two fonts gets wrong glyphs), and maps
joining forms to Unicode presentation forms, which read back as other characters.
"""

from __future__ import annotations

import threading

import uharfbuzz as hb
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

# Glyph n is drawn as code point PRIVATE + n (Supplementary Private Use Area-A, far past any
# font's own code points), so the same document gives the same bytes in any process.
PRIVATE = 0xF0000
_FEATURES = {"kern": True, "liga": True}
_lock = threading.Lock()  # shaping adds code points to the shared face


class ShapingFont(TTFont):
    """A TrueType font that can shape a run of text into characters ReportLab can draw."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename, shapable=False)  # Paragraph must not shape again
        self._hb_font: hb.Font | None = None
        self._stands_for: dict[int, str] = {}  # private code -> the typed text it draws

    def code_points(self) -> frozenset[int]:
        """The characters the font itself has glyphs for (not the private codes shaping adds)."""
        with _lock:  # shaping may be adding private codes in another thread
            return frozenset(c for c in self.face.charToGlyph if c < PRIVATE)

    def _harfbuzz(self) -> hb.Font:
        if self._hb_font is None:
            self._hb_font = hb.Font(hb.Face(hb.Blob(self.face._ttf_data)))
        return self._hb_font

    def shape(self, logical: str) -> str:
        """One run in one script, in typed order, as characters to draw left to right."""
        with _lock:
            font = self._harfbuzz()
            buffer = hb.Buffer()
            buffer.add_str(logical)
            buffer.guess_segment_properties()
            buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
            hb.shape(font, buffer, _FEATURES)
            backwards = buffer.direction == "rtl"
            starts = sorted({info.cluster for info in buffer.glyph_infos})
            ends = dict(zip(starts, [*starts[1:], len(logical)], strict=True))
            drawn: list[str] = []
            given: set[int] = set()  # clusters whose text a glyph already stands for
            for info in buffer.glyph_infos:
                cluster = info.cluster
                text = logical[cluster : ends[cluster]]
                if backwards:
                    # Readers (poppler, pdf.js) take the drawn characters as visual order and
                    # turn each right-to-left stretch around, a ligature's letters too; so a
                    # ligature of lam and alef says "alef, lam" to come back as typed.
                    text = text[::-1]
                drawn.append(self._character(info.codepoint, text, cluster not in given))
                given.add(cluster)
            return "".join(drawn)

    def _character(self, glyph: int, cluster: str, first: bool) -> str:
        face = self.face
        for character in cluster:
            if face.charToGlyph.get(ord(character)) == glyph:
                return character  # the letter's own glyph: its code point says it
        # A joining form or ligature stands for its cluster; a further glyph of the same
        # cluster (a mark drawn apart) for nothing more.
        code = PRIVATE + glyph
        if code not in self._stands_for:
            face.charToGlyph[code] = glyph
            face.glyphToChar.setdefault(glyph, []).append(code)
            advance = self._harfbuzz().get_glyph_h_advance(glyph)
            face.charWidths[code] = advance * 1000 / face.unitsPerEm
            self._stands_for[code] = cluster if first else ""
        return chr(code)

    def addObjects(self, doc: PDFDocument) -> None:
        """ReportLab's font objects, then the ToUnicode maps rewritten for private codes."""
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            if not any(code in self._stands_for for code in subset):
                continue
            name = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            base = name.decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + base]
            stream.content = _to_unicode(base, subset, self._stands_for)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode(base: str, subset: list[int], stands_for: dict[int, str]) -> str:
    """ReportLab's ToUnicode CMap, with each private code mapped to the letters it draws."""
    pairs = [
        f"<{index:02X}> <{_utf16(stands_for.get(code, chr(code))) or '200B'}>"
        for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({base})",
            f"/Ordering ({base})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{base} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
