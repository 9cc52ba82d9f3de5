"""Render every page of the main window to PNG (``python -m gui --screenshot DIR``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication


def write_screenshots(window, folder: Path, size: tuple[int, int]) -> list[Path]:
    """Show each page in a representative state, grab it, and save it."""
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(*size)
    window.show()
    app = QApplication.instance()
    panel = window.catalog_panel
    shots: list[tuple[str, callable]] = [
        ("catalog_xgboost", lambda: (panel.show_catalog(), panel.select("xgboost"))),
        ("catalog_service", lambda: (panel.show_catalog(), panel.select("amazon-forecast"))),
        ("recommend_fraud", lambda: (panel.describe_edit.setText(
            "Predict whether a card transaction is fraudulent from labelled tabular data; "
            "fraud is under 1% of rows"), panel.recommend())),
    ]
    out = []
    for name, prepare in shots:
        prepare()
        app.processEvents()
        path = folder / f"{name}.png"
        window.grab().save(str(path))
        out.append(path)
    return out
