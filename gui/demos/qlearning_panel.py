"""Q-learning visualizer: an editable grid world to watch learners learn and a planner plan.

A thin view over :class:`gui.demos.qlearning_controller.QLearningController`, which holds
the world, the learners, the planner and the timers. Learn mode steps Q-learning, SARSA
and Expected SARSA (alone or side by side with the same seed); Plan mode runs value or
policy iteration sweep by sweep on the grid's model (the CS188 picture); "Compare with
optimal" plots how far each learner is from that plan, episode by episode.
"""

from __future__ import annotations

import html
import math
import time
from html import escape

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.gui.combo import select_data
from sagewise.gui.demos import demo_colours as dc
from sagewise.gui.demos.grid_item import GridItem
from sagewise.gui.demos.qlearning_controller import FRAME_MS, QLearningController
from sagewise.gui.plot_axes import ReadableAxis
from sagewise.gui.plot_title import fit_title
from sagewise.gui.plotting import pg
from sagewise.gui.scroll import ContentScrollArea
from sagewise.gui.wording import plural
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.gridworld import (
    ACTIONS,
    GridWorld,
    load_layout,
    parse_layout,
)

AGENT_NAMES = {"qlearning": "Q-learning", "sarsa": "SARSA", "expected-sarsa": "Expected SARSA"}
AGENT_CHOICES = [("qlearning", "Q-learning"), ("sarsa", "SARSA"),
                 ("expected-sarsa", "Expected SARSA"),
                 ("both", "Q-learning + SARSA"),
                 ("all", "All three")]
PAINT_TOOLS = [("", "Off (click does nothing)"), ("#", "Wall"), (".", "Empty"),
               ("P", "Pit / ghost"), ("o", "Pellet"), ("C", "Cliff"), ("S", "Start"),
               ("G", "Goal"), ("E", "Exit (CS188) with the value below")]
METHODS = [("value-iteration", "Value iteration"), ("policy-iteration", "Policy iteration")]


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


def _plot(title: str, bottom: str, left: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background=theme.plot_background(),
                         axisItems={"bottom": ReadableAxis("bottom", integer=True),
                                    "left": ReadableAxis("left")})
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.setLabel("bottom", bottom)
    plot.setLabel("left", left)
    plot.getAxis("left").enableAutoSIPrefix(False)
    fit_title(plot, title, "10pt")
    plot.setMinimumHeight(150)
    # plots share whatever width is left: they shrink rather than push the page wider
    plot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
    plot.setMinimumWidth(140)
    return plot


LINE, TRIANGLE = "\u2501\u2501", "\u25b2"


def _key(colour: str, glyph: str) -> str:
    """A coloured line or mark for the curves' key (the name beside it stays in the text
    colour, so it reads on any background)."""
    return f'<span style="color:{colour}">{glyph}</span>'


