"""Painting rows that carry more than one line: a product's name over its details and gentle warnings."""

from __future__ import annotations

from pathlib import Path

from pos.catalogue.lookup import ProductInfo
from ui.formatting import stars
from ui.models import CartModel, CartRow, CartRows, SubtitleRole, WarningRole
from ui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QHeaderView,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPainter,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    QStaticText,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
)
from ui.theme import COLORS, icon_pixmap, product_pixmap

Index = QModelIndex | QPersistentModelIndex


class _Fonts:
    """The title and small fonts for a view's font, with their metrics, made once per font (a paint asks for
    them for every cell)."""

    def __init__(self, base: QFont) -> None:
        self.title = QFont(base)
        self.title.setBold(True)
        self.small = QFont(base)
        self.small.setPointSizeF(base.pointSizeF() * 0.82)
        self.tm = QFontMetrics(self.title)
        self.sm = QFontMetrics(self.small)
        # the fonts' keys, asked once (a cell's laid-out text is looked up by them)
        self.base_key = base.key()
        self.title_key = self.title.key()
        self.small_key = self.small.key()


_FONTS: dict[str, _Fonts] = {}
#: The alignment flags as plain ints: a cell tests them on every paint, and a Qt enum's ``&`` costs a Python call.
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight)
_ALIGN_HCENTER = int(Qt.AlignmentFlag.AlignHCenter)
_ALIGN_RIGHT_VCENTER = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


#: The font last asked for and its fonts: a paint asks for the same font cell after cell, and comparing two fonts
#: is far cheaper than ``QFont.key()`` (the font written out as a string, ~20 µs).
_LAST_FONTS: list[tuple[QFont, _Fonts]] = []


def _fonts_for(base: QFont) -> _Fonts:
    if _LAST_FONTS and _LAST_FONTS[0][0] == base:
        return _LAST_FONTS[0][1]
    key = base.key()
    fonts = _FONTS.get(key)
    if fonts is None:
        fonts = _FONTS[key] = _Fonts(base)
    _LAST_FONTS[:] = [(QFont(base), fonts)]
    return fonts


