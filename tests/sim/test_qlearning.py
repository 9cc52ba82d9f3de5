"""Q-learning / SARSA: the update rule by hand, terminals, slip, Cliff Walking reference."""

from __future__ import annotations

import json
import random
import statistics

import pytest
from sagewise.knowledge.cli import main
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.gridworld import GridWorld, load_layout, load_presets
from sagewise.knowledge.sim.qlearning import Agent

# "S.G": from S, right -> middle (-1), right again -> goal (+10, terminal)
LINE = GridWorld(rows=("S.G",), step_reward=-1.0, goal_reward=10.0, max_steps=50, gamma=0.9)


def test_update_rule_by_hand():
    ag = Agent(LINE, alpha=0.5, gamma=0.9, epsilon=0.0, seed=0)
    ag.q[1] = [0.0, 4.0, 0.0, 2.0]          # Q(middle, .): max = 4
    ag.state, ag.next_action = 0, 1         # at S, about to move right
    u = ag.step()
    # target = r + gamma * max Q(s') = -1 + 0.9 * 4 = 2.6; Q = 0 + 0.5 * (2.6 - 0) = 1.3
    assert (u.reward, u.bootstrap, u.target, u.new_q) == (-1.0, pytest.approx(3.6),
                                                          pytest.approx(2.6), pytest.approx(1.3))
    assert ag.q[0][1] == pytest.approx(1.3)


def test_no_bootstrap_from_a_terminal_state():
    ag = Agent(LINE, alpha=0.5, gamma=0.9, epsilon=0.0, seed=0)
    ag.q[2] = [100.0] * 4                   # must be ignored: the goal is terminal
    ag.state, ag.next_action = 1, 1
    u = ag.step()
    assert u.terminated and u.bootstrap == 0 and u.target == 10.0
    assert ag.q[1][1] == pytest.approx(5.0)
    assert ag.returns == [10.0] and ag.state == LINE.start  # a new episode begins


def test_time_limit_is_not_terminal_and_still_bootstraps():
    world = GridWorld(rows=("S..G",), step_reward=-1.0, goal_reward=0.0, max_steps=1, gamma=1.0)
    ag = Agent(world, alpha=1.0, gamma=1.0, epsilon=0.0, seed=0)
    ag.q[1] = [7.0] * 4
    ag.state, ag.next_action = 0, 1
    u = ag.step()
    assert u.truncated and not u.terminated
    assert u.target == pytest.approx(-1 + 7.0)


def test_sarsa_bootstraps_from_the_action_it_takes():
    ag = Agent(LINE, algorithm="sarsa", alpha=1.0, gamma=0.9, epsilon=0.0, seed=0)
    ag.q[1] = [0.0, 4.0, 0.0, 2.0]
    ag.state, ag.next_action = 0, 1
    u = ag.step()
    assert u.bootstrap == pytest.approx(0.9 * 4.0) and ag.next_action == 1


def test_slip_frequencies_match_the_probabilities():
    world = GridWorld(rows=("...", ".S.", "..G"), slip=2 / 3)
    rng = random.Random(0)
    counts = {}
    n = 30_000
    for _ in range(n):
        s2, _, _ = world.step(world.start, 0, rng)   # "up"
        counts[s2] = counts.get(s2, 0) + 1
    up, left, right = 1, 3, 5
    for s in (up, left, right):
        assert counts[s] / n == pytest.approx(1 / 3, abs=0.015)
    assert world.transition_probs(world.start, 0) == pytest.approx(
        {up: 1 / 3, right: 1 / 3, left: 1 / 3})


def test_walls_and_borders_keep_the_agent_in_place_and_cliffs_send_it_back():
    world = GridWorld(rows=("S#", "CG"), cliff_reward=-100.0)
    rng = random.Random(0)
    assert world.step(world.start, 1, rng) == (world.start, world.step_reward, False)
    assert world.step(world.start, 0, rng)[0] == world.start
    assert world.step(world.start, 2, rng) == (world.start, -100.0, False)


def test_cliff_walking_reference_results():
    cliff = load_presets()["cliff"]
    q_greedy, q_online, s_online = [], [], []
    for seed in range(20):
        q = Agent(cliff, "qlearning", alpha=0.5, gamma=1.0, epsilon=0.1, seed=seed)
        q.train(500)
        q_greedy.append(q.greedy_rollout()[0])
        q_online.append(statistics.mean(q.returns[100:]))
        s = Agent(cliff, "sarsa", alpha=0.5, gamma=1.0, epsilon=0.1, seed=seed)
        s.train(500)
        s_online.append(statistics.mean(s.returns[100:]))
    assert q_greedy.count(-13) == 20                          # the optimal cliff-edge path
    assert statistics.mean(q_online) == pytest.approx(-50, abs=5)
    assert statistics.mean(s_online) == pytest.approx(-28, abs=5)
    assert statistics.mean(s_online) > statistics.mean(q_online)  # the safer path


def test_empty_grid_learns_the_shortest_path_quickly():
    ag = Agent(load_presets()["empty"], alpha=0.5, epsilon=0.1, seed=0)
    ag.train(2000)
    ret, path, reached = ag.greedy_rollout()
    assert reached and ret == -22 and len(path) == 23


