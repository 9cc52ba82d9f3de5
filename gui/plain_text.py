"""Showing text from files and messages in Qt widgets that guess rich text.

A QLabel or tooltip in Qt's default AutoText mode renders anything that looks like HTML:
a CSV column named ``<b>x</b>`` would turn bold and ``<img src=...>`` would try to load an
image. Text that came from a file or quotes one goes through :func:`rich_text` (a whole
label) or :func:`escape_html` (a piece inside the label's own markup).
"""

from __future__ import annotations

from html import escape


def escape_html(text: object) -> str:
    """``text`` made safe to embed in rich text (quotes stay as they are)."""
    return escape(str(text), quote=False)


def rich_text(text: object) -> str:
    """``text`` as rich text that Qt shows literally: escaped, and inside a tag so that
    Qt's guess still reads it as rich text and decodes the escapes."""
    return f"<span>{escape_html(text)}</span>"
