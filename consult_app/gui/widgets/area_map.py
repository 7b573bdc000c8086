"""A clickable drawing of the treatment areas (face, neck, chest, scalp, hands, body)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTransform,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QToolTip, QWidget

from consult_app.paths import resources_dir

_SELECTED_FILL = QColor(47, 128, 237, 110)
_HOVER_FILL = QColor(47, 128, 237, 45)
_OUTLINE = QColor("#2f80ed")
_MARGIN = 4  # pixels around each area's images: room for the outline drawn outside the shape
# Offsets within a 2 px radius: stamping the shape at each one grows it by a 2 px outline.
_RING = [(dx, dy) for dx in range(-2, 3) for dy in range(-2, 3) if 0 < dx * dx + dy * dy <= 5]
_STEPS = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}
_PROBE = [(0, 0), (-4, 0), (4, 0), (0, -4), (0, 4)]  # a point and its neighbours 4 px away


def _diagram_path() -> str:
    return str(resources_dir() / "diagram" / "face_body.svg")


@dataclass
class _Layer:
    """One area drawn alone at the widget's current size: its hit mask and its overlays."""

    rect: QRect  # where the images sit, in widget coordinates
    mask: QImage
    selected: QImage
    hover: QImage


def _tinted(mask: QImage, colour: QColor) -> QImage:
    image = mask.copy()
    with QPainter(image) as painter:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(QRect(QPoint(0, 0), image.size()), colour)
    return image


def _selected_overlay(mask: QImage) -> QImage:
    """The shape tinted, inside a 2 px outline."""
    solid = _tinted(mask, _OUTLINE)
    overlay = mask.copy()
    overlay.fill(Qt.GlobalColor.transparent)
    with QPainter(overlay) as painter:
        for dx, dy in _RING:
            painter.drawImage(QPointF(dx, dy), solid)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOut)
        painter.drawImage(QPointF(0, 0), mask)  # keep only the ring outside the shape
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.drawImage(QPointF(0, 0), _tinted(mask, _SELECTED_FILL))
    return overlay


