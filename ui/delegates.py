"""Painting rows that carry more than one line: a product's name over its details and gentle warnings."""

from __future__ import annotations

from pathlib import Path

from pos.catalogue.lookup import ProductInfo
from ui.formatting import stars
from ui.models import CartModel, ProductRole, SubtitleRole, WarningRole
from ui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
)
from ui.theme import COLORS, icon_pixmap, product_pixmap

Index = QModelIndex | QPersistentModelIndex


def _fonts(base: QFont) -> tuple[QFont, QFont]:
    title = QFont(base)
    title.setBold(True)
    small = QFont(base)
    small.setPointSizeF(base.pointSizeF() * 0.82)
    return title, small


def wrap_lines(text: str, fm: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``max_lines`` lines of ``width`` px, the last one elided (``…``)
    when the text does not fit: what is left out is always marked."""
    words = text.split()
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
    """

    compact = False

    def _name_lines(self, option: QStyleOptionViewItem, index: Index) -> int:
        if not self.compact:
            return 2
        view = option.widget
        selection = view.selectionModel() if view is not None and hasattr(view, "selectionModel") else None
        return 2 if selection is not None and selection.isRowSelected(index.row()) else 1

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

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, small = _fonts(option.font)
        tm = QFontMetrics(title)
        lines = wrap_lines(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            tm,
            self._width(option, index),
            self._name_lines(option, index),
        )
        sm = QFontMetrics(small)
        h = tm.height() * len(lines) + sm.height() + (9 if self.compact else 18)
        warning = str(index.data(WarningRole) or "")
        if warning:
            width = self._width(option, index) - sm.height() - 2
            h += (sm.height() + 2) * len(wrap_lines(warning, sm, width, 2))
        return QSize(200, h)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        title, small = _fonts(option.font)
        r = option.rect.adjusted(8, 4, -8, -3) if self.compact else option.rect.adjusted(8, 8, -8, -6)
        painter.save()
        painter.setFont(title)
        painter.setPen(QColor(COLORS["text"]))
        tm = QFontMetrics(title)
        y = r.top()
        for line in wrap_lines(text, tm, r.width(), self._name_lines(option, index)):
            painter.drawText(
                QRect(r.left(), y, r.width(), tm.height()), int(Qt.AlignmentFlag.AlignLeft), line
            )
            y += tm.height()
        y += 2
        painter.setFont(small)
        sm = QFontMetrics(small)
        painter.setPen(QColor(COLORS["muted"]))
        sub = self._subtitle(index)
        painter.drawText(
            QRect(r.left(), y, r.width(), sm.height()),
            0,
            sm.elidedText(sub, Qt.TextElideMode.ElideRight, r.width()),
        )
        warning = str(index.data(WarningRole) or "")
        if warning:
            y += sm.height() + 2
            painter.drawPixmap(r.left(), y + 1, icon_pixmap("warning", sm.height() - 2, COLORS["warn"]))
            painter.setPen(QColor(COLORS["warn"]))
            x = r.left() + sm.height() + 2
            width = r.width() - (x - r.left())
            for line in wrap_lines(warning, sm, width, 2):  # the warning whole: it is why the line is amber
                painter.drawText(QRect(x, y, width, sm.height()), 0, line)
                y += sm.height() + 2
        painter.restore()


class ProductDelegate(QStyledItemDelegate):
    """A search result: picture, name with OCOP stars, price and unit, warning."""

    def __init__(self, home: Path | None = None) -> None:
        super().__init__()
        self.home = home

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, small = _fonts(option.font)
        h = QFontMetrics(title).height() + QFontMetrics(small).height() + 20
        if index.data(WarningRole):
            h += QFontMetrics(small).height()
        return QSize(200, max(h, 60))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        product: ProductInfo | None = index.data(ProductRole)
        title, small = _fonts(option.font)
        r = option.rect.adjusted(8, 8, -8, -8)
        painter.save()
        pic = 40
        if product is not None:
            painter.drawPixmap(
                r.left(),
                r.top(),
                pic,
                pic,
                product_pixmap(product.picture, product.category_code, pic, self.home),
            )
        x = r.left() + pic + 10
        w = r.right() - x
        tm = QFontMetrics(title)
        sm = QFontMetrics(small)
        star_text = stars(product.ocop_stars) if product else ""
        star_w = sm.horizontalAdvance(star_text) + 6 if star_text else 0
        painter.setFont(title)
        painter.setPen(QColor(COLORS["text"]))
        painter.drawText(
            QRect(x, r.top(), w - star_w, tm.height()),
            0,
            tm.elidedText(name, Qt.TextElideMode.ElideRight, w - star_w),
        )
        if star_text:
            painter.setFont(small)
            painter.setPen(QColor(COLORS["star"]))
            painter.drawText(
                QRect(r.right() - star_w, r.top(), star_w, tm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                star_text,
            )
        painter.setFont(small)
        painter.setPen(QColor(COLORS["muted"]))
        y = r.top() + tm.height() + 2
        painter.drawText(
            QRect(x, y, w, sm.height()),
            0,
            sm.elidedText(str(index.data(SubtitleRole) or ""), Qt.TextElideMode.ElideRight, w),
        )
        warning = str(index.data(WarningRole) or "")
        if warning:
            y += sm.height()
            painter.setPen(QColor(COLORS["warn"]))
            painter.drawText(
                QRect(x, y, w, sm.height()), 0, sm.elidedText(warning, Qt.TextElideMode.ElideRight, w)
            )
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
