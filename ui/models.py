"""Qt item models over core objects: the cart, product lists, parked sales and a receipt's returnable lines.

Models only present: they read what the core computed (``Cart.totals()``, ``ReturnableSale``) and format it.
The one piece of state a model keeps is the returns screen's chosen quantities, which the core then validates.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pos.catalogue.lookup import ProductInfo
from pos.selling.cart import Cart, CartTotals, PricedLine
from pos.selling.parked import ParkedSale
from pos.selling.returns import ReturnableLine, ReturnableSale, refund_amount
from pos.till.scan import OCOP_EXPIRED, OUT_OF_STOCK, line_warnings
from ui.formatting import local_time, money, qty, stars
from ui.i18n import current_language, tr
from ui.qt import (
    QT_TR_NOOP,
    QAbstractListModel,
    QAbstractTableModel,
    QColor,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from ui.theme import COLORS

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
#: Extra line under a product's name: (key, text) for warnings.
WarningRole = Qt.ItemDataRole.UserRole + 1
SubtitleRole = Qt.ItemDataRole.UserRole + 2
ProductRole = Qt.ItemDataRole.UserRole + 3

WARNING_TEXTS = {
    OCOP_EXPIRED: QT_TR_NOOP("OCOP rating expired — do not advertise it"),
    OUT_OF_STOCK: QT_TR_NOOP("Not in stock per the system — check the shelf"),
}


def product_warnings(product: ProductInfo, today: dt.date) -> list[str]:
    """The core's warnings about ``product`` (``pos.till.scan.line_warnings``) in the cashier's language."""
    return [tr(WARNING_TEXTS[w]) for w in line_warnings(product, today)]


@dataclass(frozen=True, slots=True)
class _CartRow:
    """One cart line as the table shows it, formatted once when the line changes (``data()`` only looks up)."""

    cells: tuple[str, ...]  # display text per column
    subtitle: str
    warning: str
    stars_muted: bool
    tooltips: tuple[str, str, str]  # (discount column, stars column, name column)


_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


#: A cart row as formatted for the screen (what ``CartRows.shown`` gives the delegate).
CartRow = _CartRow


class CartRows(Protocol):
    """What ``ui.delegates.CartDelegate`` reads of the cart model (the rows as shown, without Qt's marshalling)."""

    ALIGN: tuple[int, ...]
    BOLD: frozenset[int]
    modelReset: Any
    rowsInserted: Any
    rowsRemoved: Any

    def shown(self, row: int) -> _CartRow | None: ...

    def color(self, shown: _CartRow, col: int) -> QColor | None: ...


class CartModel(QAbstractTableModel):
    """The open cart: #, product, OCOP stars, quantity, unit price, discount, amount.

    It shows a snapshot — the cart's ``totals()`` taken at :meth:`refresh` — so a paint never reads a cart that is
    changing. :meth:`refresh` compares the new lines with the shown ones and tells the view only what changed
    (rows inserted, removed or changed: no model reset, so the view keeps its row heights and selection and
    repaints one row for a scan), and formats each changed line once (``data()`` is a lookup: a view asks it
    thousands of times a second, so nothing in it calls the clock or formats a number).
    """

    COL_NO, COL_NAME, COL_STARS, COL_QTY, COL_PRICE, COL_DISCOUNT, COL_AMOUNT = range(7)
    HEADERS = (
        "#",
        QT_TR_NOOP("Product"),
        QT_TR_NOOP("OCOP"),
        QT_TR_NOOP("Qty"),
        QT_TR_NOOP("Unit price"),
        QT_TR_NOOP("Discount"),
        QT_TR_NOOP("Amount"),
    )
    ALIGN: tuple[int, ...] = (_CENTRE, _LEFT, _CENTRE, _RIGHT, _RIGHT, _RIGHT, _RIGHT)
    BOLD = frozenset({COL_QTY, COL_AMOUNT})

    def __init__(self, cart_source: Callable[[], Cart], today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._cart_source = cart_source
        self._today = today
        self._totals: CartTotals = cart_source().totals()
        self._rows: list[_CartRow] = []
        self._lang = current_language()
        self._on = today()
        self._bold = QFont()
        self._bold.setBold(True)
        self._colors = {k: QColor(COLORS[k]) for k in ("muted", "star", "danger")}
        self._headers = tuple(tr(h) if i else "#" for i, h in enumerate(self.HEADERS))
        self._rows = [self._row(i, p) for i, p in enumerate(self._totals.lines)]

    @property
    def cart(self) -> Cart:
        return self._cart_source()

    @property
    def totals(self) -> CartTotals:
        return self._totals

    def refresh(self) -> None:
        """Show the cart as it is now, telling the view only which rows changed."""
        new = self.cart.totals()
        lang, on = current_language(), self._today()
        # other words, or another day's warnings: every row again
        every = (lang, on) != (self._lang, self._on)
        if lang != self._lang:
            self._headers = tuple(tr(h) if i else "#" for i, h in enumerate(self.HEADERS))
        self._lang, self._on = lang, on
        self._totals = PricedLinesChange(self._totals.lines, every).apply_to(self, new)

    def relabel(self) -> None:
        """The language changed: every row is formatted again."""
        self._lang = ""
        self.refresh()

    def _row(self, index: int, priced: PricedLine) -> _CartRow:
        line = priced.line
        product = line.product
        lang = self._lang
        total_discount = priced.line_discount + priced.sale_discount
        discount = f"−{money(total_discount)}" if total_discount else ""
        promotion = line.applied_promotion
        if promotion is not None:  # which head-office promotion gave it, under the amount
            discount += "\n" + tr("Promo {code}").format(code=promotion.code)
        parts = [product.sku]
        if line.fixed_amount is not None:
            parts.append(tr("price label from the scale"))
        elif product.weighed:
            parts.append(tr("weighed, per {unit}").format(unit=product.unit))
        else:
            parts.append(product.unit)
        if promotion is not None:
            parts.append(tr("promotion: {name}").format(name=promotion.name(lang)))
        elif line.discount.percent:
            parts.append(tr("line discount {pct}%").format(pct=line.discount.percent))
        warnings = product_warnings(product, self._on)
        discount_tip = (
            tr("Promotion {code}: {name}").format(code=promotion.code, name=promotion.name(lang))
            if promotion is not None
            else ""
        )
        stars_tip = (
            tr("OCOP {n} stars, until {date}").format(
                n=product.ocop_stars or 0,
                date=product.ocop_expires_on.isoformat() if product.ocop_expires_on else "—",
            )
            if product.ocop_level
            else ""
        )
        return _CartRow(
            cells=(
                str(index + 1),
                product.name(lang),
                stars(product.ocop_stars),
                qty(line.qty_milli, lang),
                money(line.unit_price),
                discount,
                money(priced.amount),
            ),
            subtitle=" · ".join(parts),
            warning=" · ".join(warnings),
            stars_muted=product.ocop_expired(self._on),
            tooltips=(discount_tip, stars_tip, "\n".join([product.name(lang), *warnings])),
        )

    def shown(self, row: int) -> _CartRow | None:
        """Row ``row`` as formatted (for the delegate, without Qt's marshalling of ``data()``)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def color(self, shown: _CartRow, col: int) -> QColor | None:
        if col == self.COL_STARS:
            return self._colors["muted" if shown.stars_muted else "star"]
        if col == self.COL_DISCOUNT:
            return self._colors["danger"]
        if col == self.COL_NO:
            return self._colors["muted"]
        return None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == self.COL_NO else self.ALIGN[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        shown = self._rows[row]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return shown.cells[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.ALIGN[col]
        if col == self.COL_NAME:
            if role == SubtitleRole:
                return shown.subtitle
            if role == WarningRole:
                return shown.warning
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.color(shown, col)
        if role == Qt.ItemDataRole.FontRole and col in self.BOLD:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_DISCOUNT:
                return shown.tooltips[0] or None
            if col == self.COL_STARS:
                return shown.tooltips[1] or None
            if col == self.COL_NAME:  # a name cut after two lines, whole, with its warnings
                return shown.tooltips[2] or None
        return None


@dataclass(frozen=True, slots=True)
class PricedLinesChange:
    """What changed between the lines a view shows (``old``) and the cart's lines now: the unchanged rows at
    both ends are kept, the middle is changed in place, and only its extra rows are inserted or removed
    (``every``: no row is kept as it was)."""

    old: tuple[PricedLine, ...]
    every: bool = False

    def apply_to(self, model: CartModel, totals: CartTotals) -> CartTotals:
        old, new = self.old, totals.lines
        head = tail = 0
        if not self.every:
            while head < min(len(old), len(new)) and old[head] == new[head]:
                head += 1
            while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
                tail += 1
        old_mid, new_mid = len(old) - head - tail, len(new) - head - tail
        last_col = model.columnCount() - 1
        rows = model._rows
        fresh = [model._row(head + i, new[head + i]) for i in range(new_mid)]
        common = min(old_mid, new_mid)
        rows[head : head + common] = fresh[:common]
        if new_mid > old_mid:
            first = head + common
            model.beginInsertRows(_ROOT, first, first + new_mid - old_mid - 1)
            rows[first:first] = fresh[common:]
            model._totals = totals
            model.endInsertRows()
        elif old_mid > new_mid:
            first = head + common
            model.beginRemoveRows(_ROOT, first, first + old_mid - new_mid - 1)
            del rows[first : first + old_mid - new_mid]
            model._totals = totals
            model.endRemoveRows()
        if common:
            model.dataChanged.emit(model.index(head, 0), model.index(head + common - 1, last_col))
        if new_mid != old_mid and tail:  # the rows after an insert or removal moved: their numbers change
            start = len(new) - tail
            for i in range(start, len(new)):
                shown = rows[i]
                rows[i] = _CartRow((str(i + 1), *shown.cells[1:]), *_rest(shown))
            model.dataChanged.emit(model.index(start, 0), model.index(len(new) - 1, 0))
        return totals


def _rest(row: _CartRow) -> tuple[str, str, bool, tuple[str, str, str]]:
    return row.subtitle, row.warning, row.stars_muted, row.tooltips


class ProductListModel(QAbstractListModel):
    """Search results or quick keys: a product per row; the delegate draws name, price, stars and warnings.

    Each row's texts are formatted once — when the products arrive, the language changes or the day turns (the
    date looked at, at most, once a minute) — not at every ``data()`` call: a paint asks for every row's texts
    several times, and formatting a warning reads the clock.
    """

    #: Seconds between looks at the date (a warning such as "expired" changes at midnight).
    DAY_CHECK_S = 60.0

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.products: list[ProductInfo] = []
        self._today = today
        self._rows: list[tuple[str, str, str]] = []
        self._key: tuple[str, dt.date] | None = None
        self._day = today()
        self._day_checked = time.monotonic()

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        """Show ``products``. When as many come as are shown, each row as tall as before (a warning line or not),
        the rows change in place (``dataChanged``): the view keeps its layout instead of measuring and laying out
        every row again — a search answers keystroke after keystroke with a full list of the same shape."""
        new = list(products)
        key = self._current_key()
        rows = [self._format(p, key) for p in new]
        if (
            new
            and key == self._key
            and len(new) == len(self._rows)
            and all(bool(a[2]) == bool(b[2]) for a, b in zip(rows, self._rows, strict=True))
        ):
            self.products, self._rows = new, rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, 0))
            return
        self.beginResetModel()
        self.products, self._rows, self._key = new, rows, key
        self.endResetModel()

    def _current_key(self) -> tuple[str, dt.date]:
        """What a row's texts depend on besides its product: the language, and the date (its warnings)."""
        now = time.monotonic()
        if now - self._day_checked >= self.DAY_CHECK_S:
            self._day, self._day_checked = self._today(), now
        return current_language(), self._day

    def row_texts(self, row: int) -> tuple[str, str, str]:
        """The name, the price line and the warnings of row ``row`` (formatted once; again if the key changed)."""
        key = self._current_key()
        if key != self._key:
            self._key = key
            self._rows = [self._format(p, key) for p in self.products]
        return self._rows[row]

    def _format(self, p: ProductInfo, key: tuple[str, dt.date]) -> tuple[str, str, str]:
        unit = tr("per {unit}").format(unit=p.unit) if p.weighed else p.unit
        return (
            p.name(key[0]),
            f"{money(p.price)} · {unit} · {p.sku}",
            " · ".join(product_warnings(p, key[1])),
        )

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.products)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.products):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_texts(row)[0]
        if role == ProductRole:
            return self.products[row]
        if role == SubtitleRole:
            return self.row_texts(row)[1]
        if role == WarningRole:
            return self.row_texts(row)[2]
        return None


