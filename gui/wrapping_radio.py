"""A radio button whose text wraps onto more lines: QRadioButton draws its text on one line
and cuts it at the widget's edge, which hides the end of long answers in narrow columns."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
)


class WrappingRadioButton(QRadioButton):
    """The indicator drawn by the style, the text in a word-wrapped label beside it; a click
    anywhere on the text checks the button, as with a normal radio button."""

    def __init__(self, text: str, parent=None) -> None:
        super().__init__(parent)
        self._text = text
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        opt = QStyleOptionButton()
        opt.initFrom(self)
        style = self.style()
        indent = (style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, opt, self)
                  + style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing, opt, self))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(indent + 2, 1, 0, 1)
        lay.addWidget(self.label)
        self.setAccessibleName(text)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def full_text(self) -> str:
        """The answer's text (``text()`` is empty: the label draws it)."""
        return self._text

    def hitButton(self, pos: QPoint) -> bool:  # Qt override: the text is clickable too
        return self.rect().contains(pos)

    def hasHeightForWidth(self) -> bool:  # Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # Qt override
        m = self.layout().contentsMargins()
        text = self.label.heightForWidth(max(1, width - m.left() - m.right()))
        return max(super().sizeHint().height(), text + m.top() + m.bottom())
