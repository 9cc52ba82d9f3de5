"""Render resources/desktop/sagewise.svg to the PNG sizes desktops and the window use.

Run after editing the SVG: ``python scripts/make_icons.py``. The PNGs are committed, so the
app never needs an SVG renderer at run time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> int:
    """Write resources/desktop/sagewise-<N>.png for every size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    folder = Path(__file__).resolve().parent.parent / "resources" / "desktop"
    renderer = QSvgRenderer(str(folder / "sagewise.svg"))
    if not renderer.isValid():
        sys.stderr.write("make_icons: sagewise.svg is not a valid SVG\n")
        return 1
    for n in SIZES:
        image = QImage(n, n, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = folder / f"sagewise-{n}.png"
        image.save(str(out))
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
