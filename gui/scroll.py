"""A scroll area that keeps up with its content.

With ``widgetResizable`` Qt fits the content to the viewport only when the scroll area
itself is resized. When the content grows later (a group box shown, a label re-worded),
nothing tells the scroll area, and the content stays at its old height with its rows
squeezed below their minimum (buttons a few pixels tall). Here the content's layout
requests reach the scroll area, which fits the content again (and scrolls if needed).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QScrollArea, QWidget


class ContentScrollArea(QScrollArea):
    """QScrollArea that refits its content whenever the content's layout changes."""

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt name
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            layout = obj.layout()
            if layout is not None:
                layout.activate()
            # setWidgetResizable refits the content to the viewport and the content's
            # (height-for-width) minimum: what Qt does on a resize of the scroll area
            self.setWidgetResizable(self.widgetResizable())
        return super().eventFilter(obj, event)
