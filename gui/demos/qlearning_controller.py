"""The Q-learning demo's state, timers and long work, apart from its widgets.

Orange-style split: this controller owns the world, the learners, the planner and the
QTimers that step them; the panel only shows what the controller holds and forwards
clicks. Everything here can be driven and checked in a test without looking at pixels.

Long work runs in time-boxed slices on QTimers (about 20 ms each), so training, sweeping
to convergence and "compare with optimal" never freeze the window, and Stop works at
once.
"""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from sagewise.gui.wording import plural
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.gridworld import GridWorld, check_reachable, load_presets
from sagewise.knowledge.sim.planning import Planner, compare_with_optimal
from sagewise.knowledge.sim.qlearning import Agent

FRAME_MS = 16
SLICE_SECONDS = 0.02
KINDS = {"qlearning": ["qlearning"], "sarsa": ["sarsa"], "expected-sarsa": ["expected-sarsa"],
         "both": ["qlearning", "sarsa"], "all": ["qlearning", "sarsa", "expected-sarsa"]}


class QLearningController(QObject):
    """Learners and a planner on one grid world, stepped by timers."""

    sig_changed = Signal(bool)
    """Something to redraw; True when texts and curves must refresh now."""
    sig_world = Signal()
    """A new world or a new set of learners (views rebuild)."""
    sig_message = Signal(str, bool)
    """(text, is_error) for the user."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.presets = load_presets()
        self.world: GridWorld = self.presets["cliff"]
        self.which = "qlearning"
        self.alpha, self.gamma, self.epsilon, self.decay, self.seed = 0.5, 1.0, 0.1, 1.0, 0
        self.speed = 20.0
        self.agents: list[Agent] = []
        self.last_update = None
        self.mode = "learn"                  # "learn" or "plan"
        self.method = "value-iteration"
        self.planner: Planner | None = None
        self.compare = False
        self.compare_history: dict[str, list[tuple[int, float, float]]] = {}
        self._optimal: Planner | None = None
        self._optimal_key = None
        self._train_left = 0
        self._train_chunk = 10
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.train_timer = QTimer(self, interval=0)
        self.train_timer.timeout.connect(self._on_train_timer_timeout)
        self.plan_timer = QTimer(self, interval=FRAME_MS)
        self.plan_timer.timeout.connect(self._on_plan_timer_timeout)
        self.optimal_timer = QTimer(self, interval=0)
        self.optimal_timer.timeout.connect(self._on_optimal_timer_timeout)
        self._pending: Planner | None = None
        self._pending_key = None

    # ---- world and learners

    def set_world(self, world: GridWorld) -> None:
        """Use a new grid (learners start over, the plan too)."""
        self.world = world
        self.gamma = world.gamma
        self.reset()

    def reset(self) -> bool:
        """New learners with the current settings; forget everything learned."""
        self.stop()
        try:
            self.agents = [Agent(self.world, k, alpha=max(0.001, self.alpha), gamma=self.gamma,
                                 epsilon=self.epsilon, epsilon_decay=max(1e-6, self.decay),
                                 seed=self.seed) for k in KINDS[self.which]]
        except InputError as exc:
            self.sig_message.emit(str(exc), True)
            return False
        self.last_update = None
        self.compare_history = {a.algorithm: [] for a in self.agents}
        self._optimal = None
        if self.compare:
            self._start_optimal()
        self.plan_reset(emit=False)
        self.sig_world.emit()
        self.sig_changed.emit(True)
        return True

    def set_params(self, **params) -> None:
        """alpha / gamma / epsilon / decay change live; the plan restarts on a new gamma."""
        for key, value in params.items():
            setattr(self, key, value)
        for ag in self.agents:
            ag.alpha = max(0.001, self.alpha)
            ag.gamma = self.gamma
            ag.epsilon = self.epsilon
            ag.epsilon_decay = max(1e-6, self.decay)
        if "gamma" in params:
            self._optimal = None
            self.compare_history = {a.algorithm: [] for a in self.agents}
            if self.compare:
                self._start_optimal()
            self.plan_reset(emit=False)
        self.sig_changed.emit(True)

    def edit_cell(self, row: int, col: int, char: str, exit_value: float | None = None) -> bool:
        """Paint one cell; the learners start over. False (and a message) if refused."""
        try:
            world = self.world.with_cell(row, col, char, exit_value)
        except InputError as exc:
            self.sig_message.emit(exc.detail, True)
            return False
        self.set_world(replace(world, gamma=self.gamma))
        try:
            check_reachable(world)
        except InputError as exc:
            self.sig_message.emit(f"Warning: {exc.detail}.", True)
        return True

    def set_moves(self, moves: int) -> bool:
        """4, 8 (king's) or 9 (king's and stay) moves; for windy worlds."""
        if moves == self.world.moves:
            return True
        try:
            world = replace(self.world, _cache={}, gamma=self.gamma, moves=moves,
                            slip=self.world.slip if moves == 4 else 0.0)
        except InputError as exc:
            self.sig_message.emit(f"{exc.field}: {exc.detail}", True)
            return False
        self.set_world(world)
        return True

    def set_dynamics(self, noise: float | None = None, living_reward: float | None = None
                     ) -> bool:
        """Change the noise (slip) or the living reward (step reward) of the grid."""
        changes = {}
        if noise is not None and noise != self.world.slip:
            changes["slip"] = noise
        if living_reward is not None and living_reward != self.world.step_reward:
            changes["step_reward"] = living_reward
        if not changes:
            return True
        try:
            world = replace(self.world, _cache={}, gamma=self.gamma, **changes)
        except InputError as exc:
            self.sig_message.emit(f"{exc.field}: {exc.detail}", True)
            return False
        self.set_world(world)
        return True

    # ---- learning

    def step_once(self) -> None:
        """One action for each learner."""
        for ag in self.agents:
            self.last_update = ag.step()
        self.sig_changed.emit(True)

    def set_running(self, running: bool) -> None:
        """Start or pause the animation."""
        if running:
            self.plan_timer.stop()
            self.timer.setInterval(max(FRAME_MS, int(1000 / self.speed)))
            self.timer.start()
        else:
            self.timer.stop()

    @property
    def is_running(self) -> bool:
        """True while animating, training or sweeping."""
        return (self.timer.isActive() or self.train_timer.isActive()
                or self.plan_timer.isActive())

    def train(self, episodes: int) -> None:
        """Train N episodes in time-boxed slices (the UI stays responsive)."""
        self.timer.stop()
        self.plan_timer.stop()
        self._train_left = episodes
        self._train_chunk = 10
        self.train_timer.start()

    def shutdown(self) -> None:
        """Stop every timer (the window closes)."""
        self.stop()
        self.optimal_timer.stop()

    def stop(self) -> None:
        """Stop animation, training and sweeping at once."""
        self.timer.stop()
        self.train_timer.stop()
        self.plan_timer.stop()
        self._train_left = 0

    def _on_timer_timeout(self) -> None:
        per_frame = max(1, round(self.speed * FRAME_MS / 1000))
        for ag in self.agents:
            for _ in range(per_frame):
                self.last_update = ag.step()
        self.sig_changed.emit(False)

    def _on_train_timer_timeout(self) -> None:
        start = time.perf_counter()
        n = min(self._train_left, self._train_chunk)
        for ag in self.agents:
            ag.train(n)
        self._train_left -= n
        took = time.perf_counter() - start
        if took > 0:   # adapt the slice so each takes about SLICE_SECONDS
            self._train_chunk = max(1, min(5000, int(n * SLICE_SECONDS / took)))
        self.record_comparison()
        if self._train_left <= 0:
            self.stop()
            self.sig_changed.emit(True)
        else:
            self.sig_changed.emit(False)

    # ---- planning

    def set_mode(self, mode: str) -> None:
        """"learn" (agents) or "plan" (value / policy iteration on the model)."""
        self.stop()
        self.mode = mode
        if mode == "plan" and self.planner is None:
            self.plan_reset(emit=False)
        self.sig_changed.emit(True)

    def set_method(self, method: str) -> None:
        """Value or policy iteration (the plan starts over)."""
        self.method = method
        self.plan_reset()

    def plan_reset(self, emit: bool = True) -> None:
        """V = 0 and a fresh planner for the current world and gamma."""
        self.plan_timer.stop()
        try:
            self.planner = Planner(self.world, self.method, self.gamma)
        except InputError as exc:
            self.planner = None
            self.sig_message.emit(f"{exc.field}: {exc.detail}", True)
        if emit:
            self.sig_changed.emit(True)

    def plan_sweep(self, emit: bool = True) -> bool:
        """One sweep (or one evaluation sweep / improvement step); False on an error."""
        if self.planner is None:
            self.plan_reset(emit=False)
            if self.planner is None:
                return False
        try:
            self.planner.step()
        except InputError as exc:
            self.plan_timer.stop()
            self.sig_changed.emit(True)      # draw first: the message stays on top
            self.sig_message.emit(f"{exc.field}: {exc.detail}", True)
            return False
        if emit:
            self.sig_changed.emit(not self.plan_timer.isActive())
        return True

    def plan_run(self, running: bool) -> None:
        """Sweep on a timer until converged (Pause stops it)."""
        if running:
            self.timer.stop()
            self.train_timer.stop()
            self.plan_timer.setInterval(max(FRAME_MS, int(1000 / self.speed)))
            self.plan_timer.start()
        else:
            self.plan_timer.stop()
            self.sig_changed.emit(True)

    def _on_plan_timer_timeout(self) -> None:
        p = self.planner
        if p is None or (p.converged and p.method == "policy-iteration"):
            self.plan_timer.stop()
            self.sig_changed.emit(True)
            return
        start = time.perf_counter()
        per_tick = max(1, round(self.speed * self.plan_timer.interval() / 1000))
        for _ in range(per_tick):
            if not self.plan_sweep(emit=False):
                return
            if p.converged or time.perf_counter() - start > SLICE_SECONDS:
                break
        self.sig_changed.emit(False)
        if p.converged:
            self.plan_timer.stop()
            self.sig_message.emit(f"{'Value' if p.method == 'value-iteration' else 'Policy'} "
                                  f"iteration converged after {plural(p.sweeps, 'sweep')}"
                                  + (f" and {plural(p.improvements, 'improvement step')}"
                                     if p.method == "policy-iteration" else "") + ".", False)
            self.sig_changed.emit(True)

    # ---- compare with optimal

    def set_compare(self, on: bool) -> None:
        """Track how close each learner is to the optimal plan, episode by episode.

        The plan is computed in time-boxed slices first (a big layout takes a moment);
        comparing starts when it is ready."""
        self.compare = on
        if on and self.optimal() is None:
            self._start_optimal()
            return
        self.record_comparison()
        self.sig_changed.emit(True)

    def _start_optimal(self) -> None:
        try:
            self._pending = Planner(self.world, "value-iteration", self.gamma)
        except InputError as exc:
            self._no_optimal(exc)
            return
        self._pending_key = (id(self.world), self.gamma)
        self.optimal_timer.start()

    def _on_optimal_timer_timeout(self) -> None:
        p = self._pending
        if p is None or self._pending_key != (id(self.world), self.gamma):
            self.optimal_timer.stop()     # the world or gamma changed meanwhile
            if self.compare:
                self._start_optimal()
            return
        start = time.perf_counter()
        try:
            while not p.converged and time.perf_counter() - start < SLICE_SECONDS:
                p.step()
        except InputError as exc:
            self._no_optimal(exc)
            return
        if p.converged:
            self.optimal_timer.stop()
            self._optimal, self._optimal_key, self._pending = p, self._pending_key, None
            self.record_comparison()
            self.sig_changed.emit(True)
            self.sig_message.emit(f"Comparing with the optimal plan (value iteration, "
                                  f"{p.sweeps} sweeps).", False)

    def _no_optimal(self, exc: InputError) -> None:
        self.optimal_timer.stop()
        self._pending = None
        self.compare = False
        self.sig_changed.emit(True)      # draw first: the message stays on top
        self.sig_message.emit(f"No optimal plan to compare with: {exc.detail}", True)

    @property
    def optimal_pending(self) -> bool:
        """The plan to compare with is still being computed."""
        return self.optimal_timer.isActive()

    def optimal(self) -> Planner | None:
        """The converged value-iteration plan for the current world and gamma, if ready."""
        if self._optimal is not None and self._optimal_key == (id(self.world), self.gamma):
            return self._optimal
        return None

    def comparison(self, ag: Agent) -> dict | None:
        """agree / total / value_error of one learner against the plan (None until the
        plan is ready)."""
        best = self.optimal() if self.compare else None
        return None if best is None else compare_with_optimal(ag.q, best, ag.visits)

    def record_comparison(self) -> None:
        """Add a point per learner when its episode count moved on."""
        if not self.compare:
            return
        for ag in self.agents:
            hist = self.compare_history.setdefault(ag.algorithm, [])
            if hist and hist[-1][0] == ag.episode:
                continue
            c = self.comparison(ag)
            if c is None:
                return   # the plan is not ready yet
            hist.append((ag.episode, c["agree"] / max(1, c["total"]), c["value_error"]))
