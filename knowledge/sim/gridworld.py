"""A grid world: walls, start, goal, pits (terminal), cliffs (penalty, back to start),
pellets (small reward), a step reward and an optional slip probability.

The state is the agent's cell (row * cols + col). Actions are 0 up, 1 right, 2 down,
3 left (gymnasium's CliffWalking order). Moving into a wall or off the grid leaves the
agent in place. With ``slip`` > 0 the move goes to one of the two perpendicular
directions instead, each with probability slip/2 (Frozen Lake: slip = 2/3).
Entering a cell pays its reward; bumping into a wall or the border pays the step reward
(so standing on a pellet and bumping does not farm it). Transitions and rewards are
precomputed into plain lists so training runs fast in pure Python.
"""

from __future__ import annotations

import functools
import json
import random
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from knowledge.errors import InputError, KnowledgeError
from knowledge.paths import resources_dir
from knowledge.schema import Table, Where, load_toml

ACTIONS = ("up", "right", "down", "left")
MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))
CELL_KINDS = {".": "empty", "F": "empty", "#": "wall", "S": "start", "G": "goal",
              "P": "pit", "H": "pit", "C": "cliff", "o": "pellet"}
MAX_SIDE = 40
MAX_LAYOUT_BYTES = 1_000_000  # a 40 x 40 layout is a few kilobytes


@dataclass(frozen=True)
class GridWorld:
    """The layout and its rewards."""

    rows: tuple[str, ...]
    name: str = "custom"
    step_reward: float = -1.0
    goal_reward: float = 0.0
    pit_reward: float = -100.0
    cliff_reward: float = -100.0
    pellet_reward: float = 0.0
    slip: float = 0.0
    max_steps: int = 500
    gamma: float = 0.99
    description: str = ""
    id: str = "custom"
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        validate_rows(self.rows)
        if not 0.0 <= self.slip <= 1.0:
            raise InputError("slip", f"must be between 0 and 1 (got {self.slip})")
        if not isinstance(self.max_steps, int) or not 1 <= self.max_steps <= 1_000_000:
            raise InputError("max_steps", f"must be a whole number from 1 to 1,000,000 "
                             f"(got {self.max_steps})")

    # ---- geometry

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return len(self.rows[0])

    @property
    def n_states(self) -> int:
        """Number of cells (walls included, never visited)."""
        return self.n_rows * self.n_cols

    def kind(self, state: int) -> str:
        """Cell kind of a state."""
        r, c = divmod(state, self.n_cols)
        return CELL_KINDS[self.rows[r][c]]

    def cell(self, state: int) -> tuple[int, int]:
        """(row, col) of a state."""
        return divmod(state, self.n_cols)

    @property
    def start(self) -> int:
        """The start state."""
        for r, row in enumerate(self.rows):
            if "S" in row:
                return r * self.n_cols + row.index("S")
        raise KnowledgeError("no start")  # pragma: no cover - validate_rows guarantees one

    def terminal(self, state: int) -> bool:
        """Goal and pit cells end the episode."""
        return self.kind(state) in ("goal", "pit")

    def reward_for(self, state: int) -> float:
        """Reward for entering a cell."""
        return {"goal": self.goal_reward, "pit": self.pit_reward, "cliff": self.cliff_reward,
                "pellet": self.pellet_reward}.get(self.kind(state), self.step_reward)

    def _move(self, state: int, action: int) -> int:
        r, c = divmod(state, self.n_cols)
        dr, dc = MOVES[action]
        nr, nc = r + dr, c + dc
        if 0 <= nr < self.n_rows and 0 <= nc < self.n_cols and self.rows[nr][nc] != "#":
            return nr * self.n_cols + nc
        return state

    @property
    def table(self) -> tuple[list[list[int]], list[list[float]], list[bool], list[bool]]:
        """(next_state[s][a], reward[s][a], terminal[s'], cliff[s']) as plain lists."""
        if "table" not in self._cache:
            nxt = [[self._move(s, a) for a in range(4)] for s in range(self.n_states)]
            rew = [[self.reward_for(nxt[s][a]) if nxt[s][a] != s else self.step_reward
                    for a in range(4)] for s in range(self.n_states)]
            term = [self.terminal(s) for s in range(self.n_states)]
            cliff = [self.kind(s) == "cliff" for s in range(self.n_states)]
            self._cache["table"] = (nxt, rew, term, cliff)
        return self._cache["table"]

    def transition_probs(self, state: int, action: int) -> dict[int, float]:
        """Where an action can lead and how likely (for tests and the MDP view)."""
        nxt = self.table[0]
        out: dict[int, float] = {}
        out[nxt[state][action]] = out.get(nxt[state][action], 0.0) + 1 - self.slip
        for side in ((action + 1) % 4, (action + 3) % 4):
            out[nxt[state][side]] = out.get(nxt[state][side], 0.0) + self.slip / 2
        return {s: p for s, p in out.items() if p > 0}

    def step(self, state: int, action: int, rng: random.Random) -> tuple[int, float, bool]:
        """Sample one move: (next state, reward, terminated)."""
        nxt, rew, term, cliff = self.table
        a = action
        if self.slip and rng.random() < self.slip:
            a = (action + (1 if rng.random() < 0.5 else 3)) % 4
        s2 = nxt[state][a]
        r = rew[state][a]
        if cliff[s2]:
            return self.start, r, False
        return s2, r, term[s2]

    # ---- editing and files

    def with_cell(self, row: int, col: int, char: str) -> GridWorld:
        """A copy with one cell changed (moving S or G removes the old one)."""
        if char not in CELL_KINDS:
            raise InputError("cell", f"unknown cell '{char}' (use one of {''.join(CELL_KINDS)})")
        if not (0 <= row < self.n_rows and 0 <= col < self.n_cols):
            raise InputError("cell", f"({row}, {col}) is outside the grid")
        grid = [list(r) for r in self.rows]
        if grid[row][col] == "S" and char != "S":
            raise InputError("cell", "the start cannot be removed; place it elsewhere instead")
        if char in "SG":
            for r in grid:
                for i, ch in enumerate(r):
                    if ch == char and char == "S":
                        r[i] = "."
        grid[row][col] = char
        return replace(self, rows=tuple("".join(r) for r in grid), _cache={})

    def to_json(self) -> str:
        """A layout file (JSON)."""
        d = asdict(self)
        d.pop("_cache")
        d["rows"] = list(self.rows)
        d["format"] = "sagewise-gridworld/1"
        return json.dumps(d, indent=2)


