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
