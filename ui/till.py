"""The till's state as the screens share it: who is signed in, the open cart, parked carts, the languages.

This is glue, not rules: every decision (pricing, what a code means, whether tenders settle, what may be returned)
is made by the core in ``pos/``; :class:`Till` calls it and tells the screens through signals what changed.
Core errors (``PosError``) pass through unchanged so each screen can show their message in the cashier's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pos.catalogue.lookup import ProductInfo, ScanResult
from pos.errors import CartError, PermissionDenied
from pos.payments.tenders import Tender
from pos.selling.cart import Cart, Discount
from pos.selling.checkout import CommittedSale, SaleContext, checkout
from pos.selling.discount_policy import needs_approval
from pos.selling.parked import ParkedSale, ParkedSales
from pos.selling.receipt_ref import parse_receipt_ref
from pos.selling.returns import ReturnableSale, find_sale, make_return
from pos.staff.auth import StaffMember, authenticate
from pos.staff.pins import install_secret
from pos.terminal import Terminal
from ui.approval import approve_as_manager
from ui.qt import QObject, Signal

_QTY_PREFIX = re.compile(r"^\s*(\d{1,4}(?:[.,]\d{1,3})?)\s*[*xX×]\s*(.*)$")


def split_qty_prefix(text: str) -> tuple[int | None, str]:
    """``"3*"`` → (3000, ""), ``"2,5*chả"`` → (2500, "chả"), anything else → (None, text)."""
    m = _QTY_PREFIX.match(text)
    if not m:
        return None, text
    whole, _, frac = m.group(1).replace(",", ".").partition(".")
    qty = int(whole) * 1000 + int((frac + "000")[:3])
    return (qty if qty > 0 else None), m.group(2).strip()


@dataclass(frozen=True, slots=True)
class AddedLine:
    """What the sale screen tells the cashier after a scan."""

    index: int
    product: ProductInfo
    warnings: tuple[str, ...]  # "ocop_expired", "out_of_stock"


class Till(QObject):
    """One till session over a :class:`pos.terminal.Terminal`."""

    cart_changed = Signal()
    staff_changed = Signal()
    parked_changed = Signal()
    sale_committed = Signal(object)  # CommittedSale
    customer_lang_changed = Signal(str)

    def __init__(self, terminal: Terminal, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.terminal = terminal
        self.secret = install_secret(terminal.settings.home)
        self.today = today
        self.staff: StaffMember | None = None
        self.cart: Cart = self._new_cart()
        self.parked = ParkedSales(terminal.engine)
        self.parked_count = self.parked.count()
        self.default_customer_lang = (
            terminal.settings.terminal.lang
            if terminal.settings.terminal.lang
            in (
                "vi",
                "en",
            )
            else "vi"
        )
        self.customer_lang = self.default_customer_lang
        self.last_sale: CommittedSale | None = None

    # --- staff ---------------------------------------------------------------------------------------------
    def sign_in(self, pin: str) -> StaffMember:
        member = authenticate(self.terminal.engine, self.secret, pin.strip())
        self.staff = member
        self.staff_changed.emit()
        return member

    def sign_out(self) -> None:
        self.staff = None
        self.staff_changed.emit()

    def approve(self, pin: str) -> StaffMember:
        """A manager's PIN approving something the signed-in cashier may not do alone."""
        return approve_as_manager(self.terminal.engine, self.secret, pin)

    @property
    def role(self) -> str:
        return self.staff.role if self.staff else ""

    def context(self, lang: str) -> SaleContext:
        if self.staff is None:
            raise PermissionDenied("Chưa đăng nhập", "Nobody is signed in", code="signed_out")
        return SaleContext(
            self.terminal.code, cashier_id=self.staff.id, cashier_name=self.staff.name, lang=lang
        )

    # --- the cart ------------------------------------------------------------------------------------------
    def _new_cart(self) -> Cart:
        return Cart(self.terminal.vat, self.today())

    def resolve(self, code: str) -> ScanResult:
        return self.terminal.catalogue.resolve(code)

    def warnings_for(self, product: ProductInfo) -> tuple[str, ...]:
        out = []
        if product.ocop_expired(self.today()):
            out.append("ocop_expired")
        if product.out_of_stock:
            out.append("out_of_stock")
        return tuple(out)

    def add_scan(self, scan: ScanResult, qty_milli: int | None = None) -> AddedLine:
        index = self.cart.add(scan, qty_milli)
        self.last_sale = None  # the next customer: the last sale's change is no longer shown
        self.cart_changed.emit()
        return AddedLine(index, scan.product, self.warnings_for(scan.product))

    def add_code(self, code: str, qty_milli: int | None = None) -> AddedLine:
        """Resolve and add; a bad or unknown code raises and leaves the cart untouched."""
        return self.add_scan(self.resolve(code), qty_milli)

    def add_product(self, product: ProductInfo, qty_milli: int | None = None) -> AddedLine:
        """A quick key or a search result: the product's SKU stands in for a scanned code."""
        return self.add_scan(ScanResult(product, product.sku), qty_milli)

    def set_qty(self, index: int, qty_milli: int) -> None:
        self.cart.set_qty(index, qty_milli)
        self.cart_changed.emit()

    def discount_needs_approval(self, discount: Discount, base: int) -> bool:
        return needs_approval(self.role, discount, base)

    def set_line_discount(
        self, index: int, discount: Discount, approved_by: StaffMember | None = None
    ) -> None:
        line = self.cart.lines[index] if 0 <= index < len(self.cart.lines) else None
        if line is None:
            raise CartError("Không có dòng này", "No such line", code="no_line")
        self._check_discount(discount, line.gross, approved_by)
        self.cart.set_line_discount(index, discount)
        self.cart_changed.emit()

    def set_sale_discount(self, discount: Discount, approved_by: StaffMember | None = None) -> None:
        self._check_discount(discount, self.cart.totals().subtotal, approved_by)
        self.cart.set_sale_discount(discount)
        self.cart_changed.emit()

    def _check_discount(self, discount: Discount, base: int, approved_by: StaffMember | None) -> None:
        if self.discount_needs_approval(discount, base) and approved_by is None:
            raise PermissionDenied(
                "Chiết khấu vượt hạn mức của bạn — cần quản lý duyệt",
                "This discount is above your limit — a manager must approve it",
                code="discount_limit",
            )

    def remove(self, index: int) -> None:
        self.cart.remove(index)
        self.cart_changed.emit()

    def clear(self) -> None:
        self.cart = self._new_cart()
        self.customer_lang = self.default_customer_lang
        self.customer_lang_changed.emit(self.customer_lang)
        self.cart_changed.emit()

    def set_customer_lang(self, lang: str) -> None:
        self.customer_lang = lang
        self.customer_lang_changed.emit(lang)

    # --- parking -------------------------------------------------------------------------------------------
    def park(self, label: str = "") -> ParkedSale:
        parked = self.parked.park(self.cart, label=label, cashier_name=self.staff.name if self.staff else "")
        self.clear()
        self._parked_changed()
        return parked

    def parked_sales(self) -> list[ParkedSale]:
        return self.parked.list()

    def recall(self, parked_id: str) -> ParkedSale | None:
        """Bring a parked cart back. An open cart is parked first (swapped), and its summary returned."""
        swapped = None
        if not self.cart.is_empty:
            swapped = self.parked.park(self.cart, cashier_name=self.staff.name if self.staff else "")
        try:
            cart = self.parked.recall(parked_id, self.terminal.vat, self.today())
        except Exception:
            if swapped is not None:  # put the open cart back as it was
                self.cart = self.parked.recall(swapped.id, self.terminal.vat, self.today())
            raise
        self.cart = cart
        self.cart_changed.emit()
        self._parked_changed()
        return swapped

    def discard_parked(self, parked_id: str) -> None:
        self.parked.discard(parked_id)
        self._parked_changed()

    def _parked_changed(self) -> None:
        self.parked_count = self.parked.count()
        self.parked_changed.emit()

    # --- paying --------------------------------------------------------------------------------------------
    def pay(self, tenders: Sequence[Tender]) -> CommittedSale:
        """Commit the open cart with ``tenders`` (one durable transaction), then start a fresh cart."""
        sale = checkout(self.terminal.engine, self.cart, tenders, self.context(self.customer_lang))
        self.clear()
        self.last_sale = sale
        self.sale_committed.emit(sale)
        return sale

    # --- returns -------------------------------------------------------------------------------------------
    def find_receipt(self, ref: str) -> ReturnableSale:
        terminal, number = parse_receipt_ref(ref, self.terminal.code)
        return find_sale(self.terminal.engine, terminal, number)

    def make_return(
        self, original: ReturnableSale, quantities: dict[str, int], approver: StaffMember, reason: str = ""
    ) -> CommittedSale:
        sale = make_return(
            self.terminal.engine,
            original,
            quantities,
            self.context(self.customer_lang),
            approved_by=approver.id,
            reason=reason,
        )
        self.last_sale = sale
        self.sale_committed.emit(sale)
        return sale
