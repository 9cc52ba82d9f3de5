"""Value and policy iteration against an independent CS188 implementation, Windy
Gridworld, Expected SARSA and the `demo values` command."""

from __future__ import annotations

import itertools
import json
import statistics

import pytest
from sagewise.knowledge.cli import main
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.gridworld import (
    GridWorld,
    load_layout,
    load_presets,
    parse_layout,
)
from sagewise.knowledge.sim.planning import Planner, compare_with_optimal, plan
from sagewise.knowledge.sim.qlearning import Agent, expected_q

# ---- an independent reference, written straight from CS188's definitions
# (gridworld.py: exit cells hold a number and have the one action 'exit' to the terminal
# state; other cells have north/west/south/east; a move goes as intended with 1 - noise
# and to each perpendicular side with noise / 2; walls and borders keep the agent in
# place; the reward depends only on the state left: the exit value or the living reward;
# valueIterationAgents.py: batch sweeps from V = 0, policy = argmax in action order).

BOOK = [[" ", " ", " ", 1], [" ", "#", " ", -1], ["S", " ", " ", " "]]
DISCOUNT = [[" ", " ", " ", " ", " "], [" ", "#", " ", " ", " "], [" ", "#", 1, "#", 10],
            ["S", " ", " ", " ", " "], [-10, -10, -10, -10, -10]]
BRIDGE = [["#", -100, -100, -100, -100, -100, "#"], [1, "S", " ", " ", " ", " ", 10],
          ["#", -100, -100, -100, -100, -100, "#"]]
DIRS = {"north": (-1, 0), "west": (0, -1), "south": (1, 0), "east": (0, 1)}
SIDES = {"north": ("west", "east"), "south": ("west", "east"),
         "west": ("north", "south"), "east": ("north", "south")}


def reference(grid, sweeps, discount=0.9, noise=0.2, living=0.0):
    rows, cols = len(grid), len(grid[0])
    states = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] != "#"]

    def is_exit(s):
        return not isinstance(grid[s[0]][s[1]], str)

    def go(s, d):
        r, c = s[0] + DIRS[d][0], s[1] + DIRS[d][1]
        if 0 <= r < rows and 0 <= c < cols and grid[r][c] != "#":
            return (r, c)
        return s

    def q(v, s, a):
        if a == "exit":
            return grid[s[0]][s[1]]   # to the terminal state, whose value is 0
        total = 0.0
        for d, p in ((a, 1 - noise), (SIDES[a][0], noise / 2), (SIDES[a][1], noise / 2)):
            total += p * (living + discount * v[go(s, d)])
        return total

    def actions(s):
        return ["exit"] if is_exit(s) else ["north", "west", "south", "east"]

    v = dict.fromkeys(states, 0.0)
    for _ in range(sweeps):
        v = {s: max(q(v, s, a) for a in actions(s)) for s in states}
    policy = {}
    for s in states:
        best = None
        for a in actions(s):
            if best is None or q(v, s, a) > q(v, s, best):
                best = a
        policy[s] = best
    return v, policy


@pytest.mark.parametrize("name,grid", [("bookgrid", BOOK), ("discountgrid", DISCOUNT),
                                       ("bridgegrid", BRIDGE)])
@pytest.mark.parametrize("sweeps", [5, 100])
def test_value_iteration_matches_cs188(name, grid, sweeps):
    p = plan(load_presets()[name], iterations=sweeps, gamma=0.9, noise=0.2, living_reward=0)
    v, pol = reference(grid, sweeps)
    values, policy = p.value_grid(), p.policy_grid()
    for (r, c), ref in v.items():
        assert round(values[r][c], 3) == round(ref, 3), (r, c)
        assert policy[r][c] == pol[(r, c)], (r, c)
    assert p.iterations == sweeps
    walls = [(r, c) for r, row in enumerate(grid) for c, x in enumerate(row) if x == "#"]
    assert all(values[r][c] is None and policy[r][c] is None for r, c in walls)


