"""Planning on a grid world from its transition model: value and policy iteration.

Where Q-learning estimates values from samples, planning computes them from the model:
for every state s and action a, where the move can end (the slip/noise splits it into
the intended and the two perpendicular moves), how likely, what it pays and whether
the episode ends. With those arrays one batch sweep of value iteration is

    V_{k+1}(s) = max_a sum_{s'} P(s'|s,a) * [ R(s,a,s') + gamma * V_k(s') ]

(no bootstrap after a transition that ends the episode), computed for all states at
once with NumPy. V_k after every sweep is kept, as CS188's value-iteration display
shows it. Policy iteration alternates evaluation sweeps of the current policy with an
improvement step (greedy on the evaluated values) until the policy stops changing; both
kinds of step are counted and reported, so the GUI can mark the phases.

Both conventions of :mod:`knowledge.sim.gridworld` are covered: cells that end the
episode on entry (goal, pit: value 0, no action) and CS188 exit cells (one action,
"exit", which pays the cell's value and ends the episode).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from sagewise.knowledge.errors import Cancelled, InputError
from sagewise.knowledge.sim.gridworld import COMPASS, GridWorld

METHODS = ("value-iteration", "policy-iteration")
TIE_ORDER = (0, 3, 2, 1, 4, 5, 6, 7, 8)
"""Ties go to north, west, south, east (CS188's action order), then the king's moves."""
MAX_SWEEPS = 20_000
EVAL_SWEEPS = 500
DIVERGED = 1e12


@dataclass(frozen=True)
class Model:
    """The world as arrays: outcome k of action a in state s."""

    world: GridWorld
    nxt: np.ndarray       # (S, A, K) next state
    prob: np.ndarray      # (S, A, K) probability
    rew: np.ndarray       # (S, A, K) reward
    cont: np.ndarray      # (S, A, K) 1.0 if the episode goes on (bootstrap), else 0.0
    decide: np.ndarray    # (S,) a state where an action is chosen
    shown: np.ndarray     # (S,) a cell with a value (not a wall, not a cliff)
    exit: np.ndarray      # (S,) an exit cell (its one action is "exit")


def build_model(world: GridWorld) -> Model:
    """Arrays from the world's transition table (the same one the learners sample)."""
    nxt_t, rew_t, term, cliff = world.table
    leaves = world.leaves
    n_s, n_a = world.n_states, world.n_actions
    nxt = np.zeros((n_s, n_a, 3), dtype=np.int64)
    prob = np.zeros((n_s, n_a, 3))
    rew = np.zeros((n_s, n_a, 3))
    cont = np.zeros((n_s, n_a, 3))
    kinds = [world.kind(s) for s in range(n_s)]
    decide = np.array([k not in ("wall", "goal", "pit", "cliff") for k in kinds])
    shown = np.array([k not in ("wall", "cliff") for k in kinds])
    for s in range(n_s):
        nxt[s] = s
        if not decide[s]:
            continue
        for a in range(n_a):
            for k, (b, p) in enumerate(world.outcomes(s, a)):
                s2 = nxt_t[s][b]
                ends = leaves[s] or term[s2]
                if cliff[s2]:
                    s2 = world.start
                nxt[s, a, k] = s2
                prob[s, a, k] = p
                rew[s, a, k] = rew_t[s][b]
                cont[s, a, k] = 0.0 if ends else 1.0
    return Model(world, nxt, prob, rew, cont, decide, shown, np.array(leaves, dtype=bool))


def q_values(model: Model, values: np.ndarray, gamma: float) -> np.ndarray:
    """Q(s, a) for every state and action, one step ahead of ``values``."""
    return (model.prob * (model.rew + gamma * model.cont * values[model.nxt])).sum(axis=2)


def greedy_ties(model: Model, q: np.ndarray) -> list[tuple[int, ...]]:
    """All best actions per state (empty where no action is chosen), in CS188 order."""
    best = q.max(axis=1, keepdims=True)
    tol = 1e-9 * np.maximum(1.0, np.abs(best))
    is_best = q >= best - tol
    order = [a for a in TIE_ORDER if a < q.shape[1]]
    out: list[tuple[int, ...]] = []
    for s in range(q.shape[0]):
        if not model.decide[s]:
            out.append(())
        elif model.exit[s]:
            out.append((0,))
        else:
            out.append(tuple(a for a in order if is_best[s, a]))
    return out


@dataclass
class PlanStep:
    """What one step of planning did."""

    phase: str            # "sweep" (value iteration), "evaluate" or "improve"
    index: int            # 1-based count of steps so far
    max_change: float     # largest |V change| (evaluate/sweep) or 0 for improve
    changed: int = 0      # improve: states whose action changed


@dataclass
class Planner:
    """Value or policy iteration on one world, stepped one sweep at a time."""

    world: GridWorld
    method: str = "value-iteration"
    gamma: float | None = None
    tol: float = 1e-9
    max_sweeps: int = MAX_SWEEPS
    model: Model = field(init=False)
    values: np.ndarray = field(init=False)
    policy: np.ndarray = field(init=False)
    history: list[PlanStep] = field(init=False)
    converged: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InputError("method", f"must be one of {', '.join(METHODS)} "
                             f"(got {self.method!r})")
        g = self.world.gamma if self.gamma is None else self.gamma
        if isinstance(g, bool) or not isinstance(g, (int, float)) or not 0 <= g <= 1:
            raise InputError("gamma", f"must be between 0 and 1 (got {g!r})")
        self.gamma = float(g)
        self.model = build_model(self.world)
        self.reset()

    def reset(self) -> None:
        """V = 0, the first policy: north (or the exit) everywhere."""
        self.values = np.zeros(self.world.n_states)
        self.policy = np.zeros(self.world.n_states, dtype=np.int64)
        self.history = []
        self.start_values: list[float] = []   # V(start) after each sweep
        self._flat, self._last_change = 0, math.inf
        self.converged = False
        self._phase, self._phase_sweeps, self._settled = "evaluate", 0, False

    # ---- counts

    @property
    def sweeps(self) -> int:
        """Value-iteration sweeps or policy-evaluation sweeps done."""
        return sum(h.phase in ("sweep", "evaluate") for h in self.history)

    @property
    def improvements(self) -> int:
        """Policy-improvement steps done (policy iteration)."""
        return sum(h.phase == "improve" for h in self.history)

    @property
    def iterations(self) -> int:
        """Sweeps (value iteration) or improvement steps (policy iteration)."""
        return self.sweeps if self.method == "value-iteration" else self.improvements

    # ---- stepping

    def step(self) -> PlanStep:
        """One sweep of value iteration, or one evaluation sweep / improvement step.

        Value iteration keeps sweeping on request after convergence (CS188's ``-i K``
        runs K sweeps); policy iteration has nothing left to do once stable."""
        if self.converged and self.method == "policy-iteration":
            return self.history[-1]
        if self.sweeps >= self.max_sweeps:
            raise self._no_convergence()
        m = self.model
        if self.method == "value-iteration":
            q = q_values(m, self.values, self.gamma)
            new = np.where(m.decide, q.max(axis=1), 0.0)
            step = self._record("sweep", new)
            self.converged = self.converged or step.max_change <= self.tol
            return step
        if self._phase == "evaluate":
            idx = np.arange(m.nxt.shape[0])
            pa = self.policy
            v = self.values
            qa = (m.prob[idx, pa] * (m.rew[idx, pa] + self.gamma * m.cont[idx, pa]
                                     * v[m.nxt[idx, pa]])).sum(axis=1)
            new = np.where(m.decide, qa, 0.0)
            step = self._record("evaluate", new)
            self._phase_sweeps += 1
            settled = step.max_change <= self.tol
            # Modified policy iteration: an improper first policy (one that never ends,
            # with a discount of 1) is never settled; improve after a bounded number of
            # sweeps, its loops by then look bad enough to be left.
            if settled or self._phase_sweeps >= EVAL_SWEEPS:
                self._phase, self._settled = "improve", settled
            return step
        q = q_values(m, self.values, self.gamma)
        ties = greedy_ties(m, q)
        changed = 0
        for s, best in enumerate(ties):
            if best and self.policy[s] not in best:
                self.policy[s] = best[0]
                changed += 1
        step = PlanStep("improve", len(self.history) + 1, 0.0, changed)
        self.history.append(step)
        self._phase, self._phase_sweeps = "evaluate", 0
        self.converged = changed == 0 and self._settled
        return step

    def _record(self, phase: str, new: np.ndarray) -> PlanStep:
        change = float(np.abs(new - self.values).max()) if len(new) else 0.0
        self.values = new
        if not math.isfinite(change) or np.abs(new).max() > DIVERGED:
            raise self._no_convergence(diverged=True)
        step = PlanStep(phase, len(self.history) + 1, change)
        self.history.append(step)
        self.start_values.append(float(new[self.world.start]))
        # With a discount of 1 a value that grows by a fixed amount every sweep never
        # settles; once that has lasted longer than any path in the grid can explain,
        # say so instead of sweeping on to the limit.
        if self.gamma >= 1 and change > self.tol:
            self._flat = self._flat + 1 if change >= self._last_change - 1e-12 else 0
            if self._flat > max(1000, self.world.n_states + 10):
                raise self._no_convergence(diverged=True)
        self._last_change = change
        return step

    def _no_convergence(self, diverged: bool = False) -> InputError:
        why = ("the values grew without bound" if diverged else
               f"no convergence after {self.max_sweeps:,} sweeps")
        if self.gamma >= 1:
            return InputError("gamma", f"{why}: with a discount of 1 an episode that never "
                              "ends keeps collecting (or paying) the living reward, so the "
                              "values do not settle; use a discount below 1 or make every "
                              "state able to reach an exit")
        return InputError("iterations", f"{why}; raise the limit or the tolerance")

    def run(self, sweeps: int | None = None, cancelled: Callable[[], bool] | None = None,
            ) -> Planner:
        """``sweeps`` steps (value iteration: sweeps; policy iteration: improvement steps),
        or until convergence when None."""
        if sweeps is not None and (isinstance(sweeps, bool) or not isinstance(sweeps, int)
                                   or sweeps < 0):
            raise InputError("iterations", f"must be a whole number >= 0 (got {sweeps!r})")
        while True:
            if cancelled is not None and cancelled():
                raise Cancelled()
            if sweeps is None and self.converged:
                break
            if sweeps is not None and (self.iterations >= sweeps or (
                    self.converged and self.method == "policy-iteration")):
                break
            self.step()
        return self

    # ---- results

    def q(self) -> np.ndarray:
        """Q(s, a) one step ahead of the current values."""
        return q_values(self.model, self.values, self.gamma)

    def ties(self) -> list[tuple[int, ...]]:
        """Greedy actions on the current values, all ties (CS188's displayed policy)."""
        return greedy_ties(self.model, self.q())

    def greedy(self) -> list[int | None]:
        """One action per state (ties to the first in CS188 order), None where none."""
        if self.method == "policy-iteration" and self.converged:
            return [int(self.policy[s]) if self.model.decide[s] else None
                    for s in range(self.world.n_states)]
        return [t[0] if t else None for t in self.ties()]

    def value_grid(self) -> list[list[float | None]]:
        """Values by row, top to bottom; None for walls and cliff cells."""
        w = self.world
        return [[float(self.values[r * w.n_cols + c]) if self.model.shown[r * w.n_cols + c]
                 else None for c in range(w.n_cols)] for r in range(w.n_rows)]

    def policy_grid(self) -> list[list[str | None]]:
        """Action names by row ("exit" on exit cells), None where no action is chosen."""
        w = self.world
        acts = self.greedy()
        out = []
        for r in range(w.n_rows):
            row: list[str | None] = []
            for c in range(w.n_cols):
                s = r * w.n_cols + c
                a = acts[s]
                row.append(None if a is None else "exit" if self.model.exit[s] else COMPASS[a])
            out.append(row)
        return out

    def ties_grid(self) -> list[list[list[str]]]:
        """All greedy actions per cell, by name."""
        w = self.world
        ties = self.ties()
        return [[["exit"] if self.model.exit[r * w.n_cols + c] and ties[r * w.n_cols + c]
                 else [COMPASS[a] for a in ties[r * w.n_cols + c]] for c in range(w.n_cols)]
                for r in range(w.n_rows)]


def plan(world: GridWorld, method: str = "value-iteration", iterations: int | None = None,
         gamma: float | None = None, noise: float | None = None,
         living_reward: float | None = None) -> Planner:
    """Plan on ``world`` (optionally with another noise / living reward)."""
    changes = {}
    if noise is not None:
        if isinstance(noise, bool) or not isinstance(noise, (int, float)) \
                or not 0 <= noise <= 1:
            raise InputError("noise", f"must be between 0 and 1 (got {noise!r})")
        changes["slip"] = float(noise)
    if living_reward is not None:
        if isinstance(living_reward, bool) or not isinstance(living_reward, (int, float)) \
                or not math.isfinite(living_reward) or abs(living_reward) > 1e6:
            raise InputError("living_reward", f"must be a finite number within +/-1e6 "
                             f"(got {living_reward!r})")
        changes["step_reward"] = float(living_reward)
    if changes:
        world = replace(world, _cache={}, **changes)
    return Planner(world, method, gamma).run(iterations)


def compare_with_optimal(q: list[list[float]], optimal: Planner,
                         visits: list[int] | None = None) -> dict:
    """How far a learner's Q-table is from the plan.

    ``agree``: decision states (exits excluded: they have one action) whose greedy
    actions include one of the optimal ones; ``value_error``: mean |max_a Q - V*| over
    all decision states; ``max_error`` the largest.
    """
    m = optimal.model
    ties = optimal.ties()
    qa = np.asarray(q, dtype=float)
    best = qa.max(axis=1)
    agree = total = 0
    for s in range(len(ties)):
        if not m.decide[s] or m.exit[s]:
            continue
        total += 1
        row = qa[s]
        mine = set(np.flatnonzero(row >= row.max() - 1e-12 * max(1.0, abs(row.max()))))
        if visits is not None and visits[s] == 0:
            continue  # never visited: no opinion yet
        if mine & set(ties[s]):
            agree += 1
    err = np.abs(best - optimal.values)[m.decide]
    return {"agree": agree, "total": total,
            "value_error": float(err.mean()) if len(err) else 0.0,
            "max_error": float(err.max()) if len(err) else 0.0}
