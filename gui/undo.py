"""Undo / Redo for wizard answers and sizing calculator inputs (Edit menu, Ctrl+Z).

One command per committed change, each holding the state before and after, so undo and
redo simply put a state back (robust: no inverse operations to get wrong). Consecutive
keystrokes in one calculator field merge into one command. Changes made by undo/redo
themselves, by Open and by New are never recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QCheckBox, QComboBox
from sagewise.gui.combo import select_data

MERGE_ID = 1010


class StateCommand(QUndoCommand):
    """Put ``before`` back on undo and ``after`` on redo."""

    def __init__(self, text: str, apply: Callable[[object], None], before, after,
                 merge_key: object = None) -> None:
        super().__init__(text)
        self.apply, self.before, self.after, self.merge_key = apply, before, after, merge_key
        self._done = True   # pushed after the change happened: the first redo does nothing

    def id(self) -> int:
        """Commands with a merge key merge with the previous one of the same key."""
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Keystrokes in the same field become one step."""
        if not isinstance(other, StateCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        """Apply the new state (not on push: the change is already on screen)."""
        if self._done:
            self._done = False
            return
        self.apply(self.after)

    def undo(self) -> None:
        """Apply the old state."""
        self.apply(self.before)


class UndoManager:
    """Records wizard and sizing edits of one main window on a QUndoStack."""

    def __init__(self, window) -> None:
        self.window = window
        self.stack = QUndoStack(window)
        self.applying = False
        self.wizard_state: dict = {}
        self.field_values: dict[tuple[str, str], object] = {}
        self.sizing = None   # the Sizing panel, once it is built (attach_sizing)
        window.wizard.sig_changed.connect(self._on_wizard_changed)
        self.resync()

    def attach_sizing(self, sizing) -> None:
        """Record the calculators' edits from now on (the Sizing page was just built)."""
        self.sizing = sizing
        for page_name, page in sizing.pages.items():
            for name, w in page.fields.items():
                handler = (lambda *_a, p=page_name, f=name: self._on_field_changed(p, f))
                if _is_number(w):
                    w.edit.textChanged.connect(handler)
                elif isinstance(w, QComboBox):
                    w.currentIndexChanged.connect(handler)
                elif isinstance(w, QCheckBox):
                    w.toggled.connect(handler)
        self.resync_fields()

    # ---- baseline

    def resync(self) -> None:
        """Take the current state as the starting point (after Open / New / restore)."""
        self.wizard_state = self.window.wizard.save_state()
        self.resync_fields()

    def resync_fields(self) -> None:
        """Take the calculators' current values as the starting point."""
        pages = self.sizing.pages if self.sizing is not None else {}
        self.field_values = {(p, f): self._value(p, f)
                             for p, page in pages.items() for f in page.fields}

    def unrecorded(self, change) -> None:
        """Run ``change()`` (the app adjusting fields itself, e.g. Sizing following the
        wizard) without recording it: it is not a user's edit to undo."""
        applying, self.applying = self.applying, True
        try:
            change()
        finally:
            self.applying = applying
        self.resync_fields()

    def clear(self) -> None:
        """Forget the history (a different session is in the window)."""
        self.stack.clear()
        self.resync()

    # ---- wizard

    def _on_wizard_changed(self) -> None:
        if self.applying:
            return
        now = self.window.wizard.save_state()
        if now != self.wizard_state:
            self.stack.push(StateCommand("answer change", self._apply_wizard,
                                         self.wizard_state, now))
            self.wizard_state = now

    def _apply_wizard(self, state: dict) -> None:
        self.applying = True
        try:
            self.window.wizard.restore_state(state["description"], state["answers"],
                                             state["skipped"], state["suggested"],
                                             state.get("suggested_from"))
        finally:
            self.applying = False
        self.wizard_state = state
        self.window.after_undo("Wizard")

    # ---- sizing fields

    def _widget(self, page: str, name: str):
        return self.sizing.pages[page].fields[name]

    def _value(self, page: str, name: str):
        w = self._widget(page, name)
        if _is_number(w):
            return w.text()
        if isinstance(w, QComboBox):
            return w.currentData()
        return w.isChecked()

    def _on_field_changed(self, page: str, name: str) -> None:
        if self.applying:
            return
        before, after = self.field_values.get((page, name)), self._value(page, name)
        if before == after:
            return
        self.field_values[(page, name)] = after
        title = self.sizing.pages[page].title
        merge = (page, name) if _is_number(self._widget(page, name)) else None
        self.stack.push(StateCommand(f"{title}: {name.replace('_', ' ')}",
                                     lambda v, p=page, f=name: self._apply_field(p, f, v),
                                     before, after, merge))

    def _apply_field(self, page: str, name: str, value) -> None:
        w = self._widget(page, name)
        self.applying = True
        try:
            if _is_number(w):
                w.set_text(value)
            elif isinstance(w, QComboBox):
                select_data(w, value)
            else:
                w.setChecked(bool(value))
        finally:
            self.applying = False
        self.field_values[(page, name)] = value
        panel = self.sizing
        panel.tabs.setCurrentWidget(panel.pages[page])
        self.window.after_undo("Sizing")


def _is_number(widget) -> bool:
    """A calculator's number field (imported here: the Sizing page is built on demand)."""
    from sagewise.gui.sizing.page import NumberField

    return isinstance(widget, NumberField)
