"""The cart's table: every visible cell painted by one Python call per paint, onto an opaque viewport.

A ``QTableView`` paints a cell by calling its delegate: for a Python delegate that is a painter, a style option
and an index wrapped for Python per cell, ~40 cells a scan (a row inserted lays the view out and repaints every
visible row). And the viewport was see-through (the stylesheet's rounded table), so each repaint of it painted
the window, the central widget, two stacks, the screen and the table's frame under it first. Here the view
paints its visible rows itself with the delegate's own cell painting (``CartDelegate._paint_cell``), and paints
the part of the viewport no row covers too (the table's white with its rounded border, as the stylesheet
draws it), so the viewport is opaque: a repaint of the cart stays in the cart. Measured by ``python -m bench``
(``scan_to_screen_*``).
"""

from __future__ import annotations

from ui.delegates import CartDelegate
from ui.qt import (
    QAbstractItemModel,
    QColor,
    QItemSelectionModel,
    QPainter,
    QPaintEvent,
    QPen,
    QRect,
    QRectF,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QWidget,
)
from ui.theme import COLORS

#: The stylesheet's table corners (``resources/styles/pos.qss``: ``QTableView { border-radius: 12px }``).
FRAME_RADIUS = 12.0


class CartTable(QTableView):
    """A ``QTableView`` whose paint is one Python call (see the module docstring); the delegate set with
    :meth:`use_delegate` paints the cells, as it does for any other caller."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cells: CartDelegate | None = None
        self._option = QStyleOptionViewItem()
        self._outside = QColor(COLORS["bg"])
        self._inside = QColor(COLORS["card"])
        self._border = QPen(QColor(COLORS["line"]))
        # Every pixel of the viewport is painted by paintEvent: nothing under it needs painting first.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """The model; the header gets a selection model of its own that nothing selects in: with the view's,
        every scan's new picked line (a whole row: every column) repainted the header too, for a highlight the
        cart does not show (``setHighlightSections(False)``)."""
        super().setModel(model)
        if model is not None:
            self.horizontalHeader().setSelectionModel(QItemSelectionModel(model, self))

    def use_delegate(self, delegate: CartDelegate) -> None:
        """The cart's delegate: every cell's and the paint's."""
        self._cells = delegate
        self.setItemDelegate(delegate)

    def paintEvent(self, event: QPaintEvent) -> None:
        delegate, model = self._cells, self.model()
        if delegate is None or model is None:
            super().paintEvent(event)
            return
        viewport = self.viewport()
        area = event.rect()
        painter = QPainter(viewport)
        rows = model.rowCount()
        first = self.rowAt(area.top()) if rows else -1
        bottom = self.rowViewportPosition(rows - 1) + self.rowHeight(rows - 1) if rows else 0
        if first >= 0:
            last = self.rowAt(area.bottom())
            last = rows - 1 if last < 0 else last
            option = self._option
            option.font = self.font()
            columns = []
            right = 0
            for col in range(model.columnCount()):
                if self.isColumnHidden(col):
                    continue
                x, width = self.columnViewportPosition(col), self.columnWidth(col)
                right = max(right, x + width)
                if x + width > area.left() and x <= area.right():
                    columns.append((col, x, width))
            shown = delegate.model.shown
            paint = delegate._paint_cell
            for row in range(first, last + 1):
                y, height = self.rowViewportPosition(row), self.rowHeight(row)
                line = shown(row)
                for col, x, width in columns:
                    option.rect = QRect(x, y, width, height)
                    paint(painter, option, row, line, col)
            if right < viewport.width() and area.right() >= right:
                self._paint_empty(painter, QRect(right, 0, viewport.width() - right, bottom))
        if bottom < viewport.height() and area.bottom() >= bottom:
            self._paint_empty(painter, QRect(0, bottom, viewport.width(), viewport.height() - bottom))
        painter.end()

    def _paint_empty(self, painter: QPainter, empty: QRect) -> None:
        """What the stylesheet shows where no row is: the table's white inside its rounded border."""
        painter.save()
        painter.setClipRect(empty)
        painter.fillRect(empty, self._outside)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        frame = QRectF(self.rect().translated(-self.viewport().pos())).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(self._border)
        painter.setBrush(self._inside)
        painter.drawRoundedRect(frame, FRAME_RADIUS, FRAME_RADIUS)
        painter.restore()
