"""The page navigation grouped by the workflow, and the frame every page sits in.

Navigation lists pages under group headings (Decide / Prepare / Size / Learn) with icons;
page indexes count pages only, in the order shown, so Ctrl+N opens the N-th page listed.
PageFrame gives every page the same header (title + one-line purpose), a content area that
scrolls instead of clipping on small screens, and an action bar at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sagewise.gui import theme
from sagewise.gui.icons import icon

GROUPS = ("Decide", "Prepare", "Size", "Learn")
PAGE_ROLE = Qt.ItemDataRole.UserRole


class Navigation(QWidget):
    """Grouped page list. Speaks in page indexes (headers are not pages)."""

    currentRowChanged = Signal(int)
    """The page index shown (0 = first page listed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.list = QListWidget(objectName="navigation_list")
        self.list.setIconSize(QSize(20, 20))
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setFixedWidth(176)
        self.list.setSpacing(1)
        self.titles: list[str] = []
        self.groups: list[str] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list)
        self.list.currentRowChanged.connect(self._on_row_changed)

    def setToolTip(self, text: str) -> None:
        """The tip shows on the list."""
        self.list.setToolTip(text)

    # ---- building

    def add_page(self, group: str, title: str, icon_name: str = "") -> int:
        """Add a page at the end of its group; returns its page index."""
        if group not in GROUPS:
            raise ValueError(f"unknown navigation group {group!r}; use one of {GROUPS}")
        if title in self.titles:
            raise ValueError(f"a page called {title!r} exists already")
        order = GROUPS.index(group)
        index = sum(1 for g in self.groups if GROUPS.index(g) <= order)
        self.titles.insert(index, title)
        self.groups.insert(index, group)
        current = self.currentRow()
        self._rebuild(icon_name, title)
        if current >= 0:
            self.setCurrentRow(current + (1 if index <= current else 0))
        return index

    def _rebuild(self, new_icon: str, new_title: str) -> None:
        icons = getattr(self, "_icons", {})
        icons[new_title] = new_icon
        self._icons = icons
        self.list.blockSignals(True)
        self.list.clear()
        last = ""
        for page, (title, group) in enumerate(zip(self.titles, self.groups, strict=True)):
            if group != last:
                header = QListWidgetItem(group.upper())
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                font = QFont(self.list.font())
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 0.85)
                header.setFont(font)
                header.setForeground(theme.qcolor("nav_group"))
                header.setSizeHint(QSize(160, 30))
                self.list.addItem(header)
                last = group
            item = QListWidgetItem(icon(icons.get(title, "")), title)
            item.setData(PAGE_ROLE, page)
            item.setSizeHint(QSize(160, 30))
            shortcut = f"Ctrl+{page + 1}" if page < 9 else ""
            item.setToolTip(f"{title} ({shortcut})" if shortcut else title)
            self.list.addItem(item)
        self.list.blockSignals(False)

    # ---- page indexes

    def _row_of(self, page: int) -> int:
        for row in range(self.list.count()):
            if self.list.item(row).data(PAGE_ROLE) == page:
                return row
        return -1

    def count(self) -> int:
        """Number of pages."""
        return len(self.titles)

    def currentRow(self) -> int:
        """The page index shown (-1 before any)."""
        item = self.list.currentItem()
        page = item.data(PAGE_ROLE) if item is not None else None
        return -1 if page is None else int(page)

    def setCurrentRow(self, page: int) -> None:
        """Show a page by index (out of range: the nearest page)."""
        if not self.titles:
            return
        page = max(0, min(page, len(self.titles) - 1))
        self.list.setCurrentRow(self._row_of(page))

    def current_title(self) -> str:
        """The title of the page shown ("" before any)."""
        page = self.currentRow()
        return self.titles[page] if page >= 0 else ""

    def index_of(self, title: str) -> int:
        """The page index of a title (ValueError if unknown)."""
        return self.titles.index(title)

    def _on_row_changed(self, row: int) -> None:
        item = self.list.item(row)
        page = item.data(PAGE_ROLE) if item is not None else None
        if page is not None:
            self.currentRowChanged.emit(int(page))


class _FlatLayout(QVBoxLayout):
    """A layout that hides heightForWidth from the scroll area: a page fills the visible
    area and scrolls only below its minimum size (word-wrapped labels in a narrow column
    would otherwise ask for a page several screens tall)."""

    def hasHeightForWidth(self) -> bool:
        return False


def _host(content: QWidget) -> QWidget:
    host = QWidget(objectName="page_content")
    lay = _FlatLayout(host)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(content)
    return host


class PageFrame(QWidget):
    """Header (title + purpose), scrolling content, action bar: the same on every page.

    The content is either given or built by ``build()`` the first time the page is needed
    (shown, or asked for by code): the window opens without building pages nobody looked at.
    """

    def __init__(self, title: str, purpose: str, content: QWidget | None = None,
                 parent: QWidget | None = None, *,
                 build: Callable[[], QWidget] | None = None) -> None:
        super().__init__(parent)
        if (content is None) == (build is None):
            raise ValueError("PageFrame needs either content or build")
        self.panel: QWidget | None = None
        self._build = build
        self._building = False
        self.setObjectName(f"page_{(content.objectName() if content else '') or title}")
        self.title = QLabel(title, objectName="page_title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.purpose = QLabel(purpose, objectName="page_purpose")
        self.purpose.setWordWrap(True)
        theme.mute(self.purpose)
        header = QHBoxLayout()  # one line: title, then its purpose (saves height on laptops)
        header.setSpacing(14)
        header.addWidget(self.title, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.purpose, 1, Qt.AlignmentFlag.AlignVCenter)
        self.scroll = QScrollArea(objectName="page_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.action_bar = QWidget(objectName="action_bar")
        self.actions_left = QHBoxLayout()
        self.actions_right = QHBoxLayout()
        bar = QHBoxLayout(self.action_bar)
        bar.setContentsMargins(0, 4, 0, 0)
        bar.addLayout(self.actions_left)
        bar.addStretch(1)
        bar.addLayout(self.actions_right)
        self.action_bar.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 6, 12, 6)
        lay.setSpacing(6)
        lay.addLayout(header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        lay.addWidget(line)
        lay.addWidget(self.scroll, 1)
        lay.addWidget(self.action_bar)
        if content is not None:
            self._set_content(content)

    @property
    def built(self) -> bool:
        """Is the page's content there (False until a built-on-demand page is needed)?"""
        return self.panel is not None

    def ensure_built(self) -> QWidget:
        """The page's content, built now if it was not yet."""
        if self.panel is None:
            if self._building:
                raise RuntimeError(f"{self.title.text()} page asked for itself while being built")
            self._building = True
            try:
                self._set_content(self._build())
            finally:
                self._building = False
        return self.panel

    def _set_content(self, content: QWidget) -> None:
        self.panel = content
        self.scroll.setWidget(_host(content))
        actions = getattr(content, "action_widgets", None)
        if callable(actions):
            left, right = actions()
            self.set_actions(left, right)

    def set_actions(self, left: list[QWidget], right: list[QWidget]) -> None:
        """Put buttons in the action bar (left: going back; right: going on)."""
        for w in left:
            self.actions_left.addWidget(w)
        for w in right:
            self.actions_right.addWidget(w)
        self.action_bar.setVisible(bool(left or right))


def tab_in_page_order(widget: QWidget) -> None:
    """After a page adds widgets (e.g. new choices), put Tab back in the order shown: the
    whole page frame when the widget sits in one, else the widget itself."""
    frame = widget
    while frame is not None and not isinstance(frame, PageFrame):
        frame = frame.parentWidget()
    follow_layout_order(frame or widget)


def chain_pages(first: QWidget, frames: list[QWidget]) -> None:
    """Tab from `first` (the navigation) into the page on screen, then back round: hidden
    pages' widgets are skipped by Qt, so one chain through all pages works."""
    chain = [first] + [w for f in frames for w in focus_chain(f)]
    for a, b in pairwise(chain):
        QWidget.setTabOrder(a, b)


def focus_chain(root: QLayout | QWidget) -> list[QWidget]:
    """Focusable widgets in the order their layouts show them (top to bottom, left to
    right as laid out), descending into child widgets' layouts and scroll areas."""
    out: list[QWidget] = []

    def visit_widget(w: QWidget) -> None:
        if isinstance(w, QScrollArea) and w.widget() is not None:
            visit_widget(w.widget())
            return
        if isinstance(w, QSplitter):
            for i in range(w.count()):
                visit_widget(w.widget(i))
            return
        if isinstance(w, QTabWidget):
            out.append(w.tabBar())
            for i in range(w.count()):
                visit_widget(w.widget(i))
            return
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            out.append(w)
        if w.layout() is not None:
            visit_layout(w.layout())

    def visit_layout(lay: QLayout) -> None:
        for i in range(lay.count()):
            item = lay.itemAt(i)
            if item.widget() is not None:
                visit_widget(item.widget())
            elif item.layout() is not None:
                visit_layout(item.layout())

    visit_widget(root) if isinstance(root, QWidget) else visit_layout(root)
    return out


def follow_layout_order(root: QWidget) -> None:
    """Make Tab follow the page as laid out."""
    chain = focus_chain(root)
    for a, b in pairwise(chain):
        QWidget.setTabOrder(a, b)


class PageStack(QStackedWidget):
    """The stacked page frames, addressed by the panels inside them: currentWidget(),
    widget() and indexOf() speak of the panel, so code can keep asking
    ``stack.currentWidget() is window.graph``. A page is built when it is first shown;
    asking for an unbuilt page's panel gives its frame (nothing is built to answer)."""

    sig_built = Signal(int)   # a page's content was just built (its index)

    def frame(self, index: int) -> PageFrame | None:
        """The frame (header + content + action bar) of a page."""
        return super().widget(index)

    def currentWidget(self) -> QWidget | None:
        return self._panel_or_frame(super().currentWidget())

    def widget(self, index: int) -> QWidget | None:
        return self._panel_or_frame(super().widget(index))

    @staticmethod
    def _panel_or_frame(frame: QWidget | None) -> QWidget | None:
        panel = getattr(frame, "panel", None)
        return frame if panel is None else panel

    def indexOf(self, widget: QWidget) -> int:
        for i in range(self.count()):
            if super().widget(i) is widget or self.widget(i) is widget:
                return i
        return -1

    def setCurrentWidget(self, widget: QWidget) -> None:
        self.setCurrentIndex(self.indexOf(widget))

    def setCurrentIndex(self, index: int) -> None:
        """Show a page, building it first if this is its first showing."""
        self.ensure_built(index)
        super().setCurrentIndex(index)

    def ensure_built(self, index: int) -> QWidget | None:
        """A page's panel, built now if needed (sig_built tells who wires it up)."""
        frame = super().widget(index)
        if not isinstance(frame, PageFrame):
            return frame
        if frame.built:
            return frame.panel
        panel = frame.ensure_built()
        self.sig_built.emit(index)
        return panel
