"""Window sizes that fit the screen: a first size scaled down to the available area and a
restored geometry pulled back onto it (a smaller screen, a different scale factor)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication

MARGIN = 0.95  # use at most this share of the available screen at first start


def available(window) -> QRect:
    """The screen area the window may use (without task bars), in device-independent
    pixels."""
    screen = window.screen() if window.screen() is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1920, 1080)


def fitted_size(window, width: int, height: int) -> QSize:
    """A preferred size shrunk to fit the available screen."""
    area = available(window)
    return QSize(min(width, int(area.width() * MARGIN)), min(height, int(area.height() * MARGIN)))


def clamp_to_screen(window) -> None:
    """Pull the window (frame included) fully onto the available screen, shrinking it when
    it is larger than the screen."""
    area = available(window)
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    w = max(window.minimumWidth(), min(window.width(), area.width() - extra_w))
    h = max(window.minimumHeight(), min(window.height(), area.height() - extra_h))
    if (w, h) != (window.width(), window.height()):
        window.resize(w, h)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    window.move(max(x, area.left()), max(y, area.top()))
