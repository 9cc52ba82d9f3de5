"""A grid world: walls, start, goal, pits (terminal), cliffs (penalty, back to start),
pellets (small reward), exit cells (CS188), wind, a step reward and an optional slip
probability.

The state is the agent's cell (row * cols + col). Actions are 0 up, 1 right, 2 down,
3 left (gymnasium's CliffWalking order). Moving into a wall or off the grid leaves the
agent in place. With ``slip`` > 0 the move goes to one of the two perpendicular
directions instead, each with probability slip/2 (Frozen Lake: slip = 2/3).
Entering a cell pays its reward; bumping into a wall or the border pays the step reward
(so standing on a pellet and bumping does not farm it). Transitions and rewards are
precomputed into plain lists so training runs fast in pure Python.

Berkeley CS188 worlds (``gridworld.py`` of the Pac-Man projects, http://ai.berkeley.edu)
use a second convention, supported beside the first: an *exit* cell ("E", its value in
``exits``) has one action, exit, which pays the cell's value and ends the episode; every
move from any other cell pays the living reward (here ``step_reward``), whatever it hits;
``noise`` (here ``slip``) sends a move to one of the two perpendicular directions, split
evenly. Windy Gridworld (Sutton & Barto, Example 6.5) adds an upward wind per column and
optionally king's moves (8) or king's moves plus "stay" (9); positions are then clipped to
the grid, as in the book's code.
"""

from __future__ import annotations

import functools
import json
import math
import random
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from sagewise.knowledge.errors import InputError, KnowledgeError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

ACTIONS = ("up", "right", "down", "left", "up-right", "down-right", "down-left", "up-left",
           "stay")
COMPASS = ("north", "east", "south", "west", "northeast", "southeast", "southwest",
           "northwest", "stay")
"""CS188's action names, in the same order as ACTIONS (the CLI's `demo values` uses them)."""
MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1), (-1, 1), (1, 1), (1, -1), (-1, -1), (0, 0))
MOVE_COUNTS = (4, 8, 9)
CELL_KINDS = {".": "empty", "F": "empty", "#": "wall", "S": "start", "G": "goal",
              "P": "pit", "H": "pit", "C": "cliff", "o": "pellet", "E": "exit"}
