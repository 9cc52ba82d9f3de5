"""The application icon, from the PNG sizes shipped with the knowledge base."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from sagewise.knowledge.paths import icon_files


def app_icon() -> QIcon:
    """SageWise's icon with every shipped size (an empty icon if the files are missing)."""
    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon
