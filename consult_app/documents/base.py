"""One builder for every document: paper, letterhead, header, footer, "page x of y", bytes out.

Each document module writes only its story from the pieces here (pretix's invoice pattern).
All client and clinic text goes through markup.escape, which prints characters the fonts
cannot show as "?"; document_warnings names the fields that hold such characters, so the
services can warn or refuse before anything is printed or stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table

from consult_app.documents.fonts import BOLD, FAMILY, unsupported_characters
from consult_app.documents.markup import draw_text, printable, text_width
from consult_app.documents.seal_marks import keywords
from consult_app.documents.styles import (
    ACCENT,
    BODY_SIZE,
    GREY,
    INK,
    RULE,
    image,
    in_utc,
    para,
    styles,
    table_style,
)
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails, Paper
from consult_app.domain.consent import Amendment
from consult_app.domain.documents import (
    AftercareDocument,
    ConsentDocument,
    DocumentInfo,
    HandoutDocument,
    RecallDocument,
    RecordDocument,
    SessionRecordDocument,
)

PAGE_SIZES = {Paper.A4: A4, Paper.LETTER: LETTER}
MARGIN = 18 * mm
LOGO_MAX_HEIGHT = 30 * mm
LOGO_MAX_WIDTH = 60 * mm
_BAND = 11 * mm  # baseline of the slim header and the footer, measured from the page edge
_SMALL = 8
_FOOTER_RULE = _BAND + 4 * mm
_FOOTER_SECOND = _BAND - 3.5 * mm  # the ids line under the line naming whose paper this is


@dataclass(frozen=True, slots=True)
class FooterBand:
    """The strip under the story on every page, for marks a document adds (see page_marks).

    Between `left` and `right` (the margins) and from the page edge up to `top` (the footer's
    rule); the builder's own text sits on `baseline` and `second_line`.
    """

    left: float
    right: float
    top: float
    baseline: float
    second_line: float


# Drawn on every page after the footer text: (canvas, band, page number); the canvas state is
# saved around it. The page count is not known yet at that point.
PageMarks = Callable[[Canvas, FooterBand, int], None]


class _NumberedCanvas(Canvas):
    """Keeps every page until save(), when the page count is known, then writes "Page x of y"."""

    def __init__(self, *args: Any, info: DocumentInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        stamp = in_utc(info.created).strftime("D:%Y%m%d%H%M%S+00'00'")
        # Creation and modification date come from the record, never the clock (invariant
        # mode alone would write 2000-01-01), so a re-render gives the same bytes.
        self.setDateFormatter(lambda *_: stamp)
        # The file /ID hashes a seed that ReportLab takes from SOURCE_DATE_EPOCH when that is
        # set; seed it from the document's identity, so no environment changes the bytes.
        seed = f"{info.document_id}\n{info.template_version}".encode()
        self._doc.signature = hashlib.md5(seed, usedforsecurity=False)

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.setFont(FAMILY, _SMALL)
            self.setFillColor(GREY)
            self.drawRightString(self._pagesize[0] - MARGIN, _BAND, f"Page {number} of {total}")
            super().showPage()
        super().save()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten with an ellipsis so one header line never runs into the next."""
    text = printable(" ".join(text.split()))
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def client_line(client: ClientDetails, clinic: ClinicDetails) -> str:
    """Whose paper this is, for every page's footer: "Zoë Łukasiewicz, born 24 May 1990"."""
    dob = client.date_of_birth
    return f"{client.full_name}, born {clinic.date(dob)}" if dob else client.full_name


