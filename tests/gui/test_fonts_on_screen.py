"""Names in every script show on screen: the fonts the PDFs use are given to Qt at start."""

from __future__ import annotations

from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from consult_app.gui.app import add_bundled_fonts

NAMES = ("Þórunn Ægisdóttir", "Đặng Thị Ngọc Ánh", "Ольга Ковальчук", "דנה כהן", "ليلى حداد")
NAMES += ("王芳", "山田さくら", "김민지")


def glyph_runs(label: QLabel) -> list[tuple[str, list[int]]]:
    """What Qt draws the label's text with: each run's font family and its glyphs."""
    layout = QTextLayout(label.text(), label.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def test_every_name_is_drawn_with_real_glyphs(qtbot: QtBot) -> None:
    families = add_bundled_fonts()
    assert {"Noto Sans Hebrew", "Noto Sans Arabic", "Droid Sans Fallback", "NanumGothic"} <= set(
        families
    )
    for name in NAMES:
        label = QLabel(name)
        qtbot.addWidget(label)
        label.show()
        qtbot.waitExposed(label)
        runs = glyph_runs(label)
        assert runs, name
        for family, glyphs in runs:
            assert 0 not in glyphs, f"{name}: {family} draws an empty box"
