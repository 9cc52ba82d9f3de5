"""Combo boxes select by the data behind an item, not its visible text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox


def select_data(box: QComboBox, value: object) -> bool:
    """Select the item carrying ``value``; an unknown value leaves the box as it is."""
    i = box.findData(value)
    if i >= 0:
        box.setCurrentIndex(i)
    return i >= 0


def size_to_items(box: QComboBox, most_chars: int = 34) -> None:
    """Let the box grow to show its longest item (up to about ``most_chars`` characters),
    instead of cutting every choice at a fixed width; a longer item is elided and its item
    tooltip, and the box's, give the full text."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    box.setMaximumWidth(box.fontMetrics().horizontalAdvance("x" * most_chars) + 40)
    base_tip = box.toolTip()

    def on_changed(index: int) -> None:
        text = box.itemText(index) if index >= 0 else ""
        box.setToolTip(f"{text}\n\n{base_tip}" if text and base_tip else text or base_tip)

    box.currentIndexChanged.connect(on_changed)


def tip_items(box: QComboBox) -> None:
    """Each item's tooltip is its full text (seen when the list is open and an item is cut)."""
    for i in range(box.count()):
        box.setItemData(i, box.itemText(i), Qt.ItemDataRole.ToolTipRole)