class DocumentBuilder:
    """Page geometry, letterhead, header and footer; `build(story)` returns the PDF's bytes."""

    def __init__(
        self,
        info: DocumentInfo,
        clinic: ClinicDetails,
        *,
        about: str = "",
        page_marks: PageMarks | None = None,
    ) -> None:
        """`about` names whose paper this is (on every page, so a loose page is never
        anonymous); `page_marks` adds a document's own marks to every page's footer band."""
        self.info = info
        self.clinic = clinic
        self.about = about
        self.page_marks = page_marks
        self.pagesize = PAGE_SIZES[info.paper]
        self.width = self.pagesize[0] - 2 * MARGIN  # what the story may use
        self._letterhead = self._make_letterhead()
        _, self._letterhead_height = self._letterhead.wrap(self.width, self.pagesize[1])

    def _make_letterhead(self) -> Table:
        st = styles()
        lines: list[Flowable] = [para(self.clinic.name, st.clinic_name)]
        if self.clinic.address.strip():
            lines.append(para(self.clinic.address.strip(), st.clinic_line))
        contact = [f"Tel {self.clinic.phone}" if self.clinic.phone else "", self.clinic.email]
        if any(contact):
            lines.append(para(" · ".join(c for c in contact if c), st.clinic_line))
        logo = self.clinic.logo_png
        if logo is None:
            row: list[Any] = [lines]
            widths = [self.width]
        else:
            picture = image(logo, "clinic's logo", LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT)
            row, widths = [lines, picture], [self.width - LOGO_MAX_WIDTH, LOGO_MAX_WIDTH]
        padding = [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING")]
        # A cell places a flowable by the table's ALIGN (an Image's own hAlign is ignored):
        # the logo sits against the right margin, whatever its shape.
        style = table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"), *padding
        )
        return Table([row], colWidths=widths, style=style)

    def _footer(self, canvas: Canvas) -> None:
        right = self.pagesize[0] - MARGIN
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, _FOOTER_RULE, right, _FOOTER_RULE)
        ids = f"{self.info.document_id}   ·   template {self.info.template_version}"
        lines = (
            [(BOLD, INK, self.about), (FAMILY, GREY, ids)] if self.about else [(FAMILY, GREY, ids)]
        )
        for (font, colour, text), baseline in zip(lines, (_BAND, _FOOTER_SECOND), strict=False):
            canvas.setFillColor(colour)
            line = _fit(text, font, _SMALL, self.width * 0.78)
            draw_text(canvas, MARGIN, baseline, line, font, _SMALL)
        if self.page_marks is not None:
            band = FooterBand(MARGIN, right, _FOOTER_RULE, _BAND, _FOOTER_SECOND)
            canvas.saveState()
            self.page_marks(canvas, band, canvas.getPageNumber())
            canvas.restoreState()

    def _first_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = self.pagesize[1] - MARGIN
        self._letterhead.drawOn(canvas, MARGIN, top - self._letterhead_height)
        rule = top - self._letterhead_height - 3 * mm
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, rule, self.pagesize[0] - MARGIN, rule)
        self._footer(canvas)
        canvas.restoreState()

    def _later_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        page_width, page_height = self.pagesize
        baseline = page_height - _BAND - 1 * mm
        half = self.width / 2 - 3 * mm
        canvas.setFillColor(ACCENT)
        clinic = _fit(self.clinic.name, BOLD, _SMALL, half)
        draw_text(canvas, MARGIN, baseline, clinic, BOLD, _SMALL)
        canvas.setFillColor(GREY)
        title = _fit(self.info.title, FAMILY, _SMALL, half)
        draw_text(canvas, page_width - MARGIN, baseline, title, FAMILY, _SMALL, right=True)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, baseline - 2.5 * mm, page_width - MARGIN, baseline - 2.5 * mm)
        self._footer(canvas)
        canvas.restoreState()

    def build(self, story: list[Flowable]) -> bytes:
        out = BytesIO()
        page_height = self.pagesize[1]
        bottom = MARGIN + 2 * mm
        first_top = page_height - MARGIN - self._letterhead_height - 7 * mm
        later_top = page_height - MARGIN - 2 * mm
        frame = partial(Frame, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc = BaseDocTemplate(
            out,
            pagesize=self.pagesize,
            title=self.info.title,
            author=self.clinic.name,
            subject=f"{self.info.document_id}, template {self.info.template_version}",
            creator="Consult",
            keywords=keywords(self.info),
            invariant=1,  # no clock, no random file id: the same input gives the same bytes
            initialFontName=FAMILY,  # else every page names Helvetica, which is not embedded
            initialFontSize=BODY_SIZE,
        )
        doc.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    [frame(MARGIN, bottom, self.width, first_top - bottom)],
                    onPage=self._first_page,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later",
                    [frame(MARGIN, bottom, self.width, later_top - bottom)],
                    onPage=self._later_page,
                ),
            ]
        )
        doc.build(story, canvasmaker=partial(_NumberedCanvas, info=self.info))
        return out.getvalue()


