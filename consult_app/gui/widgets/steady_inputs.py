"""Dates, numbers and choices that a mouse wheel passing over them leaves alone.

Qt's spin boxes, date edits and combo boxes take focus from the wheel and change their value
under it, so scrolling a page over the isotretinoin last-dose field moved the date. These only
change on the wheel once someone has clicked or tabbed into them; until then the wheel scrolls
the page they sit on.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QSpinBox,
    QWidget,
)


class _WheelNeedsFocus:
    """Mixin for a Qt input: an unfocused field passes the wheel on to its parent."""

    def _steady(self: QWidget) -> None:  # type: ignore[misc]
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: the wheel never focuses

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():  # type: ignore[attr-defined]
            super().wheelEvent(event)  # type: ignore[misc]
        else:
            event.ignore()  # Qt hands an ignored wheel event on to the parent: the page scrolls


class SteadySpinBox(_WheelNeedsFocus, QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steady()


class SteadyDoubleSpinBox(_WheelNeedsFocus, QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steady()


class SteadyComboBox(_WheelNeedsFocus, QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steady()


class SteadyDateEdit(_WheelNeedsFocus, QDateEdit):
    """A date edit with a calendar that opens on its date, or on today while it has none.

    "No date yet" is the minimum date shown as the special value text ("Not given"); a calendar
    opened on it would show January 1900.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steady()
        self.setCalendarPopup(True)  # the calendar itself is made when first opened

    def is_blank(self) -> bool:
        return bool(self.specialValueText()) and self.date() == self.minimumDate()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)  # a click on the arrow opens the calendar (no key does)
        self._open_blank_on_today()

    def _open_blank_on_today(self) -> None:
        calendar = self.findChild(QCalendarWidget)
        if calendar is None or not calendar.isVisible() or not self.is_blank():
            return
        today = QDate.currentDate()
        # Shown as chosen without telling the field: only a click or Enter answers it.
        calendar.blockSignals(True)
        calendar.setSelectedDate(today)
        calendar.blockSignals(False)
        calendar.setCurrentPage(today.year(), today.month())
