"""The Data page's column table: one row per column, with a small distribution bar chart.

The model shows what :class:`knowledge.data.profile.ColumnProfile` computed; the delegate
draws each column's histogram (numbers) or top-value bars (categories) in its cell, so
the whole table reads at a glance without opening each column.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyle, QStyledItemDelegate
from sagewise.gui import theme
from sagewise.gui.models.table_model import RowsModel

HEADERS = ("Column", "Kind", "Distribution", "Missing", "Distinct", "Skew")
DIST_COLUMN = 2
KINDS = ("numeric", "categorical", "text", "datetime", "boolean", "id", "constant")


def kind_colour(kind: str) -> QColor:
    """The colour of a column kind in the scheme in use (gui/theme.py names them)."""
    return theme.qcolor(f"kind_{kind}" if kind in KINDS else "kind_numeric")


def _skew(v) -> str:
    return "" if v is None else f"{v:+.2f}"


class ColumnsModel(RowsModel):
    """Rows are ``ColumnProfile.to_dict()`` dicts (rows, reset and headers from RowsModel)."""

    def __init__(self) -> None:
        super().__init__(list(HEADERS))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (r["name"], r["kind"], "", f"{r['missing_fraction']:.1%}",
                    f"{r['unique']:,}" + ("" if r.get("unique_exact", True) else " (est.)"),
                    _skew(r.get("skew")))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(r)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return kind_colour(r["kind"])
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return ("Column name", "What the column holds (and why, in its tooltip)",
                    "Histogram, rows over time, or most frequent values",
                    "Share of rows with no value", "Distinct values ('est.' = estimated)",
                    "Skewness: above +1 a long right tail")[section]
        return super().headerData(section, orientation, role)


def _tooltip(r: dict) -> str:
    lines = [f"{r['name']}: {r['kind']} - {r.get('why_kind', '')}",
             f"missing {r['missing']:,} of {r['count']:,}"]
    if r.get("mean") is not None:
        lines.append(f"min {r['min']:.4g}, max {r['max']:.4g}, mean {r['mean']:.4g}, "
                     f"std {r['std'] or 0:.4g}")
    elif r.get("min") is not None:
        lines.append(f"from {r['min']} to {r['max']}")
    if r.get("outlier_fraction"):
        lines.append(f"outliers (beyond 1.5 IQR, sample): {r['outlier_fraction']:.1%}")
    if r.get("text_mean_length") is not None:
        lines.append(f"length: mean {r['text_mean_length']:.1f}, max {r['text_max_length']}")
    if r.get("vocabulary"):
        lines.append(f"vocabulary: {r['vocabulary']:,} words (sample)")
    if r.get("top"):
        top = ", ".join(f"{v} ({c:,})" for v, c in r["top"][:5])
        lines.append(f"top: {top}" + (" (sample)" if r.get("top_from_sample") else ""))
    return "\n".join(lines)


class DistributionDelegate(QStyledItemDelegate):
    """Draws a row's histogram (or top-value bars) inside its Distribution cell."""

    def paint(self, painter, option, index) -> None:
        if index.column() != DIST_COLUMN:
            super().paint(painter, option, index)
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(option.rect, option.palette.highlight())
        r = index.data(Qt.ItemDataRole.UserRole) or {}
        bars = [c for _, c in r.get("histogram") or []]
        if not bars:
            return
        peak = max(bars) or 1
        rect = QRectF(option.rect).adjusted(4, 3, -4, -3)
        width = rect.width() / len(bars)
        colour = (option.palette.highlightedText().color() if selected
                  else kind_colour(r.get("kind", "")))
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for i, c in enumerate(bars):
            h = rect.height() * c / peak
            painter.drawRect(QRectF(rect.left() + i * width + 0.5, rect.bottom() - h,
                                    max(1.0, width - 1.0), h))
        painter.restore()
