"""The signature pad driven by real mouse, keyboard, touch and pen events."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QSizePolicy, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from consult_app.gui.widgets.signature_pad import SignaturePad

PLEASE_SIGN = "Please sign in the box."
TOO_SMALL = "That signature is too small to be recognisable; please sign again across the box."

# Three strokes across the pad, like a hurried "Ann Smith": two zigzags and an underline.
SIGNATURE = (
    [(40 + 12 * i, 50 + (30 if i % 2 else 0)) for i in range(12)],
    [(200 + 14 * i, 90 - (28 if i % 2 else 0) + i) for i in range(11)],
    [(50, 115), (150, 112), (260, 114), (360, 110)],
)

Point = tuple[float, float]


def drag(pad: QWidget, points: Sequence[Point]) -> None:
    """Press at the first point, move through the rest, release at the last, as a hand would."""
    at = [QPoint(round(x), round(y)) for x, y in points]
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(pad, left, none, at[0])
    for point in at[1:]:
        QTest.mouseMove(pad, point)
    QTest.mouseRelease(pad, left, none, at[-1])


def sign(pad: QWidget, strokes: Sequence[Sequence[Point]] = SIGNATURE) -> None:
    for stroke in strokes:
        drag(pad, stroke)


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    widget = SignaturePad("Client signature")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(widget.isVisible)
    return widget


def dark_pixels(png: bytes) -> int:
    image = QImage.fromData(png)
    return sum(
        QColor(image.pixel(x, y)).lightness() < 100
        for y in range(image.height())
        for x in range(image.width())
    )


def test_a_signature_drawn_with_the_mouse_is_accepted_and_exports_a_png(
    qtbot: QtBot, pad: SignaturePad
) -> None:
    with qtbot.waitSignals([pad.changed] * 3):
        sign(pad)
    assert pad.problem() is None
    assert pad.is_acceptable
    assert [len(stroke) for stroke in pad.strokes()] == [12, 11, 4]
    for width, height in ((600, 200), (300, 120)):
        png = pad.to_png(width, height)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        image = QImage.fromData(png)
        assert (image.width(), image.height()) == (width, height)
        assert QColor(image.pixel(0, 0)) == QColor(Qt.GlobalColor.white)
        assert dark_pixels(png) > 200


def test_an_empty_pad_asks_the_client_to_sign(pad: SignaturePad) -> None:
    assert pad.problem() == PLEASE_SIGN
    assert not pad.is_acceptable
    assert dark_pixels(pad.to_png()) == 0


@pytest.mark.parametrize(
    "strokes",
    [
        pytest.param([[(200 + 3 * (i % 2), 80 + i % 3) for i in range(20)]], id="3-px wiggle"),
        pytest.param([[(40 + 40 * i, 80) for i in range(10)]], id="flat line"),
        pytest.param([[(200 + 30 * (i % 2), 20 + 12 * i) for i in range(10)]], id="narrow column"),
        pytest.param([[(40, 40), (200, 120), (300, 40), (400, 120)]], id="four points"),
        pytest.param([[(100 + 11 * i, 50 + 3.25 * i) for i in range(5)]], id="short ink"),
    ],
)
def test_a_scribble_too_small_to_recognise_is_refused(
    pad: SignaturePad, strokes: list[list[Point]]
) -> None:
    sign(pad, strokes)
    assert pad.strokes()  # the drag did draw; it is the size that is refused
    assert pad.problem() == TOO_SMALL
    assert not pad.is_acceptable


def test_clear_empties_the_pad_and_emits_changed(qtbot: QtBot, pad: SignaturePad) -> None:
    sign(pad)
    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.clear()
    assert pad.strokes() == []
    assert pad.problem() == PLEASE_SIGN
    with qtbot.assertNotEmitted(pad.changed):
        pad.clear()  # nothing left to remove, so nothing changed


def form_with_pad(qtbot: QtBot) -> tuple[QWidget, QLineEdit, SignaturePad]:
    """A name field then the pad, with the cursor in the name field."""
    form = QWidget()
    qtbot.addWidget(form)
    name = QLineEdit()
    pad = SignaturePad("Client signature")
    layout = QVBoxLayout(form)
    layout.addWidget(name)
    layout.addWidget(pad)
    form.show()
    qtbot.waitUntil(form.isVisible)
    form.activateWindow()
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    return form, name, pad


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_tab_reaches_the_pad_and_delete_clears_it(qtbot: QtBot, key: Qt.Key) -> None:
    form, name, pad = form_with_pad(qtbot)
    sign(pad)
    name.setFocus()  # signing clicked the pad, which focused it; start from the field before
    qtbot.waitUntil(name.hasFocus)
    window = form.windowHandle()  # keys go through the window, so they reach the focused widget
    QTest.keyClick(window, Qt.Key.Key_Tab)
    assert pad.hasFocus()
    assert pad.strokes()
    with qtbot.waitSignal(pad.changed, timeout=1000):
        QTest.keyClick(window, key)
    assert pad.strokes() == []


def test_the_focused_pad_draws_a_highlight_frame(qtbot: QtBot) -> None:
    *_, pad = form_with_pad(qtbot)
    highlight = pad.palette().highlight().color()
    edge = QPoint(1, pad.height() // 2)
    assert not pad.hasFocus()
    assert pad.grab().toImage().pixelColor(edge) != highlight
    pad.setFocus()
    qtbot.waitUntil(pad.hasFocus)
    assert pad.grab().toImage().pixelColor(edge) == highlight


def test_the_pad_is_named_reachable_and_wide(pad: SignaturePad) -> None:
    assert pad.accessibleName() == "Client signature"
    assert pad.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert pad.minimumWidth() >= 420 and pad.minimumHeight() >= 160
    assert pad.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Expanding


def test_a_read_only_pad_ignores_drawing_and_delete(qtbot: QtBot, pad: SignaturePad) -> None:
    pad.set_strokes(SIGNATURE)
    shown = pad.strokes()
    pad.setReadOnly(True)
    assert pad.isReadOnly()
    pad.setFocus()
    with qtbot.assertNotEmitted(pad.changed):
        drag(pad, [(40, 140), (300, 20), (400, 140)])
        QTest.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.strokes() == shown
    pad.setReadOnly(False)
    drag(pad, [(40, 140), (300, 20), (400, 140)])
    assert len(pad.strokes()) == len(shown) + 1


def test_replayed_strokes_render_the_same_png(qtbot: QtBot, pad: SignaturePad) -> None:
    sign(pad)
    saved = pad.strokes()
    saved[0].clear()  # strokes() hands out a copy: changing it leaves the pad alone
    assert pad.strokes()[0]
    saved = pad.strokes()
    replay = SignaturePad("Signature on file")
    qtbot.addWidget(replay)
    replay.set_strokes(saved)
    assert replay.strokes() == saved
    assert replay.to_png() == pad.to_png()
    assert replay.to_png(300, 100) == pad.to_png(300, 100)
    replay.set_strokes(saved[:2])
    assert replay.to_png() != pad.to_png()


class MouseSpy(QObject):
    """Counts mouse presses reaching a widget."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.presses += event.type() == QEvent.Type.MouseButtonPress
        return False