class AreaMap(QWidget):
    """Shows the treatment areas; a click or Space toggles one.

    Hit testing follows each area's drawn shape, and smaller areas win over bigger ones whose
    box they sit in (the nose over the cheeks).
    """

    selection_changed = Signal(list)

    def __init__(self, areas: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = QSvgRenderer(_diagram_path(), self)
        if not self._renderer.isValid():
            raise ValueError(f"The diagram {_diagram_path()} could not be read.")
        for area_id, _label in areas:
            if not self._renderer.elementExists(area_id):
                raise ValueError(f"The diagram has no shape with the id '{area_id}'.")
        self._ids = [area_id for area_id, _label in areas]
        self._labels = dict(areas)
        bounds = {area_id: self._renderer.boundsOnElement(area_id) for area_id in self._ids}
        self._hit_order = sorted(self._ids, key=lambda i: bounds[i].width() * bounds[i].height())
        self._chosen: set[str] = set()
        self._hovered: str | None = None
        self._cursor = 0
        self._is_read_only = False
        self._layers: dict[str, _Layer] = {}
        self._layers_key: tuple[int, int, float] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Treatment areas diagram")
        self._describe()

    # Public API

    def selected(self) -> list[str]:
        return [area_id for area_id in self._ids if area_id in self._chosen]

    def set_selected(self, ids: list[str]) -> None:
        """Shows `ids` as chosen without emitting `selection_changed` (for syncing a list)."""
        unknown = [area_id for area_id in ids if area_id not in self._labels]
        if unknown:
            raise ValueError(f"Unknown area ids: {', '.join(unknown)}")
        if set(ids) != self._chosen:
            self._chosen = set(ids)
            self._describe()
            self.update()

    def set_read_only(self, is_read_only: bool) -> None:
        self._is_read_only = is_read_only
        self._hovered = None
        self.unsetCursor()
        self.update()

    def area_at(self, pos: QPointF) -> str | None:
        """The area drawn at `pos` (widget coordinates), or None over the background."""
        layers = self._current_layers()
        for area_id in self._hit_order:
            layer = layers[area_id]
            if not layer.rect.contains(pos.toPoint()):
                continue
            if layer.mask.isNull():  # no pixels to test (a zero-sized widget): use the box
                return area_id
            ratio = layer.mask.devicePixelRatio()
            x = int((pos.x() - layer.rect.x()) * ratio)
            y = int((pos.y() - layer.rect.y()) * ratio)
            if layer.mask.valid(x, y) and layer.mask.pixelColor(x, y).alpha() > 0:
                return area_id
        return None

    def area_rect(self, area_id: str) -> QRectF:
        """The area's bounding box in widget coordinates."""
        if area_id not in self._labels:
            raise ValueError(f"Unknown area id: {area_id}")
        return self._transform().mapRect(self._renderer.boundsOnElement(area_id))

    def area_center(self, area_id: str) -> QPointF:
        """A point where a click picks `area_id`: its box's centre when that lies on it.

        Split shapes (two cheeks, two eyes) have an empty or covered centre; then this is the
        point nearest that centre lying a few pixels inside the shape.
        """
        box = self.area_rect(area_id)
        centre = box.center()
        if self.area_at(centre) == area_id:
            return centre
        grid = [
            QPointF(x, y)
            for y in range(int(box.top()), int(box.bottom()) + 1, 2)
            for x in range(int(box.left()), int(box.right()) + 1, 2)
        ]
        grid.sort(key=lambda point: QLineF(point, centre).length())
        for point in grid:
            if all(self.area_at(point + QPointF(dx, dy)) == area_id for dx, dy in _PROBE):
                return point
        return centre

    def sizeHint(self) -> QSize:
        return QSize(520, 450)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, 260)

    # Drawing

    def _transform(self) -> QTransform:
        """Maps the drawing's viewBox into the widget, scaled to fit and centred."""
        box = self._renderer.viewBoxF()
        scale = min(self.width() / box.width(), self.height() / box.height())
        dx = (self.width() - box.width() * scale) / 2 - box.x() * scale
        dy = (self.height() - box.height() * scale) / 2 - box.y() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    def _current_layers(self) -> dict[str, _Layer]:
        """Renders each area alone once per size and screen, for hit tests and highlights."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio)
        if key == self._layers_key:
            return self._layers
        transform = self._transform()
        self._layers = {area_id: self._layer(area_id, transform, ratio) for area_id in self._ids}
        self._layers_key = key
        return self._layers

    def _layer(self, area_id: str, transform: QTransform, ratio: float) -> _Layer:
        target = transform.mapRect(self._renderer.boundsOnElement(area_id))
        rect = target.toAlignedRect().adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        if target.isEmpty():  # a widget not laid out yet: area_at() falls back to the box
            return _Layer(rect, QImage(), QImage(), QImage())
        mask = QImage(rect.size() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
        mask.setDevicePixelRatio(ratio)
        mask.fill(Qt.GlobalColor.transparent)
        with QPainter(mask) as painter:
            painter.translate(-QPointF(rect.topLeft()))
            self._renderer.render(painter, area_id, target)
        return _Layer(rect, mask, _selected_overlay(mask), _tinted(mask, _HOVER_FILL))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        transform = self._transform()
        self._renderer.render(painter, transform.mapRect(self._renderer.viewBoxF()))
        layers = self._current_layers()
        for area_id in self.selected():
            painter.drawImage(layers[area_id].rect.topLeft(), layers[area_id].selected)
        focused = self._ids[self._cursor] if self._ids and self.hasFocus() else None
        for area_id in {self._hovered, focused} - {None}:
            painter.drawImage(layers[area_id].rect.topLeft(), layers[area_id].hover)
        if focused is not None:
            painter.setPen(QPen(self.palette().highlight().color(), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.area_rect(focused).adjusted(-5, -5, 5, 5), 4, 4)
        painter.end()

    # Interaction

    def _toggle(self, area_id: str) -> None:
        self._chosen ^= {area_id}
        self._describe()
        self.update()
        self.selection_changed.emit(self.selected())

    def _describe(self) -> None:
        labels = [self._labels[area_id] for area_id in self.selected()]
        self.setAccessibleDescription(
            f"Chosen areas: {', '.join(labels)}." if labels else "No areas chosen."
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        area_id = self.area_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or area_id is None:
            super().mousePressEvent(event)
            return
        self._cursor = self._ids.index(area_id)  # arrow keys carry on from the clicked area
        if not self._is_read_only:
            self._toggle(area_id)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        area_id = None if self._is_read_only else self.area_at(event.position())
        if area_id != self._hovered:
            self._hovered = area_id
            hand = Qt.CursorShape.PointingHandCursor
            self.setCursor(hand if area_id else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hovered = None
        self.update()
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            area_id = self.area_at(QPointF(event.pos()))
            if area_id is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self._labels[area_id], self)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = _STEPS.get(event.key())
        if step is not None and self._ids:
            self._cursor = (self._cursor + step) % len(self._ids)
            area_id = self._ids[self._cursor]  # name it for sighted keyboard users too
            where = self.mapToGlobal(self.area_rect(area_id).bottomLeft().toPoint())
            QToolTip.showText(where, self._labels[area_id], self)
            self.update()
        elif event.key() == Qt.Key.Key_Space and self._ids and not self._is_read_only:
            self._toggle(self._ids[self._cursor])
        else:
            super().keyPressEvent(event)
