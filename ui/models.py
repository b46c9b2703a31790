"""Qt item models over core objects: the cart, product lists, parked sales and a receipt's returnable lines.

Models only present: they read what the core computed (``Cart.totals()``, ``ReturnableSale``) and format it.
The one piece of state a model keeps is the returns screen's chosen quantities, which the core then validates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from pos.catalogue.lookup import ProductInfo
from pos.selling.cart import Cart, CartTotals
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


class CartModel(QAbstractTableModel):
    """The open cart: #, product, OCOP stars, quantity, unit price, discount, amount."""

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

    def __init__(self, cart_source: Callable[[], Cart], today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._cart_source = cart_source
        self._today = today
        self._totals: CartTotals | None = None
        self.refresh()

    @property
    def cart(self) -> Cart:
        return self._cart_source()

    @property
    def totals(self) -> CartTotals:
        assert self._totals is not None
        return self._totals

    def refresh(self) -> None:
        self.beginResetModel()
        self._totals = self.cart.totals()
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.totals.lines)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(self.HEADERS[section]) if section else "#"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section >= self.COL_QTY:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if section == self.COL_STARS:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.totals.lines):
            return None
        priced = self.totals.lines[index.row()]
        line = priced.line
        product = line.product
        col = index.column()
        lang = current_language()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_NO:
                return str(index.row() + 1)
            if col == self.COL_NAME:
                return product.name(lang)
            if col == self.COL_STARS:
                return stars(product.ocop_stars)
            if col == self.COL_QTY:
                return qty(line.qty_milli, lang)
            if col == self.COL_PRICE:
                return money(line.unit_price)
            if col == self.COL_DISCOUNT:
                total_discount = priced.line_discount + priced.sale_discount
                shown = f"−{money(total_discount)}" if total_discount else ""
                if (
                    line.applied_promotion is not None
                ):  # which head-office promotion gave it, under the amount
                    shown += "\n" + tr("Promo {code}").format(code=line.applied_promotion.code)
                return shown
            if col == self.COL_AMOUNT:
                return money(priced.amount)
        if role == SubtitleRole and col == self.COL_NAME:
            parts = [product.sku]
            if line.fixed_amount is not None:
                parts.append(tr("price label from the scale"))
            elif product.weighed:
                parts.append(tr("weighed, per {unit}").format(unit=product.unit))
            else:
                parts.append(product.unit)
            promotion = line.applied_promotion
            if promotion is not None:
                parts.append(tr("promotion: {name}").format(name=promotion.name(lang)))
            elif line.discount.percent:
                parts.append(tr("line discount {pct}%").format(pct=line.discount.percent))
            return " · ".join(parts)
        if role == WarningRole and col == self.COL_NAME:
            return " · ".join(product_warnings(product, self._today()))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col >= self.COL_QTY:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col in (self.COL_STARS, self.COL_NO):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_STARS:
                return QColor(COLORS["muted"] if product.ocop_expired(self._today()) else COLORS["star"])
            if col == self.COL_DISCOUNT:
                return QColor(COLORS["danger"])
            if col == self.COL_NO:
                return QColor(COLORS["muted"])
        if role == Qt.ItemDataRole.FontRole and col in (self.COL_AMOUNT, self.COL_QTY):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_NAME:  # a name cut after two lines, whole
            return "\n".join([product.name(lang), *product_warnings(product, self._today())])
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_DISCOUNT and line.applied_promotion:
            promotion = line.applied_promotion
            return tr("Promotion {code}: {name}").format(code=promotion.code, name=promotion.name(lang))
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_STARS and product.ocop_level:
            return tr("OCOP {n} stars, until {date}").format(
                n=product.ocop_stars or 0,
                date=product.ocop_expires_on.isoformat() if product.ocop_expires_on else "—",
            )
        return None


class ProductListModel(QAbstractListModel):
    """Search results or quick keys: a product per row; the delegate draws name, price, stars and warnings."""

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.products: list[ProductInfo] = []
        self._today = today

    def set_products(self, products: Sequence[ProductInfo]) -> None:
        self.beginResetModel()
        self.products = list(products)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.products)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.products):
            return None
        p = self.products[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return p.name(current_language())
        if role == ProductRole:
            return p
        if role == SubtitleRole:
            unit = tr("per {unit}").format(unit=p.unit) if p.weighed else p.unit
            return f"{money(p.price)} · {unit} · {p.sku}"
        if role == WarningRole:
            return " · ".join(product_warnings(p, self._today()))
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