def test_a_finger_on_a_touch_screen_draws_a_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    finger = QTest.createTouchDevice()
    spy = MouseSpy()
    pad.installEventFilter(spy)
    with qtbot.waitSignal(pad.changed, timeout=1000):
        QTest.touchEvent(pad, finger).press(0, QPoint(50, 60), pad).commit()
        for x in range(70, 300, 20):
            QTest.touchEvent(pad, finger).move(0, QPoint(x, 60 + x % 40), pad).commit()
        QTest.touchEvent(pad, finger).release(0, QPoint(320, 70), pad).commit()
    # Handled as touch: had the pad ignored it, Qt would have replayed the finger as a mouse.
    assert spy.presses == 0
    (stroke,) = pad.strokes()
    assert stroke[0] == (50, 60)
    assert stroke[-1] == (320, 70)
    assert len(stroke) == 14


def test_a_pen_on_a_tablet_draws_a_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    pen = QPointingDevice(
        "test pen",
        7,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        2,
    )
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    moves = [
        (QEvent.Type.TabletMove, (40 + 25 * i, 60 + 20 * (i % 2)), none, left) for i in range(10)
    ]
    events = [
        (QEvent.Type.TabletPress, (30, 60), left, left),
        *moves,
        (QEvent.Type.TabletRelease, (300, 70), left, none),
    ]
    with qtbot.waitSignal(pad.changed, timeout=1000):
        for kind, (x, y), button, buttons in events:
            local = QPointF(x, y)
            event = QTabletEvent(
                kind,
                pen,
                local,
                QPointF(pad.mapToGlobal(local)),
                0.4 + 0.05 * (x % 7),  # a real hand never presses evenly
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
                Qt.KeyboardModifier.NoModifier,
                button,
                buttons,
            )
            QApplication.sendEvent(pad, event)
            assert event.isAccepted()  # so Qt does not synthesise a mouse stroke as well
    (stroke,) = pad.strokes()
    assert stroke[0] == (30, 60)
    assert stroke[-1] == (300, 70)
    assert len(stroke) == 12