def test_published_bookgrid_figures():
    # CS188 project 3, question 1: `gridworld.py -a value -i 5` and the converged grid
    # (discount 0.9, noise 0.2, living reward 0), as shown on the project page
    five = plan(load_presets()["bookgrid"], iterations=5).value_grid()
    assert [round(x, 2) for x in five[0]] == [0.51, 0.72, 0.84, 1.00]
    assert [round(x, 2) for x in five[2]] == [0.00, 0.22, 0.37, 0.13]
    done = plan(load_presets()["bookgrid"], iterations=100).value_grid()
    assert [round(x, 2) for x in done[0]] == [0.64, 0.74, 0.85, 1.00]
    assert [round(x, 2) for x in done[2]] == [0.49, 0.43, 0.48, 0.28]
    assert round(done[1][0], 2) == 0.57 and round(done[1][2], 2) == 0.57


@pytest.mark.parametrize("name", ["bookgrid", "discountgrid", "bridgegrid", "cliffgrid",
                                  "mazegrid", "cliff", "windy", "frozen4", "maze"])
def test_policy_iteration_agrees_with_value_iteration(name):
    world = load_presets()[name]
    gamma = min(world.gamma, 0.99) if name.startswith("frozen") else None
    vi = plan(world, "value-iteration", gamma=gamma)
    pi = plan(world, "policy-iteration", gamma=gamma)
    assert vi.converged and pi.converged and pi.improvements >= 1 and pi.sweeps > 0
    assert max(abs(a - b) for a, b in zip(vi.values, pi.values, strict=True)) < 1e-6
    ties = vi.ties()
    assert all(a is None or a in ties[s] for s, a in enumerate(pi.greedy()))
    phases = {h.phase for h in pi.history}
    assert phases == {"evaluate", "improve"}


def test_sweep_by_sweep_values_and_max_change():
    p = Planner(load_presets()["bookgrid"])
    first = p.step()
    assert first.phase == "sweep" and first.max_change == pytest.approx(1.0)
    assert p.value_grid()[0][3] == 1.0 and p.value_grid()[0][2] == 0.0
    changes = [p.step().max_change for _ in range(30)]
    assert changes[-1] < changes[0]          # it contracts
    p.reset()
    assert p.sweeps == 0 and not p.history and p.values.max() == 0


def test_ties_are_reported():
    # an open row: west and east are equally good from the middle when both exits pay 1
    world = parse_layout(json.dumps({"format": "grid-cells/1",
                                     "cells": [[1, " ", "S", " ", 1]], "noise": 0}))
    p = plan(world)
    ties = p.ties_grid()
    assert set(ties[0][2]) == {"west", "east"} and ties[0][0] == ["exit"]
    assert p.policy_grid()[0][2] == "west"   # CS188 order: north, west, south, east


def test_living_reward_and_noise_change_the_plan():
    bridge = load_presets()["bridgegrid"]
    assert plan(bridge).policy_grid()[1][1] == "west"          # too risky to cross
    assert plan(bridge, noise=0.0).policy_grid()[1][1] == "east"
    # a living reward of -2 on the book grid: even the -1 exit beats wandering
    book = plan(load_presets()["bookgrid"], living_reward=-2.0)
    assert book.policy_grid()[1][2] == "east"


def test_gamma_one_without_an_end_stops_with_a_message():
    book = load_presets()["bookgrid"]
    with pytest.raises(InputError, match="discount of 1") as err:
        plan(book, gamma=1.0, living_reward=1.0, noise=0.0)
    assert err.value.field == "gamma"
    # a discount of 1 is fine when every episode ends
    assert plan(load_presets()["cliff"], gamma=1.0).values[36] == pytest.approx(-13)


@pytest.mark.parametrize("cells,message", [
    ([[" ", "S", " "]], "goal G or exit"),
    ([["S", "#", 1]], "can be reached"),
    ([["S", "one", 1]], "'one' is not a cell"),
    ([["S", True, 1]], "is not a cell"),
    ([["S", 1e9]], "within"),
    ([], "non-empty"),
    ([["S"] + [" "] * 100 + [1]], "at most"),
])
def test_bad_cells_layouts(tmp_path, cells, message):
    f = tmp_path / "g.json"
    f.write_text(json.dumps({"format": "grid-cells/1", "cells": cells}))
    with pytest.raises(InputError, match=message) as err:
        load_layout(f)
    assert err.value.field == "layout"


