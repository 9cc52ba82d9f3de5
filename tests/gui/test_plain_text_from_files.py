"""Text that comes from files (column names, layout descriptions, paths, messages quoting
them) is shown as plain text: ``<b>x</b>`` appears with its brackets, never as bold, and
``<img src=...>`` never loads anything."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtGui import QTextDocument
from sagewise.gui.demos.kmeans_panel import KMeansPanel
from sagewise.gui.demos.qlearning_panel import QLearningPanel
from sagewise.gui.sizing.pages import ElbowPage, SpicePage
from sagewise.gui.sizing.sizing_panel import SizingPanel

BOLD = "<b>x</b>"
IMAGE = "<img src=nowhere.png>"


def shown(label) -> str:
    """What a QLabel displays, as text (rich text rendered the way Qt renders it)."""
    text = label.text()
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.PlainText or (fmt == Qt.TextFormat.AutoText
                                          and not QtGuiNamespace.mightBeRichText(text)):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


@pytest.fixture
def sizing(qtbot):
    p = SizingPanel()
    qtbot.addWidget(p)
    yield p
    p.shutdown()


def test_spice_file_check_shows_column_names_and_paths_as_text(sizing, qtbot, tmp_path):
    page = sizing.page(SpicePage)
    folder = tmp_path / "<b>x"
    folder.mkdir()
    f = folder / f"{IMAGE}.csv"
    f.write_text(f"{BOLD},{IMAGE}{IMAGE}\n1,2\n")
    page.start_file_check(str(f))
    qtbot.waitUntil(lambda: "Measured" in shown(page.file_label), timeout=10000)
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=5000)
    assert IMAGE + IMAGE in shown(page.file_label)          # the longest column name
    assert f"{IMAGE}.csv" in shown(page.file_label)          # the path


def test_spice_file_error_quoting_a_name_is_text(sizing, qtbot, tmp_path):
    page = sizing.page(SpicePage)
    f = tmp_path / f"{IMAGE}.csv"
    f.write_bytes(b"a,b\n\x00\x01")
    page.start_file_check(str(f))
    qtbot.waitUntil(lambda: "binary" in shown(page.file_label), timeout=10000)
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=5000)
    assert IMAGE in shown(page.file_label)


def test_elbow_page_shows_the_data_path_and_cell_errors_as_text(sizing, qtbot, tmp_path):
    page = sizing.page(ElbowPage)
    sizing.show()
    sizing.tabs.setCurrentWidget(page)
    f = tmp_path / f"{IMAGE}.csv"
    f.write_text(f"a,b\n1,{BOLD}\n")
    page.use_file(str(f))
    assert f"{IMAGE}.csv" in shown(page.data_label)
    qtbot.waitUntil(lambda: "not a number" in shown(page.status), timeout=20000)
    assert BOLD in shown(page.status)
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=5000)


def test_typed_text_quoted_in_a_field_error_is_text(sizing, qtbot):
    page = sizing.page(SpicePage)
    edit = page.fields["rows"].edit
    edit.setText(BOLD)
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=2000)
    page.recompute()
    assert BOLD in shown(page.fields["rows"].error)   # under the field, once, as text


def test_layout_description_and_load_errors_are_text(qtbot, tmp_path):
    panel = QLearningPanel()
    qtbot.addWidget(panel)
    d = json.loads(panel.world.to_json())
    d["description"] = f"{BOLD} {IMAGE}"
    f = tmp_path / "layout.json"
    f.write_text(json.dumps(d))
    panel.load_layout(str(f))
    assert f"{BOLD} {IMAGE}" in shown(panel.info)
    bad = tmp_path / f"{IMAGE}.json"
    bad.write_text("{broken")
    panel.load_layout(str(bad))
    assert f"{IMAGE}.json" in shown(panel.info)


def test_kmeans_file_errors_quoting_a_cell_are_text(qtbot, tmp_path):
    panel = KMeansPanel()
    qtbot.addWidget(panel)
    f = tmp_path / "cells.csv"
    f.write_text(f"1,2\n{BOLD},3\n")
    assert not panel.use_file(str(f))
    assert BOLD in shown(panel.message)


def test_error_dialogs_show_their_message_as_text(qtbot, monkeypatch):
    import sagewise.gui.main_window as mw
    from PySide6.QtWidgets import QMessageBox

    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(
        (box.textFormat(), box.text())))
    mw.show_error(None, "Cannot open session", f"{BOLD}.json: not a SageWise session file")
    assert seen == [(Qt.TextFormat.PlainText, f"{BOLD}.json: not a SageWise session file")]


def test_quotes_and_ampersands_show_as_typed_not_as_entities(sizing, qtbot, tmp_path):
    page = sizing.page(SpicePage)
    folder = tmp_path / "it's & co"
    folder.mkdir()
    f = folder / "d.csv"
    f.write_text("Tom's & Jerry's,b\n1,2\n")
    page.start_file_check(str(f))
    qtbot.waitUntil(lambda: "Measured" in shown(page.file_label), timeout=10000)
    qtbot.waitUntil(lambda: page.job.thread.isFinished(), timeout=5000)
    assert "it's & co" in shown(page.file_label)
    assert "Tom's & Jerry's" in shown(page.file_label)
    elbow = sizing.page(ElbowPage)
    elbow.use_file(str(f))
    assert "it's & co" in shown(elbow.data_label)


def test_kmeans_messages_with_quotes_show_as_typed(qtbot, tmp_path):
    panel = KMeansPanel()
    qtbot.addWidget(panel)
    f = tmp_path / "cells.csv"
    f.write_text("1,2\nTom's,3\n")
    assert not panel.use_file(str(f))
    assert "'Tom's'" in shown(panel.message)
