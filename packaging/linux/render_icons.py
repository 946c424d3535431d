"""Renders the application icon's PNGs for the hicolor icon theme from its SVG.

Run it again after changing icons/fi.asiointiapu.Asiointiapu.svg, from the repository's root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/linux/render_icons.py

It writes icons/hicolor/<size>x<size>/apps/fi.asiointiapu.Asiointiapu.png for every size in
SIZES; commit the PNGs with the SVG. The SVG itself is installed as the scalable icon.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen is needed

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: TID251 (a build tool)
from PySide6.QtSvg import QSvgRenderer

APP_ID = "fi.asiointiapu.Asiointiapu"
SIZES = (16, 24, 32, 48, 64, 128, 256)
HERE = Path(__file__).resolve().parent
SVG = HERE / "icons" / f"{APP_ID}.svg"
HICOLOR = HERE / "icons" / "hicolor"


def png_path(size: int, root: Path = HICOLOR) -> Path:
    return root / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"render_icons: cannot read {SVG}", file=sys.stderr)
        return 1
    for size in SIZES:
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target), "PNG"):
            print(f"render_icons: cannot write {target}", file=sys.stderr)
            return 1
        print(f"render_icons: {target.relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
