"""The client panel's treatment sessions: each course's progress and due date, the sessions had,
and "Start session" for a practitioner.

Reception sees the progress, the dates, the numbers and each session's plain status (treated,
not treated, in progress: no reason, no area), and has nothing to open and nothing to start.
What is shown is read off the GUI thread (a client may have hundreds of sessions), and a
result for a client no longer shown is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from consult_app.domain.course import DUE_STATUS_WORDS, CourseProgress, session_of
from consult_app.domain.dates import format_date
from consult_app.domain.treatment import SESSION_STATUS_WORDS, SessionStatus, SessionSummary
from consult_app.gui.models.table import StoredLinesModel
from consult_app.gui.tasks import run_in_background

# What the box shows: the courses and the sessions, each newest first.
Course = tuple[list[CourseProgress], list[SessionSummary]]


class SessionsModel(StoredLinesModel[SessionSummary]):
    """A client's sessions, newest first: date, which session of its course ("2 of 4"),
    status and practitioner, which reception may see too (a status is not why it ended)."""

    HEADERS = ("Date", "Session", "Status", "Practitioner")

    def __init__(self) -> None:
        super().__init__()
        self._planned: dict[int, int] = {}  # a consultation's planned sessions

    def set_lines(
        self, lines: Sequence[SessionSummary], courses: Sequence[CourseProgress] = ()
    ) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._planned = {course.consultation_id: course.planned for course in courses}
        self.endResetModel()

    def _cell(self, line: SessionSummary, column: int, role: int) -> Any:
        shown = (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        )
        if role not in shown:
            return None
        if column == 0:
            return format_date(line.session_date)
        if column == 1:
            if not line.number:
                return "—"
            return session_of(line.number, self._planned.get(line.consultation_id))
        if column == 2:
            return SESSION_STATUS_WORDS[line.status]
        return line.practitioner or "—"


def progress_words(course: CourseProgress, today: date) -> str:
    """ "2 of 4 sessions done, next due from 13 Jan 2027 (not due yet)"."""
    words = course.words()
    if course.next_due_from is None:
        return words
    return f"{words} ({DUE_STATUS_WORDS[course.due_status(today)].lower()})"


class CourseBox(QGroupBox):
    start_requested = Signal(int)  # the consultation whose course a session is for
    session_activated = Signal(int)  # a session's id
    document_requested = Signal(int, str)  # a session's id, "session_aftercare"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Treatment sessions", parent)
        self._medical = True
        self._asked = 0
        self.courses: list[CourseProgress] = []
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.progress.setAccessibleName("Course progress")
        self.model = SessionsModel()
        self.list = QTreeView()
        self.list.setModel(self.model)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAccessibleName("Treatment sessions")
        header = self.list.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(self._on_list_activated)
        self.start = QPushButton("S&tart session")
        self.start.setAccessibleName("Start a treatment session")
        self.start.clicked.connect(self._on_start_clicked)
        # Reception hands the client their sheet too: one click on the chosen (else the newest)
        # treated session, then the print dialog.
        self.aftercare = QPushButton("Aftercar&e sheet")
        self.aftercare.setAccessibleName("Print the aftercare sheet of this session")
        self.aftercare.clicked.connect(self._on_aftercare_clicked)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_aftercare())
        buttons = QHBoxLayout()
        buttons.addWidget(self.start)
        buttons.addWidget(self.aftercare)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def set_medical(self, medical: bool) -> None:
        """Whether the signed-in role may see statuses, open sessions and start them."""
        self._medical = medical
        self.start.setVisible(medical)
        self._update_start()

    def clear(self) -> None:
        self._asked += 1  # a read still under way is for a client no longer shown
        self.courses = []
        self.model.set_lines([])
        self.progress.clear()
        self.setVisible(False)

    def show_for(self, read: Callable[[], Course], today: date) -> None:
        """Read the courses and sessions off the GUI thread; show them when they come."""
        self._asked += 1
        asked = self._asked
        self.model.set_lines([])  # not the last client's sessions
        self.progress.setText("Reading the sessions…")
        self.start.setEnabled(False)

        # The window may have closed meanwhile: then there is no box to show them in.
        def shown(result: Course) -> None:
            if shiboken6.isValid(self) and asked == self._asked:
                self.show_course(*result, today=today)

        def failed(_error: BaseException) -> None:
            if shiboken6.isValid(self) and asked == self._asked:
                self.progress.setText("The sessions could not be read.")

        run_in_background(read, shown, failed)

    def show_course(
        self, courses: list[CourseProgress], sessions: list[SessionSummary], *, today: date
    ) -> None:
        self.courses = courses
        self.model.set_lines(sessions, courses)
        if courses:
            self.progress.setText("\n".join(progress_words(c, today) for c in courses))
        else:
            self.progress.setText("No signed treatment plan yet.")
        self.setVisible(bool(courses) or bool(sessions))
        self._update_start()
        self._update_aftercare()

    def aftercare_session(self) -> int | None:
        """The chosen session if it was treated (it has its number then), else the newest
        treated one when none is chosen."""
        current = self.list.currentIndex()
        if current.isValid():
            line = self.model.line(current.row())
            return line.id if line.number else None
        return next((line.id for line in self.model.lines() if line.number), None)

    def _update_aftercare(self) -> None:
        found = self.aftercare_session() is not None
        self.aftercare.setEnabled(found)
        self.aftercare.setToolTip(
            "Print or preview the aftercare sheet of this session"
            if found
            else "There is an aftercare sheet once a session is done"
        )

    def _on_aftercare_clicked(self) -> None:
        session_id = self.aftercare_session()
        if session_id is not None:
            self.document_requested.emit(session_id, "session_aftercare")

    def draft_session(self) -> int | None:
        """The newest session in progress of the newest course, to resume, else None."""
        if not self.courses:
            return None
        newest = self.courses[0].consultation_id
        return next(
            (
                line.id
                for line in self.model.lines()
                if line.consultation_id == newest and line.status is SessionStatus.DRAFT
            ),
            None,
        )

    def _update_start(self) -> None:
        can = self._medical and bool(self.courses)
        self.start.setEnabled(can)
        resume = self.draft_session() is not None
        self.start.setText("Con&tinue session" if resume else "S&tart session")
        self.start.setToolTip(
            ("Continue the session in progress" if resume else "Start today's session")
            if can
            else "A session follows a signed treatment plan"
        )

    def _on_start_clicked(self) -> None:
        if self._medical and self.courses:
            self.start_requested.emit(self.courses[0].consultation_id)

    def _on_list_activated(self, index: QModelIndex) -> None:
        if self._medical and index.isValid():
            self.session_activated.emit(self.model.line(index.row()).id)
