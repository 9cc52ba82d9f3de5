"""The k-means demo driven like a user: step, run, modes, files, analyses, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from sagewise.gui.demos.kmeans_panel import KMeansPanel
from sagewise.gui.demos.kmeans_view import SCATTER_LIMIT, colour
from sagewise.knowledge.sim.kmeans import lloyd


@pytest.fixture
def panel(qtbot):
    p = KMeansPanel()
    qtbot.addWidget(p)
    p.points.setValue(3000)
    yield p
    p.shutdown()


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_stepping_shows_init_then_assign_and_update(panel, qtbot):
    panel.k.setValue(4)
    click(qtbot, panel.step_button)
    assert "Centre 1 of 4" in panel.message.text()
    for _ in range(3):
        click(qtbot, panel.step_button)
    assert "Centre 4 of 4" in panel.message.text()
    assert sum(len(i.data) for i in panel.view.prob_levels) > 0, "k-means++ chances drawn"
    click(qtbot, panel.step_button)
    assert panel.message.text().startswith("Assign")
    assert panel.inertia_curve.getData()[1] is not None
    click(qtbot, panel.step_button)
    assert panel.message.text().startswith("Update 1")


def test_run_converges_to_lloyds_answer_and_stops(panel, qtbot):
    panel.k.setValue(5)
    click(qtbot, panel.run_button)
    assert panel.timer.isActive() and panel.run_button.text() == "&Pause"
    panel.speed.setValue(30)
    qtbot.waitUntil(lambda: panel.run.done, timeout=20_000)
    assert not panel.timer.isActive()
    assert "Converged" in panel.message.text()
    assert not panel.step_button.isEnabled()
    ref = lloyd(panel.X, panel.run.trail[4])
    np.testing.assert_allclose(panel.run.centers, ref.centers, rtol=1e-10)


def test_pause_stops_at_once(panel, qtbot):
    click(qtbot, panel.run_button)
    click(qtbot, panel.run_button)
    assert not panel.timer.isActive() and panel.run_button.text() == "&Run"


@pytest.mark.parametrize("mode", ["minibatch", "sagemaker"])
def test_other_modes_run_to_the_end(panel, qtbot, mode):
    panel.mode.setCurrentIndex(panel.mode.findData(mode))
    panel.batches.setValue(5)
    assert panel.batch.isEnabled()
    assert panel.factor.isEnabled() == (mode == "sagemaker")
    for _ in range(10):
        if panel.run.done:
            break
        panel.step_once()
    assert panel.run.done and len(panel.run.centers) == panel.k.value()
    if mode == "sagemaker":
        assert panel.message.text().startswith("Reduce")


def test_large_data_is_drawn_as_an_image(panel):
    panel.points.setValue(SCATTER_LIMIT + 10_000)
    panel.step_once()
    assert all(len(s.data) == 0 for s in panel.view.scatters)
    for _ in range(panel.k.value()):  # through the init to the first assignment
        panel.step_once()
    img = panel.view.image.image.reshape(-1, 4)
    shown = {tuple(int(v) for v in px[:3]) for px in img[img[:, 3] > 0]}
    used = {colour(int(j)) for j in np.unique(panel.frame.labels)}
    assert shown and shown <= used, "every drawn pixel has its cluster's colour"


def test_changing_settings_resets_the_run(panel):
    for _ in range(6):
        panel.step_once()
    panel.seed.setValue(9)
    assert panel.frame is None and panel.run.trail == []


def test_k_larger_than_the_data_is_reported(panel):
    panel.points.setValue(10)
    panel.k.setValue(15)
    assert panel.run is None
    assert "cannot exceed" in panel.message.text()
    assert not panel.step_button.isEnabled()
    panel.k.setValue(3)
    assert panel.run is not None and panel.step_button.isEnabled()


def test_csv_with_pca_and_column_choice(panel, tmp_path):
    rng = np.random.default_rng(0)
    data = rng.normal(size=(400, 3))
    path = tmp_path / "points.csv"
    path.write_text("a,b,c\n" + "\n".join(",".join(f"{v:.5f}" for v in r) for r in data))
    assert panel.use_file(str(path))
    assert panel.dataset.currentData() == "file"
    assert panel.columns.currentText().startswith("PCA of all 3")
    assert panel.X.shape == (400, 2) and not panel.points.isEnabled()
    panel.columns.setCurrentIndex(panel.columns.findText("column 1 vs column 3"))
    np.testing.assert_allclose(panel.X, data[:, [0, 2]], atol=1e-5)


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty"), ("1,2\nx,3\n", "not a number"), (b"\x00\x01\x02", "binary"),
    ("1,2\n", "at least two rows"),
])
def test_bad_csv_gets_a_message_and_keeps_the_data(panel, tmp_path, content, message):
    before = panel.X.copy()
    path = tmp_path / "bad.csv"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    assert not panel.use_file(str(path))
    assert message in panel.message.text()
    np.testing.assert_array_equal(panel.X, before)


def test_elbow_and_init_comparison_run_in_the_background(panel, qtbot):
    panel.dataset.setCurrentIndex(panel.dataset.findData("blobs"))
    panel.clusters.setValue(4)
    panel.compute_elbow()
    assert panel.cancel_button.isEnabled() and not panel.elbow_button.isEnabled()
    qtbot.waitUntil(lambda: panel.elbow is not None, timeout=60_000)
    assert "Suggested k" in panel.analysis_label.text()
    panel.k.setValue(4)
    panel.compute_comparison()
    qtbot.waitUntil(lambda: panel.comparison is not None, timeout=60_000)
    assert len(panel.comparison["random"]) == len(panel.comparison["kmeans++"]) == 40
    assert "Mean final inertia" in panel.analysis_label.text()


def test_cancel_stops_an_analysis(panel, qtbot):
    panel.points.setValue(20_000)
    panel.compute_comparison()
    click(qtbot, panel.cancel_button)
    assert not panel.job.running
    assert panel.comparison is None
    assert panel.elbow_button.isEnabled()


def test_state_round_trip_and_bad_state(panel, qtbot):
    panel.k.setValue(7)
    panel.mode.setCurrentIndex(panel.mode.findData("sagemaker"))
    state = panel.save_state()
    other = KMeansPanel()
    qtbot.addWidget(other)
    other.restore_state(state)
    assert other.save_state() == state
    other.restore_state({"k": -3, "mode": "warp", "points": "many", "scale": "yes"})
    assert other.k.value() == 7 and other.mode.currentData() == "sagemaker"
    other.shutdown()


def test_new_data_clears_old_analyses(panel, qtbot):
    panel.k.setValue(3)
    panel.compute_comparison()
    qtbot.waitUntil(lambda: panel.comparison is not None, timeout=60_000)
    panel.k.setValue(4)
    assert panel.comparison is None, "a comparison for k=3 is not shown for k=4"
    panel.compute_elbow()
    qtbot.waitUntil(lambda: panel.elbow is not None, timeout=60_000)
    panel.dataset.setCurrentIndex(panel.dataset.findData("moons"))
    assert panel.elbow is None and panel.analysis_label.text() == ""
    assert not panel.elbow_plot.getPlotItem().listDataItems()


def test_csv_loads_in_the_background(panel, qtbot, tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("x,y\n" + "\n".join(f"{i},{i % 7}" for i in range(500)))
    panel.load_file(str(path))
    assert panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: panel.dataset.currentData() == "file", timeout=30_000)
    assert panel.X.shape == (500, 2) and not panel.cancel_button.isEnabled()


def test_background_load_of_a_bad_file_reports_and_keeps_the_data(panel, qtbot, tmp_path):
    before = panel.X.copy()
    path = tmp_path / "bad.csv"
    path.write_text("1,2\nhello,3\n")
    panel.load_file(str(path))
    qtbot.waitUntil(lambda: not panel.job.running and not panel.cancel_button.isEnabled(),
                    timeout=30_000)
    qtbot.waitUntil(lambda: "not a number" in panel.message.text(), timeout=5_000)
    np.testing.assert_array_equal(panel.X, before)


def test_one_column_file_is_explained(panel, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("v\n1\n2\n3\n")
    panel.use_file(str(path))
    assert "two numeric columns" in panel.message.text()


def test_large_data_steps_in_a_worker(panel, qtbot, monkeypatch):
    import sagewise.gui.demos.kmeans_controller as kp  # the controller steps

    monkeypatch.setattr(kp, "WORKER_POINTS", 1000)
    panel.k.setValue(3)
    panel.step_once()
    assert panel.stepping and not panel.step_button.isEnabled()
    panel.step_once()  # a second press while the first runs is ignored
    qtbot.waitUntil(lambda: panel.frame is not None, timeout=10_000)
    assert "Centre 1 of 3" in panel.message.text() and len(panel.run.trail) == 1
    click(qtbot, panel.run_button)
    qtbot.waitUntil(lambda: panel.run.done, timeout=30_000)
    qtbot.waitUntil(lambda: not panel.stepping, timeout=5_000)
    ref = lloyd(panel.X, panel.run.trail[2])
    np.testing.assert_allclose(panel.run.centers, ref.centers, rtol=1e-10)


def test_reset_during_a_worker_step_drops_the_stale_frame(panel, qtbot, monkeypatch):
    import sagewise.gui.demos.kmeans_controller as kp  # the controller steps

    monkeypatch.setattr(kp, "WORKER_POINTS", 1000)
    panel.step_once()
    panel.seed.setValue(5)          # resets while the step may still be running
    qtbot.wait(200)
    assert panel.frame is None and not panel.stepping
    assert panel.step_button.isEnabled()


def test_regions_cover_the_visible_area_and_follow_zoom(panel):
    panel.k.setValue(3)
    for _ in range(5):
        panel.step_once()
    view = panel.view
    (x0, x1), (y0, y1) = panel.plot_widget.getViewBox().viewRange()
    rect = view.regions.mapRectToParent(view.regions.boundingRect())
    assert rect.left() <= x0 + 1e-6 and rect.right() >= x1 - 1e-6
    assert rect.top() <= y0 + 1e-6 and rect.bottom() >= y1 - 1e-6
    panel.plot_widget.getViewBox().scaleBy((3, 3))     # zoom out: more plane is visible
    (x0, x1), _ = panel.plot_widget.getViewBox().viewRange()
    rect = view.regions.mapRectToParent(view.regions.boundingRect())
    assert rect.left() <= x0 + 1e-6 and rect.right() >= x1 - 1e-6
    assert rect.width() > view.bounds.width() * 2


def test_sagemaker_mode_marks_the_reduction_and_shows_the_half_life(panel):
    panel.mode.setCurrentIndex(panel.mode.findData("sagemaker"))
    panel.batches.setValue(4)
    panel.half_life.setValue(1000)
    assert panel.half_life.isEnabled() and panel.run.half_life == 1000
    assert not panel.reduce_line.isVisible()
    for _ in range(5):
        panel.step_once()
    assert "half_life_time_size 1,000" in panel.message.text()
    panel.step_once()
    assert panel.run.done and panel.reduce_line.isVisible()
    assert panel.reduce_line.value() == panel.run.reduce_at - 0.5
    assert panel.save_state()["half_life_time_size"] == 1000
    panel.mode.setCurrentIndex(panel.mode.findData("lloyd"))
    assert not panel.half_life.isEnabled() and not panel.reduce_line.isVisible()


def test_controller_without_a_view(qtbot):
    from sagewise.gui.demos.kmeans_controller import KMeansController
    from sagewise.knowledge.sim.kmeans import make_blobs

    ctl = KMeansController()
    frames = []
    ctl.sig_frame.connect(frames.append)
    X, _ = make_blobs(2000, 3, seed=0)
    ctl.set_data(X)
    assert ctl.new_run(k=3, mode="lloyd", seed=0)
    ctl.set_speed(1000)
    ctl.toggle_run()
    qtbot.waitUntil(lambda: ctl.run.done, timeout=20_000)
    assert frames and frames[-1].phase == "done" and not ctl.timer.isActive()
    errors = []
    ctl.sig_error.connect(errors.append)
    assert not ctl.new_run(k=0, mode="lloyd") and errors and ctl.run is None
    ctl.shutdown()


def test_demo_data_is_generated_when_first_shown_not_when_built(qtbot):
    p = KMeansPanel()
    qtbot.addWidget(p)
    assert len(p.ctl.X) == 0, "no 20,000 points while the app opens"
    p.show()
    qtbot.waitExposed(p)
    assert len(p.ctl.X) == 20_000 and p.run is not None
    assert "20,000 points" in p.message.text()
    p.shutdown()


def test_first_use_without_showing_generates_the_data(qtbot):
    p = KMeansPanel()
    qtbot.addWidget(p)
    p.step_once()
    p.ctl.wait_for_step()
    assert len(p.X) == 20_000 and "Centre 1" in p.message.text()
    p.shutdown()
