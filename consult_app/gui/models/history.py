"""A client's consultations in the panel: the lines as read, put into words as they are drawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from consult_app.domain.dates import format_date
from consult_app.gui.models.table import StoredLinesModel

if TYPE_CHECKING:
    from consult_app.domain.consultation import ConsultationSummary

UNFINISHED = "Not finished"  # its outcome: what the answers so far say is not one yet
# Said on hover, not in the column, which is kept as narrow as its words.
TO_CONTINUE = "In progress: double-click to continue where it stopped"


class HistoryModel(StoredLinesModel["ConsultationSummary"]):
    """Newest first; UserRole gives a line's consultation id.

    Without `medical` (reception) the outcome column shows "—" whatever a line holds: the
    service already leaves it out, and the panel must not show one it was given by mistake.
    """

    HEADERS = ("Date", "Outcome", "Status", "Practitioner")

    def __init__(self) -> None:
        super().__init__()
        self._medical = True

    def set_lines(self, lines: Sequence[ConsultationSummary], *, medical: bool = True) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._medical = medical
        self.endResetModel()

    def consultation_id(self, row: int) -> int:
        return self._lines[row].id

    def _cell(self, line: ConsultationSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            # A narrow panel elides a cell; its whole text is still there on hover.
            if column == 2 and str(line.status) == "draft" and self._medical:
                return TO_CONTINUE
            return self._cell(line, column, Qt.ItemDataRole.DisplayRole)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == 0:
            return format_date(line.consultation_date)
        if column == 1:
            from consult_app.domain.screening import OUTCOME_WORDS  # not for the first paint

            if not self._medical:
                return "—"
            if str(line.status) == "draft":  # what the answers so far say is not an outcome
                return UNFINISHED
            return OUTCOME_WORDS[line.outcome] if line.outcome else "—"
        if column == 2:
            from consult_app.domain.consultation import status_in_words  # not for the first paint

            return status_in_words(
                str(line.status), is_signed=line.is_signed, has_plan=line.has_plan
            )
        return line.practitioner or "—"
