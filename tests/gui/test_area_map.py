"""The treatment areas diagram: its shapes, clicks, keyboard, read-only use and highlights."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from consult_app.content.bundle import Content
from consult_app.gui.widgets.area_map import AreaMap
from consult_app.paths import resources_dir

BRIEF_AREAS = (
    "forehead",
    "periorbital",
    "nose",
    "perioral",
    "cheeks",
    "jawline_chin",
    "neck",
    "decolletage",
    "scalp",
    "hands",
    "body",
)


@pytest.fixture
def area_map(qtbot: QtBot, content: Content) -> AreaMap:
    widget = AreaMap([(area.id, area.label) for area in content.plan.areas])
    qtbot.addWidget(widget)
    widget.resize(520, 450)
    widget.show()
    qtbot.waitUntil(widget.isVisible)
    return widget


def click(qtbot: QtBot, widget: AreaMap, point: QPointF) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point.toPoint())


def pixel(widget: AreaMap, area_id: str) -> QColor:
    image = widget.grab().toImage()
    point = widget.area_center(area_id) * image.devicePixelRatio()
    return image.pixelColor(point.toPoint())


def test_every_area_of_the_brief_and_the_content_has_a_shape(content: Content) -> None:
    renderer = QSvgRenderer(str(resources_dir() / "diagram" / "face_body.svg"))
    assert renderer.isValid()
    assert [area for area in BRIEF_AREAS if not renderer.elementExists(area)] == []
    assert {area.id for area in content.plan.areas} <= set(BRIEF_AREAS)


@pytest.mark.parametrize("area_id", BRIEF_AREAS)
def test_a_click_on_an_area_toggles_exactly_that_area(
    qtbot: QtBot, area_map: AreaMap, area_id: str
) -> None:
    with qtbot.waitSignal(area_map.selection_changed, timeout=1000) as blocker:
        click(qtbot, area_map, area_map.area_center(area_id))
    assert blocker.args == [[area_id]]
    assert area_map.selected() == [area_id]
    with qtbot.waitSignal(area_map.selection_changed, timeout=1000) as blocker:
        click(qtbot, area_map, area_map.area_center(area_id))
    assert blocker.args == [[]]
    assert area_map.selected() == []


def test_the_nose_wins_over_the_cheeks_around_it(qtbot: QtBot, area_map: AreaMap) -> None:
    nose = area_map.area_center("nose")
    assert area_map.area_rect("cheeks").contains(nose)  # so the test means something
    click(qtbot, area_map, nose)
    assert area_map.selected() == ["nose"]


def test_clicks_follow_the_shape_not_its_box(qtbot: QtBot, area_map: AreaMap) -> None:
    # The décolletage narrows to a point: its box's lower corners lie outside it.
    corner = area_map.area_rect("decolletage").bottomLeft() + QPointF(4, -4)
    with qtbot.assertNotEmitted(area_map.selection_changed):
        click(qtbot, area_map, corner)
    assert area_map.selected() == []


def test_a_click_on_the_background_selects_nothing(qtbot: QtBot, area_map: AreaMap) -> None:
    area_map.set_selected(["neck"])
    with qtbot.assertNotEmitted(area_map.selection_changed):
        click(qtbot, area_map, QPointF(3, 3))
    assert area_map.area_at(QPointF(3, 3)) is None
    assert area_map.selected() == ["neck"]


def test_set_selected_syncs_without_emitting(area_map: AreaMap, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(area_map.selection_changed):
        area_map.set_selected(["neck", "forehead"])
        area_map.set_selected(["forehead", "neck"])
    assert area_map.selected() == ["forehead", "neck"]  # in the order the areas were given
    assert "Forehead" in area_map.accessibleDescription()
    with pytest.raises(ValueError, match="elbow"):
        area_map.set_selected(["elbow"])


def test_read_only_ignores_clicks_and_space(qtbot: QtBot, area_map: AreaMap) -> None:
    area_map.set_read_only(True)
    with qtbot.assertNotEmitted(area_map.selection_changed):
        click(qtbot, area_map, area_map.area_center("forehead"))
        qtbot.keyClick(area_map, Qt.Key.Key_Space)
    assert area_map.selected() == []


def test_arrow_keys_and_space_choose_an_area(
    qtbot: QtBot, area_map: AreaMap, content: Content
) -> None:
    assert area_map.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert area_map.accessibleName() == "Treatment areas diagram"
    area_map.activateWindow()
    area_map.setFocus()
    qtbot.waitUntil(area_map.hasFocus, timeout=1000)
    second = content.plan.areas[1]
    qtbot.keyClick(area_map, Qt.Key.Key_Right)
    assert QToolTip.text() == second.label  # the cursor's area is named as it moves
    with qtbot.waitSignal(area_map.selection_changed, timeout=1000) as blocker:
        qtbot.keyClick(area_map, Qt.Key.Key_Space)
    assert blocker.args == [[second.id]]
    assert area_map.accessibleDescription() == f"Chosen areas: {second.label}."
    qtbot.keyClick(area_map, Qt.Key.Key_Left)
    qtbot.keyClick(area_map, Qt.Key.Key_Left)  # wraps round to the last area
    qtbot.keyClick(area_map, Qt.Key.Key_Space)
    assert area_map.selected() == [second.id, content.plan.areas[-1].id]


def test_a_missing_shape_is_named(qtbot: QtBot) -> None:
    with pytest.raises(ValueError, match="elbow"):
        AreaMap([("forehead", "Forehead"), ("elbow", "Elbow")])


def test_the_hovered_area_shows_its_label(area_map: AreaMap) -> None:
    point = area_map.area_center("nose").toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, point, area_map.mapToGlobal(point))
    QApplication.sendEvent(area_map, event)
    assert QToolTip.text() == "Nose"
    QToolTip.hideText()


def test_a_chosen_area_is_tinted_blue(area_map: AreaMap) -> None:
    area_map.set_selected(["forehead"])
    chosen = pixel(area_map, "forehead")
    assert chosen.blue() - chosen.red() > 60
    other = pixel(area_map, "cheeks")
    assert other.blue() - other.red() < 30
