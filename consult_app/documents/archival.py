"""The signed consent's archival form: PDF/A-2b, made from ReportLab's bytes with pikepdf (qpdf).

A consent is kept for the whole retention period, so it is stored as PDF/A-2b: every font is
embedded already (ReportLab embeds TrueType subsets); this adds what ReportLab cannot write,
an sRGB output intent carrying the ICC profile from resources/color and XMP metadata copied
from the document information (title, author, subject, keywords, dates) with pdfaid part 2,
conformance B. qpdf rewrites the file with an end-of-line before every `endstream`, without
object or cross-reference streams (so older archival readers manage too).

The result stays byte-reproducible: nothing here reads the clock, the XMP dates are the
record's own, the XMP is written from a fixed template, and the file /ID is derived from the
content.
"""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO
from xml.sax.saxutils import escape

import pikepdf

from consult_app.paths import resources_dir

SRGB = "sRGB IEC61966-2.1"


@cache
def _srgb_profile() -> bytes:
    return (resources_dir() / "color" / "sRGB.icc").read_bytes()


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pikepdf.Stream(pdf, _srgb_profile())
    profile.N = 3
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,  # the subtype PDF/A-1, -2 and -3 all name
        OutputConditionIdentifier=pikepdf.String(SRGB),
        Info=pikepdf.String(SRGB),
        RegistryName=pikepdf.String("http://www.color.org"),
        DestOutputProfile=pdf.make_indirect(profile),
    )
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<pdf:Keywords>{keywords}</pdf:Keywords>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{creator}</xmp:CreatorTool>
<xmp:CreateDate>{created}</xmp:CreateDate>
<xmp:ModifyDate>{modified}</xmp:ModifyDate>
<xmp:MetadataDate>{modified}</xmp:MetadataDate>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)'")


def _xmp_date(value: object) -> str:
    """ReportLab's "D:20261125140200+00'00'" as XMP's "2026-11-25T14:02:00+00:00"."""
    found = _PDF_DATE.fullmatch(str(value))
    if not found:
        raise ValueError(f"Unexpected PDF date {value!r}")
    y, mo, d, h, mi, s, sign, zh, zm = found.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{sign}{zh}:{zm}"


def _add_metadata(pdf: pikepdf.Pdf) -> None:
    """XMP written from the document information, field for field, as PDF/A requires.

    Written out here rather than through pikepdf's XMP editor, whose output declares a
    namespace on every element (PDFBox's checker then misses the schemas) and whose editor
    stamp would put today's date into the file.
    """
    info = pdf.docinfo
    # ReportLab's /Trapped /False says nothing a reader needs, and pdf:Trapped is not in every
    # PDF/A part's predefined XMP schemas, so it goes rather than needing a schema extension.
    if "/Trapped" in info:
        del info.Trapped

    def field(key: str) -> str:
        return escape(str(info.get(key, "")))

    xmp = _XMP.format(
        title=field("/Title"),
        author=field("/Author"),
        subject=field("/Subject"),
        keywords=field("/Keywords"),
        producer=field("/Producer"),
        creator=field("/Creator"),
        created=_xmp_date(info.CreationDate),
        modified=_xmp_date(info.ModDate),
    )
    metadata = pikepdf.Stream(pdf, xmp.encode("utf-8"))
    metadata.Type = pikepdf.Name.Metadata
    metadata.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = pdf.make_indirect(metadata)


def to_pdfa(pdf_bytes: bytes) -> bytes:
    """The same document as PDF/A-2b; the same input bytes give the same output bytes."""
    with pikepdf.open(BytesIO(pdf_bytes)) as pdf:
        _add_output_intent(pdf)
        _add_metadata(pdf)
        out = BytesIO()
        pdf.save(
            out,
            deterministic_id=True,  # /ID from the content: reproducible, yet unique per file
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            compress_streams=True,
            linearize=False,
        )
        return out.getvalue()