@pytest.mark.parametrize("extra,message", [
    ({"noise": 1.5}, "noise: must be between 0 and 1"), ({"noise": "a"}, "noise"),
    ({"discount": 2}, "discount"), ({"colour": 1}, "not a known field"),
    ({"living_reward": float("nan")}, "living_reward|NaN"),
])
def test_bad_cells_parameters(extra, message):
    with pytest.raises(InputError, match=message):
        parse_layout(json.dumps({"format": "grid-cells/1", "cells": BOOK, **extra}))


def test_exit_cells_for_learners():
    world = load_presets()["bookgrid"]
    ag = Agent(world, alpha=1.0, gamma=0.9, epsilon=0.0, seed=0)
    ag.state, ag.next_action = 3, 2        # on the +1 exit; any action is the exit
    u = ag.step()
    assert u.terminated and u.reward == 1.0 and u.target == 1.0 and ag.returns == [1.0]
    learner = Agent(world, alpha=0.5, gamma=0.9, epsilon=0.3, seed=0)   # CS188's defaults
    learner.train(500)
    ret, path, ended = learner.greedy_rollout()
    assert ended and path[-1] in ((0, 3), (1, 3)) and ret in (1.0, -1.0)


def test_grid_cells_round_trip(tmp_path):
    world = load_presets()["discountgrid"]
    f = tmp_path / "d.json"
    f.write_text(world.to_json())
    again = load_layout(f)
    assert again.rows == world.rows and again.exits == world.exits
    f.write_text(json.dumps({"format": "grid-cells/1", "cells": world.cells()}))
    assert load_layout(f).exit_values == world.exit_values
    edited = world.with_cell(0, 0, "E", exit_value=3.5)
    assert edited.exit_values[0] == 3.5 and edited.kind(0) == "exit"
    assert 0 not in edited.with_cell(0, 0, ".").exit_values
    with pytest.raises(InputError, match="needs a value"):
        world.with_cell(0, 0, "E")


# ---- Sutton & Barto

def test_windy_gridworld_sarsa_matches_the_book():
    world = load_presets()["windy"]
    assert plan(world).values[world.start] == -15          # the shortest path: 15 moves
    finished, greedy = [], []
    for seed in range(5):
        ag = Agent(world, "sarsa", alpha=0.5, gamma=1.0, epsilon=0.1, seed=seed)
        ag.train(1000)
        steps = list(itertools.accumulate(ag.lengths))
        finished.append(sum(t <= 8000 for t in steps))
        _, path, ended = ag.greedy_rollout()
        if ended:
            greedy.append(len(path) - 1)
    # the book's figure: about 170 episodes in the first 8,000 steps
    assert 140 <= statistics.mean(finished) <= 190
    assert len(greedy) >= 4 and 15 <= statistics.median(greedy) <= 17


@pytest.mark.parametrize("moves,shortest", [(4, 15), (8, 7), (9, 7)])
def test_windy_kings_moves(moves, shortest):
    from dataclasses import replace
    world = replace(load_presets()["windy"], moves=moves, _cache={})
    assert plan(world).values[world.start] == -shortest


def test_cliff_walking_online_returns_follow_the_book():
    cliff = load_presets()["cliff"]
    means = {}
    for alg in ("qlearning", "sarsa", "expected-sarsa"):
        per_seed = []
        for seed in range(8):
            ag = Agent(cliff, alg, alpha=0.5, gamma=1.0, epsilon=0.1, seed=seed)
            ag.train(500)
            per_seed.append(statistics.mean(ag.returns))
        means[alg] = statistics.mean(per_seed)
    assert means["expected-sarsa"] > means["sarsa"] > means["qlearning"]


