"""The application icon, from the PNG sizes shipped in resources/desktop/."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from knowledge.paths import resources_dir

SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """SageWise's icon with every shipped size (an empty icon if the files are missing)."""
    icon = QIcon()
    folder = resources_dir() / "desktop"
    for n in SIZES:
        path = folder / f"sagewise-{n}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon
