"""No internal ids or "(s)" plurals on screen: labels come from the data."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QTextBrowser
from sagewise.gui.main_window import MainWindow
from sagewise.knowledge.decision import load_decision

FORECAST = ("Forecast next month's daily sales for 3,000 products from three years of history "
            "per product, including new products.")
GUI = Path(__file__).resolve().parents[2] / "gui"


def shown_texts(window) -> list[str]:
    out = [window.statusBar().currentMessage(), window.windowTitle()]
    for w in window.findChildren(QLabel):
        if w.isVisible():
            out.append(w.text())
    for w in window.findChildren(QAbstractButton):
        if w.isVisible():
            out.append(w.text())
    for w in window.findChildren(QListWidget):
        if w.isVisible():
            out += [w.item(i).text() for i in range(w.count())]
    for w in window.findChildren(QTextBrowser):
        if w.isVisible():
            out.append(w.toPlainText())
    return out


def test_no_question_or_answer_ids_on_screen(qtbot):
    dd = load_decision()
    ids = set(dd.questions) | {a.id for q in dd.questions.values() for a in q.answers
                               if "_" in a.id} | {"time_series"}
    window = MainWindow(restore=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    wiz = window.wizard
    wiz.describe_edit.setPlainText(FORECAST)
    wiz.suggest()
    texts = shown_texts(window)
    for _ in range(30):
        if wiz.current is None:
            break
        if wiz.choices.checkedButton() is None:
            wiz.choices.buttons()[-1].setChecked(True)
        wiz.next()
        texts += shown_texts(window)
    window.show_recommendation()
    texts += shown_texts(window)
    window.recommendation.items.setCurrentRow(0)
    ident = window.recommendation.current_id()
    window.recommendation.choose_button.click()
    texts += shown_texts(window)
    assert "Chosen: " + window.recommendation.catalog.name(ident) in \
        window.statusBar().currentMessage()
    window.show_page("Decision graph")
    window.graph.fit_path()
    texts += shown_texts(window)
    window.show_page("Algorithms")
    window.browser.select("deepar")
    texts += shown_texts(window)
    for text in texts:
        snake = set(re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", text))
        assert not snake & ids, (snake & ids, text[:200])
        assert not re.search(r"\[\w+ = \w+\]", text), text[:200]
        assert "(s)" not in text, text[:200]
        assert f"Chosen: {ident}" not in text
    window.shutdown()


def test_no_maybe_plural_strings_in_the_gui_code():
    """'answer(s)' reads like a form letter: say '1 answer' / '3 answers' (gui.wording)."""
    import io
    import tokenize

    offenders = []
    for path in GUI.rglob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
        for tok in tokens:
            if tok.type == tokenize.STRING and re.search(r"[a-z]\(s\)", tok.string):
                offenders.append(f"{path.name}:{tok.start[0]}: {tok.string[:80]}")
    assert not offenders, "\n".join(offenders)
