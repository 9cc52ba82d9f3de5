"""Undo recording for the pages built on demand: Demos, Pipeline and Data.

Each page (or demo) gets a :class:`PageRecorder` when it is built. It keeps the settings
the session saves as a flat dict of named values; after the user touches a control it
compares them with the last recorded ones (once the event is handled, so one action that
moves several controls is one step) and pushes a before/after command named after what
changed ("k-means: k"). Running a demo changes none of these values, so it is never
recorded. Typing in one field or dragging one slider merges into one step.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
)
from sagewise.gui.combo import select_data
from sagewise.gui.undo import StateCommand


class PageRecorder:
    """Records one page's saved settings as before/after steps."""

    def __init__(self, manager, page: str, snapshot: Callable[[], dict],
                 apply: Callable[[dict, dict], str | None],
                 describe: Callable[[list, dict, dict], str],
                 continuous: frozenset[str] = frozenset(),
                 show: Callable[[list], None] | None = None,
                 rebase: Callable[[dict, dict], bool] | None = None) -> None:
        """``page``: the navigation title shown on undo; ``snapshot()``: the settings now;
        ``apply(target, current)``: put settings back (or return why it cannot);
        ``describe(keys, before, after)``: the step's name; ``continuous``: keys whose
        consecutive changes merge (text, numbers, sliders); ``show(keys)``: bring the part
        that changed forward;
        ``rebase(before, after)``: True when the change is a new starting point, not a
        step (another dataset was opened)."""
        self.manager, self.page = manager, page
        self.snapshot, self.apply, self.describe = snapshot, apply, describe
        self.continuous, self.show, self.rebase = continuous, show, rebase
        self.baseline = snapshot()

    # ---- what to listen to

    def watch_inputs(self, root) -> None:
        """Look again after any edit in an input under ``root``."""
        for w in root.findChildren(QLineEdit):
            w.textChanged.connect(self.changed)
        for w in root.findChildren(QPlainTextEdit):
            if not w.isReadOnly():
                w.textChanged.connect(self.changed)
        for w in root.findChildren(QComboBox):
            w.currentIndexChanged.connect(self.changed)
            if w.isEditable():
                w.editTextChanged.connect(self.changed)
        for w in root.findChildren(QCheckBox):
            w.toggled.connect(self.changed)
        for w in root.findChildren(QRadioButton):
            w.toggled.connect(self.changed)
        for w in root.findChildren(QAbstractSpinBox):
            if hasattr(w, "valueChanged"):
                w.valueChanged.connect(self.changed)
        for w in root.findChildren(QAbstractSlider):
            w.valueChanged.connect(self.changed)

    def watch(self, *signals) -> None:
        """Look again after these signals (changes made without an input widget)."""
        for s in signals:
            s.connect(self.changed)

    def changed(self, *_args) -> None:
        self.manager.schedule(self)

    # ---- recording

    def resync(self) -> None:
        """The settings now are the starting point (nothing to record)."""
        self.baseline = self.snapshot()

    def check(self) -> None:
        """Push a step if the settings differ from the last recorded ones."""
        if self.manager.applying:
            return
        now = self.snapshot()
        keys = changed_keys(self.baseline, now)
        if not keys:
            return
        before, self.baseline = self.baseline, now
        if self.rebase is not None and self.rebase(before, now):
            return
        merge = (id(self), tuple(keys)) if set(keys) <= self.continuous else None
        self.manager.push(StateCommand(self.describe(keys, before, now),
                                       lambda state, k=tuple(keys): self._apply(state, k),
                                       before, now, merge))

    def _apply(self, state: dict, keys: tuple) -> None:
        m = self.manager
        m.applying = True
        try:
            problem = self.apply(state, self.snapshot())
        finally:
            m.applying = False
        self.baseline = self.snapshot()
        m.window.after_undo(self.page)
        if self.show is not None:
            self.show(list(keys))
        if problem:
            m.window.statusBar().showMessage(problem)


def changed_keys(before: dict, after: dict) -> list[str]:
    """The keys whose values differ, in ``after``'s order (then keys that went away)."""
    keys = [k for k in after if before.get(k) != after[k] or k not in before]
    return keys + [k for k in before if k not in after]


