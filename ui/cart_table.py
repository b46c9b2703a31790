"""The cart's table: every visible cell painted by one Python call per paint, onto an opaque viewport.

A ``QTableView`` paints a cell by calling its delegate: for a Python delegate that is a painter, a style option
and an index wrapped for Python per cell, ~40 cells a scan (a row inserted lays the view out and repaints every
visible row). And the viewport was see-through (the stylesheet's rounded table), so each repaint of it painted
the window, the central widget, two stacks, the screen and the table's frame under it first. Here the view
paints its visible rows itself with the delegate's own cell painting (``CartDelegate._paint_cell``), and paints
the part of the viewport no row covers too (the table's white with its rounded border, as the stylesheet
draws it), so the viewport is opaque: a repaint of the cart stays in the cart. Each row's cell paint is
recorded once as a list of ``QPainter`` calls and replayed while the row is unchanged (see
``CartTable._record``): a scan repaints every visible row, but only the new line and the picked one changed.
Measured by ``python -m bench`` (``scan_to_screen_*``) and ``python -m bench.scan_phases``.
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
#: Texts remembered as drawn (as many as the delegate keeps laid out).
_SEEN_KEPT = 4096

#: A row's recording: its formatted line, the painter calls, whether it is final, and the texts in it.
_Drawn = tuple[object, list[tuple[Any, tuple[Any, ...]]], bool, list[QStaticText]]


class _Recorder:
    """The part of ``QPainter`` a cart cell's paint uses, recording each call (as ``QPainter``'s own method and
    its arguments) to replay on a real painter translated to the row's top."""

    def __init__(self) -> None:
        self._fills: list[tuple[QRect, QColor]] = []
        self._calls: list[tuple[Any, tuple[Any, ...]]] = []
        self._pen: object = None
        self._font: object = None
        #: The texts drawn, to tell whether each has been drawn before (see ``CartTable._seen``).
        self.texts: list[QStaticText] = []

    def fillRect(self, rect: QRect, color: QColor) -> None:
        fill = (QRect(rect), QColor(color))
        self._fills.append(fill)
        self._calls.append((QPainter.fillRect, fill))

    def setPen(self, color: QColor) -> None:
        if color is not self._pen:  # the delegate's colours are its own objects: the same one is the same pen
            self._pen = color
            self._calls.append((QPainter.setPen, (QColor(color),)))

    def setFont(self, font: QFont) -> None:
        if font is not self._font:
            self._font = font
            self._calls.append((QPainter.setFont, (QFont(font),)))

    def drawStaticText(self, point: QPointF, static: QStaticText) -> None:
        self.texts.append(static)
        self._calls.append((QPainter.drawStaticText, (QPointF(point), static)))

    def drawPixmap(self, x: int, y: int, pixmap: QPixmap) -> None:
        self._calls.append((QPainter.drawPixmap, (x, y, pixmap)))

    def drawText(self, rect: QRect, flags: int, text: str) -> None:
        self._calls.append((QPainter.drawText, (QRect(rect), flags, text)))

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
                rest = [call for call in self._calls if call[0] is not QPainter.fillRect]
                return [(QPainter.fillRect, (band, first[1])), *rest]
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
        #: Each row's paint as recorded (see :meth:`_record`), by row and layout: a row's new line replaces its
        #: recording (nothing is kept per scan), a recording is used only for the line it was made of.
        self._drawn: dict[tuple[object, ...], _Drawn] = {}
        #: The texts drawn at least once, by id (kept, so an id is not reused while it is here).
        self._seen: dict[int, QStaticText] = {}
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
                key = (row, layout, height, picked, delegate.name_lines(row, selected))
                kept = drawn.get(key)
                if kept is None or kept[0] is not line or not kept[2]:
                    kept = drawn[key] = self._record(delegate, option, row, line, columns, height)
                painter.translate(0, y)
                for call, args in kept[1]:
                    call(painter, *args)
                painter.translate(0, -y)
                if not kept[2]:
                    self._seen.update((id(text), text) for text in kept[3])
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
    ) -> _Drawn:
        """Row ``row`` painted by the delegate's own cell painting into a list of painter calls, at y = 0.

        A scan lays the cart out again and repaints every visible row (the view scrolls by the new row), but
        the rows themselves have not changed: replaying a row's recorded calls (the painter translated to
        where the row is now) skips the delegate's layout arithmetic, cache look-ups and style decisions, most
        of a cell's cost. The cells' backgrounds are one colour across the row, so they are filled once, first.

        A recording is kept for good ("settled") only when every text in it had been drawn before: a
        ``QStaticText`` gets its final size at its first draw (before, ``size()`` can differ by a few pixels)
        and the delegate places right-aligned text by that size, so a row with a new text is recorded again at
        its next paint, as the delegate's own paint would place it then."""
        drawn, seen = self._drawn, self._seen
        if len(drawn) >= _DRAWN_KEPT:
            drawn.clear()
        if len(seen) >= _SEEN_KEPT:
            seen.clear()
        recorder = _Recorder()
        for col, x, width in columns:
            option.rect = QRect(x, 0, width, height)
            delegate._paint_cell(recorder, option, row, line, col)  # type: ignore[arg-type]
        texts = recorder.texts
        settled = all(seen.get(id(text)) is text for text in texts)
        return (line, recorder.calls(), settled, texts)

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