MAX_SIDE = 100
MAX_LAYOUT_BYTES = 1_000_000  # a 100 x 100 layout is some tens of kilobytes
MAX_EXIT_VALUE = 1e6


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
    exits: tuple[tuple[int, int, float], ...] = ()
    """(row, col, value) of every exit cell "E" (CS188 convention)."""
    wind: tuple[int, ...] = ()
    """Upward push per column (Windy Gridworld); empty = no wind."""
    moves: int = 4
    """4 (compass), 8 (king's moves) or 9 (king's moves and stay)."""
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        validate_rows(self.rows)
        if isinstance(self.slip, bool) or not isinstance(self.slip, (int, float)) \
                or not 0.0 <= self.slip <= 1.0:
            raise InputError("noise", f"must be between 0 and 1 (got {self.slip!r})")
        if not isinstance(self.max_steps, int) or not 1 <= self.max_steps <= 1_000_000:
            raise InputError("max_steps", f"must be a whole number from 1 to 1,000,000 "
                             f"(got {self.max_steps})")
        if self.moves not in MOVE_COUNTS:
            raise InputError("moves", f"must be 4, 8 or 9 (got {self.moves!r})")
        if self.moves != 4 and self.slip:
            raise InputError("noise", "applies to 4-move worlds only (perpendicular slips)")
        object.__setattr__(self, "exits", _check_exits(self.rows, self.exits))
        object.__setattr__(self, "wind", _check_wind(self.wind, self.n_rows, self.n_cols))

    @property
    def noise(self) -> float:
        """CS188's name for ``slip``."""
        return self.slip

    @property
    def living_reward(self) -> float:
        """CS188's name for ``step_reward`` (paid on every move from a non-exit cell)."""
        return self.step_reward

    @property
    def n_actions(self) -> int:
        """Actions per state (4, 8 or 9)."""
        return self.moves

    @property
    def exit_values(self) -> dict[int, float]:
        """{state: value} of the exit cells."""
        if "exit_values" not in self._cache:
            self._cache["exit_values"] = {r * self.n_cols + c: v for r, c, v in self.exits}
        return self._cache["exit_values"]

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
        """Goal and pit cells end the episode on entry (exit cells end it on leaving)."""
        return self.kind(state) in ("goal", "pit")

    def reward_for(self, state: int) -> float:
        """Reward for entering a cell."""
        return {"goal": self.goal_reward, "pit": self.pit_reward, "cliff": self.cliff_reward,
                "pellet": self.pellet_reward}.get(self.kind(state), self.step_reward)

    def _move(self, state: int, action: int) -> int:
        r, c = divmod(state, self.n_cols)
        dr, dc = MOVES[action]
        if self.wind:
            # Sutton & Barto's windy world: the wind of the column left behind pushes up;
            # the result is clipped to the grid (walls, if any, still block).
            nr = min(self.n_rows - 1, max(0, r + dr - self.wind[c]))
            nc = min(self.n_cols - 1, max(0, c + dc))
            return state if self.rows[nr][nc] == "#" else nr * self.n_cols + nc
        nr, nc = r + dr, c + dc
        if 0 <= nr < self.n_rows and 0 <= nc < self.n_cols and self.rows[nr][nc] != "#":
            return nr * self.n_cols + nc
        return state

    @property
    def table(self) -> tuple[list[list[int]], list[list[float]], list[bool], list[bool]]:
        """(next_state[s][a], reward[s][a], terminal[s'], cliff[s']) as plain lists.

        From an exit cell every action is the exit: it stays put, pays the cell's value
        and ends the episode (see :attr:`leaves`).
        """
        if "table" not in self._cache:
            exits = self.exit_values
            n_a = self.n_actions
            nxt = [[s if s in exits else self._move(s, a) for a in range(n_a)]
                   for s in range(self.n_states)]
            rew = [[exits[s] if s in exits else
                    (self.reward_for(nxt[s][a]) if nxt[s][a] != s else self.step_reward)
                    for a in range(n_a)] for s in range(self.n_states)]
            term = [self.terminal(s) for s in range(self.n_states)]
            cliff = [self.kind(s) == "cliff" for s in range(self.n_states)]
            self._cache["table"] = (nxt, rew, term, cliff)
        return self._cache["table"]

    @property
    def leaves(self) -> list[bool]:
        """leaves[s]: any action from s ends the episode (the exit cells)."""
        if "leaves" not in self._cache:
            exits = self.exit_values
            self._cache["leaves"] = [s in exits for s in range(self.n_states)]
        return self._cache["leaves"]

    def outcomes(self, state: int, action: int) -> list[tuple[int, float]]:
        """[(action actually taken, probability)] under the slip (noise)."""
        if not self.slip or state in self.exit_values:
            return [(action, 1.0)]
        return [(action, 1 - self.slip), ((action + 1) % 4, self.slip / 2),
                ((action + 3) % 4, self.slip / 2)]

    def transition_probs(self, state: int, action: int) -> dict[int, float]:
        """Where an action can lead and how likely (for tests and the MDP view)."""
        nxt, _, _, cliff = self.table
        out: dict[int, float] = {}
        for b, p in self.outcomes(state, action):
            s2 = self.start if cliff[nxt[state][b]] else nxt[state][b]
            out[s2] = out.get(s2, 0.0) + p
        return {s: p for s, p in out.items() if p > 0}

    def step(self, state: int, action: int, rng: random.Random) -> tuple[int, float, bool]:
        """Sample one move: (next state, reward, terminated)."""
        nxt, rew, term, cliff = self.table
        if self.leaves[state]:
            return state, rew[state][0], True
        a = action
        if self.slip and rng.random() < self.slip:
            a = (action + (1 if rng.random() < 0.5 else 3)) % 4
        s2 = nxt[state][a]
        r = rew[state][a]
        if cliff[s2]:
            return self.start, r, False
        return s2, r, term[s2]

    # ---- editing and files

    def with_cell(self, row: int, col: int, char: str,
                  exit_value: float | None = None) -> GridWorld:
        """A copy with one cell changed (moving S removes the old one); an exit "E"
        needs ``exit_value``."""
        if char not in CELL_KINDS:
            raise InputError("cell", f"unknown cell '{char}' (use one of {''.join(CELL_KINDS)})")
        if not (0 <= row < self.n_rows and 0 <= col < self.n_cols):
            raise InputError("cell", f"({row}, {col}) is outside the grid")
        grid = [list(r) for r in self.rows]
        if grid[row][col] == "S" and char != "S":
            raise InputError("cell", "the start cannot be removed; place it elsewhere instead")
        if char == "S":
            for r in grid:
                for i, ch in enumerate(r):
                    if ch == "S":
                        r[i] = "."
        grid[row][col] = char
        exits = tuple(e for e in self.exits if (e[0], e[1]) != (row, col))
        if char == "E":
            if exit_value is None:
                raise InputError("exit_value", "an exit cell needs a value")
            exits = (*exits, (row, col, exit_value))
        return replace(self, rows=tuple("".join(r) for r in grid), exits=exits, _cache={})

    def to_json(self) -> str:
        """A layout file (JSON)."""
        d = asdict(self)
        d.pop("_cache")
        d["rows"] = list(self.rows)
        d["exits"] = [list(e) for e in self.exits]
        d["wind"] = list(self.wind)
        d["format"] = "sagewise-gridworld/1"
        return json.dumps(d, indent=2)

    def cells(self) -> list[list[str | float]]:
        """The layout as grid-cells/1 cells (exit values as numbers)."""
        out: list[list[str | float]] = []
        for r, row in enumerate(self.rows):
            out.append([self.exit_values[r * self.n_cols + c] if ch == "E" else
                        (" " if ch == "." else ch) for c, ch in enumerate(row)])
        return out


