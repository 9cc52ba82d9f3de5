"""Planning speed: value iteration on a 50 x 50 grid world to convergence.

Usage: python bench/planning_speed.py

SageWise's NumPy planner (knowledge.sim.planning, batch sweeps over the whole transition
model at once) against a plain-Python reference sweep (dictionaries and loops, the way
CS188's value-iteration agent is usually written) on the same world: a 50 x 50 grid with
a scattering of walls, a +1 exit in the far corner and a -1 exit beside it, discount 0.9,
noise 0.2, living reward -0.04. Both stop when no value moves by more than 1e-9. Goal:
the planner converges in under a second; the ratio says how much faster than plain Python.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIDE = 50
TOL = 1e-9


def world_cells() -> list[list]:
    rng = random.Random(0)
    cells = [[" " if rng.random() > 0.15 else "#" for _ in range(SIDE)] for _ in range(SIDE)]
    cells[SIDE - 1][0] = "S"
    cells[0][SIDE - 1] = 1
    cells[1][SIDE - 1] = -1
    return cells


def numpy_planner(cells) -> tuple[float, int, list]:
    from sagewise.knowledge.sim.gridworld import GridWorld, rows_from_cells
    from sagewise.knowledge.sim.planning import Planner

    rows, exits = rows_from_cells(cells)
    t = time.perf_counter()
    world = GridWorld(rows=rows, exits=exits, step_reward=-0.04, slip=0.2, gamma=0.9)
    p = Planner(world, tol=TOL).run()
    return time.perf_counter() - t, p.sweeps, p.values


def plain_python(cells) -> tuple[float, int, dict]:
    t = time.perf_counter()
    n = len(cells)
    dirs = {"n": (-1, 0), "s": (1, 0), "w": (0, -1), "e": (0, 1)}
    sides = {"n": "we", "s": "we", "w": "ns", "e": "ns"}
    states = [(r, c) for r in range(n) for c in range(n) if cells[r][c] != "#"]

    def go(s, d):
        r, c = s[0] + dirs[d][0], s[1] + dirs[d][1]
        return (r, c) if 0 <= r < n and 0 <= c < n and cells[r][c] != "#" else s

    succ = {s: {a: [(go(s, a), 0.8), (go(s, sides[a][0]), 0.1), (go(s, sides[a][1]), 0.1)]
                for a in dirs} for s in states}
    v = dict.fromkeys(states, 0.0)
    sweeps = 0
    while True:
        new = {}
        for s in states:
            cell = cells[s[0]][s[1]]
            if not isinstance(cell, str):
                new[s] = float(cell)
                continue
            new[s] = max(sum(p * (-0.04 + 0.9 * v[s2]) for s2, p in succ[s][a]) for a in dirs)
        sweeps += 1
        delta = max(abs(new[s] - v[s]) for s in states)
        v = new
        if delta <= TOL:
            break
    return time.perf_counter() - t, sweeps, v


def main() -> None:
    cells = world_cells()
    fast, sweeps, values = numpy_planner(cells)
    slow, ref_sweeps, ref = plain_python(cells)
    worst = max(abs(values[r * SIDE + c] - x) for (r, c), x in ref.items())
    print(f"50 x 50 grid, {sum(ch != '#' for row in cells for ch in row)} states, "
          f"discount 0.9, noise 0.2")
    print(f"SageWise planner (NumPy): {fast * 1000:8.1f} ms, {sweeps} sweeps "
          f"({'under' if fast < 1 else 'OVER'} the 1 s goal)")
    print(f"plain-Python reference  : {slow * 1000:8.1f} ms, {ref_sweeps} sweeps")
    print(f"ratio (reference / SageWise): {slow / fast:.1f}x; largest value difference "
          f"{worst:.1e}")


if __name__ == "__main__":
    main()