def wrap_lines(text: str, fm: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``max_lines`` lines of ``width`` px, the last one elided (``…``)
    when the text does not fit: what is left out is always marked."""
    words = text.split()
    whole = " ".join(words)
    if fm.horizontalAdvance(whole) <= width:  # one line (most names): measured once, not word by word
        return [whole]
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        if fm.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:  # the rest joins the last line shown, which is then elided
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    lines = lines or [""]
    lines[-1] = fm.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)
    return lines


class NameDelegate(QStyledItemDelegate):
    """The cart's product column: name (bold, up to two lines), details (muted), warning (amber, up to two lines).

    ``compact`` (a 1024-pixel screen, the stars and unit price columns hidden): the unit price and the stars join
    the details line, read from the row's own cells, so the name gets the width; a name too long for one line
    shows whole on the picked line (the one just scanned, or tapped) and in the tooltip, so eight lines fit.

    Measuring a name means breaking it into lines word by word; the result is kept per (font, text, width,
    lines), so a row is measured once, not on every paint or layout. :class:`RowHeights` sets the rows' heights
    from it.
    """

    _WRAPS_KEPT = 512
    compact = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wraps: dict[tuple[str, str, int, int], list[str]] = {}

    def name_lines(self, row: int, selected_row: int) -> int:
        """How many lines a name may take: two, or on a compact screen one but on the picked line."""
        return 2 if not self.compact or row == selected_row else 1

    def _name_lines(self, option: QStyleOptionViewItem, index: Index) -> int:
        view = option.widget
        selection = view.selectionModel() if view is not None and hasattr(view, "selectionModel") else None
        picked = selection is not None and selection.isRowSelected(index.row())
        return self.name_lines(index.row(), index.row() if picked else -1)

    def _subtitle(self, index: Index) -> str:
        sub = str(index.data(SubtitleRole) or "")
        if not self.compact:
            return sub
        extra = [
            str(index.sibling(index.row(), c).data() or "")
            for c in (CartModel.COL_PRICE, CartModel.COL_STARS)
        ]
        return " · ".join(p for p in (sub, *extra) if p)

    def _width(self, option: QStyleOptionViewItem, index: Index) -> int:
        view = option.widget
        if view is not None and hasattr(view, "columnWidth"):
            return max(60, int(view.columnWidth(index.column())) - 16)
        return max(60, option.rect.width() - 16)

    def _wrapped(self, fm: QFontMetrics, font_key: str, text: str, width: int, max_lines: int) -> list[str]:
        key = (font_key, text, width, max_lines)
        wrapped = self._wraps.get(key)
        if wrapped is None:
            if len(self._wraps) >= self._WRAPS_KEPT:
                self._wraps.clear()
            wrapped = self._wraps[key] = wrap_lines(text, fm, width, max_lines)
        return wrapped

    def lines(self, fonts: _Fonts, font_key: str, text: str, width: int, max_lines: int = 2) -> list[str]:
        """The name broken into at most ``max_lines`` lines of ``width`` px (cached)."""
        return self._wrapped(fonts.tm, font_key, text, width, max_lines)

    def warning_lines(self, fonts: _Fonts, font_key: str, warning: str, width: int) -> list[str]:
        """The warning beside its icon, whole on up to two lines (it is why the line is amber; cached)."""
        return self._wrapped(fonts.sm, "w" + font_key, warning, width - fonts.sm.height() - 2, 2)

    def height(self, font: QFont, text: str, width: int, warning: str, name_lines: int = 2) -> int:
        """The row height for a name of ``text`` on at most ``name_lines`` lines in a column ``width`` px wide
        (text width), and its ``warning`` if any."""
        fonts = _fonts_for(font)
        n = len(self.lines(fonts, fonts.base_key, text, width, name_lines))
        h = fonts.tm.height() * n + fonts.sm.height() + (9 if self.compact else 18)
        if warning:
            h += (fonts.sm.height() + 2) * len(self.warning_lines(fonts, fonts.base_key, warning, width))
        return h

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        warning = str(index.data(WarningRole) or "")
        lines = self._name_lines(option, index)
        return QSize(200, self.height(option.font, text, self._width(option, index), warning, lines))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        self.paint_name(
            painter,
            option,
            text,
            self._subtitle(index),
            str(index.data(WarningRole) or ""),
            self._name_lines(option, index),
        )
        painter.restore()

    def paint_name(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        text: str,
        sub: str,
        warning: str,
        name_lines: int,
    ) -> None:
        """Name, details and warning inside ``option.rect``."""
        fonts = _fonts_for(option.font)
        sm = fonts.sm
        key = fonts.base_key
        r = option.rect.adjusted(8, 4, -8, -3) if self.compact else option.rect.adjusted(8, 8, -8, -6)
        painter.setFont(fonts.title)
        painter.setPen(QColor(COLORS["text"]))
        y = r.top()
        for line in self.lines(fonts, key, text, r.width(), name_lines):
            painter.drawText(
                QRect(r.left(), y, r.width(), fonts.tm.height()), int(Qt.AlignmentFlag.AlignLeft), line
            )
            y += fonts.tm.height()
        y += 2
        painter.setFont(fonts.small)
        painter.setPen(QColor(COLORS["muted"]))
        painter.drawText(
            QRect(r.left(), y, r.width(), sm.height()),
            0,
            sm.elidedText(sub, Qt.TextElideMode.ElideRight, r.width()),
        )
        if warning:
            y += sm.height() + 2
            painter.drawPixmap(r.left(), y + 1, icon_pixmap("warning", sm.height() - 2, COLORS["warn"]))
            painter.setPen(QColor(COLORS["warn"]))
            x = r.left() + sm.height() + 2
            width = r.width() - (x - r.left())
            for line in self.warning_lines(fonts, key, warning, r.width()):
                painter.drawText(QRect(x, y, width, sm.height()), 0, line)
                y += sm.height() + 2


class RowHeights(QObject):
    """One height for every row of the cart: room for a name on two lines and its details, more while a row
    of the sale needs more (a warning line), set when such a row arrives and kept until the cart empties.

    ``ResizeToContents`` asked every cell of every row for its size on every change — the whole cart re-measured
    at each scan — and any row given its own height makes the view lay itself out and repaint a second time
    after the row is shown (~7 ms a scan, measured by ``python -m bench``). With one height a scan only measures
    its own row's name (cached per name and width), and the rows' heights change only when a taller row comes.
    """

    def __init__(self, view: QTableView, column: int, delegate: NameDelegate) -> None:
        super().__init__(view)
        self.view = view
        self.column = column
        self.delegate = delegate
        self.header = view.verticalHeader()
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.height = 0
        model = view.model()
        model.rowsInserted.connect(lambda _p, first, last: self.fit(first, last))
        model.rowsRemoved.connect(lambda _p, _first, _last: self._emptied())
        model.dataChanged.connect(self._changed)
        model.modelReset.connect(self.fit_all)
        model.layoutChanged.connect(self.fit_all)
        view.horizontalHeader().sectionResized.connect(self._resized)
        self.fit_all()

    def _name_lines(self) -> int:
        """Lines of a name in every row (the picked row of a compact screen gets its own height: see
        ``SaleScreen._picked_changed``)."""
        return 1 if self.delegate.compact else 2

    def floor(self) -> int:
        """A name on its full lines over its details, no warning: the height every row has at least."""
        width = max(60, self.view.columnWidth(self.column) - 16)
        return self.delegate.height(self.view.font(), "M " * 200, width, "", self._name_lines())

    def _changed(self, top: QModelIndex, bottom: QModelIndex, _roles: object = None) -> None:
        if top.column() <= self.column <= bottom.column():
            self.fit(top.row(), bottom.row())

    def _resized(self, section: int, _old: int, _new: int) -> None:
        if section == self.column:
            self.fit_all()

    def _emptied(self) -> None:
        if self.view.model().rowCount() == 0:
            self._set(self.floor())

    def fit_all(self) -> None:
        """Every row measured again (the column's width changed): the height may shrink as well as grow."""
        self.height = 0
        last = self.view.model().rowCount() - 1
        self._set(max(self.floor(), self._needed(0, last)))
        self._fit_warned(0, last, reset=True)

    def fit(self, first: int, last: int) -> None:
        """Rows ``first``..``last`` arrived or changed: grow if one of them needs more room."""
        needed = self._needed(first, last)
        if needed > self.height:
            self._set(needed)
        self._fit_warned(first, last, reset=False)

    def _needed(self, first: int, last: int) -> int:
        # Compact (1024 px): a warning does not make every row taller — the cart must still show eight lines
        # when one product's OCOP rating has lapsed; that row alone gets its own height (``_fit_warned``).
        warnings = not self.delegate.compact
        lines = self._name_lines()
        rows = range(first, last + 1)
        return max((self.row_height(row, lines, with_warning=warnings) for row in rows), default=0)

    def _fit_warned(self, first: int, last: int, *, reset: bool) -> None:
        """Compact: rows whose warning needs more than the shared height get their own (the others the shared one
        when ``reset``). Few rows carry a warning, so the extra layout pass this costs is rare."""
        if not self.delegate.compact:
            return
        for row in range(first, last + 1):
            height = self.height_of(row)
            if reset or self.header.sectionSize(row) < height:  # never shrinks the picked line's two lines
                self.header.resizeSection(row, height)

    def height_of(self, row: int) -> int:
        """Row ``row``'s height: the shared one, or more for a compact row's warning."""
        if not self.delegate.compact:
            return self.height
        return max(self.height, self.row_height(row, self._name_lines()))

    def row_height(self, row: int, name_lines: int, *, with_warning: bool = True) -> int:
        """What row ``row`` needs with its name on at most ``name_lines`` lines (measured once, cached)."""
        view, model, col = self.view, self.view.model(), self.column
        shown = model.shown(row) if isinstance(model, CartModel) else None
        if shown is not None:  # the cart's rows as formatted: no index, no ``data()`` through Qt
            text, warning = shown.cells[col], shown.warning if with_warning else ""
        else:
            index = model.index(row, col)
            text = str(model.data(index, Qt.ItemDataRole.DisplayRole) or "")
            warning = str(model.data(index, WarningRole) or "") if with_warning else ""
        width = max(60, view.columnWidth(col) - 16)
        return self.delegate.height(view.font(), text, width, warning, name_lines)

    def _set(self, height: int) -> None:
        if height != self.height:
            self.height = height
            self.header.setDefaultSectionSize(height)  # every row, and the rows to come


class CartDelegate(NameDelegate):
    """Every cell of the cart table, painted straight onto the row: background, text, the name column's
    details and warning.

    The till's stylesheet makes Qt draw an ordinary item through its style-sheet engine (rules matched for
    every cell on every paint), and a row inserted repaints every visible row: that was ~20 ms a scan here. The
    stylesheet's item look (padding 4 px 8 px, the alternate and the selected background) is drawn here from
    the same colours; each cell is one lookup in the model's formatted rows (``CartModel.shown``), its text laid
    out once (``QStaticText``), and the selected row is followed from the selection model rather than asked of
    every cell: a paint of the cart costs a few Python calls a cell.
    """

    def __init__(self, view: QTableView, model: CartRows, *, name_column: int) -> None:
        super().__init__(view)
        self.model = model
        self.name_column = name_column
        self.align = model.ALIGN
        self.base = QColor("#ffffff")
        self.alternate = QColor("#f6f9f8")
        self.selected = QColor("#dcefeb")
        self.text = QColor(COLORS["text"])
        self.muted = QColor(COLORS["muted"])
        self.warn = QColor(COLORS["warn"])
        self.bold = QFont(view.font())
        self.bold.setBold(True)
        self.bold_key = self.bold.key()
        self._texts: dict[tuple[str, str], QStaticText] = {}
        self.selected_row = -1
        selection = view.selectionModel()
        selection.selectionChanged.connect(lambda *_: self._follow(selection))
        for moved in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
        ):  # rows shift under a selection
            moved.connect(lambda *_: self._follow(selection))

    def _follow(self, selection: QItemSelectionModel) -> None:
        rows = selection.selectedRows()
        self.selected_row = rows[0].row() if rows else -1

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Drawn straight onto the view's painter, every time: no cell is kept drawn in a pixmap of its own.

        A cell cache paid for itself by ~2 ms of a scan, but drawing a cell into a pixmap takes a ``QPainter``
        begun from Python, and PySide 6.11's ``QPainter.begin`` keeps six references to ``None`` each call
        (``tests/reliability/test_till_soak.py``: +24 a repeat scan); the pixmaps themselves, one per cell seen,
        grew the till by ~28 MB in a thousand scans. The text's layout stays cached (``_static``)."""
        row = index.row()
        self._paint_cell(painter, option, row, self.model.shown(row), index.column())

    def _paint_cell(
        self, painter: QPainter, option: QStyleOptionViewItem, row: int, shown: CartRow | None, col: int
    ) -> None:
        rect = option.rect
        if row == self.selected_row:
            painter.fillRect(rect, self.selected)
        else:
            painter.fillRect(rect, self.alternate if row % 2 else self.base)
        if shown is None:
            return
        if col == self.name_column:
            self._paint_name(painter, option, row, shown)
            return
        text = shown.cells[col]
        if not text:
            return
        if col in self.model.BOLD:
            font, font_key = self.bold, self.bold_key
        else:
            font = option.font
            font_key = _fonts_for(font).base_key
        box = rect.adjusted(8, 4, -8, -4)
        static = self._static(text, font, font_key)
        size = static.size()
        painter.setPen(self.model.color(shown, col) or self.text)
        painter.setFont(font)
        align = self.align[col]
        if size.width() > box.width():  # wider than its column: elided, as Qt's own delegate does
            static = self._static(self._elided(text, font, font_key, box.width()), font, font_key)
            size = static.size()
        if align & _ALIGN_RIGHT:
            x = box.right() + 1 - size.width()
        elif align & _ALIGN_HCENTER:
            x = box.left() + (box.width() - size.width()) / 2
        else:
            x = box.left()
        painter.drawStaticText(QPointF(x, box.top() + (box.height() - size.height()) / 2), static)

    def _static(self, text: str, font: QFont, font_key: str) -> QStaticText:
        """The text laid out once (shaping Vietnamese text is most of what drawing it costs); ``font_key``:
        ``font.key()``, which the caller already has."""
        key = (text, font_key)
        static = self._texts.get(key)
        if static is None:
            if len(self._texts) >= 4096:
                self._texts.clear()
            static = self._texts[key] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
        return static

    def _elided(self, text: str, font: QFont, font_key: str, width: int) -> str:
        """``text`` cut to ``width`` px with ``…`` (cached with the wrapped names: a cell's text and width change
        far less often than the cell is painted)."""
        key = (font_key, text, width, 0)
        elided = self._wraps.get(key)
        if elided is None:
            if len(self._wraps) >= self._WRAPS_KEPT:
                self._wraps.clear()
            elided = self._wraps[key] = [
                QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
            ]
        return elided[0]

    def _paint_name(self, painter: QPainter, option: QStyleOptionViewItem, row: int, shown: CartRow) -> None:
        fonts = _fonts_for(option.font)
        tm, sm = fonts.tm, fonts.sm
        key = fonts.base_key
        r = option.rect.adjusted(8, 4, -8, -3) if self.compact else option.rect.adjusted(8, 8, -8, -6)
        painter.setFont(fonts.title)
        painter.setPen(self.text)
        y = r.top()
        lines = self.name_lines(row, self.selected_row)
        for line in self.lines(fonts, key, shown.cells[self.name_column], r.width(), lines):
            painter.drawStaticText(QPointF(r.left(), y), self._static(line, fonts.title, fonts.title_key))
            y += tm.height()
        y += 2
        sub = shown.subtitle
        if self.compact:  # the hidden columns' unit price and stars join the details
            extra = (shown.cells[CartModel.COL_PRICE], shown.cells[CartModel.COL_STARS])
            sub = " · ".join(p for p in (sub, *extra) if p)
        painter.setFont(fonts.small)
        painter.setPen(self.muted)
        if sub:
            painter.drawStaticText(
                QPointF(r.left(), y),
                self._static(
                    self._elided(sub, fonts.small, fonts.small_key, r.width()), fonts.small, fonts.small_key
                ),
            )
        if shown.warning:
            y += sm.height() + 2
            painter.drawPixmap(r.left(), y + 1, icon_pixmap("warning", sm.height() - 2, COLORS["warn"]))
            painter.setPen(self.warn)
            x = r.left() + sm.height() + 2
            width = r.width() - (x - r.left())
            for line in self.warning_lines(fonts, key, shown.warning, r.width()):
                painter.drawText(QRect(x, y, width, sm.height()), 0, line)
                y += sm.height() + 2


class ProductDelegate(QStyledItemDelegate):
    """A search result: picture, name with OCOP stars, price and unit, warning.

    A new list of results is painted at every keystroke: the row's texts come from the model in one call
    (``ProductListModel.row_texts``), the texts cut to the row's width are kept, and the background is drawn
    without ``initStyleOption`` (which asks the model for a dozen roles a row does not have)."""

    #: Elided texts kept (name, price line, warning at a width): a few screens of results.
    _ELIDED_KEPT = 2048

    def __init__(self, home: Path | None = None) -> None:
        super().__init__()
        self.home = home
        self._elided: dict[tuple[str, str, int], str] = {}
        self._text = QColor(COLORS["text"])
        self._star = QColor(COLORS["star"])
        self._muted = QColor(COLORS["muted"])
        self._warn = QColor(COLORS["warn"])

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fonts = _fonts_for(
            option.font
        )  # the metrics made once per font: a new list of results asks every row
        h = fonts.tm.height() + fonts.sm.height() + 20
        # asked for each row shown at every paint: the model's texts, not a call of data()
        texts = getattr(index.model(), "row_texts", None)
        if texts(index.row())[2] if texts is not None else index.data(WarningRole):
            h += fonts.sm.height()
        return QSize(200, max(h, 60))

    def _cut(self, text: str, fm: QFontMetrics, font_key: str, width: int) -> str:
        key = (font_key, text, width)
        cut = self._elided.get(key)
        if cut is None:
            if len(self._elided) >= self._ELIDED_KEPT:
                self._elided.clear()
            cut = self._elided[key] = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return cut

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        row = index.row()
        texts = getattr(model, "row_texts", None)
        if texts is None or not 0 <= row < model.rowCount():
            return
        name, subtitle, warning = texts(row)
        product: ProductInfo = model.products[row]  # type: ignore[attr-defined]  # a ProductListModel: it has row_texts
        opt = QStyleOptionViewItem(option)  # the row's background, hover and selection; the texts drawn below
        if isinstance(index, QModelIndex):  # (a view paints a QModelIndex)
            opt.index = index
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        fonts = _fonts_for(option.font)
        title, small = fonts.title, fonts.small
        r = option.rect.adjusted(8, 8, -8, -8)
        painter.save()
        pic = 40
        painter.drawPixmap(
            r.left(),
            r.top(),
            pic,
            pic,
            product_pixmap(product.picture, product.category_code, pic, self.home),
        )
        x = r.left() + pic + 10
        w = r.right() - x
        tm, sm = fonts.tm, fonts.sm
        star_text = stars(product.ocop_stars)
        star_w = sm.horizontalAdvance(star_text) + 6 if star_text else 0
        painter.setFont(title)
        painter.setPen(self._text)
        painter.drawText(
            QRect(x, r.top(), w - star_w, tm.height()), 0, self._cut(name, tm, fonts.title_key, w - star_w)
        )
        if star_text:
            painter.setFont(small)
            painter.setPen(self._star)
            painter.drawText(
                QRect(r.right() - star_w, r.top(), star_w, tm.height()), _ALIGN_RIGHT_VCENTER, star_text
            )
        painter.setFont(small)
        painter.setPen(self._muted)
        y = r.top() + tm.height() + 2
        painter.drawText(QRect(x, y, w, sm.height()), 0, self._cut(subtitle, sm, fonts.small_key, w))
        if warning:
            y += sm.height()
            painter.setPen(self._warn)
            painter.drawText(QRect(x, y, w, sm.height()), 0, self._cut(warning, sm, fonts.small_key, w))
        painter.restore()


class StarsDelegate(QStyledItemDelegate):
    """OCOP stars in gold (grey once the rating has expired), also on the selected row."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        color = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.save()
        painter.setPen(color if isinstance(color, QColor) else QColor(COLORS["star"]))
        painter.setFont(option.font)
        painter.drawText(option.rect, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()