def _number(value: object) -> bool:
    return (not isinstance(value, bool) and isinstance(value, (int, float))
            and math.isfinite(value))


def _check_exits(rows, exits) -> tuple[tuple[int, int, float], ...]:
    """Every "E" has exactly one finite value and every value sits on an "E"."""
    if not isinstance(exits, (list, tuple)):
        raise InputError("exits", "must be a list of [row, col, value]")
    out, seen = [], set()
    for e in exits:
        if not isinstance(e, (list, tuple)) or len(e) != 3:
            raise InputError("exits", f"each exit is [row, col, value] (got {e!r})")
        r, c, v = e
        if isinstance(r, bool) or isinstance(c, bool) or not isinstance(r, int) \
                or not isinstance(c, int):
            raise InputError("exits", f"row and column must be whole numbers (got {e!r})")
        if not _number(v) or abs(v) > MAX_EXIT_VALUE:
            raise InputError("exits", f"the exit at ({r}, {c}) needs a finite number within "
                             f"+/-{MAX_EXIT_VALUE:g} (got {v!r})")
        if not (0 <= r < len(rows) and 0 <= c < len(rows[0])) or rows[r][c] != "E":
            raise InputError("exits", f"({r}, {c}) is not an exit cell E")
        if (r, c) in seen:
            raise InputError("exits", f"({r}, {c}) has two values")
        seen.add((r, c))
        out.append((r, c, float(v)))
    for r, row in enumerate(rows):
        for c, ch in enumerate(row):
            if ch == "E" and (r, c) not in seen:
                raise InputError("exits", f"the exit cell at ({r}, {c}) has no value")
    return tuple(out)


def _check_wind(wind, n_rows: int, n_cols: int) -> tuple[int, ...]:
    if not isinstance(wind, (list, tuple)):
        raise InputError("wind", "must be a list of whole numbers, one per column")
    if not wind:
        return ()
    if len(wind) != n_cols:
        raise InputError("wind", f"needs one value per column ({n_cols}, got {len(wind)})")
    for w in wind:
        if isinstance(w, bool) or not isinstance(w, int) or not 0 <= w < n_rows:
            raise InputError("wind", f"each value is a whole number from 0 to {n_rows - 1} "
                             f"(got {w!r})")
    return tuple(wind)


