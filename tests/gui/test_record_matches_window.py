"""The decision record recommends what the window shows, even after the description was
edited without asking for new suggestions."""

from __future__ import annotations

from sagewise.gui.main_window import MainWindow
from sagewise.knowledge import report
from sagewise.knowledge.session import load_session

FIRST = "Detect fraudulent credit card transactions from tabular data, fraud is rare"
EDITED = "Forecast weekly product demand for 500 stores from three years of sales history"


def _ranked(rec) -> list[str]:
    return [s.id for s in rec.ranked]


def test_an_edited_but_not_resuggested_description_keeps_the_shown_recommendation(
        window, tmp_path, qtbot):
    window.wizard.describe_edit.setPlainText(FIRST)
    window.wizard.suggest()
    shown = _ranked(window.current_recommendation())
    window.wizard.describe_edit.setPlainText(EDITED)   # edited, Suggest not pressed
    assert _ranked(window.current_recommendation()) == shown
    assert _ranked(report.session_recommendation(window.current_session())) == shown
    path = tmp_path / "edited.sagewise.json"
    assert window.save_as(str(path))
    session = load_session(path)
    assert session.description == EDITED          # the words the user left are kept
    assert _ranked(report.session_recommendation(session)) == shown
    again = MainWindow(restore=False)
    qtbot.addWidget(again)
    assert again.open_session(str(path))
    assert again.wizard.describe_edit.toPlainText() == EDITED
    assert _ranked(again.current_recommendation()) == shown
    again.shutdown()


def test_a_session_without_the_field_reads_hints_from_its_description(window):
    window.wizard.describe_edit.setPlainText(FIRST)
    window.wizard.suggest()
    session = window.current_session()
    del session.panels["wizard"]["suggested_from"]
    assert _ranked(report.session_recommendation(session)) == \
        _ranked(window.current_recommendation())


def test_the_metric_follows_the_chosen_algorithm(window, tmp_path):
    """Choosing K-Means used to leave RCF's tuning objective (test:f1) in the record."""
    window.wizard.describe_edit.setPlainText("spot unusual spikes in sensor readings "
                                             "without labels")
    window.wizard.suggest()
    rec = window.current_recommendation()
    assert rec.ranked[0].id == "random-cut-forest"
    assert rec.metric.get("sagemaker_objective") == "test:f1"
    window.show_recommendation()
    window.recommendation.sig_chosen.emit("kmeans")
    path = tmp_path / "r.md"
    assert window.export_record(str(path))
    judged = path.read_text().split("## How to judge it", 1)[1].split("\n## ", 1)[0]
    assert judged.startswith(" (for K-Means, the chosen option)")
    assert "test:f1" not in judged and "K-Means has no matching tuning metric" in judged
    assert "test:f1" not in window.recommendation.details_markdown("kmeans").split(
        "## Judge it by", 1)[1].split("\n## ", 1)[0]
    assert "test:f1" in window.recommendation.details_markdown("random-cut-forest")


def test_suggestions_are_not_called_answers_until_confirmed(window):
    from wizard_steps import answer_fraud

    def reasons():
        rec = window.current_recommendation()
        return " ".join(r for s in rec.ranked for r in s.reasons)

    window.wizard.describe_edit.setPlainText(FIRST)
    window.wizard.suggest()
    assert "not yet confirmed" in reasons() and "(your answer:" not in reasons()
    answer_fraud(window)                 # every suggestion confirmed on its question
    assert "(your answer:" in reasons() and "not yet confirmed" not in reasons()