def test_expected_sarsa_update_by_hand():
    line = GridWorld(rows=("S.G",), step_reward=-1.0, goal_reward=10.0, gamma=0.9)
    ag = Agent(line, "expected-sarsa", alpha=0.5, gamma=0.9, epsilon=0.2, seed=0)
    ag.q[1] = [0.0, 4.0, 0.0, 2.0]
    ag.state, ag.next_action = 0, 1
    u = ag.step()
    # E[Q] = 0.2 * mean(0, 4, 0, 2) + 0.8 * 4 = 0.3 + 3.2 = 3.5
    assert expected_q([0.0, 4.0, 0.0, 2.0], 0.2) == pytest.approx(3.5)
    assert u.bootstrap == pytest.approx(0.9 * 3.5)
    assert ag.q[0][1] == pytest.approx(0.5 * (-1 + 0.9 * 3.5))


def test_compare_with_optimal():
    world = load_presets()["bookgrid"]
    best = plan(world)
    fresh = Agent(world, seed=0)
    c0 = compare_with_optimal(fresh.q, best, fresh.visits)
    assert c0["agree"] == 0 and c0["total"] == 9 and c0["value_error"] > 0
    perfect = [[float(x) for x in row] for row in best.q()]
    c1 = compare_with_optimal(perfect, best)
    assert c1["agree"] == c1["total"] and c1["value_error"] == pytest.approx(0, abs=1e-9)


# ---- the command line (contract in PRODUCT.md)

def test_demo_values_cli(capsys):
    assert main(["demo", "values", "--env", "bookgrid", "--iterations", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["iterations"] == 5 and len(out["values"]) == 3
    assert out["values"][1][1] is None and out["policy"][1][1] is None
    assert out["policy"][0][3] == "exit" and out["policy"][0][0] == "east"
    assert round(out["values"][0][0], 2) == 0.51
    assert main(["demo", "values", "--env", "DiscountGrid", "--method", "policy-iteration",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["converged"] and out["policy"][3][0] == "north"
    assert main(["demo", "values", "--env", "bridgegrid", "--noise", "0"]) == 0
    assert "value-iteration on bridgegrid" in capsys.readouterr().out


def test_demo_values_layout_file(tmp_path, capsys):
    f = tmp_path / "g.json"
    f.write_text(json.dumps({"format": "grid-cells/1", "cells": BOOK}))
    assert main(["demo", "values", "--layout", str(f), "--gamma", "0.9", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert round(out["values"][2][0], 2) == 0.49


@pytest.mark.parametrize("argv,flag", [
    (["--env", "bookgrid", "--noise", "1.5"], "--noise"),
    (["--env", "bookgrid", "--noise", "nan"], "--noise"),
    (["--env", "bookgrid", "--gamma", "2"], "--gamma"),
    (["--env", "bookgrid", "--gamma", "1", "--living-reward", "1", "--noise", "0"],
     "--gamma"),
    (["--env", "bookgrid", "--iterations", "-1"], "--iterations"),
    (["--env", "bookgrid", "--moves", "8"], "--moves"),
    (["--env", "moon"], "--env"),
    ([], "--env"),
])
def test_demo_values_bad_arguments(capsys, argv, flag):
    try:
        code = main(["demo", "values", *argv, "--json"])
    except SystemExit as e:   # argparse's own checks
        code = e.code
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert flag in err and len(err.splitlines()) == 1


def test_demo_values_bad_layout_names_the_flag(tmp_path, capsys):
    f = tmp_path / "g.json"
    f.write_text(json.dumps({"format": "grid-cells/1", "cells": [["S", " "]]}))
    assert main(["demo", "values", "--layout", str(f)]) == 2
    assert "--layout" in capsys.readouterr().err


def test_demo_qlearning_windy_and_expected_sarsa(capsys):
    assert main(["demo", "qlearning", "--env", "windy", "--moves", "8", "--agent",
                 "expected-sarsa", "--episodes", "300", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["agent"] == "expected-sarsa" and out["greedy_outcome"] == "goal"
    assert len(out["greedy_path"]) - 1 <= 9
