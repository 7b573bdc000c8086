"""A pad on which a client signs with a mouse, a pen or a finger."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from PySide6.QtCore import (
    QBuffer,
    QEvent,
    QIODevice,
    QLineF,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#1a1a2e")
GUIDE = QColor("#b8bcc6")
PLACEHOLDER = QColor("#8a8f99")
PEN_WIDTH = 2.2
MIN_INK_LENGTH = 60.0
MIN_BOX_WIDTH = 40.0
MIN_BOX_HEIGHT = 12.0
MIN_POINTS = 5
EMPTY_PROBLEM = "Please sign in {box}."
SMALL_PROBLEM = "That signature is too small to be recognisable; please sign again across {box}."

Stroke = list[QPointF]


def _stroke_path(stroke: Sequence[QPointF]) -> QPainterPath:
    """Quadratic curves through the midpoints, so a jittery hand still draws a smooth line."""
    path = QPainterPath(stroke[0])
    for here, after in pairwise(stroke[1:]):
        path.quadTo(here, (here + after) / 2)
    path.lineTo(stroke[-1])
    return path


def _paint_strokes(painter: QPainter, strokes: Iterable[Sequence[QPointF]], width: float) -> None:
    pen = QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for stroke in strokes:
        if len(stroke) == 1:
            painter.drawPoint(stroke[0])  # a tap is a dot: a zero-length path draws nothing
        elif stroke:
            painter.drawPath(_stroke_path(stroke))


class SignaturePad(QWidget):
    """Collects strokes in widget coordinates; `changed` fires after each stroke and on clear."""

    changed = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._current: Stroke | None = None  # the stroke under the pointer, not yet committed
        self._read_only = False
        self.setAccessibleName(accessible_name)
        self.setAccessibleDescription(
            "Sign with a mouse, pen or finger. Press Delete or Backspace to clear."
        )
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(420, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def strokes(self) -> list[list[tuple[float, float]]]:
        """A copy of the strokes in widget coordinates, for storing and replaying."""
        return [[(point.x(), point.y()) for point in stroke] for stroke in self._strokes]

    def set_strokes(self, strokes: Iterable[Iterable[tuple[float, float]]]) -> None:
        self._current = None
        replayed = [[QPointF(float(x), float(y)) for x, y in stroke] for stroke in strokes]
        self._strokes = [stroke for stroke in replayed if stroke]
        self.update()
        self.changed.emit()

    def clear(self) -> None:
        """Remove all ink; `changed` fires only when there was ink to remove."""
        had_ink = bool(self._strokes) or self._current is not None
        self._strokes = []
        self._current = None
        self.update()
        if had_ink:
            self.changed.emit()

    # Qt-style names, so the pad reads like QLineEdit and QTextEdit.
    def isReadOnly(self) -> bool:
        return self._read_only

    def setReadOnly(self, read_only: bool) -> None:
        self._read_only = read_only
        self._current = None
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)
        self.update()

    def problem(self, box: str = "the box") -> str | None:
        """What stops this signature being accepted, in words for the client; None when fine.

        `box` names the pad where there are several ("the “Client's signature” box").
        """
        points = [point for stroke in self._strokes for point in stroke]
        if not points:
            return EMPTY_PROBLEM.format(box=box)
        ink_box = self._ink_box()
        ink = sum(QLineF(a, b).length() for stroke in self._strokes for a, b in pairwise(stroke))
        small_box = ink_box.width() < MIN_BOX_WIDTH or ink_box.height() < MIN_BOX_HEIGHT
        if len(points) < MIN_POINTS or ink < MIN_INK_LENGTH or small_box:
            return SMALL_PROBLEM.format(box=box)
        return None

    @property
    def is_acceptable(self) -> bool:
        return self.problem() is None

    def to_png(self, width: int = 600, height: int = 200) -> bytes:
        """The ink fitted into a white width×height PNG; the same strokes give the same bytes."""
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        if self._strokes:
            box = self._ink_box()
            margin = min(width, height) * 0.08
            scale = min(
                (width - 2 * margin) / max(box.width(), 1.0),
                (height - 2 * margin) / max(box.height(), 1.0),
            )
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(width / 2, height / 2)
            painter.scale(scale, scale)
            painter.translate(-box.center())
            # The pen scales with the ink, but within bounds: a small signature blown up to the
            # page should still look written with a pen, not a marker.
            _paint_strokes(painter, self._strokes, PEN_WIDTH * min(max(scale, 1.0), 2.0) / scale)
            painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(buffer.data().data())

    def _ink_box(self) -> QRectF:
        return QPolygonF([point for stroke in self._strokes for point in stroke]).boundingRect()

    # Mouse, pen and touch all end in these three.

    def _begin(self, point: QPointF) -> None:
        if not self._read_only:
            self._current = [point]
            self.update()

    def _extend(self, point: QPointF) -> None:
        # Sub-pixel moves add points without adding ink; skipping them keeps stored strokes small.
        if self._current is not None and (point - self._current[-1]).manhattanLength() >= 0.5:
            self._current.append(point)
            self.update()

    def _end(self, point: QPointF) -> None:
        if self._current is None:
            return
        self._extend(point)
        self._strokes.append(self._current)
        self._current = None
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        # Ink only between our own press and release; moves outside a stroke extend nothing.
        self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Pressure is deliberately not turned into width: strokes() must hold everything needed
        # to replay a signature into the same PNG, and it stores points only.
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()  # accepted, so Qt does not also synthesise mouse events for the pen

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:  # one finger signs; a second finger resting on the glass is ignored
                position = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(position)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(position)
                else:
                    self._end(position)
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self._current = None
            self.update()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keyboard users cannot sign, but they can at least clear what is there.
        if not self._read_only and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.fillRect(rect, Qt.GlobalColor.white)  # paper is white whatever the theme
        baseline = rect.bottom() - max(28.0, rect.height() * 0.25)
        painter.setPen(QPen(GUIDE, 1.0))
        painter.drawLine(QPointF(24, baseline), QPointF(rect.right() - 24, baseline))
        painter.drawText(QRectF(24, baseline - 22, 20, 20), Qt.AlignmentFlag.AlignCenter, "×")
        if not self._strokes and self._current is None:
            painter.setPen(PLACEHOLDER)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Sign here")
        in_progress = [self._current] if self._current else []
        _paint_strokes(painter, [*self._strokes, *in_progress], PEN_WIDTH)
        # A 2-px highlight frame tells keyboard users the pad has focus (Delete clears it).
        focused = self.hasFocus()
        frame = QPen(self.palette().highlight(), 2.0) if focused else QPen(GUIDE, 1.0)
        inset = frame.widthF() / 2
        painter.setPen(frame)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))