def check_reachable(world: GridWorld) -> GridWorld:
    """At least one goal or exit can be reached from the start (else nothing ends);
    layout files are checked on load, the editor warns."""
    nxt = world.table[0]
    cliff = world.table[3]
    seen = {world.start}
    todo = [world.start]
    while todo:
        s = todo.pop()
        if world.terminal(s) or world.leaves[s]:
            continue
        for s2 in nxt[s]:
            s2 = world.start if cliff[s2] else s2
            if s2 not in seen:
                seen.add(s2)
                todo.append(s2)
    if not any(world.kind(s) in ("goal", "exit") for s in seen):
        raise InputError("rows", "no goal G or exit can be reached from the start S: the "
                         "episode could never end")
    return world


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
        raise InputError("rows", f"unknown cell {'character' if len(bad) == 1 else 'characters'} {''.join(bad)!r}; use "
                         f"{''.join(CELL_KINDS)}")
    starts = sum(r.count("S") for r in rows)
    if starts != 1:
        raise InputError("rows", f"the grid needs exactly one start S (found {starts})")
    if not any("G" in r or "E" in r for r in rows):
        raise InputError("rows", "the grid needs at least one goal G or exit cell")


_FIELDS = ("step_reward", "goal_reward", "pit_reward", "cliff_reward", "pellet_reward")
_DEFAULTS = {"step_reward": -1.0, "goal_reward": 0.0, "pit_reward": -100.0,
             "cliff_reward": -100.0, "pellet_reward": 0.0}
CELL_TOKENS = {" ": ".", **{ch: ch for ch in CELL_KINDS if ch != "E"}}


def rows_from_cells(cells, field: str = "cells") -> tuple[tuple[str, ...], tuple]:
    """grid-cells/1 cells -> (rows, exits). A number is an exit cell with that value;
    " " empty, "#" wall, "S" start (and the other one-letter cell kinds)."""
    if not isinstance(cells, list) or not cells:
        raise InputError(field, "must be a non-empty list of rows")
    if len(cells) > MAX_SIDE:
        raise InputError(field, f"the grid may be at most {MAX_SIDE} x {MAX_SIDE} "
                         f"(got {len(cells)} rows)")
    rows, exits = [], []
    for r, row in enumerate(cells):
        if not isinstance(row, list) or not row:
            raise InputError(field, f"row {r} must be a non-empty list of cells")
        if len(row) > MAX_SIDE:
            raise InputError(field, f"the grid may be at most {MAX_SIDE} x {MAX_SIDE} "
                             f"(row {r} has {len(row)} cells)")
        chars = []
        for c, cell in enumerate(row):
            if isinstance(cell, str) and cell in CELL_TOKENS:
                chars.append(CELL_TOKENS[cell])
            elif _number(cell):
                if abs(cell) > MAX_EXIT_VALUE:
                    raise InputError(field, f"the exit value at row {r}, column {c} must be "
                                     f"within +/-{MAX_EXIT_VALUE:g} (got {cell})")
                chars.append("E")
                exits.append((r, c, float(cell)))
            else:
                raise InputError(field, f"row {r}, column {c}: {cell!r} is not a cell; use "
                                 "' ' (empty), '#' (wall), 'S' (start) or a number (an exit "
                                 "and its value)")
        rows.append("".join(chars))
    return tuple(rows), tuple(exits)


