"""The floor for documents: the same text and signature images laid out with bare ReportLab.

Plain platypus: one SimpleDocTemplate, the same DejaVu fonts (registered once, as our builders
do), a letterhead and footer drawn on the canvas, escaped Paragraphs, plain Tables and Images.
It has none of our extras: no "page x of y" second pass, no check of every character against
the fonts, no fixed metadata for byte-identical re-renders. A right-to-left client name is
shaped as ReportLab does it (harfbuzz through a shapable TTFont and a shaping style), its words
set right to left, so both sides shape the same text. The signed consent's archival (PDF/A)
step is done on both sides too: ours through documents/archival.py, the floor with bare pikepdf
adding the same output intent and an XMP stream and saving with the same qpdf options.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from io import BytesIO
from xml.sax.saxutils import escape

import pikepdf
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Spacer, Table

from consult_app.domain.consent_text import DECISION_WORDS
from consult_app.domain.dates import format_date
from consult_app.domain.documents import AftercareDocument, ConsentDocument
from consult_app.domain.rules import Severity
from consult_app.domain.texts import TextSection
from consult_app.paths import resources_dir

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
GRID = [("GRID", (0, 0), (-1, -1), 0.5, "#c9d1d6"), ("VALIGN", (0, 0), (-1, -1), "TOP")]


@cache
def _styles() -> dict[str, ParagraphStyle]:
    folder = resources_dir() / "fonts"
    for name, file in (("Bare", "DejaVuSans.ttf"), ("Bare-Bold", "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily("Bare", normal="Bare", bold="Bare-Bold")
    arabic = TTFont("BareArabic", str(folder / "NotoSansArabic-Regular.ttf"), shapable=True)
    pdfmetrics.registerFont(arabic)
    body = ParagraphStyle("body", fontName="Bare", fontSize=10.5, leading=14, spaceAfter=5)
    rtl = ParagraphStyle("rtl", body, fontName="BareArabic", fontSize=9.5, leading=12, shaping=1)
    return {
        "rtl": rtl,
        "body": body,
        "title": ParagraphStyle("title", body, fontName="Bare-Bold", fontSize=17, leading=21),
        "heading": ParagraphStyle("heading", body, fontName="Bare-Bold", fontSize=12.5),
        "bullet": ParagraphStyle("bullet", body, leftIndent=15, bulletFontName="Bare"),
        "cell": ParagraphStyle("cell", body, fontSize=9.5, leading=12, spaceAfter=0),
    }


def _p(value: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(value).replace("\n", "<br/>"), _styles()[style])


def _name(value: str) -> Paragraph:
    """A client's name; in Arabic, shaped by ReportLab, its words set right to left."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in value):
        return _p(value, "cell")
    return Paragraph(escape(" ".join(reversed(value.split()))), _styles()["rtl"])


def _bullets(items: tuple[str, ...], style: str = "bullet") -> list[Flowable]:
    return [Paragraph(escape(item), _styles()[style], bulletText="•") for item in items]


def _table(rows: list[list[str]], shares: tuple[float, ...]) -> Table:
    cells = [[_name(value) for value in row] for row in rows]
    return Table(cells, colWidths=[WIDTH * s for s in shares], style=GRID, repeatRows=1)


def _sections(sections: tuple[TextSection, ...], tables: dict[str, Table]) -> list[Flowable]:
    story: list[Flowable] = []
    for section in sections:
        story.append(_p(section.heading, "heading"))
        story += [_p(text) for text in section.paragraphs]
        found = tables.get(section.id)
        story += [found] if found is not None else _bullets(section.bullets)
    return story


