"""Pages are built when first needed; a session's state waits for pages not built yet.

The window opens with only the Wizard built. Whatever a session holds for a page that is not
built is kept as it was (saved again unchanged, put into the page when it is built), and
building a page is never an edit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sagewise.gui.main_window import MainWindow

from wizard_steps import answer_fraud

ROOT = Path(__file__).resolve().parents[2]
LAZY = ("recommendation", "graph", "browser", "tools", "sizing_panel", "demos_panel",
        "pipeline_panel", "data_panel")


def _session_with_every_page(qtbot, tmp_path) -> tuple[Path, dict]:
    """A saved session in which the user changed something on every page with a state."""
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    answer_fraud(w)
    w.sizing_panel.pages["KinesisPage"].fields["records_per_second"].set_text("7777")
    w.sizing_panel.set_algorithm("deepar")
    w.demos_panel.qlearning.seed_box.setValue(42)
    w.demos_panel.kmeans.k.setValue(9)
    w.pipeline_panel.describe_edit.setPlainText("Nightly batch scoring of CSV files in S3")
    path = tmp_path / "every.sagewise.json"
    assert w.save_as(str(path))
    saved = json.loads(path.read_text())
    w.shutdown()
    w.close()
    return path, saved


def test_the_window_opens_with_only_the_wizard_built(window):
    assert window.is_built("wizard")
    assert [a for a in LAZY if window.is_built(a)] == []
    assert window.stack.currentWidget() is window.wizard


def test_showing_a_page_builds_it_once(window):
    window.show_page("Sizing")
    panel = window.sizing_panel
    assert window.is_built("sizing_panel") and window.stack.currentWidget() is panel
    window.show_page("Wizard")
    window.show_page("Sizing")
    assert window.sizing_panel is panel
    assert not window.is_built("demos_panel")


def test_start_up_leaves_plots_and_data_libraries_unloaded():
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "from sagewise.gui.main_window import MainWindow\n"
            "w = MainWindow(restore=False)\n"
            "w.show(); app.processEvents()\n"
            "print(sorted(m for m in ('pyqtgraph', 'numpy', 'pandas', 'networkx', 'pyarrow')"
            " if m in sys.modules))\n"
            "w.show_page('Demos'); app.processEvents()\n"
            "print('pyqtgraph' in sys.modules)\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True"]


def test_an_opened_session_waits_for_its_pages_and_saves_unchanged(qtbot, tmp_path):
    path, saved = _session_with_every_page(qtbot, tmp_path)
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    assert w.open_session(str(path))
    assert [a for a in ("sizing_panel", "demos_panel", "pipeline_panel", "data_panel")
            if w.is_built(a)] == []
    again = tmp_path / "again.sagewise.json"
    assert w.save_as(str(again))
    resaved = json.loads(again.read_text())
    for key in ("panels", "answers", "description", "sizing"):
        assert resaved[key] == saved[key], key
    assert any(r["calculator"] == "InstancesPage" and "DeepAR" in r["markdown"]
               for r in resaved["sizing"])
    w.shutdown()


def test_a_page_built_later_gets_the_sessions_values_and_is_not_an_edit(qtbot, tmp_path):
    path, _saved = _session_with_every_page(qtbot, tmp_path)
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    assert w.open_session(str(path))
    for title in ("Demos", "Sizing", "Pipeline", "Data", "Recommendation"):
        w.show_page(title)
    w.changes.update_flag()
    assert not w.isWindowModified()
    assert w.demos_panel.qlearning.seed_box.value() == 42
    assert w.demos_panel.kmeans.k.value() == 9
    assert w.sizing_panel.pages["KinesisPage"].fields["records_per_second"].text() == "7777"
    assert "Nightly batch" in w.pipeline_panel.describe_edit.toPlainText()
    assert w.recommendation.rec is not None and w.recommendation.rec.ranked
    w.demos_panel.qlearning.seed_box.setValue(43)
    w.changes.update_flag()
    assert w.isWindowModified()
    w.shutdown()


def test_a_page_built_after_answers_follows_them(window):
    answer_fraud(window)
    top = window.current_recommendation().ranked[0].id
    steps = window.undo.stack.count()
    window.show_page("Sizing")
    assert window.sizing_panel.pages["InstancesPage"].fields["algorithm"].currentData() == top
    assert window.undo.stack.count() == steps   # following the answers is not an edit
    window.show_page("Recommendation")
    assert window.recommendation.current_id() == top


def test_new_clears_what_unbuilt_pages_were_keeping(qtbot, tmp_path):
    path, _saved = _session_with_every_page(qtbot, tmp_path)
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    assert w.open_session(str(path))
    assert w.new_session()
    w.show_page("Demos")
    assert w.demos_panel.qlearning.seed_box.value() != 42
    assert w.demos_panel.kmeans.k.value() != 9
    assert w.current_session().sizing == []
    w.shutdown()


def test_a_result_saved_right_after_an_edit_is_the_edits_result(window, tmp_path):
    """Saving before the debounced recompute ran used to write the previous algorithm's
    instance table under the new algorithm's name."""
    window.sizing_panel.set_algorithm("xgboost")
    window.sizing_panel.pages["InstancesPage"].recompute()
    window.sizing_panel.set_algorithm("deepar")   # no event loop turn: recompute is pending
    rows = {r["calculator"]: r for r in window.current_session().sizing}
    assert rows["InstancesPage"]["algorithm"] == "deepar"
    assert "DeepAR" in rows["InstancesPage"]["markdown"]
    assert "XGBoost" not in rows["InstancesPage"]["markdown"]


def test_building_a_page_late_keeps_the_undo_history(qtbot, tmp_path):
    path, _saved = _session_with_every_page(qtbot, tmp_path)
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    assert w.open_session(str(path))
    w.wizard.describe_edit.setPlainText("Forecast weekly demand for 500 stores")
    w.wizard.suggest()
    steps = w.undo.stack.count()
    assert steps >= 1
    w.show_page("Sizing")
    assert w.undo.stack.count() == steps
    rps = w.sizing_panel.pages["KinesisPage"].fields["records_per_second"]
    rps.set_text("1234")
    assert w.undo.stack.count() == steps + 1
    w.undo.stack.undo()
    assert rps.text() == "7777"
    w.shutdown()


def test_a_typed_value_stays_the_users_after_save_and_open(qtbot, tmp_path):
    """Saved sessions used to leave out which fields were typed, so after Open the wizard
    could overwrite a value the user had typed."""
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    field = w.sizing_panel.pages["InstancesPage"].fields["dataset_gb"]
    qtbot.keyClicks(field.edit, "0")            # typed: 20 -> 200
    typed = field.text()
    path = tmp_path / "typed.sagewise.json"
    assert w.save_as(str(path))
    w.shutdown()
    again = MainWindow(restore=False)
    qtbot.addWidget(again)
    assert again.open_session(str(path))
    again.show_page("Sizing")
    again.wizard.restore_state("", {"data_size": "large"}, [])   # would decide 100 GB
    again._on_wizard_changed()
    assert again.sizing_panel.pages["InstancesPage"].fields["dataset_gb"].text() == typed
    again.shutdown()