def validate_rows(rows) -> None:
    """Rectangular, known characters, exactly one start, at least one goal."""
    if not isinstance(rows, (list, tuple)) or not rows:
        raise InputError("rows", "the grid needs at least one row")
    if any(not isinstance(r, str) or not r for r in rows):
        raise InputError("rows", "every row must be a non-empty string")
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise InputError("rows", "all rows must have the same length")
    if len(rows) > MAX_SIDE or width > MAX_SIDE:
        raise InputError("rows", f"the grid may be at most {MAX_SIDE} x {MAX_SIDE}")
    bad = sorted({ch for r in rows for ch in r} - set(CELL_KINDS))
    if bad:
        raise InputError("rows", f"unknown cell character(s) {''.join(bad)!r}; use "
                         f"{''.join(CELL_KINDS)}")
    starts = sum(r.count("S") for r in rows)
    if starts != 1:
        raise InputError("rows", f"the grid needs exactly one start S (found {starts})")
    if not any("G" in r for r in rows):
        raise InputError("rows", "the grid needs at least one goal G")


_FIELDS = ("step_reward", "goal_reward", "pit_reward", "cliff_reward", "pellet_reward")


def _from_table(t: Table) -> GridWorld:
    rows = t.str_list("rows")
    kwargs = {f: t.number(f, minimum=-1e6, maximum=1e6) for f in _FIELDS}
    world = GridWorld(rows=tuple(rows), name=t.str("name"), id=t.str("id"),
                      description=t.str("description", required=False),
                      slip=t.number("slip", minimum=0, maximum=1),
                      max_steps=int(t.number("max_steps", minimum=1, maximum=1_000_000)),
                      gamma=t.number("gamma", minimum=0, maximum=1), **kwargs)
    t.finish()
    return world


@functools.cache
def load_presets() -> dict[str, GridWorld]:
    """The shipped presets (resources/gridworlds.toml), by id."""
    display = "gridworlds.toml"
    top = Table(load_toml(resources_dir() / display, display), Where(display))
    out = {}
    for ident, t in top.entries("preset", "preset"):
        try:
            out[ident] = _from_table(t)
        except InputError as exc:
            raise t.where.at(exc.field).fail(exc.detail) from None
    top.finish()
    return out


def load_layout(path: str | Path) -> GridWorld:
    """Read a layout saved with :meth:`GridWorld.to_json`; errors name the problem."""
    from knowledge.bounded_read import read_text

    text, name = read_text(path, "layout", MAX_LAYOUT_BYTES, "layout file")
    return parse_layout(text, name)


def parse_layout(text: str, name: str = "layout") -> GridWorld:
    """A GridWorld from layout JSON text (see :meth:`GridWorld.to_json`)."""
    from knowledge.bounded_read import parse_json, short

    data = parse_json(text, "layout", name, max_depth=8)
    name = short(name)
    if not isinstance(data, dict) or data.get("format") != "sagewise-gridworld/1":
        raise InputError("layout", f"{name} is not a SageWise grid-world layout")
    p = Path(name)
    allowed = {f for f in GridWorld.__dataclass_fields__ if f != "_cache"}
    kwargs = {k: v for k, v in data.items() if k in allowed}
    if not isinstance(kwargs.get("rows", []), list):
        raise InputError("layout", f"{p.name}: 'rows' must be a list of text rows")
    kwargs["rows"] = tuple(kwargs.get("rows") or ())
    ranges = {**dict.fromkeys(_FIELDS, (-1e6, 1e6)), "slip": (0, 1), "gamma": (0, 1)}
    for k, (lo, hi) in ranges.items():
        if k in kwargs and (isinstance(kwargs[k], bool) or
                            not isinstance(kwargs[k], (int, float))):
            raise InputError("layout", f"{p.name}: '{k}' must be a number")
        if k in kwargs and not lo <= kwargs[k] <= hi:  # NaN fails this too
            raise InputError("layout", f"{p.name}: '{k}' must be from {lo:g} to {hi:g} "
                             f"(got {kwargs[k]:.6g})")
    for k in ("name", "description", "id"):
        if k in kwargs and not isinstance(kwargs[k], str):
            raise InputError("layout", f"{p.name}: '{k}' must be text")
    try:
        return GridWorld(**kwargs)
    except TypeError as exc:
        raise InputError("layout", f"{p.name}: {short(exc, 120)}") from None
    except InputError as exc:  # a field of the file, not a flag the user typed
        raise InputError("layout", f"{p.name}: '{exc.field}' {exc.detail}") from None
