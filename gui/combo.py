"""Combo boxes select by the data behind an item, not its visible text."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def select_data(box: QComboBox, value: object) -> bool:
    """Select the item carrying ``value``; an unknown value leaves the box as it is."""
    i = box.findData(value)
    if i >= 0:
        box.setCurrentIndex(i)
    return i >= 0