def test_step_and_train_agree_on_the_same_seed():
    a = Agent(load_presets()["cliff"], alpha=0.5, gamma=1.0, epsilon=0.1, seed=3)
    b = Agent(load_presets()["cliff"], alpha=0.5, gamma=1.0, epsilon=0.1, seed=3)
    a.train(5)
    while b.episode < 5:
        b.step()
    assert a.returns == b.returns and a.q == b.q


def test_epsilon_decay_is_applied_per_episode():
    ag = Agent(LINE, epsilon=1.0, epsilon_decay=0.5, epsilon_min=0.2, seed=0)
    ag.train(3)
    assert ag.epsilon == pytest.approx(0.2)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"alpha": 0}, "alpha"), ({"alpha": 1.5}, "alpha"), ({"alpha": float("nan")}, "alpha"),
    ({"gamma": -0.1}, "gamma"), ({"epsilon": 2}, "epsilon"), ({"epsilon_decay": 0}, "epsilon_decay"),
    ({"seed": -1}, "seed"), ({"algorithm": "dqn"}, "agent"), ({"alpha": "0.5"}, "alpha"),
])
def test_bad_parameters_name_the_field(kwargs, field):
    with pytest.raises(InputError) as info:
        Agent(LINE, **kwargs)
    assert info.value.field == field


@pytest.mark.parametrize(("rows", "message"), [
    ((), "at least one row"), (("S.", "..."), "same length"), (("S.X", "..G"), "unknown"),
    (("..", ".G"), "exactly one start"), (("S.", "SG"), "exactly one start"),
    (("S.", ".."), "goal"), (("S" + "." * 100 + "G",), "at most"),
])
def test_bad_layouts(rows, message):
    with pytest.raises(InputError, match=message):
        GridWorld(rows=rows)


def test_editing_and_saving_layouts(tmp_path):
    w = load_presets()["empty"].with_cell(5, 5, "#").with_cell(0, 5, "S")
    assert w.rows[5][5] == "#" and w.rows[0][0] == "." and w.rows[0][5] == "S"
    with pytest.raises(InputError, match="start cannot be removed"):
        w.with_cell(0, 5, ".")
    f = tmp_path / "maze.json"
    f.write_text(w.to_json())
    assert load_layout(f).rows == w.rows


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"), ('{"rows": ["SG"]}', "not a SageWise"),
    ('{"format": "sagewise-gridworld/1", "rows": ["SX"]}', "unknown"),
    ('{"format": "sagewise-gridworld/1", "rows": ["SG"], "slip": "lots"}', "must be a number"),
])
def test_bad_layout_files(tmp_path, content, message):
    f = tmp_path / "l.json"
    f.write_text(content)
    with pytest.raises(InputError, match=message):
        load_layout(f)


def test_presets_load_and_are_solvable():
    presets = load_presets()
    assert set(presets) == {"cliff", "maze", "frozen4", "frozen8", "empty", "windy",
                            "bookgrid", "bridgegrid", "cliffgrid", "discountgrid", "mazegrid"}
    assert presets["frozen4"].slip == pytest.approx(2 / 3)


def test_cli_headless(capsys, tmp_path):
    assert main(["demo", "qlearning", "--env", "cliff", "--episodes", "500", "--alpha", "0.5",
                 "--gamma", "1", "--epsilon", "0.1", "--seed", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["greedy_return"] == -13 and len(out["returns"]) == 500
    assert out["greedy_path"][0] == [3, 0] and out["greedy_path"][-1] == [3, 11]
    layout = tmp_path / "l.json"
    layout.write_text(GridWorld(rows=("S.G",), goal_reward=1.0).to_json())
    assert main(["demo", "qlearning", "--layout", str(layout), "--episodes", "50",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["greedy_reached_end"] is True


@pytest.mark.parametrize(("argv", "flag"), [
    (["--alpha", "0"], "--alpha"), (["--epsilon", "nan"], "--epsilon"),
    (["--episodes", "-1"], "--episodes"), (["--env", "moon"], "--env"),
    (["--layout", "/no/file.json"], "--layout"), (["--gamma", "2"], "--gamma"),
])
def test_cli_bad_arguments(capsys, argv, flag):
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(["demo", "qlearning", *argv]))
    err = capsys.readouterr().err
    assert info.value.code == 2 and flag in err and err.count("\n") == 1


def test_bumping_into_a_wall_on_a_pellet_does_not_farm_it():
    world = GridWorld(rows=("#o#", "#S#", "#G#"), step_reward=-1.0, pellet_reward=0.5)
    rng = random.Random(0)
    pellet = 1
    assert world.step(world.start, 0, rng) == (pellet, 0.5, False)   # entering pays
    assert world.step(pellet, 0, rng) == (pellet, -1.0, False)       # bumping costs a step
    ag = Agent(load_presets()["maze"], alpha=0.5, epsilon=0.1, seed=0)
    ag.train(400)
    ret, _, reached = ag.greedy_rollout()
    assert reached and ret < 50 + 10   # the goal, not an endless pellet loop