AnyDocument = (
    ConsentDocument
    | AftercareDocument
    | RecordDocument
    | HandoutDocument
    | SessionRecordDocument
    | RecallDocument
)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _named_fields(doc: AnyDocument) -> list[tuple[str, str]]:
    """The typed-in fields a person can fix, with the words a warning names them by."""
    clinic = doc.clinic
    named = [
        ("The clinic's name", clinic.name),
        ("The clinic's address", clinic.address),
        ("The clinic's phone number", clinic.phone),
        ("The clinic's e-mail address", clinic.email),
    ]
    if isinstance(doc, AftercareDocument):
        named.append(("Client name", doc.client_name or ""))
    if isinstance(doc, ConsentDocument | RecordDocument):
        client = doc.client
        named += [
            ("Client name", client.full_name),
            ("Preferred name", client.preferred_name),
            ("Client address", client.address),
            ("GP's name", client.gp_name),
            ("GP practice", client.gp_practice),
            ("Emergency contact's name", client.emergency_contact_name),
            ("Practitioner's name", doc.practitioner_name),
        ]
        messages = {f.rule: f.message for f in doc.findings}
        for decision in doc.decisions:
            about = _short(messages.get(decision.rule, decision.rule))
            named.append((f'The decision note on "{about}"', decision.note))
        if doc.plan is not None:
            for area in doc.plan.areas:
                label = doc.area_labels.get(area.area, area.area)
                named.append((f"The reason for the depth on {label}", area.reason))
            named.append(("The plan's notes", doc.plan.notes))
    if isinstance(doc, SessionRecordDocument):
        named += _session_fields(doc)
    if isinstance(doc, RecallDocument):
        named += [("Client name", line.client_name) for line in doc.lines]
    if isinstance(doc, RecordDocument):
        named += [(f'The answer to "{_short(a.question)}"', a.answer) for a in doc.answers]
        named += _amendment_fields(doc.amendments)
    return named


def _session_fields(doc: SessionRecordDocument) -> list[tuple[str, str]]:
    """A session record's typed-in fields: the chart's words, decisions, amendments."""
    session, chart = doc.session, doc.session.chart
    messages = {f.rule: f.message for f in session.findings}
    named = [
        ("Client name", doc.client.full_name),
        ("Practitioner's name", session.practitioner or ""),
        ("The reason the session was not treated", session.not_treated_reason),
        ("The numbing product", chart.numbing.product if chart.numbing else ""),
        ("The immediate reaction", chart.reaction),
        ("The chart's notes", chart.notes),
        ("Where the patch test was done", chart.patch_test.site if chart.patch_test else ""),
    ]
    for decision in session.decisions:
        about = _short(messages.get(decision.rule, decision.rule))
        named.append((f'The decision note on "{about}"', decision.note))
    for area in chart.areas:
        named.append(
            (
                f"The reason for the depth on {doc.area_labels.get(area.area, area.area)}",
                area.reason,
            )
        )
    named += [(f"The product {p.name!r}", f"{p.name}\n{p.lot}") for p in chart.products]
    return named + _amendment_fields(doc.amendments)


def _amendment_fields(amendments: tuple[Amendment, ...]) -> list[tuple[str, str]]:
    return [(f"Amendment {a.id}", f"{a.created_by}\n{a.reason}\n{a.change}") for a in amendments]


def _strings(value: object) -> Iterable[str]:
    """Every piece of text inside a document value: titles, content wording, labels."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)


def document_warnings(doc: AnyDocument) -> list[str]:
    """One sentence per field holding characters the PDF prints as "?" (see fonts.py).

    Named fields come first; whatever else (the clinic's content wording, say) is summed up
    in a last line that names only characters not mentioned already.
    """
    warnings: list[str] = []
    reported: set[str] = set()
    for label, text in _named_fields(doc):
        found = unsupported_characters(text)
        if found:
            warnings.append(
                f"{label} contains characters that cannot be printed: {', '.join(found)}"
            )
            reported.update(found)
    rest = [c for c in unsupported_characters("\n".join(_strings(doc))) if c not in reported]
    if rest:
        warnings.append(
            f"Other text on this document contains characters that cannot be printed: "
            f"{', '.join(rest)}"
        )
    return warnings
