"""The cart: a pure object that prices what is being sold. No database, no Qt.

Pricing, in this order, all in integer đồng:
1. line gross = unit price × quantity (thousandths), rounded half up — or the amount a price-embedded code states;
2. minus the line discount (đồng, or percent of the line gross rounded half up): the cashier's manual discount if
   the line has one, else the head-office promotion in force that gives the most (``pos.selling.promotions``; the
   cart is given the promotions in force when the sale starts and picks a line's promotion whenever the line is
   added or its quantity or price changes — removing the manual discount brings the promotion back);
3. the sale discount (đồng, or percent of the sum of step 2) is spread over the lines in proportion to their step-2
   amounts by largest remainder, so the lines add up exactly to the sale total;
4. VAT per rate from the final line amounts (``pos.vat.breakdown``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from pos.catalogue.lookup import ProductInfo, ScanResult
from pos.errors import CartError
from pos.money import div_round_half_up, line_amount, split_proportionally
from pos.selling.promotions import NO_PROMOTIONS, Promotion, PromotionsInForce
from pos.sync.wire_limits import MAX_LINES
from pos.vat import VatRow, VatSchedule, breakdown

MAX_QTY_MILLI = 9_999_000


@dataclass(frozen=True, slots=True)
class Discount:
    """A discount as the cashier entered it: ``percent`` (0–100) or a fixed ``amount`` in đồng."""

    amount: int = 0
    percent: int = 0

    def of(self, base: int) -> int:
        if self.percent:
            return min(base, div_round_half_up(base * self.percent, 100))
        return min(base, self.amount)

    def __post_init__(self) -> None:
        if self.amount < 0 or not 0 <= self.percent <= 100 or (self.amount and self.percent):
            raise CartError("Chiết khấu không hợp lệ", "Invalid discount", code="bad_discount")


NO_DISCOUNT = Discount()


@dataclass(frozen=True, slots=True)
class CartLine:
    product: ProductInfo
    qty_milli: int
    unit_price: int
    code: str = ""
    fixed_amount: int | None = None  # from a price-embedded barcode
    discount: Discount = NO_DISCOUNT  # the cashier's manual discount: it wins over the promotion
    batch: str | None = None
    expiry: dt.date | None = None
    original_line_id: str | None = None
    promotion: Promotion | None = None  # the best head-office promotion for this line (set by the cart)

    @property
    def gross(self) -> int:
        if self.fixed_amount is not None:
            return self.fixed_amount
        return line_amount(self.unit_price, self.qty_milli)

    @property
    def applied_promotion(self) -> Promotion | None:
        """The promotion that gives this line its discount (None when a manual discount wins, or it gives 0)."""
        if self.promotion is None or self.discount != NO_DISCOUNT:
            return None
        return self.promotion if self.promotion.discount_on(self.gross, self.qty_milli) else None

    @property
    def line_discount(self) -> int:
        promotion = self.applied_promotion
        if promotion is not None:
            return promotion.discount_on(self.gross, self.qty_milli)
        return self.discount.of(self.gross)

    @property
    def after_line_discount(self) -> int:
        return self.gross - self.line_discount


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A cart line with every amount worked out."""

    line: CartLine
    gross: int
    line_discount: int
    sale_discount: int
    amount: int
    vat_rate: int


@dataclass(frozen=True, slots=True)
class CartTotals:
    lines: tuple[PricedLine, ...]
    subtotal: int  # after line discounts, before the sale discount
    discount_total: int  # line discounts + sale discount
    sale_discount: int
    total: int
    vat: tuple[VatRow, ...]

    @property
    def vat_amount(self) -> int:
        return sum(r.vat for r in self.vat)


def _qty_ok(qty_milli: int) -> None:
    if not 0 < qty_milli <= MAX_QTY_MILLI:
        raise CartError("Số lượng không hợp lệ", "Invalid quantity", code="bad_qty")


@dataclass
class Cart:
    """What is being sold to one customer. ``on`` is the sale date that picks the VAT rates."""

    vat_schedule: VatSchedule
    on: dt.date = field(default_factory=dt.date.today)
    lines: list[CartLine] = field(default_factory=list)
    sale_discount: Discount = NO_DISCOUNT
    note: str = ""
    promotions: PromotionsInForce = NO_PROMOTIONS  # in force when the sale started (the till loads them)

    # --- changing the cart -------------------------------------------------------------------------------
    def add(self, scan: ScanResult, qty_milli: int | None = None) -> int:
        """Add what a scan resolved to; returns the index of the line that holds it.

        ``qty_milli`` is the quantity typed before the scan (``3*``). A repeated scan of the same unit-priced
        product goes onto its existing line; weighed and price-embedded items always get a line of their own.
        """
        product = scan.product
        if product.weighed and scan.qty_milli is None and scan.amount is None and qty_milli is None:
            raise CartError(
                f"{product.name_vi} bán theo cân: hãy cân hoặc nhập khối lượng",
                f"{product.name_en or product.name_vi} is sold by weight: weigh it or enter the weight",
                code="needs_weight",
            )
        if scan.amount is not None:
            if scan.amount <= 0:
                raise CartError(
                    "Mã cân có giá bằng 0", "Price-embedded code has a zero price", code="bad_qty"
                )
            qty = (
                qty_milli
                if qty_milli is not None
                else (
                    max(1, div_round_half_up(scan.amount * 1000, product.price))
                    if product.price > 0
                    else 1000
                )
            )
            return self._append(
                self._promoted(CartLine(product, qty, product.price, scan.code, fixed_amount=scan.amount))
            )
        qty = scan.qty_milli if scan.qty_milli is not None else (qty_milli if qty_milli is not None else 1000)
        _qty_ok(qty)
        if not product.weighed and scan.qty_milli is None:
            for i, line in enumerate(self.lines):
                if (
                    line.product.id == product.id
                    and line.fixed_amount is None
                    and line.unit_price == product.price
                    and line.batch == scan.batch
                    and line.discount == NO_DISCOUNT
                ):
                    new_qty = line.qty_milli + qty
                    _qty_ok(new_qty)
                    self.lines[i] = self._promoted(replace(line, qty_milli=new_qty))
                    return i
        return self._append(
            self._promoted(
                CartLine(product, qty, product.price, scan.code, batch=scan.batch, expiry=scan.expiry)
            )
        )

    def _promoted(self, line: CartLine) -> CartLine:
        """``line`` with the promotion in force that gives it the most (kept even under a manual discount)."""
        if not self.promotions and line.promotion is None:
            return line
        best = self.promotions.best_for(line.product, line.gross, line.qty_milli)
        return line if best == line.promotion else replace(line, promotion=best)

    def _append(self, line: CartLine) -> int:
        if len(self.lines) >= MAX_LINES:
            raise CartError("Giỏ hàng quá nhiều dòng", "Too many lines in one sale", code="too_many_lines")
        self.lines.append(line)
        return len(self.lines) - 1

    def _line(self, index: int) -> CartLine:
        if not 0 <= index < len(self.lines):
            raise CartError("Không có dòng này", "No such line", code="no_line")
        return self.lines[index]

    def set_qty(self, index: int, qty_milli: int) -> None:
        line = self._line(index)
        if line.fixed_amount is not None:
            raise CartError(
                "Không đổi được số lượng của hàng cân có giá in sẵn",
                "The quantity of a price-labelled weighed item cannot be changed",
                code="fixed_line",
            )
        _qty_ok(qty_milli)
        self.lines[index] = self._promoted(replace(line, qty_milli=qty_milli))

    def set_line_discount(self, index: int, discount: Discount) -> None:
        line = self._line(index)
        self.lines[index] = replace(line, discount=discount)

    def set_unit_price(self, index: int, price: int) -> None:
        """Price override (needs approval above the cashier's rights — checked by the caller's permission)."""
        if price < 0:
            raise CartError("Giá không hợp lệ", "Invalid price", code="bad_price")
        line = self._line(index)
        self.lines[index] = self._promoted(replace(line, unit_price=price, fixed_amount=None))

    def set_sale_discount(self, discount: Discount) -> None:
        self.sale_discount = discount

    def remove(self, index: int) -> CartLine:
        self._line(index)
        return self.lines.pop(index)

    def clear(self) -> None:
        self.lines.clear()
        self.sale_discount = NO_DISCOUNT
        self.note = ""

    @property
    def is_empty(self) -> bool:
        return not self.lines

    def item_count(self) -> int:
        """Number of items for display: units for counted goods, one per weighed line."""
        return sum(1 if line.product.weighed else line.qty_milli // 1000 for line in self.lines)

    # --- pricing ------------------------------------------------------------------------------------------
    def totals(self) -> CartTotals:
        base = [line.after_line_discount for line in self.lines]
        subtotal = sum(base)
        sale_discount = self.sale_discount.of(subtotal)
        shares = split_proportionally(sale_discount, base)
        priced = []
        for line, amount_before, share in zip(self.lines, base, shares, strict=True):
            rate = self.vat_schedule.rate(line.product.vat_class, self.on)
            priced.append(
                PricedLine(line, line.gross, line.line_discount, share, amount_before - share, rate)
            )
        vat = breakdown((p.vat_rate, p.amount) for p in priced)
        total = subtotal - sale_discount
        return CartTotals(
            tuple(priced),
            subtotal,
            sum(p.line_discount for p in priced) + sale_discount,
            sale_discount,
            total,
            tuple(vat),
        )
