"""Q-learning visualizer: an editable grid world that a person can watch learn.

Thin view over knowledge.sim: the agents learn; this panel steps them from a QTimer
(animation) or trains in time-boxed slices (Train N), so the window never freezes and
Stop works at once. Sliders change alpha, gamma, epsilon and decay live.
"""

from __future__ import annotations

import math
import time
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui import theme
from gui.combo import select_data
from gui.demos.grid_item import GridItem
from knowledge.errors import InputError
from knowledge.sim.gridworld import (
    ACTIONS,
    GridWorld,
    load_layout,
    load_presets,
    parse_layout,
)
from knowledge.sim.qlearning import Agent

AGENT_COLOURS = {"qlearning": "#1565c0", "sarsa": "#ef6c00"}
AGENT_NAMES = {"qlearning": "Q-learning", "sarsa": "SARSA"}
PAINT_TOOLS = [("", "Off (click does nothing)"), ("#", "Wall"), (".", "Empty"),
               ("P", "Pit / ghost"), ("o", "Pellet"), ("C", "Cliff"), ("S", "Start"),
               ("G", "Goal")]
FRAME_MS = 16
SLICE_SECONDS = 0.02


class LabelledSlider(QWidget):
    """A horizontal slider over a float range with its value shown beside it."""

    sig_changed = Signal(float)

    def __init__(self, lo: float, hi: float, value: float, decimals: int = 2,
                 steps: int = 1000) -> None:
        super().__init__()
        self.lo, self.hi, self.steps, self.decimals = lo, hi, steps, decimals
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, steps)
        self.label = QLabel()
        self.label.setMinimumWidth(44)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.label)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.set_value(value)

    def value(self) -> float:
        """Current value."""
        return self.lo + (self.hi - self.lo) * self.slider.value() / self.steps

    def set_value(self, v: float) -> None:
        """Move the slider."""
        v = min(self.hi, max(self.lo, v))
        self.slider.setValue(round((v - self.lo) / (self.hi - self.lo) * self.steps))
        self._on_slider_value_changed(self.slider.value())

    def _on_slider_value_changed(self, _pos: int) -> None:
        self.label.setText(f"{self.value():.{self.decimals}f}")
        self.sig_changed.emit(self.value())


