"""Navigation grouped by the workflow, one-call pages, Ctrl+N, a visible focus ring, Tab in
page order and arrow keys between the wizard's choices."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QStyle, QStyleOptionButton, QWidget
from sagewise.gui import theme
from sagewise.gui.navigation import GROUPS, Navigation, focus_chain

FRAUD = "Detect fraudulent credit card transactions from tabular data, fraud is rare"




def nav_texts(nav: Navigation) -> list[str]:
    return [nav.list.item(r).text() for r in range(nav.list.count())]


def test_navigation_is_grouped_by_the_workflow(window):
    texts = nav_texts(window.nav)
    assert texts[0] == "DECIDE" and "SIZE" in texts and "LEARN" in texts
    assert texts.index("Wizard") < texts.index("Pipeline") < texts.index("PREPARE") \
        < texts.index("Data") < texts.index("SIZE") < texts.index("Sizing") \
        < texts.index("LEARN") < texts.index("Demos")
    for r in range(window.nav.list.count()):
        item = window.nav.list.item(r)
        if item.text() in window.page_titles():
            assert not item.icon().isNull(), item.text()
        else:
            assert not item.flags() & Qt.ItemFlag.ItemIsSelectable   # headings


def test_adding_a_page_is_one_call_and_keeps_shortcuts_in_order(window):
    notes = QLabel("cleaning notes")
    index = window.add_page("Prepare", "Notes", "data", notes, "Write down the cleaning.")
    titles = window.page_titles()
    assert titles.index("Notes") == index == titles.index("Data") + 1
    assert nav_texts(window.nav).index("PREPARE") < nav_texts(window.nav).index("Notes")
    window.show_page("Notes")
    assert window.stack.currentWidget() is notes
    frame = window.stack.frame(index)
    assert frame.title.text() == "Notes" and frame.purpose.text() == "Write down the cleaning."
    with pytest.raises(ValueError, match="exists already"):
        window.add_page("Prepare", "Notes", "data", QLabel(), "")
    # Ctrl+N follows the list as shown, the new page included
    shortcuts = {a.shortcut().toString(): a for a in window.view_menu.actions()}
    for n, title in enumerate(titles[:10], 1):
        shortcuts[f"Ctrl+{n % 10}"].trigger()
        assert window.nav.current_title() == title
    with pytest.raises(ValueError, match="unknown navigation group"):
        window.add_page("Elsewhere", "X", "", QWidget(), "")
    assert set(GROUPS) == {"Decide", "Prepare", "Size", "Learn"}


def test_adding_a_page_keeps_the_page_on_screen(window):
    window.show_page("Sizing")
    window.add_page("Decide", "Costs", "sizing", QLabel("p"), "Estimate the costs.")
    assert window.nav.current_title() == "Sizing"
    assert window.stack.currentWidget() is window.sizing_panel


def _button_image(has_focus: bool) -> QImage:
    from PySide6.QtWidgets import QApplication

    style = QApplication.style()
    opt = QStyleOptionButton()
    opt.rect = QRect(0, 0, 120, 32)
    opt.text = "Next"
    opt.palette = QApplication.palette()
    opt.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
    if has_focus:
        opt.state |= QStyle.StateFlag.State_HasFocus
    img = QImage(120, 32, QImage.Format.Format_ARGB32)
    img.fill(QColor(theme.color("Window")))
    p = QPainter(img)
    style.drawControl(QStyle.ControlElement.CE_PushButton, opt, p)
    p.end()
    return img


def _count_near(img: QImage, colour: str, tol: int = 40) -> int:
    target = QColor(colour)
    n = 0
    for x in range(img.width()):
        for y in range(img.height()):
            c = img.pixelColor(x, y)
            if abs(c.red() - target.red()) + abs(c.green() - target.green()) + \
                    abs(c.blue() - target.blue()) < tol:
                n += 1
    return n


@pytest.mark.parametrize("which", ["light", "dark"])
def test_focus_ring_is_visible(qapp, which):
    theme.apply(qapp, which)
    try:
        focused, plain = _button_image(True), _button_image(False)
        assert _count_near(focused, theme.color("focus")) > 100   # a 2-pixel ring
        assert _count_near(plain, theme.color("focus")) < 10
        assert theme.contrast(theme.color("focus"), theme.color("Window")) >= 3.0
    finally:
        theme.apply(qapp, "light")


def test_unchecked_radio_indicator_shows_in_the_dark_theme(qapp, qtbot):
    from PySide6.QtWidgets import QRadioButton

    theme.apply(qapp, "dark")
    try:
        b = QRadioButton("Numeric records")
        qtbot.addWidget(b)
        b.resize(200, 24)
        img = b.grab().toImage()
        assert _count_near(img, theme.color("border"), tol=30) > 10
        assert theme.contrast(theme.color("border"), theme.color("Base")) >= 3.0
    finally:
        theme.apply(qapp, "light")


def test_tab_follows_the_wizard_page(window):
    frame = window.stack.frame(0)
    chain = focus_chain(frame)
    wiz = window.wizard
    order = [wiz.describe_edit, wiz.suggest_button, wiz.blank_button, wiz.answer_list,
             wiz.back_button, wiz.next_button, wiz.finish_button]
    positions = [chain.index(w) for w in order]
    assert positions == sorted(positions)
    # and Qt's own chain follows it
    w = wiz.describe_edit
    seen = []
    for _ in range(60):
        w = w.nextInFocusChain()
        if w in order:
            seen.append(order.index(w))
        if w is wiz.finish_button:
            break
    assert seen == sorted(seen) and seen[-1] == len(order) - 1


def test_tab_goes_from_the_navigation_through_the_choices_to_the_actions(window):
    wiz = window.wizard
    wiz.describe_edit.setPlainText(FRAUD)
    wiz.suggest()
    radios = wiz.choices.buttons()
    order = [window.nav.list, *radios, wiz.answer_list, wiz.back_button, wiz.next_button,
             wiz.finish_button]
    w, seen = window.nav.list, [0]
    for _ in range(400):
        w = w.nextInFocusChain()
        if w in order and w.isVisibleTo(window):
            seen.append(order.index(w))
        if w is wiz.finish_button:
            break
    assert seen == list(range(len(order))), seen


def test_arrow_keys_move_between_choices(window, qtbot):
    wiz = window.wizard
    wiz.describe_edit.setPlainText(FRAUD)
    wiz.suggest()
    buttons = wiz.choices.buttons()
    checked = wiz.choices.checkedButton()
    i = buttons.index(checked)
    QTest.keyClick(checked, Qt.Key.Key_Down)
    assert wiz.choices.checkedButton() is buttons[(i + 1) % len(buttons)]
    QTest.keyClick(wiz.choices.checkedButton(), Qt.Key.Key_Up)
    assert wiz.choices.checkedButton() is checked


def test_arrow_keys_in_the_navigation_skip_the_group_headings(window):
    window.show_page("Pipeline")            # the last page of Decide
    QTest.keyClick(window.nav.list, Qt.Key.Key_Down)
    assert window.nav.current_title() == "Data"
    assert window.stack.currentWidget() is window.data_panel
    QTest.keyClick(window.nav.list, Qt.Key.Key_Up)
    assert window.nav.current_title() == "Pipeline"
    window.nav.setCurrentRow(0)
    QTest.keyClick(window.nav.list, Qt.Key.Key_Up)
    assert window.nav.current_title() == "Wizard"
