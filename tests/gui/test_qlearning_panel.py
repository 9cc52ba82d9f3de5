"""The Q-learning panel: step, run, train, stop, compare, edit, save/load."""

from __future__ import annotations

import pytest
from sagewise.gui.demos.qlearning_panel import QLearningPanel


@pytest.fixture
def panel(qtbot):
    p = QLearningPanel()
    qtbot.addWidget(p)
    yield p
    p.shutdown()
    assert not p.is_running  # no timer left behind


def test_step_shows_the_update_with_its_numbers(panel):
    assert "Press Step" in panel.equation.text()
    panel.step_button.click()
    ag = panel.agents[0]
    u = panel.last_update
    assert ag.t == 1 and u is not None and ag.q[u.state][u.action] == u.new_q
    text = panel.equation.text()
    assert f"{u.new_q:.3f}" in text and "learning rate" in text
    assert panel.grid_items[0].q is ag.q  # the view draws the agent's own table


def test_run_and_pause(panel, qtbot):
    """Run steps the learner on the animation timer, Pause stops it. Counted in frames,
    not waited for in seconds: under load frames come late, but each one is whole."""
    panel.speed.set_value(3.0)   # 1,000 steps/s: 16 steps in each 16 ms frame
    panel.run_button.click()
    assert panel.timer.isActive() and panel.run_button.text() == "&Pause"
    steps = []                   # total steps after each frame (the stepping slot runs first)
    panel.timer.timeout.connect(lambda: steps.append(sum(panel.agents[0].visits)))
    qtbot.waitUntil(lambda: len(steps) >= 4, timeout=60_000)
    assert steps[:4] == [16, 32, 48, 64]
    panel.run_button.click()
    assert not panel.timer.isActive() and panel.run_button.text() == "&Run"
    paused_at = sum(panel.agents[0].visits)
    qtbot.wait(100)              # frames that would have come: none does
    assert sum(panel.agents[0].visits) == paused_at


def test_train_in_slices_and_stop_at_once(panel, qtbot):
    panel.train(300)
    assert panel.is_running and panel.stop_button.isEnabled()
    qtbot.waitUntil(lambda: not panel.is_running, timeout=15000)
    assert len(panel.agents[0].returns) == 300
    assert "greedy policy return -13" in panel.info.text()
    panel.reset()
    panel.train(1_000_000)
    qtbot.wait(50)
    panel.stop_button.click()
    assert not panel.is_running and len(panel.agents[0].returns) < 1_000_000


def test_side_by_side_comparison(panel, qtbot):
    panel.agent_box.setCurrentIndex(panel.agent_box.findData("both"))
    assert [a.algorithm for a in panel.agents] == ["qlearning", "sarsa"]
    assert len(panel.grid_items) == 2
    panel.train(200)
    qtbot.waitUntil(lambda: not panel.is_running, timeout=15000)
    assert all(len(a.returns) == 200 for a in panel.agents)
    assert "SARSA" in panel.info.text() and "Q-learning" in panel.info.text()


def test_sliders_change_the_agents_live(panel):
    panel.alpha.set_value(0.2)
    panel.epsilon.set_value(0.3)
    ag = panel.agents[0]
    assert ag.alpha == pytest.approx(0.2) and ag.epsilon == pytest.approx(0.3)


def test_painting_cells_and_the_start_rule(panel):
    panel.paint_box.setCurrentIndex(panel.paint_box.findData("#"))
    panel._on_cell_clicked(1, 5)
    assert panel.world.rows[1][5] == "#" and panel.agents[0].world is panel.world
    panel.paint_box.setCurrentIndex(panel.paint_box.findData("."))
    panel._on_cell_clicked(3, 0)   # the start
    assert "start cannot be removed" in panel.info.text()
    assert panel.world.rows[3][0] == "S"


def test_save_and_load_layouts(panel, tmp_path):
    panel.paint_box.setCurrentIndex(panel.paint_box.findData("o"))
    panel._on_cell_clicked(0, 0)
    f = tmp_path / "g.json"
    panel.save_layout(str(f))
    rows = panel.world.rows
    panel.preset_box.setCurrentIndex(panel.preset_box.findData("empty"))
    panel.load_layout(str(f))
    assert panel.world.rows == rows
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    panel.load_layout(str(bad))
    assert "not valid JSON" in panel.info.text() and panel.world.rows == rows


def test_state_round_trip(panel, qtbot):
    panel.preset_box.setCurrentIndex(panel.preset_box.findData("maze"))
    panel.alpha.set_value(0.3)
    panel.seed_box.setValue(7)
    state = panel.save_state()
    other = QLearningPanel()
    qtbot.addWidget(other)
    other.restore_state(state)
    assert other.world.rows == panel.world.rows and other.seed_box.value() == 7
    assert other.agents[0].alpha == pytest.approx(0.3)
    other.restore_state({"world": "{broken", "alpha": float("nan")})
    assert "could not be restored" in other.info.text()
    other.shutdown()


def test_a_looping_greedy_policy_is_explained(panel):
    panel.agent_box.setCurrentIndex(panel.agent_box.findData("both"))
    for ag in panel.agents:
        ag.train(300)
    panel.refresh(force=True)
    lines = panel.info.text().split("<br>")
    looping = [ln for ln in lines if "ends at: step limit" in ln]
    assert looping, "SARSA after 300 cliff episodes (seed 0) loops when acting greedily"
    assert all("round in circles" in ln for ln in looping)
    assert not any("round in circles" in ln for ln in lines if "ends at: goal" in ln)


def test_the_curves_key_sits_outside_the_plot(panel):
    """A legend inside the short return plot covered the curves (three agents, or two
    entries per row); the key is a line of text under the plots, one entry per agent."""
    from sagewise.gui.demos.qlearning_panel import AGENT_NAMES

    panel.agent_box.setCurrentIndex(panel.agent_box.count() - 1)
    assert panel.curves.getPlotItem().legend is None
    key = panel.curve_key.text()
    assert all(name in key for name in AGENT_NAMES.values())
    assert "moving average" in key
