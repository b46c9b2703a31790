"""A Qt table model over a core report ``Table`` (``pos.reports.table``): headings in the current language,
money and quantities right-aligned and formatted, negatives in red, the totals row in bold.

A table the core builds carries its headings in both of the core's languages; a table a screen builds itself
(the products it found, the lines of a delivery) names its columns with ``tr`` through :func:`gui_column`, so
every word the GUI writes goes through the translation files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pos.money import format_vnd
from pos.reports.table import Column, Table
from ui.formatting import money, qty
from ui.i18n import current_language, decimal_point
from ui.qt import QAbstractTableModel, QBrush, QColor, QFont, QModelIndex, QPersistentModelIndex, Qt
from ui.theme import COLORS

NUMERIC = ("money", "qty", "int", "pct")
Index = QModelIndex | QPersistentModelIndex


def gui_column(key: str, title: str, kind: str = "text") -> Column:
    """A column a screen names itself: ``title`` is already in the current language (``tr``), so it fills both of
    the core's language slots."""
    return Column(key, title, title, kind)


def gui_table(key: str, title: str, columns: tuple[Column, ...], rows: tuple[tuple[Any, ...], ...]) -> Table:
    """A table a screen builds itself, its ``title`` already translated (see :func:`gui_column`)."""
    return Table(key, title, title, columns, rows)


class ReportTableModel(QAbstractTableModel):
    def __init__(self, table: Table | None = None, *, compact: bool = False) -> None:
        super().__init__()
        self._table = table
        self.compact = compact  # money without the ₫ sign, for wide tables (the heading says đồng)

    def set_table(self, table: Table | None) -> None:
        self.beginResetModel()
        self._table = table
        self.endResetModel()

    @property
    def table(self) -> Table | None:
        return self._table

    def _rows(self) -> list[tuple[Any, ...]]:
        if self._table is None:
            return []
        return list(self._table.rows) + ([self._table.totals] if self._table.totals is not None else [])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else len(self._table.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._table is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._table.columns[section].title(current_language())
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._table is None or not index.isValid():
            return None
        rows = self._rows()
        value = rows[index.row()][index.column()]
        column = self._table.columns[index.column()]
        totals = self._table.totals is not None and index.row() == len(rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            if self.compact and column.kind == "money" and isinstance(value, int):
                return format_vnd(value, symbol=False)
            return self.text(column.kind, value)
        if role == Qt.ItemDataRole.ToolTipRole and column.kind == "text":
            return self.text(column.kind, value) or None  # names cut short in a narrow column
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.kind in NUMERIC else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        negative = isinstance(value, int) and value < 0
        if role == Qt.ItemDataRole.ForegroundRole and column.kind in ("money", "qty", "int") and negative:
            return QBrush(QColor(COLORS["danger"]))
        if role == Qt.ItemDataRole.FontRole and totals:
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def text(kind: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if kind == "money":
            return money(int(value))
        if kind == "qty":
            return qty(int(value), current_language())
        if kind == "pct":
            return f"{float(value):g}%".replace(".", decimal_point())
        if isinstance(value, dt.date):
            return f"{value:%d/%m/%Y}"
        return str(value)
