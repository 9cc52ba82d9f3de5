"""Text stays readable in both themes: WCAG AA (4.5:1) over the palette roles, the named
colours, every stylesheet the app sets and every coloured rich text it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget
from sagewise.gui import theme

AA = 4.5
GUI = Path(__file__).resolve().parents[2] / "gui"
# gui/sizing (i11k) and gui/demos (i14) move to theme.color() in their own branches
PALETTES = ("theme.py", "demo_colours.py")   # where colours are defined
OWN = [p for p in GUI.rglob("*.py") if p.name not in PALETTES]
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
TEXT_PAIRS = [("WindowText", "Window"), ("Text", "Base"), ("ButtonText", "Button"),
              ("HighlightedText", "Highlight"), ("ToolTipText", "ToolTipBase"),
              ("PlaceholderText", "Base"), ("Link", "Base"), ("Link", "Window"),
              ("Text", "AlternateBase")]


@pytest.mark.parametrize("which", ["light", "dark"])
def test_palette_roles_read_at_aa(which):
    roles = theme.ROLES[which]
    for fg, bg in TEXT_PAIRS:
        ratio = theme.contrast(roles[fg], roles[bg])
        assert ratio >= AA, f"{which}: {fg} on {bg} is {ratio:.2f}:1"


@pytest.mark.parametrize("which", ["light", "dark"])
def test_named_text_colours_read_at_aa_on_their_backgrounds(which):
    for name, backgrounds in theme.TEXT_ON.items():
        for bg in backgrounds:
            ratio = theme.contrast(theme.color(name, which), theme.color(bg, which))
            assert ratio >= AA, f"{which}: {name} on {bg} is {ratio:.2f}:1"


def test_disabled_text_is_still_distinguishable():
    for which in ("light", "dark"):
        ratio = theme.contrast(theme.DISABLED[which]["Text"], theme.ROLES[which]["Window"])
        assert ratio >= 3.0, f"{which}: disabled text {ratio:.2f}:1"


def test_no_hard_coded_text_colours_in_the_gui_code():
    """Colours come from gui/theme.py, so both themes can be checked in one place."""
    offenders = []
    for path in OWN:
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if HEX.search(line) and ("color" in line or "setStyleSheet" in line
                                     or "QColor(" in line):
                offenders.append(f"{path.relative_to(GUI.parent)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_wcag_formula():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


COLOUR = re.compile(r"(?<![-\w])(color|background(?:-color)?)\s*:\s*(#[0-9a-fA-F]{3,6}|"
                    r"palette\((\w+)\))")


def _css_colour(value: str, role: str | None, widget: QWidget) -> str:
    if role:
        roles = {"mid": "Mid", "text": "Text", "window-text": "WindowText", "windowtext":
                 "WindowText", "base": "Base", "window": "Window", "highlight": "Highlight",
                 "link": "Link", "dark": "Dark", "light": "Light"}
        from PySide6.QtGui import QPalette

        return widget.palette().color(getattr(QPalette.ColorRole, roles[role.lower()])).name()
    return value


def _shown_colours(window) -> list[tuple[str, str, str]]:
    """(where, text colour, background colour) for every stylesheet and coloured rich
    text in the window (the sizing and demo panels move to theme colours in i11k's and
    i14's branches)."""
    out = []
    others = (window.sizing_panel, window.demos_panel)
    for w in window.findChildren(QWidget):
        if any(o is w or o.isAncestorOf(w) for o in others):
            continue
        css = w.styleSheet()
        found = {m.group(1).startswith("background"): _css_colour(m.group(2), m.group(3), w)
                 for m in COLOUR.finditer(css)}
        on_base = isinstance(w, (QLineEdit, QPlainTextEdit))
        bg_default = w.palette().base().color().name() if on_base else \
            w.palette().window().color().name()
        if False in found:
            out.append((f"{w.objectName() or type(w).__name__} stylesheet", found[False],
                        found.get(True, bg_default)))
        if isinstance(w, QLabel):
            for m in re.finditer(r"color\s*:\s*(#[0-9a-fA-F]{3,6})", w.text()):
                out.append((f"{w.objectName() or 'label'} text", m.group(1), bg_default))
    return out


@pytest.mark.parametrize("which", ["light", "dark"])
def test_every_stylesheet_and_coloured_text_reads_at_aa(qapp, qtbot, which):
    from sagewise.gui.main_window import MainWindow

    theme.apply(qapp, which)
    try:
        window = MainWindow(restore=False)
        qtbot.addWidget(window)
        wiz = window.wizard
        wiz.suggest()                            # an error message (empty description)
        shown = _shown_colours(window)
        wiz.describe_edit.setPlainText("Flag card fraud in labelled transactions; fraud is "
                                       "rare and predictions must be real time.")
        wiz.suggest()                            # a suggestion, notes under each choice
        shown += _shown_colours(window)
        wiz.start("")
        wiz.next()                               # "pick an answer" error
        shown += _shown_colours(window)
        window.show_page("Decision graph")
        shown += _shown_colours(window)
        assert len(shown) >= 5                   # the walk really found coloured text
        bad = [f"{where}: {fg} on {bg} = {theme.contrast(fg, bg):.2f}:1"
               for where, fg, bg in shown if theme.contrast(fg, bg) < AA]
        assert not bad, "\n".join(bad)
        window.shutdown()
    finally:
        theme.apply(qapp, "light")
