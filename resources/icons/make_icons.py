"""Make every app icon from the one source drawing, consult.svg, beside this script.

Writes consult-16.png … consult-512.png (Linux, `make install-desktop`), consult.ico (Windows:
16–256 in one file) and consult.icns (macOS: 16–1024 in one file) next to it. Run it after
editing consult.svg, with the project's environment (Pillow comes with ReportLab, QtSvg with
PySide6):

    .venv/bin/python resources/icons/make_icons.py

Qt's SVG renderer draws the source once, large; Pillow scales it down for each size (a
high-quality filter keeps the small sizes crisp) and writes the .ico and .icns containers.
The output is byte-identical from run to run, so regenerating shows no spurious changes.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "consult.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
MASTER_SIZE = 1024  # the largest .icns entry; every other size is scaled down from it


def render_master(source: Path, size: int) -> Image.Image:
    """The SVG drawn at size × size pixels on a transparent background, as a Pillow RGBA image."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is ever shown
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not an SVG drawing Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def scaled(master: Image.Image, size: int) -> Image.Image:
    return master if master.width == size else master.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    master = render_master(SOURCE, MASTER_SIZE)
    for size in PNG_SIZES:
        path = HERE / f"consult-{size}.png"
        scaled(master, size).save(path, optimize=True)
        print(path.relative_to(HERE.parent.parent))
    ico = HERE / "consult.ico"
    scaled(master, 256).save(
        ico,
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[scaled(master, size) for size in ICO_SIZES],
    )
    print(ico.relative_to(HERE.parent.parent))
    # Pillow picks the entry for each .icns size from these images by their pixel size.
    icns = HERE / "consult.icns"
    master.save(icns, append_images=[scaled(master, size) for size in (16, 32, 64, 128, 256, 512)])
    print(icns.relative_to(HERE.parent.parent))


if __name__ == "__main__":
    main()
