"""Driving the main window as a user would, shared by the GUI tests."""

from __future__ import annotations

FRAUD = "Detect fraudulent credit card transactions from tabular data, fraud is rare"


def answer_fraud(window) -> None:
    """Describe the fraud problem and confirm every question to the done page."""
    window.wizard.describe_edit.setPlainText(FRAUD)
    window.wizard.suggest()
    for _ in range(20):
        if window.wizard.pages.currentIndex() == 2:
            return
        if window.wizard.choices.checkedButton() is None:  # not suggested: skip, or pick first
            window.wizard.choices.buttons()[-1].setChecked(True)
        window.wizard.next()