class ParkedModel(QAbstractTableModel):
    COLUMNS = (
        QT_TR_NOOP("No."),
        QT_TR_NOOP("Parked at"),
        QT_TR_NOOP("Cashier"),
        QT_TR_NOOP("Items"),
        QT_TR_NOOP("Total"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ParkedSale] = []

    def set_items(self, items: Sequence[ParkedSale]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(
                (Qt.AlignmentFlag.AlignRight if section >= 3 else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.items):
            return None
        p = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                names = ", ".join(p.names(current_language()))
                more = "…" if p.line_count > len(p.names_vi) else ""
                return f"#{p.number}  {p.label or names}{more}"
            if col == 1:
                return local_time(p.parked_at)
            if col == 2:
                return p.cashier_name
            if col == 3:
                return tr("%n items", "", p.item_count)
            if col == 4:
                return money(p.total)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(
                (Qt.AlignmentFlag.AlignRight if col >= 3 else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        if role == Qt.ItemDataRole.FontRole and col in (0, 4):
            font = QFont()
            font.setBold(True)
            return font
        return None


class ReturnLinesModel(QAbstractTableModel):
    """A receipt's lines with what is left to return; the cashier sets how many come back (editable column)."""

    COL_NAME, COL_SOLD, COL_LEFT, COL_RETURN, COL_REFUND = range(5)
    COLUMNS = (
        QT_TR_NOOP("Product"),
        QT_TR_NOOP("Sold"),
        QT_TR_NOOP("Can return"),
        QT_TR_NOOP("Return"),
        QT_TR_NOOP("Refund"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.sale: ReturnableSale | None = None
        self.chosen: dict[str, int] = {}

    def set_sale(self, sale: ReturnableSale | None) -> None:
        self.beginResetModel()
        self.sale = sale
        self.chosen = {}
        self.endResetModel()

    @property
    def lines(self) -> tuple[ReturnableLine, ...]:
        return self.sale.lines if self.sale else ()

    def quantities(self) -> dict[str, int]:
        return {k: v for k, v in self.chosen.items() if v > 0}

    def refund_total(self) -> int:
        by_id = {line.line_id: line for line in self.lines}
        return sum(refund_amount(by_id[k], v) for k, v in self.quantities().items())

    def set_return_qty(self, row: int, qty_milli: int) -> None:
        line = self.lines[row]
        qty_milli = max(0, min(qty_milli, line.qty_left_milli))
        self.chosen[line.line_id] = qty_milli
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.COL_REFUND))

    def step(self, row: int, delta_units: int) -> None:
        line = self.lines[row]
        unit = 1000 if line.qty_left_milli >= 1000 or line.qty_sold_milli % 1000 == 0 else line.qty_left_milli
        current = self.chosen.get(line.line_id, 0)
        self.set_return_qty(row, current + delta_units * unit)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(
                (Qt.AlignmentFlag.AlignRight if section else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.COL_RETURN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        from ui.formatting import parse_qty

        if not index.isValid() or index.column() != self.COL_RETURN or role != Qt.ItemDataRole.EditRole:
            return False
        parsed = parse_qty(str(value)) if str(value).strip() not in ("", "0") else 0
        if parsed is None:
            return False
        self.set_return_qty(index.row(), parsed)
        return True

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        col = index.column()
        lang = current_language()
        chosen = self.chosen.get(line.line_id, 0)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == self.COL_NAME:
                name = line.name_en if lang == "en" and line.name_en else line.name_vi
                return f"{name} {stars(line.ocop_stars)}".strip()
            if col == self.COL_SOLD:
                return qty(line.qty_sold_milli, lang)
            if col == self.COL_LEFT:
                return qty(line.qty_left_milli, lang)
            if col == self.COL_RETURN:
                return qty(chosen, lang) if chosen else ("0" if role == Qt.ItemDataRole.EditRole else "—")
            if col == self.COL_REFUND:
                return money(refund_amount(line, chosen)) if chosen else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(
                (Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignLeft)
                | Qt.AlignmentFlag.AlignVCenter
            )
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.qty_left_milli <= 0:
                return QColor(COLORS["muted"])
            if col == self.COL_RETURN and chosen:
                return QColor(COLORS["brand"])
        if role == Qt.ItemDataRole.FontRole and col in (self.COL_RETURN, self.COL_REFUND) and chosen:
            font = QFont()
            font.setBold(True)
            return font
        return None