class QLearningPanel(QWidget):
    """Watch tabular Q-learning and SARSA learn on a grid world."""

    sig_status = Signal(str)
    """A short message for the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qlearning_panel")
        self.presets = load_presets()
        self.world: GridWorld = self.presets["cliff"]
        self.agents: list[Agent] = []
        self.last_update = None
        self._train_left = 0
        self._last_curve_refresh = 0.0

        # ---- controls
        self.preset_box = QComboBox(objectName="preset_box")
        for ident, w in self.presets.items():
            self.preset_box.addItem(w.name, ident)
            self.preset_box.setItemData(self.preset_box.count() - 1, w.description,
                                        Qt.ItemDataRole.ToolTipRole)
        self.preset_box.setToolTip("Start from a preset grid")
        self.agent_box = QComboBox(objectName="agent_box")
        for value, text in (("qlearning", "Q-learning"), ("sarsa", "SARSA"),
                            ("both", "Both, side by side")):
            self.agent_box.addItem(text, value)
        self.agent_box.setToolTip("SARSA learns from the action it actually takes next")
        self.alpha = LabelledSlider(0.0, 1.0, 0.5)
        self.alpha.setToolTip("alpha: learning rate, how far Q moves toward the target")
        self.gamma = LabelledSlider(0.0, 1.0, 1.0)
        self.gamma.setToolTip("gamma: discount, how much future reward counts")
        self.epsilon = LabelledSlider(0.0, 1.0, 0.1)
        self.epsilon.setToolTip("epsilon: chance of a random (exploring) action")
        self.decay = LabelledSlider(0.9, 1.0, 1.0, decimals=4, steps=1000)
        self.decay.setToolTip("epsilon is multiplied by this after every episode")
        self.speed = LabelledSlider(0.0, 4.0, 1.3, decimals=0)
        self.speed.setToolTip("Animation speed in steps per second (log scale)")
        self.speed.label.setMinimumWidth(60)
        self.seed_box = QSpinBox(objectName="seed_box")
        self.seed_box.setRange(0, 1_000_000)
        self.seed_box.setToolTip("Same seed, same run")
        self.step_button = QPushButton("&Step", objectName="step_button")
        self.step_button.setToolTip("Take one action and learn from it")
        self.run_button = QPushButton("&Run", objectName="run_button")
        self.run_button.setCheckable(True)
        self.run_button.setToolTip("Animate continuously (click again to pause)")
        self.reset_button = QPushButton("Rese&t", objectName="reset_button")
        self.reset_button.setToolTip("Forget everything learned (Q = 0)")
        self.train_box = QSpinBox(objectName="train_box")
        self.train_box.setRange(1, 1_000_000)
        self.train_box.setValue(500)
        self.train_box.setToolTip("Episodes to train without animation")
        self.train_button = QPushButton("Train &N", objectName="train_button")
        self.train_button.setToolTip("Train N episodes as fast as possible")
        self.stop_button = QPushButton("Sto&p", objectName="stop_button")
        self.stop_button.setToolTip("Stop instant training now (what is learned so far stays)")
        self.stop_button.setEnabled(False)
        self.view_group = QButtonGroup(self)
        self.show_q = QRadioButton("Q-values")
        self.show_v = QRadioButton("State values")
        self.show_q.setToolTip("Four triangles per cell: the value of each action")
        self.show_v.setToolTip("One colour per cell: the value of the best action (max Q)")
        self.show_q.setChecked(True)
        for b in (self.show_q, self.show_v):
            self.view_group.addButton(b)
        self.paint_box = QComboBox(objectName="paint_box")
        for value, text in PAINT_TOOLS:
            self.paint_box.addItem(text, value)
        self.paint_box.setToolTip("Pick a cell type, then click cells in the grid")
        self.save_button = QPushButton("Save layout...", objectName="save_layout_button")
        self.load_button = QPushButton("Load layout...", objectName="load_layout_button")
        self.save_button.setToolTip("Save this grid to a JSON layout file")
        self.load_button.setToolTip("Open a grid saved as a JSON layout file")
        self.info = QLabel(objectName="info_label")
        self.info.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Grid:", self.preset_box)
        form.addRow("Agent:", self.agent_box)
        form.addRow("alpha (learning rate):", self.alpha)
        form.addRow("gamma (discount):", self.gamma)
        form.addRow("epsilon (explore):", self.epsilon)
        form.addRow("epsilon decay:", self.decay)
        form.addRow("Speed (steps/s):", self.speed)
        form.addRow("Seed:", self.seed_box)
        buttons = QGridLayout()
        buttons.addWidget(self.step_button, 0, 0)
        buttons.addWidget(self.run_button, 0, 1)
        buttons.addWidget(self.reset_button, 0, 2)
        buttons.addWidget(self.train_box, 1, 0)
        buttons.addWidget(self.train_button, 1, 1)
        buttons.addWidget(self.stop_button, 1, 2)
        view = QHBoxLayout()
        view.addWidget(self.show_q)
        view.addWidget(self.show_v)
        edit = QGroupBox("Edit the grid")
        ev = QFormLayout(edit)
        ev.addRow("Paint:", self.paint_box)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.load_button)
        ev.addRow(row)
        left = QWidget()
        left.setFixedWidth(330)
        lv = QVBoxLayout(left)
        lv.addLayout(form)
        lv.addLayout(buttons)
        lv.addLayout(view)
        lv.addWidget(edit)
        lv.addWidget(self.info)
        lv.addStretch(1)

        # ---- views
        self.grid_row = QHBoxLayout()
        self.grid_plots: list[pg.PlotWidget] = []
        self.grid_items: list[GridItem] = []
        self.titles: list[QLabel] = []
        self.curves = pg.PlotWidget(background=theme.plot_background())
        self.curves.setMinimumHeight(170)
        self.curves.showGrid(x=True, y=True, alpha=0.25)
        self.curves.setLabel("bottom", "Episode")
        self.curves.setLabel("left", "Return (sum of rewards)")
        self.curves.getAxis("left").enableAutoSIPrefix(False)
        self.curves.setTitle("Return per episode (thin) and 20-episode average",
                             color=theme.text_colour(), size="10pt")
        self.legend = self.curves.addLegend(offset=(-10, -10))
        self.steps_plot = pg.PlotWidget(background=theme.plot_background())
        self.steps_plot.showGrid(x=True, y=True, alpha=0.25)
        self.steps_plot.setLabel("bottom", "Episode")
        self.steps_plot.setLabel("left", "Steps")
        self.steps_plot.getAxis("left").enableAutoSIPrefix(False)
        self.steps_plot.setTitle("Steps per episode (average)", color=theme.text_colour(),
                                 size="10pt")
        self.equation = QLabel(objectName="equation_label")
        self.equation.setWordWrap(True)
        self.equation.setTextFormat(Qt.TextFormat.RichText)
        self.equation.setMinimumHeight(84)
        centre = QVBoxLayout()
        centre.addLayout(self.grid_row, 3)
        centre.addWidget(self.equation)
        plots = QHBoxLayout()
        plots.addWidget(self.curves, 3)
        plots.addWidget(self.steps_plot, 2)
        centre.addLayout(plots, 2)
        lay = QHBoxLayout(self)
        lay.addWidget(left)
        lay.addLayout(centre, 1)

        # ---- timers and wiring
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.train_timer = QTimer(self, interval=0)
        self.train_timer.timeout.connect(self._on_train_timer_timeout)
        self.preset_box.currentIndexChanged.connect(self._on_preset_changed)
        self.agent_box.currentIndexChanged.connect(self.reset)
        self.seed_box.valueChanged.connect(self.reset)
        for s in (self.alpha, self.gamma, self.epsilon, self.decay):
            s.sig_changed.connect(self._on_params_changed)
        self.speed.sig_changed.connect(self._on_speed_changed)
        self.step_button.clicked.connect(self.step_once)
        self.run_button.toggled.connect(self.set_running)
        self.reset_button.clicked.connect(self.reset)
        self.train_button.clicked.connect(lambda: self.train(self.train_box.value()))
        self.stop_button.clicked.connect(self.stop)
        self.view_group.buttonToggled.connect(self._on_view_toggled)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.load_button.clicked.connect(self._on_load_clicked)
        self._on_speed_changed(self.speed.value())
        self.set_world(self.world)

    # ---- setup

    def set_world(self, world: GridWorld) -> None:
        """Use a new grid (agents start over)."""
        self.world = world
        self.gamma.blockSignals(True)
        self.gamma.set_value(world.gamma)
        self.gamma.blockSignals(False)
        self.reset()

    def _build_grids(self, n: int) -> None:
        """One grid per agent; widgets are rebuilt only when the count changes."""
        if len(self.grid_items) == n:
            for plot, item in zip(self.grid_plots, self.grid_items, strict=True):
                item.set_world(self.world)
                plot.setRange(xRange=(0, self.world.n_cols), yRange=(0, self.world.n_rows),
                              padding=0.02)
            return
        while self.grid_row.count():
            widget = self.grid_row.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)  # gone now, not at the next event loop
                widget.deleteLater()
        self.grid_plots, self.grid_items, self.titles = [], [], []
        for _ in range(n):
            title = QLabel()
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            plot = pg.PlotWidget(background=theme.plot_background())
            plot.hideAxis("left")
            plot.hideAxis("bottom")
            plot.setAspectLocked(True)
            plot.invertY(True)
            plot.setMouseEnabled(False, False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            item = GridItem(self.world)
            item.sig_cell_clicked.connect(self._on_cell_clicked)
            plot.addItem(item)
            plot.setRange(xRange=(0, self.world.n_cols), yRange=(0, self.world.n_rows),
                          padding=0.02)
            holder = QWidget()
            hv = QVBoxLayout(holder)
            hv.setContentsMargins(0, 0, 0, 0)
            hv.addWidget(title)
            hv.addWidget(plot, 1)
            self.grid_row.addWidget(holder, 1)
            self.grid_plots.append(plot)
            self.grid_items.append(item)
            self.titles.append(title)

    def reset(self, *_args) -> None:
        """New agents with the current settings; forget everything learned."""
        self.stop()
        which = self.agent_box.currentData()
        kinds = ["qlearning", "sarsa"] if which == "both" else [which]
        try:
            self.agents = [Agent(self.world, k, alpha=self._alpha(),
                                 gamma=self.gamma.value(), epsilon=self.epsilon.value(),
                                 epsilon_decay=self.decay.value(), seed=self.seed_box.value())
                           for k in kinds]
        except InputError as exc:
            self._message(str(exc), error=True)
            return
        self._build_grids(len(self.agents))
        for item in self.grid_items:
            item.mode = "q" if self.show_q.isChecked() else "v"
        self.last_update = None
        self.curves.clear()
        self.steps_plot.clear()
        self.legend.clear()
        self._curve_items = {}
        self._steps_items = {}
        for ag in self.agents:
            colour = AGENT_COLOURS[ag.algorithm]
            raw = self.curves.plot(pen=pg.mkPen(colour + "55", width=1))
            avg = self.curves.plot(pen=pg.mkPen(colour, width=2.5),
                                   name=f"{AGENT_NAMES[ag.algorithm]} (moving average)")
            self._curve_items[ag.algorithm] = (raw, avg)
            self._steps_items[ag.algorithm] = self.steps_plot.plot(pen=pg.mkPen(colour,
                                                                                width=2))
        self.refresh(force=True)

    # ---- actions

    def step_once(self) -> None:
        """One action for each agent."""
        for ag in self.agents:
            self.last_update = ag.step()
        self.refresh(force=True)

    def set_running(self, running: bool) -> None:
        """Start or pause the animation."""
        if running:
            self.timer.start()
        else:
            self.timer.stop()
        self.run_button.setChecked(running)
        self.run_button.setText("&Pause" if running else "&Run")

    @property
    def is_running(self) -> bool:
        """True while animating or training."""
        return self.timer.isActive() or self.train_timer.isActive()

    def train(self, episodes: int) -> None:
        """Train N episodes in time-boxed slices (the UI stays responsive)."""
        self.set_running(False)
        self._train_left = episodes
        self._train_chunk = 10
        self.stop_button.setEnabled(True)
        self.train_button.setEnabled(False)
        self.train_timer.start()

    def stop(self) -> None:
        """Stop animation and training at once."""
        self.timer.stop()
        self.train_timer.stop()
        self._train_left = 0
        if hasattr(self, "run_button"):
            self.run_button.blockSignals(True)
            self.run_button.setChecked(False)
            self.run_button.setText("&Run")
            self.run_button.blockSignals(False)
            self.stop_button.setEnabled(False)
            self.train_button.setEnabled(True)

    # ---- timers

    def _on_timer_timeout(self) -> None:
        per_frame = max(1, round(self._speed * FRAME_MS / 1000))
        for ag in self.agents:
            for _ in range(per_frame):
                self.last_update = ag.step()
        self.refresh()

    def _on_train_timer_timeout(self) -> None:
        start = time.perf_counter()
        n = min(self._train_left, self._train_chunk)
        for ag in self.agents:
            ag.train(n)
        self._train_left -= n
        took = time.perf_counter() - start
        # Adapt the slice so each takes about SLICE_SECONDS.
        if took > 0:
            self._train_chunk = max(1, min(5000, int(n * SLICE_SECONDS / took)))
        self.refresh()
        if self._train_left <= 0:
            self.stop()
            self.refresh(force=True)

    # ---- drawing

    def refresh(self, force: bool = False) -> None:
        """Redraw grids every call; curves and texts at most ~10 times a second."""
        for ag, item, title in zip(self.agents, self.grid_items, self.titles, strict=True):
            item.set_data(ag.q, ag.visits, ag.path, ag.state)
        now = time.perf_counter()
        if not force and now - self._last_curve_refresh < 0.1:
            return
        self._last_curve_refresh = now
        texts = []
        lows: list[float] = []
        highs: list[float] = []
        for ag, title in zip(self.agents, self.titles, strict=True):
            raw, avg = self._curve_items[ag.algorithm]
            rets = np.asarray(ag.returns, dtype=float)
            if len(rets):
                raw.setData(np.arange(1, len(rets) + 1), rets)
                w = min(20, len(rets))
                ma = np.convolve(rets, np.ones(w) / w, mode="valid")
                avg.setData(np.arange(w, len(rets) + 1), ma)
                lengths = np.asarray(ag.lengths, dtype=float)
                self._steps_items[ag.algorithm].setData(
                    np.arange(w, len(lengths) + 1),
                    np.convolve(lengths, np.ones(w) / w, mode="valid"))
                lows.append(float(ma.min()))
                highs.append(float(max(ma.max(), np.percentile(rets, 99))))
            else:
                raw.setData([], [])
                avg.setData([], [])
                self._steps_items[ag.algorithm].setData([], [])
            greedy, path, ended = ag.greedy_rollout()
            outcome = ag.rollout_outcome(path, ended)
            if self.world.slip and force:
                outcome += f"; reaches the goal in {ag.greedy_success_rate():.0%} of 200 tries"
            if outcome == "step limit" and ag.returns:
                outcome += (" (acting greedily it goes round in circles: its values still "
                            "reflect exploring; train longer or lower epsilon)")
            last = f"{ag.returns[-1]:g}" if ag.returns else "-"
            title.setText(f"<b>{AGENT_NAMES[ag.algorithm]}</b> - episode {ag.episode + 1}, "
                          f"step {ag.t}, epsilon {ag.epsilon:.3f}")
            texts.append(f"{AGENT_NAMES[ag.algorithm]}: last return {last}; greedy policy "
                         f"return {greedy:g}, ends at: {outcome}")
        if lows:
            # Frame the moving averages: early random episodes would flatten everything.
            lo, hi = min(lows), max(highs)
            pad = max(1.0, (hi - lo) * 0.1)
            self.curves.setYRange(lo - pad, hi + pad, padding=0)
            self.curves.setXRange(0, max(len(a.returns) for a in self.agents) + 1, padding=0.02)
        self.info.setText("<br>".join(texts) + "<br><i>" + escape(self.world.description)
                          + "</i>")
        self.equation.setText(self._equation_html())

    def _equation_html(self) -> str:
        u = self.last_update
        ag = self.agents[-1] if self.agents else None
        sarsa = ag is not None and ag.algorithm == "sarsa" and len(self.agents) == 1
        boot = "&gamma;&middot;Q(s&prime;,a&prime;)" if sarsa else \
            "&gamma;&middot;max<sub>a&prime;</sub> Q(s&prime;,a&prime;)"
        head = (f"<b>Q(s,a) &larr; Q(s,a) + &alpha;&middot;[ r + {boot} &minus; Q(s,a) ]</b>"
                f"&nbsp;&nbsp;<span style='color:{theme.muted_colour()}'>&alpha; is the "
                "learning rate, &gamma; the discount: study notes that write Q += &alpha;(r + max Q(s&prime;) "
                "&minus; Q) and call &alpha; the discount mix them up (with &gamma; = 1 it "
                "just disappears).</span>")
        if u is None:
            return head + "<br>Press Step or Run to see an update with its numbers."
        (r1, c1), (r2, c2) = self.world.cell(u.state), self.world.cell(u.next_state)
        end = " <i>s&prime; is terminal: no bootstrap</i>" if u.terminated else (
            " <i>time limit: not terminal, still bootstraps</i>" if u.truncated else "")
        return (head + f"<br>s = ({r1},{c1}), a = {ACTIONS[u.action]}, r = {u.reward:g}, "
                f"s&prime; = ({r2},{c2}):&nbsp; {u.old_q:.3f} + {u.alpha:.2f} &times; "
                f"[ {u.reward:g} + {u.bootstrap:.3f} &minus; {u.old_q:.3f} ] = "
                f"<b>{u.new_q:.3f}</b>{end}")

    # ---- slots

    def _on_preset_changed(self, _index: int) -> None:
        self.set_world(self.presets[self.preset_box.currentData()])

    def _on_params_changed(self, _value: float) -> None:
        for ag in self.agents:
            ag.alpha = self._alpha()
            ag.gamma = self.gamma.value()
            ag.epsilon = self.epsilon.value()
            ag.epsilon_decay = max(1e-6, self.decay.value())
        self.refresh(force=True)

    def _alpha(self) -> float:
        """The slider's alpha, kept above 0 (alpha = 0 would never learn)."""
        return max(0.001, self.alpha.value())

    def _on_speed_changed(self, value: float) -> None:
        self._speed = 10 ** value
        self.speed.label.setText(f"{self._speed:,.0f}")
        self.timer.setInterval(max(FRAME_MS, int(1000 / self._speed)))

    def _on_view_toggled(self, *_args) -> None:
        for item in self.grid_items:
            item.mode = "q" if self.show_q.isChecked() else "v"
            item.update()

    def _on_cell_clicked(self, row: int, col: int) -> None:
        char = self.paint_box.currentData()
        if not char:
            self._message("Choose a cell type under 'Edit the grid' to paint.")
            return
        try:
            world = self.world.with_cell(row, col, char)
        except InputError as exc:
            self._message(exc.detail, error=True)
            return
        self.set_world(world)
        self._message(f"Cell ({row}, {col}) is now '{self.paint_box.currentText()}'; the "
                      "agents start over.")

    def _on_save_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save grid layout", "grid.json",
                                              "Grid layouts (*.json)")
        if path:
            self.save_layout(path)

    def _on_load_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load grid layout", "",
                                              "Grid layouts (*.json)")
        if path:
            self.load_layout(path)

    def save_layout(self, path: str) -> None:
        """Write the current grid to a JSON layout file."""
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(self.world.to_json())
        except OSError as exc:
            self._message(f"Could not save: {exc}", error=True)
            return
        self._message(f"Saved the layout to {path}.")

    def load_layout(self, path: str) -> None:
        """Read a JSON layout file (errors are shown, the current grid stays)."""
        try:
            world = load_layout(path)
        except InputError as exc:
            self._message(exc.detail, error=True)
            return
        self.set_world(world)
        self._message(f"Loaded {path}.")

    def _message(self, text: str, error: bool = False) -> None:
        self.sig_status.emit(text)
        colour = "#c62828" if error else "#2e7d32"
        self.info.setText(f"<span style='color:{colour}'>{escape(text)}</span><br>"
                          + self.info.text())

    # ---- persistence

    def save_state(self) -> dict:
        """Settings and the layout (learned values are not saved)."""
        return {"preset": self.preset_box.currentData(),
                "world": self.world.to_json(), "agent": self.agent_box.currentData(),
                "alpha": self.alpha.value(), "gamma": self.gamma.value(),
                "epsilon": self.epsilon.value(), "decay": self.decay.value(),
                "seed": self.seed_box.value()}

    def restore_state(self, state: dict) -> None:
        """Restore settings; a bad saved layout falls back to the preset."""
        state = state or {}
        select_data(self.preset_box, state.get("preset"))
        select_data(self.agent_box, state.get("agent"))
        for key, slider in (("alpha", self.alpha), ("epsilon", self.epsilon),
                            ("decay", self.decay)):
            if isinstance(state.get(key), (int, float)) and math.isfinite(state[key]):
                slider.set_value(float(state[key]))
        if isinstance(state.get("seed"), int):
            self.seed_box.setValue(state["seed"])
        if isinstance(state.get("world"), str):
            try:
                self.set_world(parse_layout(state["world"], "saved layout"))
            except InputError as exc:
                self._message(f"The saved grid could not be restored: {exc.detail}",
                              error=True)
        if isinstance(state.get("gamma"), (int, float)) and math.isfinite(state["gamma"]):
            self.gamma.set_value(float(state["gamma"]))

    def shutdown(self) -> None:
        """Stop timers."""
        self.stop()
