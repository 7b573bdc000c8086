"""Styles (one family, one scale, one palette) and the building blocks every story uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from typing import Any, TypeAlias

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Image, Paragraph, Table, TableStyle

from consult_app.documents.fonts import BOLD, FAMILY, register_fonts
from consult_app.documents.markup import escape
from consult_app.domain.texts import TextSection
from consult_app.errors import ConsultError

INK = HexColor("#1f2933")
GREY = HexColor("#5f6b7a")
ACCENT = HexColor("#2f6f73")  # headings and rules: calm, and still dark enough in greyscale
RULE = HexColor("#c9d1d6")
SHADE = HexColor("#eef3f4")  # table headers and the boxes that must be noticed

BODY_SIZE = 10.5
TABLE_START = 40 * mm  # room for a table's headings, header row and first rows

Cell: TypeAlias = "str | Flowable | list[Flowable]"  # a table cell: plain text is escaped


@dataclass(frozen=True, slots=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bullet: ParagraphStyle
    clinic_name: ParagraphStyle
    clinic_line: ParagraphStyle


def _style(name: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
    # Bullets default to Helvetica, which is not embedded: name the family for them too.
    base: dict[str, object] = {"fontName": FAMILY, "bulletFontName": FAMILY, "textColor": INK}
    return ParagraphStyle(name, fontSize=size, leading=leading, **{**base, **extra})


@cache
def styles() -> Styles:
    """The styles, made once the fonts are registered."""
    register_fonts()
    body = _style("Body", BODY_SIZE, 14, spaceAfter=5)
    cell = _style("Cell", 9.5, 12)
    return Styles(
        title=_style("Title", 17, 21, fontName=BOLD, spaceAfter=8, textColor=ACCENT),
        heading=_style(
            "Heading", 12.5, 16, fontName=BOLD, spaceBefore=10, spaceAfter=4, keepWithNext=1
        ),
        subheading=_style(
            "Subheading", BODY_SIZE, 14, fontName=BOLD, spaceBefore=6, spaceAfter=3, keepWithNext=1
        ),
        body=body,
        bullet=ParagraphStyle("Bullet", body, leftIndent=15, bulletIndent=4, spaceAfter=3),
        small=_style("Small", 8.5, 11, textColor=GREY),
        cell=cell,
        cell_bold=ParagraphStyle("CellBold", cell, fontName=BOLD),
        cell_bullet=ParagraphStyle("CellBullet", cell, leftIndent=11, bulletIndent=1, spaceAfter=2),
        clinic_name=_style("ClinicName", 15, 19, fontName=BOLD, textColor=ACCENT, spaceAfter=2),
        clinic_line=_style("ClinicLine", 9, 12, textColor=GREY),
    )


def table_style(*commands: tuple[object, ...]) -> TableStyle:
    """A table style in our family: a Table sets its cells' font even around flowables, and
    ReportLab's default there is Helvetica, which would be named in the PDF but not embedded."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY), *commands])


def grid(header: bool = True) -> TableStyle:
    """Light rules between rows, a shaded header row, text aligned to the top of each cell."""
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ]
    return table_style(*commands)


def boxed() -> TableStyle:
    """A shaded panel for what must not be missed (when to call, what the handout is for)."""
    return table_style(
        ("BACKGROUND", (0, 0), (-1, -1), SHADE),
        ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    )


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text (escaped); body style unless told."""
    style = style or styles().body
    return Paragraph(escape(text, style.fontName), style)


def bullets(items: Iterable[str], style: ParagraphStyle | None = None) -> list[Flowable]:
    style = style or styles().bullet
    return [Paragraph(escape(item, style.fontName), style, bulletText="•") for item in items]


def section_story(
    sections: Iterable[TextSection], instead_of_bullets: Mapping[str, list[Flowable]] | None = None
) -> list[Flowable]:
    """Heading, paragraphs and bullets of each section; a section's bullets may be replaced."""
    st = styles()
    story: list[Flowable] = []
    for section in sections:
        story.append(para(section.heading, st.heading))
        story.extend(para(text) for text in section.paragraphs)
        replacement = (instead_of_bullets or {}).get(section.id)
        story.extend(replacement if replacement is not None else bullets(section.bullets))
    return story


def titled(headings: Sequence[tuple[str, ParagraphStyle]], table: Flowable) -> list[Flowable]:
    """Headings over a table that may run on: they need a few rows under them, not all of it.

    A heading's keepWithNext would glue the whole table to it and push a half-page table onto
    the next page, leaving a gap; a conditional page break asks only for room to start.
    """
    loose = [
        para(text, ParagraphStyle(f"{style.name}Loose", style, keepWithNext=0))
        for text, style in headings
    ]
    return [CondPageBreak(TABLE_START), *loose, table]