def _from_table(t: Table) -> GridWorld:
    if "cells" in t.data:
        t._get("cells", True)
        try:
            rows, exits = rows_from_cells(t.data["cells"])
        except InputError as exc:
            raise t.where.at("cells").fail(exc.detail) from None
    else:
        rows, exits = t.str_list("rows"), ()
    kwargs = {f: t.number(f, required=False, default=_DEFAULTS[f], minimum=-1e6,
                          maximum=1e6) for f in _FIELDS}
    wind = t.data.get("wind", [])
    t._get("wind", False)
    world = check_reachable(GridWorld(rows=tuple(rows), name=t.str("name"), id=t.str("id"),
                      description=t.str("description", required=False),
                      slip=t.number("slip", minimum=0, maximum=1),
                      max_steps=int(t.number("max_steps", minimum=1, maximum=1_000_000)),
                      gamma=t.number("gamma", minimum=0, maximum=1), exits=exits,
                      wind=tuple(wind) if isinstance(wind, list) else wind,
                      moves=int(t.number("moves", required=False, default=4)), **kwargs))
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
    from sagewise.knowledge.bounded_read import read_text

    text, name = read_text(path, "layout", MAX_LAYOUT_BYTES, "layout file")
    return parse_layout(text, name)


def parse_layout(text: str, name: str = "layout") -> GridWorld:
    """A GridWorld from layout JSON text: SageWise's own format (see
    :meth:`GridWorld.to_json`) or ``{"format": "grid-cells/1", "cells": [[...]]}`` with
    optional ``noise``, ``living_reward``, ``discount``, ``name``, ``wind``, ``moves``.
    Read bounded (depth, number length) and checked field by field."""
    from sagewise.knowledge.bounded_read import parse_json, short

    data = parse_json(text, "layout", name, max_depth=8)
    name = short(name)
    p = Path(name)
    if isinstance(data, dict) and data.get("format") == "grid-cells/1":
        return _parse_cells(data, p.name)
    if not isinstance(data, dict) or data.get("format") != "sagewise-gridworld/1":
        raise InputError("layout", f"{name} is not a SageWise grid-world layout")
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
    if isinstance(kwargs.get("exits"), list):
        kwargs["exits"] = tuple(tuple(e) if isinstance(e, list) else e
                                for e in kwargs["exits"])
    if isinstance(kwargs.get("wind"), list):
        kwargs["wind"] = tuple(kwargs["wind"])
    try:
        return check_reachable(GridWorld(**kwargs))
    except TypeError as exc:
        raise InputError("layout", f"{p.name}: {short(exc, 120)}") from None
    except InputError as exc:  # a field of the file, not a flag the user typed
        raise InputError("layout", f"{p.name}: '{exc.field}' {exc.detail}") from None


_CELLS_KEYS = {"format", "cells", "name", "noise", "living_reward", "discount", "wind",
               "moves", "max_steps", "description"}


def _parse_cells(data: dict, name: str) -> GridWorld:
    unknown = sorted(set(data) - _CELLS_KEYS)
    if unknown:
        raise InputError("layout", f"{name}: '{unknown[0]}' is not a known field "
                         f"(grid-cells/1 knows {', '.join(sorted(_CELLS_KEYS))})")
    try:
        rows, exits = rows_from_cells(data.get("cells"))
        for key in ("noise", "living_reward", "discount"):
            if key in data and not _number(data[key]):
                raise InputError(key, f"must be a number (got {data[key]!r})")
        noise = data.get("noise", 0.2)
        discount = data.get("discount", 0.9)
        if not 0 <= discount <= 1:
            raise InputError("discount", f"must be between 0 and 1 (got {discount})")
        living = data.get("living_reward", 0.0)
        if abs(living) > MAX_EXIT_VALUE:
            raise InputError("living_reward", f"must be within +/-{MAX_EXIT_VALUE:g}")
        wind = data.get("wind", [])
        return check_reachable(GridWorld(
                         rows=rows, exits=exits, name=str(data.get("name", name)),
                         id="custom", description=str(data.get("description", "")),
                         step_reward=float(living), slip=noise, gamma=float(discount),
                         wind=tuple(wind) if isinstance(wind, list) else wind,
                         moves=data.get("moves", 4), max_steps=data.get("max_steps", 1000)))
    except InputError as exc:
        raise InputError("layout", f"{name}: {exc.field}: {exc.detail}") from None
