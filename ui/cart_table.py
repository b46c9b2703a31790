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

from typing import Any

from ui.delegates import CartDelegate
from ui.models import CartRow
from ui.qt import (
    QAbstractItemModel,
    QColor,
    QFont,
    QItemSelectionModel,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPointF,
    QRect,
    QRectF,
    QStaticText,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QWidget,
)
from ui.theme import COLORS

#: Rows' recorded paints kept (a few carts' worth of rows, each row in its few layouts).
_DRAWN_KEPT = 512


# A recorded call replayed on a row whose top is at ``y`` (the painter is not translated: a translated painter
# places right-aligned text at fractional x a sub-pixel differently from the delegate's own paint).
def _fill(painter: QPainter, y: int, rect: QRect, color: QColor) -> None:
    painter.fillRect(rect.translated(0, y), color)


def _set_pen(painter: QPainter, y: int, color: QColor) -> None:
    painter.setPen(color)


def _set_font(painter: QPainter, y: int, font: QFont) -> None:
    painter.setFont(font)


def _static_text(painter: QPainter, y: int, x: float, top: float, static: QStaticText) -> None:
    painter.drawStaticText(QPointF(x, top + y), static)


def _pixmap(painter: QPainter, y: int, x: int, top: int, pixmap: QPixmap) -> None:
    painter.drawPixmap(x, top + y, pixmap)


def _text(painter: QPainter, y: int, rect: QRect, flags: int, text: str) -> None:
    painter.drawText(rect.translated(0, y), flags, text)


class _Recorder:
    """The part of ``QPainter`` a cart cell's paint uses, recording each call to replay on a real painter."""

    def __init__(self) -> None:
        self._fills: list[tuple[QRect, QColor]] = []
        self._calls: list[tuple[Any, tuple[Any, ...]]] = []
        self._pen: object = None
        self._font: str | None = None

    def fillRect(self, rect: QRect, color: QColor) -> None:
        fill = (QRect(rect), QColor(color))
        self._fills.append(fill)
        self._calls.append((_fill, fill))

    def setPen(self, color: QColor) -> None:
        if color is not self._pen:
            self._pen = color
            self._calls.append((_set_pen, (QColor(color),)))

    def setFont(self, font: QFont) -> None:
        key = font.key()
        if key != self._font:
            self._font = key
            self._calls.append((_set_font, (QFont(font),)))

    def drawStaticText(self, point: QPointF, static: QStaticText) -> None:
        self._calls.append((_static_text, (point.x(), point.y(), static)))

    def drawPixmap(self, x: int, y: int, pixmap: QPixmap) -> None:
        self._calls.append((_pixmap, (x, y, pixmap)))

    def drawText(self, rect: QRect, flags: int, text: str) -> None:
        self._calls.append((_text, (QRect(rect), flags, text)))

    def calls(self) -> list[tuple[Any, tuple[Any, ...]]]:
        """The calls; when the cells' backgrounds are one band of one colour (they are: a row is one colour),
        that band filled once, first, instead of each cell's fill under its own text."""
        fills = self._fills
        first = fills[0] if fills else None
        one = first is not None and all(
            color == first[1] and rect.top() == first[0].top() and rect.height() == first[0].height()
            for rect, color in fills
        )
        if one and first is not None:
            band = QRect(first[0])
            for rect, _color in fills[1:]:
                band = band.united(rect)
            one = band.width() == sum(rect.width() for rect, _color in fills)
            if one:
                rest = [call for call in self._calls if call[0] is not _fill]
                return [(_fill, (band, first[1])), *rest]
        return self._calls


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
        #: Each row's paint as recorded (see :meth:`_record`), by the row's formatted line and its layout.
        self._drawn: dict[tuple[object, ...], tuple[object, list[tuple[Any, tuple[Any, ...]]], bool]] = {}
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
            selected = delegate.selected_row
            layout = (tuple(columns), option.font.key(), delegate.compact)
            drawn = self._drawn
            for row in range(first, last + 1):
                y, height = self.rowViewportPosition(row), self.rowHeight(row)
                line = shown(row)
                picked = row == selected
                key = (id(line), layout, height, row & 1, picked, delegate.name_lines(row, selected))
                kept = drawn.get(key)
                if kept is None or kept[0] is not line or not kept[2]:
                    # Recorded again at its second paint: a text drawn for the first time gets its size at
                    # that draw (``QStaticText.size()`` before it can differ by a few pixels), and the
                    # delegate places right-aligned text by that size.
                    settled = kept is not None and kept[0] is line
                    kept = drawn[key] = (
                        line,
                        self._record(delegate, option, row, line, columns, height),
                        settled,
                    )
                for call, args in kept[1]:
                    call(painter, y, *args)
            if right < viewport.width() and area.right() >= right:
                self._paint_empty(painter, QRect(right, 0, viewport.width() - right, bottom))
        if bottom < viewport.height() and area.bottom() >= bottom:
            self._paint_empty(painter, QRect(0, bottom, viewport.width(), viewport.height() - bottom))
        painter.end()

    def _record(
        self,
        delegate: CartDelegate,
        option: QStyleOptionViewItem,
        row: int,
        line: CartRow | None,
        columns: list[tuple[int, int, int]],
        height: int,
    ) -> list[tuple[Any, tuple[Any, ...]]]:
        """Row ``row`` painted by the delegate's own cell painting into a list of painter calls, at y = 0.

        A scan lays the cart out again and repaints every visible row (the view scrolls by the new row), but
        the rows themselves have not changed: replaying a row's recorded calls (translated to where it is
        now) skips the delegate's layout arithmetic, cache look-ups and style decisions, most of a cell's
        cost. The cells' backgrounds are one colour across the row, so they are filled once, first."""
        if len(self._drawn) >= _DRAWN_KEPT:
            self._drawn.clear()
        recorder = _Recorder()
        for col, x, width in columns:
            option.rect = QRect(x, 0, width, height)
            delegate._paint_cell(recorder, option, row, line, col)  # type: ignore[arg-type]
        return recorder.calls()

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
