"""Plan mode, compare with optimal, Expected SARSA and grid editing in the Q-learning demo;
the controller on its own (no pixels); demo colours in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from sagewise.gui.demos import demo_colours as dc
from sagewise.gui.demos.qlearning_controller import QLearningController
from sagewise.gui.demos.qlearning_panel import QLearningPanel


@pytest.fixture
def panel(qtbot):
    p = QLearningPanel()
    qtbot.addWidget(p)
    yield p
    p.shutdown()
    assert not p.is_running


def _preset(panel, ident):
    panel.preset_box.setCurrentIndex(panel.preset_box.findData(ident))


def test_plan_mode_sweeps_like_cs188(panel):
    _preset(panel, "bookgrid")
    panel.plan_mode.setChecked(True)
    assert panel.plan_box.isVisibleTo(panel) and not panel.learn_box.isVisibleTo(panel)
    assert len(panel.grid_items) == 1
    for _ in range(5):
        panel.sweep_button.click()
    p = panel.ctl.planner
    assert p.sweeps == 5 and round(p.value_grid()[0][0], 2) == 0.51
    item = panel.grid_items[0]
    assert item.plan_values is p.values and item.plan_ties[0] == (1,)   # east
    assert "5 sweeps" in panel.titles[0].text()
    assert "Sweep 5" in panel.info.text()
    xs, _ys = panel._change_curve.getData()
    assert len(xs) == 5 and p.history[0].max_change == pytest.approx(1.0)
    panel.plan_reset_button.click()
    assert panel.ctl.planner.sweeps == 0


def test_run_sweeps_converges_without_blocking(panel, qtbot):
    _preset(panel, "discountgrid")
    panel.plan_mode.setChecked(True)
    panel.speed.set_value(4.0)
    panel.sweeps_button.click()
    assert panel.ctl.plan_timer.isActive()
    qtbot.waitUntil(lambda: panel.ctl.planner.converged, timeout=20000)
    qtbot.waitUntil(lambda: not panel.is_running, timeout=5000)
    assert "converged" in panel.titles[0].text()
    assert panel.sweeps_button.text() == "Run s&weeps" and not panel.sweeps_button.isChecked()


def test_policy_iteration_marks_its_phases(panel):
    _preset(panel, "bookgrid")
    panel.plan_mode.setChecked(True)
    panel.method_box.setCurrentIndex(panel.method_box.findData("policy-iteration"))
    p = panel.ctl.planner
    assert p.method == "policy-iteration"
    while not p.converged:
        panel.ctl.plan_sweep()
    assert p.improvements >= 2
    xs, _ = panel._improve_marks.getData()
    assert len(xs) == p.improvements
    assert "stable" in panel.info.text()


def test_gamma_one_with_a_positive_living_reward_stops_with_a_message(panel, qtbot):
    _preset(panel, "bookgrid")
    panel.noise_box.setValue(0.0)
    panel.living_box.setValue(1.0)
    panel.living_box.editingFinished.emit()
    panel.gamma.set_value(1.0)
    panel.plan_mode.setChecked(True)
    panel.speed.set_value(4.0)
    panel.sweeps_button.click()
    qtbot.waitUntil(lambda: not panel.is_running, timeout=60000)
    assert "discount of 1" in panel.info.text()


def test_compare_with_optimal_plots_agreement_per_episode(panel, qtbot):
    _preset(panel, "bookgrid")
    panel.agent_box.setCurrentIndex(panel.agent_box.findData("all"))
    assert [a.algorithm for a in panel.agents] == ["qlearning", "sarsa", "expected-sarsa"]
    assert {a.seed for a in panel.agents} == {0}   # side by side, same seed
    panel.compare_box.setChecked(True)
    # the plan to compare with is computed in timer slices, not in the click
    qtbot.waitUntil(lambda: panel.ctl.optimal() is not None, timeout=10000)
    assert panel.compare_plot.isVisibleTo(panel) and not panel.steps_plot.isVisibleTo(panel)
    for _ in range(5):
        for ag in panel.agents:
            ag.train(60)
        panel.ctl.record_comparison()
    panel.refresh(force=True)
    hist = panel.ctl.compare_history["qlearning"]
    assert [h[0] for h in hist] == [0, 60, 120, 180, 240, 300]
    assert hist[-1][1] > hist[0][1] and hist[-1][2] < hist[0][2]   # converging
    assert "agrees with the optimal policy in" in panel.info.text()
    xs, _ = panel._compare_items["expected-sarsa"][0].getData()
    assert len(xs) == 6


def test_expected_sarsa_update_shows_live_numbers(panel):
    panel.agent_box.setCurrentIndex(panel.agent_box.findData("expected-sarsa"))
    panel.step_button.click()
    u = panel.last_update
    text = panel.equation.text()
    assert "&pi;(a&prime;|s&prime;)" in text and f"{u.new_q:.3f}" in text


def test_painting_an_exit_with_its_value(panel):
    _preset(panel, "bookgrid")
    panel.paint_box.setCurrentIndex(panel.paint_box.findData("E"))
    panel.exit_value.setValue(5.0)
    panel._on_cell_clicked(2, 3)
    assert panel.world.exit_values[2 * 4 + 3] == 5.0
    panel.plan_mode.setChecked(True)
    panel.ctl.planner.run()
    assert panel.ctl.planner.value_grid()[2][3] == 5.0


def test_noise_and_living_reward_edit_the_world(panel):
    _preset(panel, "bridgegrid")
    panel.noise_box.setValue(0.0)
    panel.noise_box.editingFinished.emit()
    assert panel.world.slip == 0.0 and panel.world.gamma == pytest.approx(0.9)
    panel.plan_mode.setChecked(True)
    panel.ctl.planner.run()
    assert panel.ctl.planner.policy_grid()[1][1] == "east"   # no noise: cross the bridge
    assert not panel.moves_box.isEnabled()     # king's moves are for windy worlds
    _preset(panel, "windy")
    panel.moves_box.setCurrentIndex(panel.moves_box.findData(8))
    assert panel.world.moves == 8 and len(panel.ctl.agents[0].q[0]) == 8
    assert not panel.noise_box.isEnabled()     # noise is for 4-move worlds
    panel.ctl.planner.run()
    assert panel.ctl.planner.values[panel.world.start] == -7


def test_controller_without_a_view(qtbot):
    ctl = QLearningController()
    changed = []
    ctl.sig_changed.connect(changed.append)
    ctl.which = "both"
    ctl.set_world(ctl.presets["cliff"])
    assert [a.algorithm for a in ctl.agents] == ["qlearning", "sarsa"] and changed
    ctl.train(50)
    qtbot.waitUntil(lambda: not ctl.is_running, timeout=15000)
    assert all(len(a.returns) == 50 for a in ctl.agents)
    assert not ctl.edit_cell(3, 0, ".")           # the start cannot be removed
    ctl.set_mode("plan")
    assert ctl.plan_sweep() and ctl.planner.sweeps == 1
    ctl.set_params(gamma=0.5)
    assert ctl.planner.sweeps == 0 and ctl.planner.gamma == 0.5
    ctl.stop()


def test_grid_colours_follow_the_palette(qapp):
    app = QGuiApplication.instance()
    saved = app.palette()
    try:
        dark = QPalette(saved)
        dark.setColor(QPalette.ColorRole.Base, QColor("#1f1f1f"))
        dark.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
        app.setPalette(dark)
        assert dc.is_dark() and dc.value_colour(0.0, 1.0) == QColor("#1f1f1f")
        for colour in (dc.base(), dc.value_colour(1, 1), dc.value_colour(-1, 1),
                       dc.value_colour(0.4, 1), dc.kind("goal"), dc.kind("pit"), dc.wall()):
            assert dc.contrast(dc.text_on(colour), colour) >= 4.5
        for colour in dc.agent_colours().values():
            assert dc.contrast(QColor(colour), QColor("#202124")) >= 4.5
        for error in (True, False):
            assert dc.contrast(QColor(dc.status(error)), QColor("#2b2b2b")) >= 4.5
        light = QPalette(saved)
        light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        app.setPalette(light)
        assert not dc.is_dark() and dc.value_colour(0.0, 1.0) == QColor("#ffffff")
        for colour in dc.agent_colours().values():
            assert dc.contrast(QColor(colour), QColor("#ffffff")) >= 4.5
        for error in (True, False):
            assert dc.contrast(QColor(dc.status(error)), QColor("#efefef")) >= 4.5
    finally:
        app.setPalette(saved)


def test_compare_is_refused_with_a_message_when_no_plan_exists(panel, qtbot):
    _preset(panel, "bookgrid")
    panel.noise_box.setValue(0.0)
    panel.living_box.setValue(1.0)
    panel.living_box.editingFinished.emit()
    panel.gamma.set_value(1.0)
    panel.compare_box.setChecked(True)
    qtbot.waitUntil(lambda: not panel.ctl.optimal_pending, timeout=60000)
    assert not panel.ctl.compare and not panel.compare_box.isChecked()
    assert "No optimal plan" in panel.info.text()


def test_learning_plots_rescale_after_plan_mode(panel):
    _preset(panel, "bridgegrid")
    panel.plan_mode.setChecked(True)
    panel.ctl.planner.run()
    panel.refresh(force=True)
    panel.learn_mode.setChecked(True)
    _preset(panel, "maze")
    panel.agents[0].train(100)
    panel.refresh(force=True)
    vb = panel.steps_plot.getViewBox()
    assert vb.autoRangeEnabled()[1]    # not left at the plan's V(start) range
    vb.updateAutoRange()
    assert vb.viewRange()[1][1] > 20   # steps per episode


def test_plan_mode_and_method_round_trip(panel, qtbot):
    _preset(panel, "discountgrid")
    panel.plan_mode.setChecked(True)
    panel.method_box.setCurrentIndex(panel.method_box.findData("policy-iteration"))
    state = panel.save_state()
    other = QLearningPanel()
    qtbot.addWidget(other)
    other.restore_state(state)
    assert other.plan_mode.isChecked() and other.ctl.method == "policy-iteration"
    assert other.world.exits == panel.world.exits
    other.shutdown()
