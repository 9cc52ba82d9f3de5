"""Render every page of the main window to PNG (``python -m gui --screenshot DIR``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

FRAUD = ("We have two years of labelled card transactions in a table and want to flag fraud, "
         "which is under 1% of rows. Predictions must be real time.")
CALLS = "Transcribe recorded customer phone calls into text; we have no ML team."
PIPELINE = ("Card transactions stream in continuously and must land in S3 within minutes "
            "without consumer code. We score every transaction as the customer checks out, "
            "true fraud labels arrive weeks later, and traffic must stay off the internet.")


def _scenes(window):
    app = QApplication.instance()
    wiz, sizing, demos = window.wizard, window.sizing_panel, window.demos_panel

    def wizard_describe():
        window.new_session()
        wiz.describe_edit.setPlainText(FRAUD)

    def wizard_question():
        wizard_describe()
        wiz.suggest()
        wiz.next()  # confirm the task; the data question shows its suggestion

    def wizard_done():
        wizard_question()
        for _ in range(40):  # every question: keep the suggestion, else skip or the first
            if wiz.current is None:
                break
            if wiz.choices.checkedButton() is None:
                buttons = wiz.choices.buttons()
                (buttons[-1] if len(buttons) > 2 else buttons[0]).setChecked(True)
            wiz.next()

    def graph(select=""):
        def prepare():
            if not select:
                window.new_session()
            else:
                wizard_done()
            window.show_page("Decision graph")
            if select:
                window.graph.fit_path()
                window.graph.select(select, centre=False)
            else:
                window.graph.fit_all()
        return prepare

    def recommendation(text):
        def prepare():
            window.new_session()
            wiz.describe_edit.setPlainText(text)
            wiz.suggest()
            window.show_recommendation()
        return prepare

    def browser(ident, compare=()):
        def prepare():
            window.show_page("Algorithms")
            b = window.browser
            b.search.clear()
            b.table.clearSelection()
            b.select(ident)
            if compare:
                from PySide6.QtCore import QItemSelectionModel

                for other in compare:
                    for r in range(b.proxy.rowCount()):
                        if b.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) == other:
                            b.table.selectionModel().select(
                                b.proxy.index(r, 0),
                                QItemSelectionModel.SelectionFlag.Select
                                | QItemSelectionModel.SelectionFlag.Rows)
                b.compare()
        return prepare

    def tool(index, setup=None):
        def prepare():
            window.show_page("Troubleshoot & metrics")
            window.tools.tabs.setCurrentIndex(index)
            if setup:
                setup()
        return prepare

    def sizing_tab(index):
        def prepare():
            window.show_page("Sizing")
            sizing.tabs.setCurrentIndex(index)
            page = sizing.tabs.currentWidget()
            page.recompute()
            job = getattr(page, "job", None)
            if job is not None and job.running:
                job.thread.wait(30_000)
                app.processEvents()
        return prepare

    def qlearning(preset, agent, episodes, steps, compare=False):
        def prepare():
            window.show_page("Demos")
            ql = demos.qlearning
            demos.tabs.setCurrentWidget(ql)   # the k-means tab may still be showing
            ql.learn_mode.setChecked(True)
            ql.preset_box.setCurrentIndex(ql.preset_box.findData(preset))
            ql.agent_box.setCurrentIndex(ql.agent_box.findData(agent))
            ql.compare_box.setChecked(compare)
            while ql.ctl.optimal_pending:       # the plan is computed in timer slices
                app.processEvents()
            for _ in range(10 if compare else 1):   # a point per slice on the compare plot
                for ag in ql.agents:
                    ag.train(episodes // (10 if compare else 1))
                ql.ctl.record_comparison()
            for _ in range(steps):
                ql.step_once()
            ql.refresh(force=True)
        return prepare

    def plan(preset, method, sweeps):
        def prepare():
            window.show_page("Demos")
            ql = demos.qlearning
            demos.tabs.setCurrentWidget(ql)
            ql.compare_box.setChecked(False)
            ql.preset_box.setCurrentIndex(ql.preset_box.findData(preset))
            ql.plan_mode.setChecked(True)
            ql.method_box.setCurrentIndex(ql.method_box.findData(method))
            ql.ctl.plan_reset()
            for _ in range(sweeps):
                ql.ctl.plan_sweep()
            ql.refresh(force=True)
        return prepare

    def kmeans(mode, steps, dataset="blobs", analysis=""):
        def prepare():
            window.show_page("Demos")
            demos.qlearning.learn_mode.setChecked(True)
            km = demos.kmeans
            demos.tabs.setCurrentWidget(km)
            km.restore_state({"dataset": dataset, "points": 100_000, "clusters": 6, "k": 6,
                              "mode": mode, "seed": 3, "batches": 30, "mini_batch_size": 500})
            for _ in range(steps):
                km.step_once()
            if analysis:
                (km.compute_elbow if analysis == "elbow" else km.compute_comparison)()
                km.job.thread.wait(120_000)
                app.processEvents()
        return prepare

    def pipeline(area="deployment", export_tab="", bad_field=False):
        def prepare():
            wizard_describe()
            wiz.suggest()  # the wizard's suggestions carry over (serving, algorithm)
            window.show_page("Pipeline")
            p = window.pipeline_panel
            p.reset()
            p.describe_edit.setPlainText(PIPELINE)
            p.read_description()
            if export_tab:
                p.tabs.setCurrentWidget(p.export)
                p.export.tabs.setCurrentIndex(("training", "endpoint", "sdk").index(export_tab))
                if bad_field:
                    p.export.t["--s3-input"].setText("http://not-s3/data")
            else:
                p.tabs.setCurrentIndex(0)
                p.select_area(area)
        return prepare

    def data(fmt="csv", target="", time_col="", algorithm="", tab=0, series=False,
             churn=False, to_wizard=False):
        def prepare():
            import tempfile

            from sagewise.knowledge.data.samples import (
                write_churn,
                write_known_properties,
                write_series,
            )

            window.show_page("Data")
            page = window.data_panel
            folder = tempfile.mkdtemp(prefix="sagewise-shots-")
            path = (write_series(folder, series=150, days=90) if series else
                    write_churn(folder) if churn else
                    write_known_properties(folder, 5000, fmt))
            page.reset()
            page.open_path(str(path), {"target": target, "time_column": time_col})
            page.job.thread.wait(120_000)
            app.processEvents()
            from sagewise.gui.combo import select_data

            select_data(page.algorithm_box, algorithm)
            page.tabs.setCurrentIndex(tab)
            if tab == 2:
                page.table_edit.setText("sales.customers")
                page.generate_sql()
            page.table.selectRow(1)
            app.processEvents()
            if to_wizard:
                page.use_in_wizard()
                app.processEvents()
        return prepare

    scenes = [("wizard_1_describe", wizard_describe), ("wizard_2_question", wizard_question),
              ("wizard_3_done", wizard_done),
              ("recommendation_fraud", recommendation(FRAUD)),
              ("recommendation_managed_service", recommendation(CALLS)),
              ("graph_whole", graph()),
              ("graph_fraud_path", graph("q:class_balance")),
              ("algorithms_xgboost", browser("xgboost")),
              ("algorithms_compare", browser("xgboost", ("catboost", "lightgbm"))),
              ("tools_troubleshooter", tool(0, lambda: window.tools.troubleshoot.search_edit
                                            .setText("training loss jumps up and down"))),
              ("tools_metric_chooser", tool(1, lambda: (window.tools.metric_tab.reset(),
                                                        window.tools.metric_tab.choose(
                                                            "m_output", "labels")))),
              ("tools_confusion", tool(2))]
    names = ["kinesis", "spice", "scaling", "instances", "endpoint", "hyperparams", "elbow"]
    scenes += [(f"sizing_{n}", sizing_tab(i)) for i, n in enumerate(names)]
    scenes += [("demo_qlearning_cliff_both", qlearning("cliff", "both", 300, 5)),
               ("demo_qlearning_maze", qlearning("maze", "qlearning", 300, 4)),
               ("demo_qlearning_frozen4", qlearning("frozen4", "qlearning", 2000, 3)),
               ("demo_qlearning_frozen8", qlearning("frozen8", "qlearning", 3000, 3)),
               ("demo_qlearning_empty", qlearning("empty", "sarsa", 40, 6)),
               ("demo_qlearning_windy_all", qlearning("windy", "all", 200, 3)),
               ("demo_qlearning_compare_optimal", qlearning("bookgrid", "all", 400, 2,
                                                            compare=True)),
               ("demo_plan_bookgrid_5_sweeps", plan("bookgrid", "value-iteration", 5)),
               ("demo_plan_discountgrid_policy_iteration",
                plan("discountgrid", "policy-iteration", 330)),
               ("demo_plan_bridgegrid_converged", plan("bridgegrid", "value-iteration", 100)),
               ("demo_kmeans_init", kmeans("lloyd", 3)),
               ("demo_kmeans_lloyd_midrun", kmeans("lloyd", 9)),
               ("demo_kmeans_sagemaker_reduce", kmeans("sagemaker", 32)),
               ("demo_kmeans_moons", kmeans("lloyd", 30, "moons")),
               ("demo_kmeans_elbow", kmeans("lloyd", 40, analysis="elbow")),
               ("demo_kmeans_init_comparison", kmeans("lloyd", 40, analysis="compare"))]
    scenes += [("data_1_profile", data()),
               ("data_2_target", data("parquet", "fraud")),
               ("data_3_sagemaker_xgboost", data("csv", "fraud", algorithm="xgboost", tab=1)),
               ("data_4_athena", data("csv", "fraud", tab=2)),
               ("data_5_deepar", data(target="sales", time_col="day", algorithm="deepar",
                                      tab=1, series=True)),
               ("data_6_churn_leakage", data(target="status", algorithm="linear-learner",
                                             churn=True)),
               ("data_7_churn_in_wizard", data(target="status", churn=True,
                                               to_wizard=True))]
    scenes += [("pipeline_decisions", pipeline("deployment")),
               ("pipeline_monitoring", pipeline("monitoring")),
               ("export_training_request", pipeline(export_tab="training")),
               ("export_sdk_code", pipeline(export_tab="sdk")),
               ("export_field_error", pipeline(export_tab="training", bad_field=True))]
    return scenes


def visible_page(window) -> str:
    """Where the window is: the navigation page and, for tabbed pages, the tab on top
    (e.g. "Demos/qlearning_panel"); lets a test check that each scene shows what it names."""
    page = window.stack.currentWidget()
    panel = getattr(page, "panel", page)
    tabs = getattr(panel, "tabs", None)
    where = window.nav.current_title()
    if tabs is not None and tabs.currentWidget() is not None:
        where += "/" + (tabs.currentWidget().objectName() or tabs.tabText(tabs.currentIndex()))
    return where


def write_screenshots(window, folder: Path, size: tuple[int, int],
                      only: tuple[str, ...] = ()) -> list[tuple[Path, str]]:
    """Show each page in a representative state, grab it, and save it; returns each file
    with the page it shows (`only`: scene names to render, all when empty)."""
    folder.mkdir(parents=True, exist_ok=True)
    window.confirm_changes = False  # scenes start over with New: never ask to save
    window.resize(*size)
    window.show()
    app = QApplication.instance()
    out = []
    for name, prepare in _scenes(window):
        if only and name not in only:
            continue
        prepare()
        app.processEvents()
        path = folder / f"{name}.png"
        if not window.grab().save(str(path)):
            raise OSError(5, "the image could not be written", str(path))
        out.append((path, visible_page(window)))
    return out