class QLearningPanel(QWidget):
    """Watch tabular learners learn, and value / policy iteration plan, on a grid world."""

    sig_status = Signal(str)
    """A short message for the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qlearning_panel")
        self.ctl = QLearningController(self)
        self.presets = self.ctl.presets
        self._last_curve_refresh = 0.0
        self._building = True
        left = self._build_controls()
        self._build_views(left)
        self._wire()
        self._on_speed_changed(self.speed.value())
        self._building = False
        self.set_world(self.ctl.world)

    # ---- construction

    def _build_controls(self) -> QWidget:
        self.preset_box = QComboBox(objectName="preset_box")
        for ident, w in self.presets.items():
            self.preset_box.addItem(w.name, ident)
            self.preset_box.setItemData(self.preset_box.count() - 1, w.description,
                                        Qt.ItemDataRole.ToolTipRole)
        self.preset_box.setToolTip("Start from a preset grid")
        self.learn_mode = QRadioButton("&Learn", objectName="learn_mode")
        self.plan_mode = QRadioButton("P&lan", objectName="plan_mode")
        self.learn_mode.setToolTip("Agents learn from experience (Q-learning, SARSA, "
                                   "Expected SARSA)")
        self.plan_mode.setToolTip("Value or policy iteration from the grid's model, sweep by "
                                  "sweep (the CS188 picture)")
        self.learn_mode.setChecked(True)
        self.mode_group = QButtonGroup(self)
        for b in (self.learn_mode, self.plan_mode):
            self.mode_group.addButton(b)
        self.gamma = LabelledSlider(0.0, 1.0, 1.0)
        self.gamma.setToolTip("gamma: discount, how much future reward counts")

        # learning
        self.agent_box = QComboBox(objectName="agent_box")
        for value, text in AGENT_CHOICES:
            self.agent_box.addItem(text, value)
        self.agent_box.setToolTip("SARSA learns from the action it takes next; Expected SARSA "
                                  "from the average over what its policy would take")
        self.alpha = LabelledSlider(0.0, 1.0, 0.5)
        self.alpha.setToolTip("alpha: learning rate, how far Q moves toward the target")
        self.epsilon = LabelledSlider(0.0, 1.0, 0.1)
        self.epsilon.setToolTip("epsilon: chance of a random (exploring) action")
        self.decay = LabelledSlider(0.9, 1.0, 1.0, decimals=4, steps=1000)
        self.decay.setToolTip("epsilon is multiplied by this after every episode")
        self.speed = LabelledSlider(0.0, 4.0, 1.3, decimals=0)
        self.speed.setToolTip("Animation speed in steps (or sweeps) per second (log scale)")
        self.speed.label.setMinimumWidth(60)
        self.seed_box = QSpinBox(objectName="seed_box")
        self.seed_box.setRange(0, 1_000_000)
        self.seed_box.setToolTip("Same seed, same run (side-by-side learners share it)")
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
        self.compare_box = QCheckBox("Compare with optimal", objectName="compare_box")
        self.compare_box.setToolTip("Plot, per episode, how many states' greedy actions agree "
                                    "with the optimal plan and how far the values are from it")

        # planning
        self.method_box = QComboBox(objectName="method_box")
        for value, text in METHODS:
            self.method_box.addItem(text, value)
        self.method_box.setToolTip("Value iteration: one Bellman backup of every state per "
                                   "sweep. Policy iteration: evaluate the policy, then improve it")
        self.sweep_button = QPushButton("S&weep", objectName="sweep_button")
        self.sweep_button.setToolTip("One sweep (policy iteration: one evaluation sweep or "
                                     "one improvement step)")
        self.sweeps_button = QPushButton("Run s&weeps", objectName="run_sweeps_button")
        self.sweeps_button.setCheckable(True)
        self.sweeps_button.setToolTip("Sweep until the values converge (click again to pause)")
        self.plan_reset_button = QPushButton("Reset", objectName="plan_reset_button")
        self.plan_reset_button.setToolTip("Back to V = 0")

        # the grid
        self.paint_box = QComboBox(objectName="paint_box")
        for value, text in PAINT_TOOLS:
            self.paint_box.addItem(text, value)
        self.paint_box.setToolTip("Pick a cell type, then click cells in the grid")
        self.exit_value = QDoubleSpinBox(objectName="exit_value_box")
        self.exit_value.setRange(-1000, 1000)
        self.exit_value.setDecimals(2)
        self.exit_value.setValue(1.0)
        self.exit_value.setToolTip("The value an exit cell pays (CS188 convention)")
        self.noise_box = QDoubleSpinBox(objectName="noise_box")
        self.noise_box.setRange(0.0, 1.0)
        self.noise_box.setSingleStep(0.05)
        self.noise_box.setDecimals(2)
        self.noise_box.setToolTip("Chance that a move goes to one of the two perpendicular "
                                  "directions instead (split evenly)")
        self.living_box = QDoubleSpinBox(objectName="living_reward_box")
        self.living_box.setRange(-100.0, 100.0)
        self.living_box.setSingleStep(0.1)
        self.living_box.setDecimals(2)
        self.living_box.setToolTip("Reward for every move from a non-exit cell (the step "
                                   "reward)")
        self.moves_box = QComboBox(objectName="moves_box")
        for n, text in ((4, "4 (compass)"), (8, "8 (king's moves)"),
                        (9, "9 (king's moves and stay)")):
            self.moves_box.addItem(text, n)
        self.moves_box.setToolTip("Moves available in a windy world (Sutton & Barto, "
                                  "Exercise 6.9)")
        self.save_button = QPushButton("Save layout...", objectName="save_layout_button")
        self.load_button = QPushButton("Load layout...", objectName="load_layout_button")
        self.save_button.setToolTip("Save this grid to a JSON layout file")
        self.load_button.setToolTip("Open a grid layout (SageWise's or grid-cells/1 JSON)")
        self.info = QLabel(objectName="info_label")
        self.info.setWordWrap(True)

        top = QFormLayout()
        top.addRow("Grid:", self.preset_box)
        modes = QHBoxLayout()
        modes.addWidget(self.learn_mode)
        modes.addWidget(self.plan_mode)
        modes.addStretch(1)
        top.addRow("Mode:", modes)
        top.addRow("gamma (discount):", self.gamma)
        top.addRow("Speed (per second):", self.speed)

        self.learn_box = QGroupBox("Learn")
        form = QFormLayout(self.learn_box)
        form.addRow("Agent:", self.agent_box)
        form.addRow("alpha (learning rate):", self.alpha)
        form.addRow("epsilon (explore):", self.epsilon)
        form.addRow("epsilon decay:", self.decay)
        form.addRow("Seed:", self.seed_box)
        buttons = QGridLayout()
        buttons.addWidget(self.step_button, 0, 0)
        buttons.addWidget(self.run_button, 0, 1)
        buttons.addWidget(self.reset_button, 0, 2)
        buttons.addWidget(self.train_box, 1, 0)
        buttons.addWidget(self.train_button, 1, 1)
        buttons.addWidget(self.stop_button, 1, 2)
        form.addRow(buttons)
        view = QHBoxLayout()
        view.addWidget(self.show_q)
        view.addWidget(self.show_v)
        form.addRow(view)
        form.addRow(self.compare_box)

        self.plan_box = QGroupBox("Plan")
        pf = QFormLayout(self.plan_box)
        pf.addRow("Method:", self.method_box)
        pb = QHBoxLayout()
        pb.addWidget(self.sweep_button)
        pb.addWidget(self.sweeps_button)
        pb.addWidget(self.plan_reset_button)
        pf.addRow(pb)

        edit = QGroupBox("Edit the grid")
        ev = QFormLayout(edit)
        ev.addRow("Paint:", self.paint_box)
        ev.addRow("Exit value:", self.exit_value)
        ev.addRow("Noise:", self.noise_box)
        ev.addRow("Living reward:", self.living_box)
        ev.addRow("Moves:", self.moves_box)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.load_button)
        ev.addRow(row)

        for box in (self.preset_box, self.agent_box, self.method_box, self.paint_box,
                    self.moves_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)
        self.plan_box.hide()
        inner = QWidget()
        lv = QVBoxLayout(inner)
        lv.setContentsMargins(0, 0, 6, 0)
        lv.addLayout(top)
        lv.addWidget(self.learn_box)
        lv.addWidget(self.plan_box)
        lv.addWidget(edit)
        lv.addWidget(self.info)
        lv.addStretch(1)
        scroll = ContentScrollArea(objectName="qlearning_controls")
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(320)
        return scroll

    def _build_views(self, left: QWidget) -> None:
        self.grid_row = QHBoxLayout()
        self.grid_plots: list[pg.PlotWidget] = []
        self.grid_items: list[GridItem] = []
        self.titles: list[QLabel] = []
        self.curves = _plot("Return per episode", "Episode",
                            "Return (sum of rewards)")
        self.steps_plot = _plot("Steps per episode", "Episode", "Steps")
        self.compare_plot = _plot("Against the optimal plan", "Episode",
                                  "Agreement (%), solid")
        self.compare_plot.setToolTip("Solid: share of states whose greedy action is optimal. "
                                     "Dashed (right axis): mean |max Q - V*| over the states")
        self.compare_plot.showAxis("right")
        self.compare_plot.setLabel("right", "Value error, dashed")
        self.compare_plot.getAxis("right").enableAutoSIPrefix(False)
        self._error_box = pg.ViewBox()
        self.compare_plot.scene().addItem(self._error_box)
        self.compare_plot.getAxis("right").linkToView(self._error_box)
        self._error_box.setXLink(self.compare_plot)
        self.compare_plot.getViewBox().sigResized.connect(self._sync_error_box)
        self.compare_plot.hide()
        self.equation = QLabel(objectName="equation_label")
        self.equation.setWordWrap(True)
        self.equation.setTextFormat(Qt.TextFormat.RichText)
        self.equation.setMinimumHeight(72)
        centre = QVBoxLayout()
        centre.addLayout(self.grid_row, 3)
        centre.addWidget(self.equation)
        plots = QHBoxLayout()
        plots.addWidget(self.curves, 3)
        plots.addWidget(self.steps_plot, 2)
        plots.addWidget(self.compare_plot, 3)
        centre.addLayout(plots, 2)
        # the curves' key sits under the plots: a legend inside a short plot covered them
        self.curve_key = QLabel(objectName="curve_key")
        self.curve_key.setTextFormat(Qt.TextFormat.RichText)
        self.curve_key.setWordWrap(True)
        centre.addWidget(self.curve_key)
        lay = QHBoxLayout(self)
        lay.addWidget(left)
        lay.addLayout(centre, 1)

    def _wire(self) -> None:
        c = self.ctl
        c.sig_changed.connect(self.refresh)
        c.sig_world.connect(self._on_world_changed)
        c.sig_message.connect(self._message)
        self.preset_box.currentIndexChanged.connect(self._on_preset_changed)
        self.agent_box.currentIndexChanged.connect(self._on_agent_changed)
        self.seed_box.valueChanged.connect(self._on_seed_changed)
        for s in (self.alpha, self.gamma, self.epsilon, self.decay):
            s.sig_changed.connect(self._on_params_changed)
        self.speed.sig_changed.connect(self._on_speed_changed)
        self.step_button.clicked.connect(self.step_once)
        self.run_button.toggled.connect(self.set_running)
        self.reset_button.clicked.connect(self.reset)
        self.train_button.clicked.connect(lambda: self.train(self.train_box.value()))
        self.stop_button.clicked.connect(self.stop)
        self.view_group.buttonToggled.connect(self._on_view_toggled)
        self.compare_box.toggled.connect(self._on_compare_toggled)
        self.mode_group.buttonToggled.connect(self._on_mode_toggled)
        self.method_box.currentIndexChanged.connect(self._on_method_changed)
        self.sweep_button.clicked.connect(self._on_sweep_clicked)
        self.sweeps_button.toggled.connect(self._on_sweeps_toggled)
        self.plan_reset_button.clicked.connect(lambda: self.ctl.plan_reset())
        self.moves_box.currentIndexChanged.connect(
            lambda _i: self.ctl.set_moves(self.moves_box.currentData()))
        self.noise_box.editingFinished.connect(self._on_dynamics_edited)
        self.living_box.editingFinished.connect(self._on_dynamics_edited)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.load_button.clicked.connect(self._on_load_clicked)

    # ---- the controller's state, as the tests and the main window know it

    @property
    def world(self) -> GridWorld:
        """The grid in use."""
        return self.ctl.world

    @property
    def agents(self):
        """The learners."""
        return self.ctl.agents

    @property
    def last_update(self):
        """The last update made (for the live equation)."""
        return self.ctl.last_update

    @property
    def timer(self):
        """The animation timer."""
        return self.ctl.timer

    @property
    def is_running(self) -> bool:
        """True while animating, training or sweeping."""
        return self.ctl.is_running

    # ---- actions

    def set_world(self, world: GridWorld) -> None:
        """Use a new grid (agents start over)."""
        self.gamma.blockSignals(True)
        self.gamma.set_value(world.gamma)
        self.gamma.blockSignals(False)
        self.ctl.set_world(world)

    def reset(self, *_args) -> None:
        """New agents with the current settings; forget everything learned."""
        self._sync_params()
        self.ctl.reset()
        self._buttons_idle()

    def step_once(self) -> None:
        """One action for each agent."""
        self.ctl.step_once()

    def set_running(self, running: bool) -> None:
        """Start or pause the animation."""
        self.ctl.set_running(running)
        self.run_button.blockSignals(True)
        self.run_button.setChecked(running)
        self.run_button.setText("&Pause" if running else "&Run")
        self.run_button.blockSignals(False)

    def train(self, episodes: int) -> None:
        """Train N episodes in time-boxed slices (the UI stays responsive)."""
        self.set_running(False)
        self.stop_button.setEnabled(True)
        self.train_button.setEnabled(False)
        self.ctl.train(episodes)

    def stop(self) -> None:
        """Stop animation, training and sweeping at once."""
        self.ctl.stop()
        self._buttons_idle()

    def _buttons_idle(self) -> None:
        for button, text in ((self.run_button, "&Run"), (self.sweeps_button, "Run s&weeps")):
            button.blockSignals(True)
            button.setChecked(False)
            button.setText(text)
            button.blockSignals(False)
        self.stop_button.setEnabled(False)
        self.train_button.setEnabled(True)

    def _sync_params(self) -> None:
        c = self.ctl
        c.which = self.agent_box.currentData()
        c.seed = self.seed_box.value()
        c.alpha, c.gamma = self.alpha.value(), self.gamma.value()
        c.epsilon, c.decay = self.epsilon.value(), self.decay.value()

    # ---- building the grids

    def _on_world_changed(self) -> None:
        w = self.world
        for box, value in ((self.noise_box, w.slip), (self.living_box, w.step_reward)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.noise_box.setEnabled(w.moves == 4)
        self.moves_box.blockSignals(True)
        select_data(self.moves_box, w.moves)
        self.moves_box.blockSignals(False)
        self.moves_box.setEnabled(bool(w.wind))
        self._build_grids(1 if self.ctl.mode == "plan" else len(self.agents))
        for item in self.grid_items:
            item.mode = "q" if self.show_q.isChecked() else "v"
        self._build_curves()

    def _build_grids(self, n: int) -> None:
        """One grid per agent (one in Plan mode); rebuilt only when the count changes."""
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
            title.setWordWrap(True)
            plot = pg.PlotWidget(background=theme.plot_background(),
                         axisItems={"bottom": ReadableAxis("bottom", integer=True),
                                    "left": ReadableAxis("left")})
            plot.hideAxis("left")
            plot.hideAxis("bottom")
            plot.setAspectLocked(True)
            plot.invertY(True)
            plot.setMouseEnabled(False, False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            item = GridItem(self.world)
            item.mode = "q" if self.show_q.isChecked() else "v"
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

    def _build_curves(self) -> None:
        self.curves.clear()
        self.steps_plot.clear()
        self.compare_plot.clear()
        self._error_box.clear()
        self._curve_items, self._steps_items, self._compare_items = {}, {}, {}
        colours = dc.agent_colours()
        plan = self.ctl.mode == "plan"
        self.curves.setLogMode(y=False)
        for plot in (self.curves, self.steps_plot, self.compare_plot):
            plot.enableAutoRange()      # a fixed range from the other mode must not stay
        if plan:
            fit_title(self.curves, "Largest value change per sweep (log)", "10pt")
            self.curves.setLabel("bottom", "Sweep")
            self.curves.setLabel("left", "max |V_k+1 - V_k|")
            fit_title(self.steps_plot, "V(start) per sweep", "10pt")
            self.steps_plot.setLabel("bottom", "Sweep")
            self.steps_plot.setLabel("left", "V(start)")
            pi = self.ctl.method == "policy-iteration"
            self._change_curve = self.curves.plot(
                pen=pg.mkPen(colours["qlearning"], width=2), symbol="o", symbolSize=4,
                symbolBrush=colours["qlearning"], name="evaluation sweep" if pi else None)
            self._improve_marks = pg.ScatterPlotItem(symbol="t", size=11,
                                                     brush=colours["sarsa"], pen=None)
            self.curves.addItem(self._improve_marks)
            self.curve_key.setText(
                f"{_key(colours['qlearning'], LINE)} evaluation sweep &nbsp;&nbsp; "
                f"{_key(colours['sarsa'], TRIANGLE)} policy improvement step" if pi else "")
            self._start_curve = self.steps_plot.plot(pen=pg.mkPen(colours["qlearning"], width=2))
            return
        fit_title(self.curves, "Return per episode", "10pt")
        self.curve_key.setText(
            " &nbsp;&nbsp; ".join(f"{_key(colours[ag.algorithm], LINE)} "
                                  f"{html.escape(AGENT_NAMES[ag.algorithm])}"
                                  for ag in self.agents)
            + (" &nbsp;&nbsp; (thin: each episode; thick: moving average)"
               if self.agents else ""))
        self.curves.setLabel("bottom", "Episode")
        self.curves.setLabel("left", "Return (sum of rewards)")
        fit_title(self.steps_plot, "Steps per episode", "10pt")
        self.steps_plot.setLabel("bottom", "Episode")
        self.steps_plot.setLabel("left", "Steps")
        for ag in self.agents:
            colour = colours[ag.algorithm]
            raw = self.curves.plot(pen=pg.mkPen(colour + "55", width=1))
            avg = self.curves.plot(pen=pg.mkPen(colour, width=2.5),
                                   name=AGENT_NAMES[ag.algorithm])
            avg.setToolTip(f"{AGENT_NAMES[ag.algorithm]}: moving average of the return")
            self._curve_items[ag.algorithm] = (raw, avg)
            self._steps_items[ag.algorithm] = self.steps_plot.plot(pen=pg.mkPen(colour,
                                                                                width=2))
            agree = self.compare_plot.plot(pen=pg.mkPen(colour, width=2))
            err = pg.PlotCurveItem(pen=pg.mkPen(colour, width=1.5,
                                                style=Qt.PenStyle.DashLine))
            self._error_box.addItem(err)
            self._compare_items[ag.algorithm] = (agree, err)

    def _sync_error_box(self) -> None:
        self._error_box.setGeometry(self.compare_plot.getViewBox().sceneBoundingRect())
        self._error_box.linkedViewChanged(self.compare_plot.getViewBox(),
                                          self._error_box.XAxis)

    # ---- drawing

    def refresh(self, force: bool = False) -> None:
        """Redraw grids every call; curves and texts at most ~10 times a second."""
        if self._building:
            return
        if not self.ctl.is_running:
            self._buttons_idle()
        if self.ctl.mode == "plan":
            self._refresh_plan()
            return
        for ag, item in zip(self.agents, self.grid_items, strict=False):
            item.set_data(ag.q, ag.visits, ag.path, ag.state)
        now = time.perf_counter()
        if not force and now - self._last_curve_refresh < 0.1:
            return
        self._last_curve_refresh = now
        if force:
            self.ctl.record_comparison()
        texts = []
        lows: list[float] = []
        highs: list[float] = []
        for ag, title in zip(self.agents, self.titles, strict=False):
            raw, avg = self._curve_items.get(ag.algorithm, (None, None))
            if raw is None:
                continue
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
            if self.world.slip and force and self.world.exits:
                outcome += (f"; mean greedy return over 200 tries "
                            f"{ag.greedy_mean_return():.3g}")
            elif self.world.slip and force:
                outcome += f"; reaches the goal in {ag.greedy_success_rate():.0%} of 200 tries"
            if outcome == "step limit" and ag.returns:
                outcome += (" (acting greedily it goes round in circles: its values still "
                            "reflect exploring; train longer or lower epsilon)")
            last = f"{ag.returns[-1]:g}" if ag.returns else "-"
            title.setText(f"<b>{AGENT_NAMES[ag.algorithm]}</b> - episode {ag.episode + 1}, "
                          f"step {ag.t}, epsilon {ag.epsilon:.3f}")
            line = (f"{AGENT_NAMES[ag.algorithm]}: last return {last}; greedy policy "
                    f"return {greedy:g}, ends at: {outcome}")
            c = self.ctl.comparison(ag) if self.ctl.compare else None
            if c is not None:
                line += (f"; agrees with the optimal policy in {c['agree']} of {c['total']} "
                         f"states, mean value error {c['value_error']:.3g}")
            texts.append(line)
        if lows:
            # Frame the moving averages: early random episodes would flatten everything.
            lo, hi = min(lows), max(highs)
            pad = max(1.0, (hi - lo) * 0.1)
            self.curves.setYRange(lo - pad, hi + pad, padding=0)
            self.curves.setXRange(0, max(len(a.returns) for a in self.agents) + 1, padding=0.02)
        self._refresh_compare()
        self.info.setText("<br>".join(texts) + "<br><i>" + escape(self.world.description)
                          + "</i>")
        self.equation.setText(self._equation_html())

    def _refresh_compare(self) -> None:
        on = self.ctl.compare
        if self.compare_box.isChecked() != on:
            self.compare_box.blockSignals(True)
            self.compare_box.setChecked(on)
            self.compare_box.blockSignals(False)
        self.compare_plot.setVisible(on)
        self.steps_plot.setVisible(not on)
        if not on:
            return
        top = 0.0
        for alg, (agree, err) in self._compare_items.items():
            hist = self.ctl.compare_history.get(alg, [])
            if hist:
                x = np.array([h[0] for h in hist], dtype=float)
                agree.setData(x, np.array([h[1] * 100 for h in hist]))
                ys = np.array([h[2] for h in hist])
                err.setData(x, ys)
                top = max(top, float(ys.max()))
        self.compare_plot.setYRange(0, 100, padding=0.02)
        self._error_box.setYRange(0, max(top, 1e-6), padding=0.05)
        self._sync_error_box()

    def _refresh_plan(self) -> None:
        p = self.ctl.planner
        for item, title in zip(self.grid_items, self.titles, strict=False):
            if p is None:
                item.set_data(None, None, [], None)
                title.setText("<b>Plan</b> - not available")
                continue
            item.set_plan(p.values, p.ties())
            phase = ""
            if p.method == "policy-iteration" and p.history:
                phase = (" - last step: policy improvement" if p.history[-1].phase == "improve"
                         else " - evaluating the policy")
            title.setText(f"<b>{'Value' if p.method == 'value-iteration' else 'Policy'} "
                          f"iteration</b> - {plural(p.sweeps, 'sweep')}"
                          + (f", {plural(p.improvements, 'improvement')}"
                             if p.method == "policy-iteration" else "")
                          + (", converged" if p.converged else "") + phase)
        if p is None:
            return
        sweeps = [(i + 1, h.max_change) for i, h in
                  enumerate(h for h in p.history if h.phase != "improve")]
        improve_at, n = [], 0
        for h in p.history:
            if h.phase == "improve":
                improve_at.append(n)
            else:
                n += 1
        self.curves.setLogMode(y=True)
        if sweeps:
            xs = np.array([s[0] for s in sweeps], dtype=float)
            ys = np.maximum(np.array([s[1] for s in sweeps]), 1e-12)
            self._change_curve.setData(xs, ys)
            marks = [(x, ys[min(max(0, int(x) - 1), len(ys) - 1)]) for x in improve_at if x]
            self._improve_marks.setData([m[0] + 0.5 for m in marks],
                                        [np.log10(m[1]) for m in marks])
        else:
            self._change_curve.setData([], [])
            self._improve_marks.setData([], [])
        if p.start_values:
            self._start_curve.setData(np.arange(1, len(p.start_values) + 1, dtype=float),
                                      np.array(p.start_values))
            lo, hi = min(p.start_values), max(p.start_values)
            pad = max(0.05, (hi - lo) * 0.1)
            self.steps_plot.setYRange(lo - pad, hi + pad, padding=0)
        else:
            self._start_curve.setData([], [])
        self.info.setText(self._plan_text(p) + "<br><i>" + self.world.description + "</i>")
        self.equation.setText(self._plan_equation(p))

    def _plan_text(self, p) -> str:
        last = p.history[-1] if p.history else None
        if last is None:
            return "V<sub>0</sub> = 0 everywhere. Press Sweep to back every state up once."
        if last.phase == "improve":
            return (f"Improvement step {p.improvements}: {plural(last.changed, 'state')} "
                    f"changed {'its' if last.changed == 1 else 'their'} action" + (" - the policy is stable, so it is optimal." if p.converged
                                else "; now evaluate the new policy."))
        return (f"Sweep {p.sweeps}: the largest change was {last.max_change:.3g}"
                + (" - converged." if p.converged else "."))

    def _plan_equation(self, p) -> str:
        muted = theme.muted_colour()
        if p.method == "value-iteration":
            head = ("<b>V<sub>k+1</sub>(s) = max<sub>a</sub> &Sigma;<sub>s&prime;</sub> "
                    "P(s&prime;|s,a) [ R(s,a,s&prime;) + &gamma;&middot;V<sub>k</sub>(s&prime;) ]"
                    "</b>")
        else:
            head = ("<b>evaluate: V(s) &larr; &Sigma;<sub>s&prime;</sub> P(s&prime;|s,&pi;(s)) "
                    "[ R + &gamma;&middot;V(s&prime;) ];&nbsp; improve: &pi;(s) &larr; "
                    "argmax<sub>a</sub> Q(s,a)</b>")
        return (head + f"<br><span style='color:{muted}'>gamma {p.gamma:g}, noise "
                f"{self.world.slip:g} (split evenly to the two perpendicular moves), living "
                f"reward {self.world.step_reward:g}; exits pay their value and end the "
                "episode. All tied best actions are drawn.</span>")

    def _equation_html(self) -> str:
        u = self.last_update
        alg = self.agents[-1].algorithm if self.agents else "qlearning"   # whose update shows
        if alg == "sarsa":
            boot = "&gamma;&middot;Q(s&prime;,a&prime;)"
        elif alg == "expected-sarsa":
            boot = ("&gamma;&middot;&Sigma;<sub>a&prime;</sub> &pi;(a&prime;|s&prime;) "
                    "Q(s&prime;,a&prime;)")
        else:
            boot = "&gamma;&middot;max<sub>a&prime;</sub> Q(s&prime;,a&prime;)"
        head = (f"<b>Q(s,a) &larr; Q(s,a) + &alpha;&middot;[ r + {boot} &minus; Q(s,a) ]</b>"
                f"&nbsp;&nbsp;<span style='color:{theme.muted_colour()}'>&alpha; is the "
                "learning rate, &gamma; the discount: study notes that write Q += &alpha;(r + "
                "max Q(s&prime;) &minus; Q) and call &alpha; the discount mix them up (with "
                "&gamma; = 1 it just disappears).</span>")
        if u is None:
            return head + "<br>Press Step or Run to see an update with its numbers."
        (r1, c1), (r2, c2) = self.world.cell(u.state), self.world.cell(u.next_state)
        end = " <i>s&prime; is terminal: no bootstrap</i>" if u.terminated else (
            " <i>time limit: not terminal, still bootstraps</i>" if u.truncated else "")
        action = "exit" if self.world.leaves[u.state] else ACTIONS[u.action]
        who = f"{AGENT_NAMES[alg]}: " if len(self.agents) > 1 else ""
        return (head + f"<br>{who}s = ({r1},{c1}), a = {action}, r = {u.reward:g}, "
                f"s&prime; = ({r2},{c2}):&nbsp; {u.old_q:.3f} + {u.alpha:.2f} &times; "
                f"[ {u.reward:g} + {u.bootstrap:.3f} &minus; {u.old_q:.3f} ] = "
                f"<b>{u.new_q:.3f}</b>{end}")

    # ---- slots

    def _on_preset_changed(self, _index: int) -> None:
        self.set_world(self.presets[self.preset_box.currentData()])

    def _on_agent_changed(self, _index: int) -> None:
        self.reset()

    def _on_seed_changed(self, _value: int) -> None:
        self.reset()

    def _on_params_changed(self, _value: float) -> None:
        gamma_moved = self.gamma.value() != self.ctl.gamma
        params = {"alpha": self.alpha.value(), "epsilon": self.epsilon.value(),
                  "decay": self.decay.value()}
        if gamma_moved:
            params["gamma"] = self.gamma.value()
        self.ctl.set_params(**params)

    def _alpha(self) -> float:
        """The slider's alpha, kept above 0 (alpha = 0 would never learn)."""
        return max(0.001, self.alpha.value())

    def _on_speed_changed(self, value: float) -> None:
        self.ctl.speed = 10 ** value
        self.speed.label.setText(f"{self.ctl.speed:,.0f}")
        interval = max(FRAME_MS, int(1000 / self.ctl.speed))
        self.ctl.timer.setInterval(interval)
        self.ctl.plan_timer.setInterval(interval)

    def _on_view_toggled(self, *_args) -> None:
        for item in self.grid_items:
            item.mode = "q" if self.show_q.isChecked() else "v"
            item.update()

    def _on_compare_toggled(self, on: bool) -> None:
        self.ctl.set_compare(on)
        if self.ctl.optimal_pending:
            self._message("Computing the optimal plan to compare with...")

    def _on_mode_toggled(self, *_args) -> None:
        plan = self.plan_mode.isChecked()
        self.learn_box.setVisible(not plan)
        self.plan_box.setVisible(plan)
        self._buttons_idle()
        self._building = True     # the views change shape before they draw again
        self.ctl.set_mode("plan" if plan else "learn")
        self._on_world_changed()
        self._building = False
        self.refresh(force=True)

    def _on_method_changed(self, _index: int) -> None:
        self.ctl.set_method(self.method_box.currentData())
        if self.ctl.mode == "plan":
            self._build_curves()
            self.refresh(force=True)

    def _on_sweep_clicked(self) -> None:
        self.ctl.plan_sweep()

    def _on_sweeps_toggled(self, running: bool) -> None:
        self.sweeps_button.setText("Pa&use" if running else "Run s&weeps")
        self.ctl.plan_run(running)

    def _on_dynamics_edited(self) -> None:
        if self.ctl.set_dynamics(self.noise_box.value(), self.living_box.value()):
            self._message(f"Noise {self.world.slip:g}, living reward "
                          f"{self.world.step_reward:g}; the agents and the plan start over.")

    def _on_cell_clicked(self, row: int, col: int) -> None:
        char = self.paint_box.currentData()
        if not char:
            self._message("Choose a cell type under 'Edit the grid' to paint.")
            return
        value = self.exit_value.value() if char == "E" else None
        if self.ctl.edit_cell(row, col, char, value):
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
        self.info.setText(f"<span style='color:{dc.status(error)}'>{escape(text)}</span><br>"
                          + self.info.text())

    # ---- persistence

    def save_state(self) -> dict:
        """Settings and the layout (learned values are not saved)."""
        return {"preset": self.preset_box.currentData(),
                "world": self.world.to_json(), "agent": self.agent_box.currentData(),
                "alpha": self.alpha.value(), "gamma": self.gamma.value(),
                "epsilon": self.epsilon.value(), "decay": self.decay.value(),
                "seed": self.seed_box.value(), "mode": self.ctl.mode,
                "method": self.ctl.method}

    def restore_state(self, state: dict) -> None:
        """Restore settings; a bad saved layout falls back to the preset."""
        state = state or {}
        select_data(self.preset_box, state.get("preset"))
        select_data(self.agent_box, state.get("agent"))
        select_data(self.method_box, state.get("method"))
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
        if state.get("mode") in ("plan", "learn"):
            (self.plan_mode if state["mode"] == "plan" else self.learn_mode).setChecked(True)

    def shutdown(self) -> None:
        """Stop timers."""
        self.stop()
        self.ctl.shutdown()
