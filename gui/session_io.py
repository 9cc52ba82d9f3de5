"""Sessions in the window: unsaved-changes tracking and the questions asked about them.

The window is "modified" when what it would save differs from what was last saved or
opened (so an edit undone is not a change, and visiting a calculator is not an edit). The
dialogs go through small functions that tests replace.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from sagewise.knowledge.session import Session

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
CHECK_MS = 120


# ---- dialogs (tests monkeypatch these)

def ask_unsaved_changes(parent, action: str) -> str:
    """Save / Discard / Cancel before ``action`` ("start a new session", "quit", ...)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                      f"This session has changes that are not saved. Save them before you "
                      f"{action}?", parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: SAVE,
            QMessageBox.StandardButton.Discard: DISCARD}.get(
        QMessageBox.StandardButton(answer), CANCEL)


def show_dropped(parent, title: str, problems: list[str]) -> None:
    """Say which values of an opened session were left out (and why)."""
    shown = problems[:12]
    more = f"\n... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    box = QMessageBox(QMessageBox.Icon.Information, title,
                      "The session was opened, but these values were not valid and were left "
                      "out (the defaults are used instead):", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("\n".join(shown) + more)
    box.exec()


# ---- what counts as a change

def content(session: Session) -> dict:
    """What the user decided, without timestamps, computed results or visited tabs."""
    d = session.to_dict()
    for key in ("created", "saved", "sizing", "app_version"):
        d.pop(key, None)
    panels = d.setdefault("panels", {})
    panels["sizing"] = panel_content("sizing", panels.get("sizing") or {})
    return d


SIZING_BOOKKEEPING = ("user_set", "from_elsewhere")
"""Per calculator: which fields were typed in or filled from elsewhere (saved, so a typed
value stays the user's and the record can say where inputs came from; not a decision)."""


def panel_content(name: str, state: dict) -> dict:
    """One panel's part of ``content``: for Sizing, without the tabs visited and the
    bookkeeping of where each field's value came from."""
    if name != "sizing" or not isinstance(state, dict):
        return state
    return {page: ({k: v for k, v in fields.items() if k not in SIZING_BOOKKEEPING}
                   if isinstance(fields, dict) else fields)
            for page, fields in state.items() if page != "visited"}


def content_key(session: Session) -> str:
    """``content`` as one comparable string."""
    return json.dumps(content(session), sort_keys=True, ensure_ascii=False)


class ChangeTracker(QObject):
    """Sets the window's modified flag ([*] in the title) from real edits."""

    def __init__(self, window: QWidget, snapshot: Callable[[], Session]) -> None:
        super().__init__(window)
        self.window = window
        self.snapshot = snapshot
        self.clean: dict | None = None       # content() of the saved state
        self.clean_key: str | None = None
        self.suspended = False
        self._timer = QTimer(self, singleShot=True, interval=CHECK_MS)
        self._timer.timeout.connect(self.update_flag)

    def watch(self, *roots: QWidget) -> None:
        """Re-check after any edit in an input under these widgets."""
        for root in roots:
            for w in root.findChildren(QLineEdit):
                w.textChanged.connect(self.check)
            for w in root.findChildren(QPlainTextEdit):
                w.textChanged.connect(self.check)
            for w in root.findChildren(QComboBox):
                w.currentIndexChanged.connect(self.check)
            for w in root.findChildren(QCheckBox):
                w.toggled.connect(self.check)
            for w in root.findChildren(QAbstractSpinBox):
                if hasattr(w, "valueChanged"):
                    w.valueChanged.connect(self.check)
            for w in root.findChildren(QAbstractSlider):
                w.valueChanged.connect(self.check)

    def mark_clean(self) -> None:
        """What is in the window now is saved (or freshly opened)."""
        self.clean = content(self.snapshot())
        self.clean_key = json.dumps(self.clean, sort_keys=True, ensure_ascii=False)
        self._timer.stop()
        self.window.setWindowModified(False)

    def mark_unsaved(self) -> None:
        """The window holds work that no file has (a restored unsaved session)."""
        self.clean = self.clean_key = None
        self._timer.stop()
        self.window.setWindowModified(True)

    def rebase(self, panel: str, before: dict, after: dict) -> None:
        """A page was just built: its panel now reports ``after`` for what it reported as
        ``before`` while unbuilt (defaults filled in). Building a page is not an edit, so
        the saved state speaks the same way when it held ``before``."""
        if self.clean is None:
            return
        panels = self.clean.setdefault("panels", {})
        if _same(panels.get(panel) or {}, panel_content(panel, before)):
            panels[panel] = panel_content(panel, after)
            self.clean_key = json.dumps(self.clean, sort_keys=True, ensure_ascii=False)

    def is_modified(self) -> bool:
        """Does the window differ from the last saved or opened state?"""
        return self.clean_key is None or content_key(self.snapshot()) != self.clean_key

    def check(self, *_args) -> None:
        """Update the modified flag shortly after the last edit (typing stays fast)."""
        if not self.suspended:
            self._timer.start()

    def update_flag(self) -> None:
        """Update the modified flag now."""
        self._timer.stop()
        self.window.setWindowModified(self.is_modified())


def _same(a: dict, b: dict) -> bool:
    """Equal as they would be saved (JSON: tuples and lists alike)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