def name_keys(keys: list[str], labels: dict[str, str], leading: tuple[str, ...] = ()) -> str:
    """What changed, in words: a ``leading`` key names the step alone (the others
    followed from it: a new preset brings its own grid); else up to two labels."""
    for k in leading:
        if k in keys:
            return labels.get(k, k)
    words = list(dict.fromkeys(labels.get(k, k.replace("_", " ")) for k in keys))
    if len(words) <= 2:
        return " and ".join(words)
    return f"{words[0]} and {len(words) - 1} more settings"


def apply_changed(restore: Callable[[dict], None], snapshot: Callable[[], dict],
                  target: dict, current: dict) -> None:
    """Restore only the settings that differ (the rest, e.g. what a demo learned, stays);
    once more for any a restored setting moved (a new grid brings its own gamma)."""
    restore({k: v for k, v in target.items() if current.get(k) != v})
    rest = {k: v for k, v in target.items() if snapshot().get(k) != v}
    if rest:
        restore(rest)


# ---- Demos

QLEARNING_LABELS = {"preset": "grid", "world": "grid layout", "agent": "agent",
                    "alpha": "alpha", "gamma": "gamma", "epsilon": "epsilon",
                    "decay": "epsilon decay", "seed": "seed", "mode": "mode",
                    "method": "planning method"}
WORLD_LABELS = {"rows": "grid cells", "exits": "exit values", "slip": "noise",
                "step_reward": "living reward", "moves": "moves", "wind": "wind"}
KMEANS_LABELS = {"dataset": "dataset", "points": "points", "clusters": "blobs",
                 "data_seed": "data seed", "scale": "standardise columns", "k": "k",
                 "init": "initialisation", "mode": "mode",
                 "extra_center_factor": "extra_center_factor",
                 "mini_batch_size": "mini_batch_size", "batches": "mini-batch steps",
                 "half_life_time_size": "half_life_time_size", "seed": "seed"}


def _world_words(before: str, after: str) -> str:
    """Which part of the grid changed (painted cells, noise, living reward...)."""
    try:
        b, a = json.loads(before), json.loads(after)
    except (TypeError, ValueError):
        return "grid layout"
    parts = [k for k in WORLD_LABELS if b.get(k) != a.get(k)]
    return " and ".join(WORLD_LABELS[k] for k in parts[:2]) if parts else "grid layout"


def _demo_recorders(manager, panel) -> list[PageRecorder]:
    q, km = panel.qlearning, panel.kmeans

    def q_describe(keys, before, after):
        if "preset" not in keys and "world" in keys:   # painted, noise, moves, a layout
            return f"Q-learning: {_world_words(before.get('world'), after.get('world'))}"
        return f"Q-learning: {name_keys(keys, QLEARNING_LABELS, ('preset',))}"

    def km_snapshot():
        # a loaded CSV stays selectable ("file"), though the session saves "blobs" for it
        return {**km.save_state(), "dataset": km.dataset.currentData()}

    rq = PageRecorder(manager, "Demos", q.save_state,
                      lambda t, c: apply_changed(q.restore_state, q.save_state, t, c),
                      q_describe, frozenset({"alpha", "gamma", "epsilon", "decay", "seed"}),
                      show=lambda _k: panel.tabs.setCurrentWidget(q))
    rq.watch_inputs(q)
    rq.watch(q.ctl.sig_world)        # painted cells, noise, living reward, a loaded layout
    rk = PageRecorder(manager, "Demos", km_snapshot,
                      lambda t, c: apply_changed(km.restore_state, km_snapshot, t, c),
                      lambda keys, _b, _a: f"k-means: {name_keys(keys, KMEANS_LABELS)}",
                      frozenset({"points", "clusters", "data_seed", "k", "extra_center_factor",
                                 "mini_batch_size", "batches", "half_life_time_size",
                                 "seed"}),
                      show=lambda _k: panel.tabs.setCurrentWidget(km))
    rk.watch_inputs(km)
    rk.watch(km.sig_status)          # a CSV loaded (the dataset box changes silently)
    return [rq, rk]


# ---- Pipeline

PIPELINE_LABELS = {"description": "description", "answers": "answer",
                   "suggested": "answers read from the description",
                   "skipped": "skipped question"}
