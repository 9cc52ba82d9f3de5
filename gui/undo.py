"""Undo / Redo of every decision a session saves (Edit menu, Ctrl+Z).

One command per committed change, each holding the state before and after, so undo and
redo simply put a state back (robust: no inverse operations to get wrong). Consecutive
keystrokes in one field (or drags of one slider) merge into one command. Changes made by
undo/redo themselves, by the app following the wizard, by Open and by New are never
recorded. Wizard answers, "Choose this" and calculator inputs are recorded here; the
other pages' settings by :mod:`sagewise.gui.undo_pages`, attached when each page is built.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack
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
        # the stack deletes the merged-away command, but PySide6 never frees its Python
        # side: drop what it holds (its apply callable kept the whole window alive)
        other.apply = other.before = other.after = None
        if self.after == self.before:   # dragged back where it was: no step at all
            self.setObsolete(True)      # the stack deletes it: free its fields too
            self.apply = self.before = self.after = None
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


class GroupCommand(QUndoCommand):
    """Several steps one user action made, undone and redone together ("Size it")."""

    def __init__(self, text: str, steps: list[StateCommand]) -> None:
        super().__init__(text)
        self.steps = steps
        for step in steps:
            step._done = False   # each was on screen already; the group skips its first redo
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        for step in self.steps:
            step.redo()

    def undo(self) -> None:
        for step in reversed(self.steps):
            step.undo()


class UndoManager:
    """Records the decisions made in one main window on a QUndoStack."""

    def __init__(self, window) -> None:
        self.window = window
        self.stack = QUndoStack(window)
        self.applying = False
        self.wizard_state: dict = {}
        self.field_values: dict[tuple[str, str], object] = {}
        self.sizing = None   # the Sizing panel, once it is built (attach_sizing)
        self.recorders: dict[str, list] = {}   # page attribute -> its PageRecorders
        self.actions: tuple = ()               # Edit > Undo, Redo (create_actions)
        self._pending: list = []               # recorders with a change to look at
        self._group: list | None = None        # steps collected by one_step()
        self._check = QTimer(window, singleShot=True, interval=0)
        self._check.timeout.connect(self.flush)
        window.wizard.sig_changed.connect(self._on_wizard_changed)
        self.resync()

    # ---- the Edit menu

    def create_actions(self, parent) -> tuple[QAction, QAction]:
        """Undo / Redo actions named after the step they undo or redo ("Undo k-means: k");
        they first record a change still waiting to be looked at."""
        undo, redo = QAction("&Undo", parent), QAction("&Redo", parent)
        undo.setEnabled(False)
        redo.setEnabled(False)
        undo.triggered.connect(self.undo)
        redo.triggered.connect(self.redo)
        self.actions = (undo, redo)
        self.stack.canUndoChanged.connect(undo.setEnabled)
        self.stack.canRedoChanged.connect(redo.setEnabled)
        # a "&" in a step's name is shown, not taken as a mnemonic
        self.stack.undoTextChanged.connect(
            lambda t: undo.setText(f"&Undo {t.replace('&', '&&')}".strip()))
        self.stack.redoTextChanged.connect(
            lambda t: redo.setText(f"&Redo {t.replace('&', '&&')}".strip()))
        return undo, redo

    def _update_actions(self, *_args) -> None:
        """Undo is available for a change still waiting to be recorded, too."""
        if self.actions:
            self.actions[0].setEnabled(self.stack.canUndo() or bool(self._pending))
            self.actions[1].setEnabled(self.stack.canRedo() and not self._pending)

    def undo(self) -> None:
        """Undo the last step (a change just made counts as the last step)."""
        self.flush()
        self.stack.undo()

    def redo(self) -> None:
        """Redo the last undone step."""
        self.flush()
        self.stack.redo()

    def push(self, command: StateCommand) -> None:
        """Record a step (into the group one_step() is collecting, if any)."""
        if self._group is not None:
            self._group.append(command)
        else:
            self.stack.push(command)

    def one_step(self, text: str, change: Callable[[], None]) -> None:
        """Run ``change()`` (one user action that sets several controls); what it records
        becomes one step named ``text`` (none if it changed nothing)."""
        self.flush()
        self._group = []
        try:
            change()
            self.flush()
        finally:
            steps, self._group = self._group, None
        if len(steps) == 1:
            steps[0].setText(text)
            self.stack.push(steps[0])
        elif steps:
            self.stack.push(GroupCommand(text, steps))

    # ---- pages built later

    def attach(self, attr: str, panel) -> None:
        """Record this page's settings from now on (it was just built)."""
        from sagewise.gui.undo_pages import recorders_for

        self.recorders[attr] = recorders_for(self, attr, panel)

    def resync_page(self, attr: str) -> None:
        """Take a page's current settings as the starting point (a kept state was just put
        into it)."""
        if attr == "sizing_panel":
            self.resync_fields()
        for rec in self.recorders.get(attr, ()):
            rec.resync()

    def schedule(self, recorder) -> None:
        """A page changed: look at it once the current event is handled, so a change that
        moves several controls becomes one step."""
        if self.applying:
            return
        if recorder not in self._pending:
            self._pending.append(recorder)
            self._update_actions()
        self._check.start()

    def flush(self) -> None:
        """Record the changes waiting to be looked at, now."""
        self._check.stop()
        pending, self._pending = self._pending, []
        for rec in pending:
            rec.check()
        if pending:
            self._update_actions()

    # ---- "Choose this"

    def record_choice(self, before: str, after: str, name: Callable[[str], str]) -> None:
        """The user chose an algorithm (``after``) on the Recommendation page."""
        if before != after and not self.applying:
            self.flush()   # a change made just before is the earlier step
            self.push(StateCommand(f"Choose {name(after)}" if after else "Clear choice",
                                         self._apply_choice, before, after))

    def _apply_choice(self, ident: str) -> None:
        self.applying = True
        try:
            self.window.set_chosen(ident)
        finally:
            self.applying = False
        self.window.after_undo("Recommendation")
        self.window.show_chosen_status()

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
        self._check.stop()
        self._pending = []
        self._update_actions()
        self.wizard_state = self.window.wizard.save_state()
        self.resync_fields()
        for recs in self.recorders.values():
            for rec in recs:
                rec.resync()

    def resync_fields(self) -> None:
        """Take the calculators' current values as the starting point."""
        pages = self.sizing.pages if self.sizing is not None else {}
        self.field_values = {(p, f): self._value(p, f)
                             for p, page in pages.items() for f in page.fields}

    def unrecorded(self, change) -> None:
        """Run ``change()`` (the app adjusting fields itself, e.g. Sizing following the
        wizard) without recording it: it is not a user's edit to undo. An edit made just
        before is recorded first."""
        if not self.applying:
            self.flush()
        applying, self.applying = self.applying, True
        try:
            change()
        finally:
            self.applying = applying
        self.resync_fields()
        for recs in self.recorders.values():
            for rec in recs:
                rec.resync()

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
            self.flush()
            self.push(StateCommand(_wizard_step(self.wizard_state, now),
                                         self._apply_wizard, self.wizard_state, now))
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
        self.flush()
        title = self.sizing.pages[page].title
        merge = (page, name) if _is_number(self._widget(page, name)) else None
        self.push(StateCommand(f"{title}: {name.replace('_', ' ')}",
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


WIZARD_STEPS = (("answers", "answer"), ("skipped", "skipped question"),
                ("suggested", "suggested answers"), ("description", "description"))


def _wizard_step(before: dict, after: dict) -> str:
    """The name of a wizard step: what the user changed first in the question order."""
    for key, words in WIZARD_STEPS:
        if before.get(key) != after.get(key):
            return f"Wizard: {words}"
    return "Wizard: answers"


def _is_number(widget) -> bool:
    """A calculator's number field (imported here: the Sizing page is built on demand)."""
    from sagewise.gui.sizing.page import NumberField

    return isinstance(widget, NumberField)
