"""The graph's explanation, made readable in a narrow panel without changing what is copied.

Answers with their effects are nested lists in the knowledge text; two levels of bullets
leave little width, and long identifiers (``positive_example_weight_mult``) then break in
the middle of a word. For display only: each answer becomes a paragraph with a flat list of
its effects, and a zero-width space after each underscore lets a line break there instead.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QTextBrowser

BREAK = "\u200b"  # zero-width space: an allowed line break that draws nothing
_IDENTIFIER = re.compile(r"\w+_\w+")


def breakable(text: str) -> str:
    """Allow a line break after each underscore inside identifiers."""
    return _IDENTIFIER.sub(lambda m: m.group(0).replace("_", "_" + BREAK), text)


def flat_answers(markdown: str) -> str:
    """Where answers carry nested effects, each answer becomes a paragraph followed by a flat
    list of its effects (one level of indentation instead of two)."""
    lines = markdown.split("\n")
    if not any(line.startswith("    - ") for line in lines):
        return markdown
    out: list[str] = []
    for line in lines:
        if line.startswith("- "):
            out += ["", line[2:], ""]
        elif line.startswith("    - "):
            out.append(line[4:])
        else:
            out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))


def display_markdown(markdown: str) -> str:
    """What the details panel shows for this knowledge text."""
    return breakable(flat_answers(markdown))


class DetailsBrowser(QTextBrowser):
    """A text browser whose copied selection carries no zero-width spaces."""

    def createMimeDataFromSelection(self) -> QMimeData:  # Qt override
        data = QMimeData()
        data.setText(self.textCursor().selectedText().replace(BREAK, "")
                     .replace("\u2029", "\n"))
        return data
