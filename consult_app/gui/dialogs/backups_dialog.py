"""Every backup of the clinic's database: when it was taken, why, and how big it is."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from consult_app.domain.backups import BackupKind
from consult_app.domain.dates import format_date
from consult_app.gui.widgets.row_table import row_table
from consult_app.services.backups import BackupInfo

KIND_WORDS = {
    BackupKind.DAILY.value: "Daily (automatic)",
    BackupKind.MANUAL.value: "Manual (Back up now)",
    BackupKind.UPGRADE.value: "Before an upgrade",
    BackupKind.RESTORE.value: "Before a restore",
    BackupKind.ENCRYPT.value: "Before encryption",
    BackupKind.UNRECORDED.value: "Older backup (kind not recorded)",
}
HEADINGS = ("Taken", "Kind", "Size", "File")


def kind_words(kind: str) -> str:
    """How a backup's kind reads in the list; a newer version's kind reads as its own word."""
    return KIND_WORDS.get(kind, kind.capitalize())


def size_words(size: int) -> str:
    """A file size as people read it: 980 KB, 12.4 MB, 1.2 GB (units of 1,000)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{max(1, round(size / 1e3))} KB"


def taken_words(moment: datetime) -> str:
    local = moment.astimezone()  # names are in UTC; people read their own clock
    return f"{format_date(local.date())} {local:%H:%M}"


def _cell(text: str, *, right: bool = False) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class BackupsDialog(QDialog):
    """A read-only list of `backups` (newest first) in `folder`, with what the rotation keeps."""

    def __init__(
        self, backups: list[BackupInfo], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups")
        self.resize(760, 420)
        self.model = QStandardItemModel(0, len(HEADINGS), self)
        self.model.setHorizontalHeaderLabels(HEADINGS)
        for backup in backups:
            self.model.appendRow(
                [
                    _cell(taken_words(backup.taken_at)),
                    _cell(kind_words(backup.kind)),
                    _cell(size_words(backup.size_bytes), right=True),
                    _cell(backup.path.name),
                ]
            )
        self.table = row_table(self.model, "Backups")
        header = self.table.horizontalHeader()
        for column in range(len(HEADINGS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        count = len(backups)
        total = sum(b.size_bytes for b in backups)
        summary = (
            f"{count} backup{'s' if count != 1 else ''}, {size_words(total)} in all, in {folder}."
            if backups
            else f"There are no backups yet in {folder}."
        )
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        rules = QLabel(
            "Daily backups are thinned out to one a day for 7 days, one a week for 4 weeks and "
            "one a month for 12 months. Manual backups and those taken before an upgrade or a "
            "restore are never deleted by Consult: delete old ones from the folder yourself "
            "once you have copied them to another disk."
        )
        rules.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(rules)
        layout.addWidget(buttons)
