"""The till's state as the screens share it: who is signed in, the open cart, parked carts, the languages.

This is glue, not rules: every decision (pricing, what a code means, whether tenders settle, what may be returned,
who may do what) is made by the core in ``pos/``; :class:`Till` calls it and tells the screens through signals
what changed. Core errors (``PosError``) pass through unchanged so each screen can show their message in the
cashier's language. Protected actions go through ``pos.staff.guarded`` with the signed-in person as the actor;
when the core needs someone else's approval the screens ask for a manager's PIN (``approve``) and try again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

from pos.catalogue.lookup import ProductInfo, ScanResult
from pos.errors import CartError, PermissionDenied
from pos.payments.tenders import Tender
from pos.receipts.from_sale import sale_id_for
from pos.selling.cart import Cart, Discount
from pos.selling.checkout import CommittedSale, SaleContext
from pos.selling.open_cart import OpenCart, RestoredCart
from pos.selling.parked import ParkedSale, ParkedSales
from pos.selling.receipt_ref import parse_receipt_ref
from pos.selling.returns import ReturnableSale, find_sale
from pos.shifts.cash import CashCount
from pos.shifts.close import x_report
from pos.shifts.report import ShiftReport
from pos.shifts.shift import ShiftInfo, cash_movement, current_shift, open_shift
from pos.staff import guarded
from pos.staff.approval import approve
from pos.staff.auth import StaffMember, authenticate
from pos.staff.auth import sign_out as audit_sign_out
from pos.staff.directory import StaffRecord, list_staff
from pos.staff.permissions import PERMISSION_LABELS, Approval, Permission, has_permission
from pos.staff.pins import install_secret
from pos.staff.policy import StorePolicy, load_policy
from pos.terminal import Terminal
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


class ApprovalNeeded(PermissionDenied):
    """The signed-in person may not do this alone; ``permissions`` is what a manager's PIN must approve."""

    def __init__(self, permissions: Iterable[Permission]) -> None:
        self.permissions = frozenset(permissions)
        labels = [PERMISSION_LABELS[p] for p in sorted(self.permissions)]
        super().__init__(
            f"{', '.join(v for v, _ in labels)}: cần quản lý nhập mã PIN để duyệt",
            f"{', '.join(e for _, e in labels)} needs a manager's PIN approval",
            code="needs_approval",
        )


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
    shift_changed = Signal()

    def __init__(self, terminal: Terminal, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.terminal = terminal
        self.secret = install_secret(terminal.settings.home)
        self.today = today
        self.staff: StaffMember | None = None
        self.cart: Cart = self._new_cart()
        self.parked = ParkedSales(terminal.engine)
        self.parked_count = self.parked.count()
        lang = terminal.settings.terminal.lang
        self.default_customer_lang = lang if lang in ("vi", "en") else "vi"
        self.customer_lang = self.default_customer_lang
        # The sale in progress is on disk at every change (pos.selling.open_cart) and comes back after a crash.
        self.open_cart = OpenCart(terminal.engine)
        self.restored: RestoredCart | None = self.open_cart.restore(
            terminal.vat, self.today(), self.cart.promotions
        )
        if self.restored is not None:
            self.cart, self.customer_lang = self.restored.cart, self.restored.customer_lang
        self.cart_changed.connect(self._save_open_cart)
        self.customer_lang_changed.connect(lambda _lang: self._save_open_cart())
        self.last_sale: CommittedSale | None = None
        # The manager's approval of the open cart's discounts and prices, the largest discount (%) it covered
        # and the overridden prices it covered, as (SKU, unit price).
        self.cart_approval: Approval | None = None
        self._approved_pct = 0
        self._approved_prices: frozenset[tuple[str, int]] = frozenset()

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.terminal.engine

    @property
    def code(self) -> str:
        return self.terminal.code

    # --- staff ---------------------------------------------------------------------------------------------
    def staff_list(self) -> list[StaffRecord]:
        """Active staff for the sign-in tiles."""
        return list_staff(self.engine)

    def sign_in(self, pin: str, staff_code: str | None = None) -> StaffMember:
        """Sign in by name tile + PIN (one PIN check) or by PIN alone (checked against everyone's)."""
        member = authenticate(
            self.engine, self.secret, pin.strip(), staff_code=staff_code, terminal_code=self.code
        )
        self.staff = member
        self.staff_changed.emit()
        return member

    def sign_out(self) -> None:
        if self.staff is not None:
            audit_sign_out(self.engine, self.staff, terminal_code=self.code)
        self.staff = None
        self.cart_approval = None
        self.staff_changed.emit()

    def require_staff(self) -> StaffMember:
        if self.staff is None:
            raise PermissionDenied("Chưa đăng nhập", "Nobody is signed in", code="signed_out")
        return self.staff

    def may(self, permission: Permission) -> bool:
        """Whether the signed-in person holds ``permission`` on their own (buttons only; the core decides)."""
        return self.staff is not None and has_permission(self.staff, permission)

    @property
    def may_manage(self) -> bool:
        """The manager screens are for those who may see the shop's reports (manager, admin)."""
        return self.may(Permission.VIEW_REPORTS)

    def policy(self) -> StorePolicy:
        return load_policy(self.engine)

    def approve(self, pin: str, permissions: Iterable[Permission], reason: str = "") -> Approval:
        """A manager's (or shift lead's) PIN approving ``permissions`` for the signed-in person, once."""
        return approve(
            self.engine,
            self.secret,
            pin.strip(),
            permissions,
            requested_by=self.require_staff(),
            reason=reason.strip(),
            terminal_code=self.code,
        )

    @property
    def role(self) -> str:
        return self.staff.role if self.staff else ""

    def context(self, lang: str) -> SaleContext:
        staff = self.require_staff()
        return SaleContext(self.code, cashier_id=staff.id, cashier_name=staff.name, lang=lang)

    # --- the shift -----------------------------------------------------------------------------------------
    def current_shift(self) -> ShiftInfo | None:
        return current_shift(self.engine, self.code)

    def needs_shift(self) -> bool:
        """No shift is open and the store wants one before selling."""
        return self.current_shift() is None and self.policy().require_open_shift

    def open_shift(self, count: CashCount) -> ShiftInfo:
        info = open_shift(self.engine, self.require_staff(), self.code, count)
        self.shift_changed.emit()
        return info

    def cash_movement(self, kind: str, amount: int, reason: str, approval: Approval | None = None) -> str:
        """A paid-in or paid-out with its reason (needs a shift lead, or their approval)."""
        return cash_movement(
            self.engine, self.require_staff(), self.code, kind, amount, reason, approval=approval
        )

    def x_report(self, approval: Approval | None = None) -> ShiftReport:
        return x_report(self.engine, self.require_staff(), self.code, approval=approval)

    def open_drawer(self, reason: str, approval: Approval | None = None) -> str:
        """Allow a no-sale drawer opening (audited); the caller then pulses the drawer."""
        return guarded.open_drawer(
            self.engine, self.require_staff(), self.code, reason=reason, approval=approval
        )

    def shift_closed(self) -> None:
        self.shift_changed.emit()

    # --- the cart ------------------------------------------------------------------------------------------
    def _new_cart(self) -> Cart:
        """A cart for the next sale, holding the head-office promotions in force now (read once, here)."""
        return self.terminal.new_cart(self.today())

    def _save_open_cart(self) -> None:
        """One small write transaction per change; never raises (a failure is logged, the checkout says more)."""
        staff = self.staff
        self.open_cart.save(
            self.cart,
            cashier_name=staff.name if staff else "",
            cashier_id=staff.id if staff else None,
            customer_lang=self.customer_lang,
        )

    def _put_open_cart(self, conn: Connection, cart: Cart) -> None:
        """A recalled cart becomes the open cart in the recall's own transaction."""
        staff = self.staff
        self.open_cart.put(
            conn,
            cart,
            cashier_name=staff.name if staff else "",
            cashier_id=staff.id if staff else None,
            customer_lang=self.customer_lang,
        )

    def refresh_promotions(self) -> None:
        """A sync brought catalogue changes: an empty cart takes today's promotions (an open one keeps its own)."""
        if self.cart.is_empty:
            self.cart.promotions = self.terminal.promotions(self.today())

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

    def _line_amount(self, index: int) -> int:
        return self.cart.totals().lines[index].amount

    def set_qty(self, index: int, qty_milli: int) -> None:
        """Change a quantity; a lower one is logged as a line void for the part taken off (Z report)."""
        line = self._line(index)
        before, amount_before = line.qty_milli, self._line_amount(index)
        self.cart.set_qty(index, qty_milli)
        if qty_milli < before and self.staff is not None:
            self._log_line_void(line.product, before - qty_milli, amount_before - self._line_amount(index))
        self.cart_changed.emit()

    def _line(self, index: int):  # type: ignore[no-untyped-def]
        if not 0 <= index < len(self.cart.lines):
            raise CartError("Không có dòng này", "No such line", code="no_line")
        return self.cart.lines[index]

    # Discounts and prices: the core's limits (StorePolicy per role) decide; above them a manager approves by PIN.
    def approvals_needed(self) -> frozenset[Permission]:
        """What the open cart still needs a manager's approval for (empty when the cashier may sell it)."""
        if self.staff is None:
            return frozenset()
        needed = guarded.approvals_needed(self.cart, self.staff, self.policy())
        return frozenset() if needed and self._covered(needed) else needed

    def _overridden_prices(self, review: guarded.CartReview) -> frozenset[tuple[str, int]]:
        lines = self.cart.lines
        return frozenset((lines[i].product.sku, lines[i].unit_price) for i in review.override_lines)

    def _covered(self, needed: frozenset[Permission]) -> bool:
        """The cart's approval still covers it: not spent, the same rights, no deeper discount and no other
        price override since (an approved price does not let the cashier change another line's price)."""
        a = self.cart_approval
        if a is None or a.spent or not needed <= a.permissions or self.staff is None:
            return False
        review = guarded.review_cart(self.cart, self.staff, self.policy())
        return review.max_discount_pct <= self._approved_pct and (
            Permission.PRICE_OVERRIDE not in needed
            or self._overridden_prices(review) <= self._approved_prices
        )

    def _discount(
        self, apply: Callable[[], None], undo: Callable[[], None], approval: Approval | None
    ) -> None:
        apply()
        needed = self.approvals_needed()
        if needed and approval is None:
            undo()
            raise ApprovalNeeded(needed)
        if needed and approval is not None:
            for permission in needed:
                approval.check(self.require_staff(), permission)
            self.cart_approval = approval
            review = guarded.review_cart(self.cart, self.require_staff(), self.policy())
            self._approved_pct = review.max_discount_pct
            self._approved_prices = self._overridden_prices(review)
        self.cart_changed.emit()

    def set_line_discount(self, index: int, discount: Discount, approval: Approval | None = None) -> None:
        """Raises :class:`ApprovalNeeded` (the cart unchanged) when the discount is above the person's limit."""
        previous = self._line(index).discount
        self._discount(
            lambda: self.cart.set_line_discount(index, discount),
            lambda: self.cart.set_line_discount(index, previous),
            approval,
        )

    def set_sale_discount(self, discount: Discount, approval: Approval | None = None) -> None:
        previous = self.cart.sale_discount
        self._discount(
            lambda: self.cart.set_sale_discount(discount),
            lambda: self.cart.set_sale_discount(previous),
            approval,
        )

    def set_unit_price(self, index: int, price: int, approval: Approval | None = None) -> None:
        """Sell a line at ``price`` đồng a unit instead of the catalogue's (a price override).

        Without ``PRICE_OVERRIDE`` the cashier needs a manager's approval: :class:`ApprovalNeeded` (the cart
        unchanged) until one is given. The sale records who approved it and the audit log has one
        ``price_override`` entry per line (``pos.staff.guarded.guarded_checkout``).
        """
        line = self._line(index)
        if line.fixed_amount is not None:
            raise CartError(
                "Hàng cân có giá in sẵn trên nhãn: không sửa giá được",
                "A weighed item with its price on the label cannot have its price changed",
                code="fixed_line",
            )

        def undo() -> None:
            self.cart.lines[index] = line

        self._discount(lambda: self.cart.set_unit_price(index, price), undo, approval)

    def remove(self, index: int, reason: str = "") -> None:
        """Take a line off before payment; logged as a line void (who, what, how much)."""
        amount = self._line_amount(index)
        line = self.cart.remove(index)
        if self.staff is not None:
            self._log_line_void(line.product, line.qty_milli, amount, reason)
        self.cart_changed.emit()

    def void_cart(self, reason: str = "") -> None:
        """The cashier clears the whole sale: every line is logged as voided before payment."""
        if self.staff is not None:
            for i, priced in enumerate(self.cart.totals().lines):
                self._log_line_void(priced.line.product, self.cart.lines[i].qty_milli, priced.amount, reason)
        self.clear()

    def _log_line_void(self, product: ProductInfo, qty_milli: int, amount: int, reason: str = "") -> None:
        guarded.record_line_void(
            self.engine,
            self.require_staff(),
            self.code,
            sku=product.sku,
            name=product.name_vi,
            qty_milli=qty_milli,
            amount=amount,
            reason=reason,
        )

    def clear(self) -> None:
        """A fresh cart for the next customer (nothing logged: the last one was paid or parked)."""
        self.cart = self._new_cart()
        self.cart_approval = None
        self.customer_lang = self.default_customer_lang
        self.customer_lang_changed.emit(self.customer_lang)
        self.cart_changed.emit()

    def set_customer_lang(self, lang: str) -> None:
        self.customer_lang = lang
        self.customer_lang_changed.emit(lang)

    # --- parking -------------------------------------------------------------------------------------------
    def park(self, label: str = "") -> ParkedSale:
        parked = self.parked.park(
            self.cart,
            label=label,
            cashier_name=self.staff.name if self.staff else "",
            also=self.open_cart.drop,
        )
        self.clear()
        self._parked_changed()
        return parked

    def parked_sales(self) -> list[ParkedSale]:
        return self.parked.list()

    def recall(self, parked_id: str) -> ParkedSale | None:
        """Bring a parked cart back. An open cart is parked first (swapped), and its summary returned."""
        swapped = None
        if not self.cart.is_empty:
            swapped = self.parked.park(
                self.cart, cashier_name=self.staff.name if self.staff else "", also=self.open_cart.drop
            )
        try:
            cart = self.parked.recall(parked_id, self.terminal.vat, self.today(), also=self._put_open_cart)
        except Exception:
            if swapped is not None:  # put the open cart back as it was
                self.cart = self.parked.recall(
                    swapped.id, self.terminal.vat, self.today(), also=self._put_open_cart
                )
                self.cart.promotions = self.terminal.promotions(self.today())
            raise
        cart.promotions = self.terminal.promotions(
            self.today()
        )  # its lines keep theirs; new lines get today's
        self.cart = cart
        self.cart_approval = None  # a recalled cart's discounts are approved again at payment if needed
        self.cart_changed.emit()
        self._parked_changed()
        return swapped

    def discard_parked(self, parked_id: str) -> None:
        """The customer left: the parked basket is dropped and its lines are logged as voided before payment."""
        cart = self.parked.recall(parked_id, self.terminal.vat, self.today())
        if self.staff is not None:
            for priced in cart.totals().lines:
                self._log_line_void(
                    priced.line.product, priced.line.qty_milli, priced.amount, "parked sale discarded"
                )
        self._parked_changed()

    def _parked_changed(self) -> None:
        self.parked_count = self.parked.count()
        self.parked_changed.emit()

    # --- paying --------------------------------------------------------------------------------------------
    def pay(self, tenders: Sequence[Tender], approval: Approval | None = None) -> CommittedSale:
        """Commit the open cart with ``tenders`` (one durable transaction), then start a fresh cart.

        Raises :class:`ApprovalNeeded` when the cart needs a manager's approval nobody has given yet, and
        ``ShiftError`` (``no_open_shift``) when the store wants a shift open first.
        """
        staff = self.require_staff()
        needed = guarded.approvals_needed(self.cart, staff, self.policy())
        if needed and approval is None and not self._covered(needed):
            raise ApprovalNeeded(needed)
        sale = guarded.guarded_checkout(
            self.engine,
            self.cart,
            tenders,
            SaleContext(self.code, lang=self.customer_lang),
            staff,
            approval=(approval or self.cart_approval) if needed else None,
            also=self.open_cart.drop,  # the paid cart leaves the disk in the sale's own transaction
        )
        self.clear()
        self.last_sale = sale
        self.sale_committed.emit(sale)
        return sale

    # --- receipts: returns, voids, reprints -----------------------------------------------------------------
    def find_receipt(self, ref: str) -> ReturnableSale:
        terminal, number = parse_receipt_ref(ref, self.code)
        return find_sale(self.engine, terminal, number)

    def sale_id_of(self, ref: str) -> str:
        """The sale a typed or scanned receipt reference names (for a reprint)."""
        terminal, number = parse_receipt_ref(ref, self.code)
        return sale_id_for(self.engine, terminal, number)

    def last_receipt_id(self) -> str | None:
        """The newest sale or return made on this till (survives a restart)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT id FROM sales WHERE terminal_code = :t ORDER BY receipt_no DESC LIMIT 1"),
                {"t": self.code},
            ).first()
            conn.rollback()
        return None if row is None else str(row[0])

    def make_return(
        self,
        original: ReturnableSale,
        quantities: dict[str, int],
        reason: str,
        approval: Approval | None = None,
    ) -> CommittedSale:
        """A refund: the signed-in person's own right (shift lead and up) or a manager's approval."""
        sale = guarded.guarded_return(
            self.engine,
            original,
            quantities,
            SaleContext(self.code, lang=self.customer_lang),
            self.require_staff(),
            reason=reason,
            approval=approval,
        )
        self.last_sale = sale
        self.sale_committed.emit(sale)
        return sale

    def void_sale(
        self, original: ReturnableSale, reason: str, approval: Approval | None = None
    ) -> CommittedSale:
        """Void a paid sale of the open shift (a full reversal, marked as a void)."""
        sale = guarded.void_sale(
            self.engine,
            original.terminal_code,
            original.receipt_no,
            SaleContext(self.code, lang=self.customer_lang),
            self.require_staff(),
            reason=reason,
            approval=approval,
        )
        self.last_sale = sale
        self.sale_committed.emit(sale)
        return sale
