"""Render every page of the main window to PNG (``python -m gui --screenshot DIR``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication


def write_screenshots(window, folder: Path, size: tuple[int, int]) -> list[Path]:
    """Show each page in a representative state, grab it, and save it."""
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(*size)
    window.show()
    app = QApplication.instance()
    panel = window.catalog_panel
    sizing = window.sizing_panel

    def catalog(ident):
        def prepare():
            window.show_page("Algorithms")
            panel.show_catalog()
            panel.select(ident)
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

    def recommend():
        window.show_page("Algorithms")
        panel.describe_edit.setText("Predict whether a card transaction is fraudulent from "
                                    "labelled tabular data; fraud is under 1% of rows")
        panel.recommend()

    shots = [("catalog_xgboost", catalog("xgboost")),
             ("catalog_service", catalog("amazon-forecast")),
             ("recommend_fraud", recommend)]
    names = ["kinesis", "spice", "scaling", "instances", "endpoint", "hyperparams", "elbow"]
    shots += [(f"sizing_{n}", sizing_tab(i)) for i, n in enumerate(names)]
    demos = window.demos_panel

    def qlearning(preset, agent, episodes, steps):
        def prepare():
            window.show_page("Demos")
            ql = demos.qlearning
            ql.preset_box.setCurrentIndex(ql.preset_box.findData(preset))
            ql.agent_box.setCurrentIndex(ql.agent_box.findData(agent))
            for ag in ql.agents:
                ag.train(episodes)
            for _ in range(steps):
                ql.step_once()
            ql.refresh(force=True)
        return prepare

    shots += [("demo_qlearning_cliff_both", qlearning("cliff", "both", 300, 5)),
              ("demo_qlearning_maze", qlearning("maze", "qlearning", 300, 4)),
              ("demo_qlearning_frozen4", qlearning("frozen4", "qlearning", 2000, 3)),
              ("demo_qlearning_frozen8", qlearning("frozen8", "qlearning", 3000, 3)),
              ("demo_qlearning_empty", qlearning("empty", "sarsa", 40, 6))]
    out = []
    for name, prepare in shots:
        prepare()
        app.processEvents()
        path = folder / f"{name}.png"
        window.grab().save(str(path))
        out.append(path)
    return out
