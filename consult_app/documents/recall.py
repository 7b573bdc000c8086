"""The recall list reception calls from: who is due for their next session in a date range.

Names, phone numbers, which session of how many, the due date and status, and a column to
write on; nothing clinical, so it may lie on the front desk.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from consult_app.documents.base import DocumentBuilder
from consult_app.documents.styles import data_table, para, styles
from consult_app.domain.course import DUE_STATUS_WORDS, recall_count_words, session_of
from consult_app.domain.documents import RecallDocument


def period(doc: RecallDocument) -> str:
    """ "1 Jan 2027 to 31 Jan 2027", the one day, or "up to 31 Jan 2027" (overdue included)."""
    end = doc.clinic.date(doc.end)
    if doc.start is None:
        return f"up to {end}"
    start = doc.clinic.date(doc.start)
    return start if doc.start == doc.end else f"{start} to {end}"


def _heading(doc: RecallDocument) -> str:
    if doc.start is None:
        return (
            f"Clients due for their next session by {doc.clinic.date(doc.end)}, overdue "
            "ones included however long ago."
        )
    return f"Clients due for their next session from {period(doc)}."


def recall_story(doc: RecallDocument, width: float) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [
        para("Recall list", st.title),
        para(_heading(doc)),
    ]
    if not doc.lines:
        return [*story, para("Nobody is due for a session in these dates.")]
    story.append(para(f"{recall_count_words(doc.lines)} Soonest due first.", st.small))
    lines = sorted(doc.lines, key=lambda line: (line.due_from, line.client_name.casefold()))
    rows = [
        [
            line.client_name,
            line.phone or "Not given",
            session_of(line.next_number, line.planned),
            doc.clinic.date(line.due_from),
            DUE_STATUS_WORDS[line.status],
            "",
        ]
        for line in lines
    ]
    # "30 Dec 2026" needs its whole width; the notes column gives way.
    widths = [0.26, 0.18, 0.11, 0.17, 0.15, 0.13]
    header = ["Name", "Phone", "Session", "Due from", "Status", "Notes"]
    # A client's line is read whole: it moves to the next page rather than split.
    table = data_table(header, rows, [width * w for w in widths], split_rows=False)
    return [*story, table]


def build_recall(doc: RecallDocument) -> bytes:
    builder = DocumentBuilder(doc.info, doc.clinic, about=f"Recall list, {period(doc)}")
    return builder.build(recall_story(doc, builder.width))