def _cell(value: Cell, style: ParagraphStyle) -> Flowable | list[Flowable]:
    return para(value, style) if isinstance(value, str) else value


class RunOnTable(Table):
    """A table that, once split, goes on at the top of the next page, never lower down.

    ReportLab splits between rows first and offers the rest to the space left under the first
    part; with splitInRow it then splits the next row there, drawing the repeated header
    mid-page under the rows it repeats (8 of 200 demo records, in their findings). The rest
    refuses that leftover space, so it starts the next page with its header.
    """

    _leftover = -1.0  # the height under the part this table was split from, if any

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if availHeight <= self._leftover:  # the same page as the first part: wait for the next
            self._leftover = -1.0
            return []
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2:
            _, used = parts[0].wrap(availWidth, availHeight)
            parts[1]._leftover = availHeight - used + 1  # a point's slack for rounding
        return parts


def data_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    widths: Sequence[float],
    *,
    split_rows: bool = True,
) -> Table:
    """A table with a shaded header repeated on every page; long rows may split unless told
    (a row that must be read whole moves to the next page instead)."""
    st = styles()
    data = [[para(h, st.cell_bold) for h in header]]
    data += [[_cell(value, st.cell) for value in row] for row in rows]
    return RunOnTable(
        data,
        colWidths=list(widths),
        style=grid(),
        repeatRows=1,
        splitInRow=int(split_rows),
        hAlign="LEFT",
    )


def field_table(rows: Iterable[tuple[str, str]], width: float, label_share: float = 0.3) -> Table:
    """Label | value pairs, such as a client's details."""
    st = styles()
    data = [[para(label, st.cell_bold), para(value, st.cell)] for label, value in rows]
    widths = [width * label_share, width * (1 - label_share)]
    return Table(data, colWidths=widths, style=grid(header=False), splitInRow=1, hAlign="LEFT")


def write_in_lines(
    labels: Sequence[str], width: float, style: ParagraphStyle | None = None
) -> Table:
    """Ruled blanks to write on by hand, such as "Name: ______   Date: ______"."""
    label_style = style or styles().cell_bold
    gap = 8 * mm
    label_widths = [stringWidth(label, BOLD, label_style.fontSize) + 3 * mm for label in labels]
    blank = (width - sum(label_widths) - (len(labels) - 1) * gap) / len(labels)
    row: list[Cell] = []
    widths: list[float] = []
    style = table_style(
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 16),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    )
    for label, label_width in zip(labels, label_widths, strict=True):
        if row:
            row.append("")
            widths.append(gap)
        row += [para(label, label_style), ""]
        widths += [label_width, blank]
        style.add("LINEBELOW", (len(row) - 1, 0), (len(row) - 1, 0), 0.6, GREY)
    return Table([row], colWidths=widths, style=style, hAlign="LEFT")


def in_utc(moment: datetime) -> datetime:
    """Stored times are UTC; a naive one is taken as UTC too."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def read_image(png: bytes, what: str) -> ImageReader:
    """An image ReportLab can draw, or a ConsultError saying which picture is unusable."""
    try:
        reader = ImageReader(BytesIO(png))
        reader.getSize()
    except Exception:  # Pillow raises OSError, ValueError, SyntaxError… for a damaged file
        raise ConsultError(
            f"The {what} could not be read as a picture; it may be damaged. "
            "Replace it, then make the document again."
        ) from None
    return reader


def on_white(png: bytes) -> bytes:
    """The picture laid on white paper if it has transparency (the signature pad's ARGB
    canvas, a logo with a clear background), else unchanged. It prints the same, and the
    signed consent's archival form, PDF/A, is then free of soft masks that older PDF/A
    readers and checkers refuse; the same input gives the same bytes."""
    from PIL import Image as Picture  # Pillow comes with ReportLab

    try:
        opened = Picture.open(BytesIO(png))
        if opened.mode not in ("RGBA", "LA", "PA") and "transparency" not in opened.info:
            return png
        picture = opened.convert("RGBA")
    except Exception:  # unreadable: read_image says so in words
        return png
    paper = Picture.new("RGB", picture.size, "white")
    paper.paste(picture, mask=picture.getchannel("A"))
    out = BytesIO()
    # ReportLab decodes it again at once and compresses it itself: spend little on this copy.
    paper.save(out, "PNG", compress_level=1)
    return out.getvalue()


def image(png: bytes, what: str, max_width: float, max_height: float) -> Image:
    """A picture scaled to fit the box, keeping its proportions, on white (see on_white)."""
    width, height = read_image(png, what).getSize()
    scale = min(max_width / width, max_height / height)
    return Image(BytesIO(on_white(png)), width=width * scale, height=height * scale)