EXPORT_LABELS = {"algorithm": "algorithm", "region": "region",
                 "instance_type": "training instance", "instance_count": "instances",
                 "input_mode": "input mode", "content_type": "content type",
                 "hyperparameters": "hyperparameters", "role_arn": "role ARN",
                 "s3_input": "training data", "s3_output": "model output",
                 "tuning": "tuning", "max_jobs": "tuning jobs",
                 "max_parallel_jobs": "jobs in parallel", "kind": "endpoint kind",
                 "model_name": "model name", "endpoint_instance": "endpoint instance",
                 "memory_mb": "memory", "max_concurrency": "concurrency",
                 "output_s3": "results"}
EXPORT_TYPED = (   # typed or stepped: consecutive changes merge"instance_type", "instance_count", "content_type", "hyperparameters",
               "role_arn", "s3_input", "s3_output", "max_jobs", "max_parallel_jobs",
               "model_name", "endpoint_instance", "max_concurrency", "output_s3")


def _pipeline_recorders(manager, panel) -> list[PageRecorder]:
    def snapshot():
        state = panel.save_state()
        export = state.pop("export")
        return {**state, **{f"export.{k}": v for k, v in export.items()}}

    def apply(target, _current):
        state = {k: v for k, v in target.items() if not k.startswith("export.")}
        state["export"] = {k[7:]: v for k, v in target.items() if k.startswith("export.")}
        panel.restore_state(state)

    def describe(keys, before, after):
        own = [k for k in keys if not k.startswith("export.")]
        if own:
            cleared = not (after["description"] or after["answers"] or after["suggested"]
                           or after["skipped"])
            if cleared and len(own) > 1:
                return "Pipeline: start over"
            return f"Pipeline: {name_keys(own, PIPELINE_LABELS, ('answers', 'suggested'))}"
        labels = {f"export.{k}": v for k, v in EXPORT_LABELS.items()}
        return f"Pipeline export: {name_keys(keys, labels, ('export.algorithm',))}"

    def show(keys):
        export = all(k.startswith("export.") for k in keys)
        panel.tabs.setCurrentWidget(panel.export if export else panel.tabs.widget(0))

    rec = PageRecorder(manager, "Pipeline", snapshot, apply, describe,
                       frozenset({"description", *(f"export.{k}" for k in EXPORT_TYPED)}),
                       show=show)
    rec.watch_inputs(panel.export)
    rec.watch(panel.describe_edit.textChanged, panel.sig_changed)
    return [rec]


# ---- Data

DATA_LABELS = {"target": "target", "time_column": "time column", "algorithm": "algorithm",
               "athena_table": "Athena table"}


def _data_recorders(manager, panel) -> list[PageRecorder]:
    def snapshot():
        state = panel.save_state()
        return {k: state[k] for k in ("path", *DATA_LABELS)}

    def apply(target, current):
        if target["path"] != current["path"]:   # another dataset is open now
            return (f"Nothing changed: that choice was made for "
                    f"{Path(target['path']).name or 'another dataset'}, which is no longer "
                    "open")
        for key, box in (("algorithm", panel.algorithm_box), ("target", panel.target_box),
                         ("time_column", panel.time_box)):
            if current[key] != target[key]:
                select_data(box, target[key])
        if current["athena_table"] != target["athena_table"]:
            panel.table_edit.setText(target["athena_table"])
        return None

    def show(keys):
        if "athena_table" in keys:
            panel.tabs.setCurrentIndex(2)
        elif "algorithm" in keys:
            panel.tabs.setCurrentIndex(1)

    rec = PageRecorder(manager, "Data", snapshot, apply,
                       lambda keys, _b, _a: f"Data: {name_keys(keys, DATA_LABELS)}",
                       frozenset({"athena_table"}), show=show,
                       rebase=lambda before, after: before["path"] != after["path"])
    rec.watch(panel.target_box.currentIndexChanged, panel.time_box.currentIndexChanged,
              panel.algorithm_box.currentIndexChanged, panel.table_edit.textChanged,
              panel.sig_changed)
    return [rec]


BUILDERS = {"demos_panel": _demo_recorders, "pipeline_panel": _pipeline_recorders,
            "data_panel": _data_recorders}


def recorders_for(manager, attr: str, panel) -> list[PageRecorder]:
    """The recorders of a page just built (none for pages without saved settings)."""
    build = BUILDERS.get(attr)
    return build(manager, panel) if build is not None else []