def _build(doc: ConsentDocument | AftercareDocument, story: list[Flowable]) -> bytes:
    clinic, info = doc.clinic, doc.info

    def first(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Bare-Bold", 15)
        canvas.drawString(MARGIN, A4[1] - MARGIN - 12, clinic.name)
        canvas.setFont("Bare", 9)
        canvas.drawString(MARGIN, A4[1] - MARGIN - 26, clinic.address)
        canvas.drawString(MARGIN, A4[1] - MARGIN - 38, f"Tel {clinic.phone} · {clinic.email}")
        later(canvas, _doc)

    def later(canvas, _doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Bare", 8)
        canvas.drawString(MARGIN, 11 * mm, f"{info.document_id} · template {info.template_version}")
        canvas.drawRightString(A4[0] - MARGIN, 11 * mm, f"Page {canvas.getPageNumber()}")

    out = BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 45,
        bottomMargin=MARGIN, title=info.title, author=clinic.name,
    )  # fmt: skip
    template.build(story, onFirstPage=first, onLaterPages=later)
    return out.getvalue()


def _signature(png: bytes) -> Image:
    return Image(BytesIO(png), width=60 * mm, height=20 * mm)


def consent(doc: ConsentDocument) -> bytes:
    _styles()
    client, text, plan = doc.client, doc.text, doc.plan
    born = format_date(client.date_of_birth) if client.date_of_birth else "Not given"
    details = [
        ["Client", client.full_name],
        ["Date of birth", born],
        ["Consultation date", format_date(doc.consultation_date)],
        ["Practitioner", doc.practitioner_name],
        ["Clinic", doc.clinic.name],
    ]
    tables: dict[str, Table] = {}
    if plan is not None and plan.areas:
        course = f"{plan.sessions} sessions, about {plan.interval_weeks} weeks apart"
        rows = [["Area", "Needle depth", "Sessions"]] + [
            [doc.area_labels.get(a.area, a.area), f"{a.depth_mm:g} mm", course] for a in plan.areas
        ]
        tables["your_plan"] = _table(rows, (0.4, 0.2, 0.4))
    decided = {d.rule: d for d in doc.decisions}
    points = [["Point", "What we agreed", "Note"]]
    for finding in doc.findings:
        decision = decided.get(finding.rule)
        if finding.severity is Severity.CAUTION:
            agreed = DECISION_WORDS[decision.choice] if decision else "Not yet recorded"
            points.append([finding.message, agreed, decision.note if decision else ""])
        elif finding.severity is Severity.NOTE:
            points.append([finding.message, "For your information", ""])
    if len(points) > 1:
        tables["your_cautions"] = _table(points, (0.44, 0.26, 0.30))
    yes, no = ("☑ Yes", "☐ No") if doc.photo_consent else ("☐ Yes", "☑ No")
    signed = f"Signed {doc.signed_at:%d %b %Y at %H:%M} UTC"
    signatures = Table(
        [
            ["Client", "Practitioner"],
            [_signature(doc.client_signature_png), _signature(doc.practitioner_signature_png)],
            [_name(client.full_name), doc.practitioner_name],
            [signed, signed],
        ],
        colWidths=[WIDTH / 2, WIDTH / 2],
        style=[("FONTNAME", (0, 0), (-1, -1), "Bare")],
    )
    story: list[Flowable] = [
        _p(text.title, "title"),
        _table(details, (0.3, 0.7)),
        Spacer(1, 5 * mm),
    ]
    story += [_p(text.intro)] if text.intro else []
    story += _sections(text.sections, tables)
    story += [_p("Consent to photographs", "heading"), _p(text.photo_consent), _p(f"{yes}   {no}")]
    story += [_p("By signing, I confirm that", "heading"), *_bullets(text.declarations)]
    story += [_p("Signatures", "heading"), signatures, _p(f"Consent text version {text.version}")]
    return archival(_build(doc, story))


_XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part>'
    "<pdfaid:conformance>B</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="r"?>'
)


def archival(pdf_bytes: bytes) -> bytes:
    """The same PDF/A step as ours, done with bare pikepdf: an sRGB output intent with the same
    ICC profile, an XMP stream, and qpdf writing the file again with the same options."""
    with pikepdf.open(BytesIO(pdf_bytes)) as pdf:
        profile = pikepdf.Stream(pdf, (resources_dir() / "color" / "sRGB.icc").read_bytes())
        profile.N = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
            DestOutputProfile=pdf.make_indirect(profile),
        )
        pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
        metadata = pikepdf.Stream(pdf, _XMP.encode("utf-8"))
        metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
        pdf.Root.Metadata = pdf.make_indirect(metadata)
        out = BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            compress_streams=True,
            linearize=False,
        )
        return out.getvalue()


def aftercare(doc: AftercareDocument) -> bytes:
    _styles()
    sheet, clinic = doc.sheet, doc.clinic
    whom = [["Prepared for", doc.client_name or ""]]
    if doc.treatment_date is not None:
        whom.append(["Treatment date", format_date(doc.treatment_date)])
    if doc.next_session is not None:
        whom.append(["Next session (planned)", format_date(doc.next_session)])
    timeline = Table(
        [[_p("When", "cell"), _p("What to do", "cell")]]
        + [[_p(s.heading, "cell"), _bullets(s.items, "cell")] for s in sheet.stages],
        colWidths=[WIDTH * 0.27, WIDTH * 0.73],
        style=GRID,
        repeatRows=1,
    )
    contact = [_p(sheet.contact.heading, "heading")]
    contact += [_p(sheet.contact.intro)] if sheet.contact.intro else []
    contact += _bullets(sheet.contact.reasons)
    contact.append(_p(f"{clinic.name}: phone {clinic.phone} or e-mail {clinic.email}", "heading"))
    story: list[Flowable] = [_p(sheet.title, "title"), _table(whom, (0.3, 0.7)), Spacer(1, 4 * mm)]
    story += [_p(sheet.intro)] if sheet.intro else []
    story += _sections(sheet.sections, {})
    story += [_p("Day by day", "heading"), timeline]
    story.append(
        Table([[contact]], colWidths=[WIDTH], style=[("BOX", (0, 0), (-1, -1), 0.8, "#2f6f73")])
    )
    return _build(doc, story)
