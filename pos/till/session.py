"""One till session, Qt-free: who is signed in, the open cart and its approval, the parked carts, the customer's
language and the last sale — and every use case of the counter as one method.

Each method is a plain call: arguments in, a typed result (or None) out, or a ``PosError`` raised with nothing
changed. None touches a widget, so each can run on a database thread. What a method changed is reported to
``on_change`` (:class:`Change`, on the thread that ran it): the GUI's adapter (``ui/till.py``) turns it into Qt
signals. The GUI, ``ocop-pos simulate`` (through ``pos.till.scan``) and the tests call these same methods.

The open cart is saved at every change (``pos.selling.open_cart``) and restored when a session starts after a
crash (``restored``): at once by default, or — given ``background``, the GUI's database executor — as a
coalesced job on that thread (``CoalescedSaves``), so a scan on the GUI thread never waits for the disk. Protected actions go through ``pos.till.guarded`` with the signed-in person as the actor;
when the core needs someone else's approval they raise :class:`~pos.till.approvals.ApprovalNeeded` (or
``PermissionDenied`` with ``code="needs_approval"``) and the caller asks for a manager's PIN
(:meth:`TillSession.approve`) and tries again.
"""

from __future__ import annotations

import datetime as dt
import enum
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

from pos.catalogue.lookup import ProductInfo, ScanResult
from pos.einvoice.buyer import Buyer
from pos.errors import CartError, PermissionDenied, ReturnError
from pos.inventory.prices import apply_due_prices
from pos.models.rows import SaleRow
from pos.payments.tenders import Tender
from pos.receipts.document import ReceiptDoc
from pos.receipts.from_sale import sale_id_for
from pos.selling.cart import Cart, CartLine, Discount
from pos.selling.checkout import CommittedSale, RawWrite, SaleContext, peek_next_receipt_no, receipt_label
from pos.selling.fx_rates import FxRate, load_fx_rates, parse_fx_entry, set_fx_rate
from pos.selling.open_cart import CoalescedSaves, OpenCart, RestoredCart
from pos.selling.parked import ParkedSale, ParkedSales
from pos.selling.receipt_ref import parse_receipt_ref
from pos.selling.remote_returns import fetch_remote
from pos.selling.returns import ReturnableSale, find_sale
from pos.selling.transfer import Confirmation, TransferRequest, record_confirmations, request_transfer
from pos.shifts.cash import CashCount
from pos.shifts.close import x_report
from pos.shifts.document import report_doc, shop_header
from pos.shifts.report import ShiftReport
from pos.shifts.shift import ShiftInfo, cash_movement, current_shift, open_shift
from pos.staff.approval import approve
from pos.staff.auth import StaffMember, authenticate
from pos.staff.auth import sign_out as audit_sign_out
from pos.staff.directory import StaffRecord, list_staff
from pos.staff.permissions import Approval, Permission, has_permission, require
from pos.staff.pins import install_secret
from pos.staff.policy import StorePolicy, load_policy
from pos.sync import state
from pos.till import guarded
from pos.till.approvals import ApprovalNeeded, CartApproval
from pos.till.prepared import PreparedPayment, prepare
from pos.till.scan import AddedLine, add_to_cart
from pos.till.terminal import Terminal

if TYPE_CHECKING:
    from pos.vat_refund.rules import Passport


class Change(enum.Enum):
    """What a use case changed, for whoever shows the session."""

    STAFF = "staff"  # signed in or out
    SHIFT = "shift"  # opened or closed
    CUSTOMER_LANG = "customer_lang"
    CART = "cart"  # the open cart (lines, prices, discounts, or a fresh one)
    PARKED = "parked"  # the parked carts
    SALE = "sale"  # a sale, return or void was committed: ``last_sale``


class TillSession:
    """The state of one till and its use cases, over a :class:`pos.till.terminal.Terminal`."""

    def __init__(
        self,
        terminal: Terminal,
        today: Callable[[], dt.date] = dt.date.today,
        on_change: Callable[[Change], None] | None = None,
        background: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        self.terminal = terminal
        self.secret = install_secret(terminal.settings.home)
        self.today = today
        self.on_change = on_change
        self.staff: StaffMember | None = None
        #: The buyer the customer asked to have on this sale's e-invoice (payment screen, F7); cleared per sale.
        self.buyer: Buyer | None = None
        #: The foreign traveller this sale is made to (payment screen, Shift+F11): ``buyer`` is then them by
        #: passport (``pos.vat_refund.traveller``); cleared per sale.
        self.traveller: Passport | None = None
        self.cart: Cart = self._new_cart()
        self.parked = ParkedSales(terminal.engine)
        self.parked_count = self.parked.count()
        lang = terminal.settings.terminal.lang
        self.default_customer_lang = lang if lang in ("vi", "en") else "vi"
        self.customer_lang = self.default_customer_lang
        # The sale in progress is on disk at every change (pos.selling.open_cart) and comes back after a crash.
        self.open_cart = OpenCart(terminal.engine)
        self._saves = CoalescedSaves(self.open_cart, background) if background is not None else None
        self.restored: RestoredCart | None = self.open_cart.restore(
            terminal.vat, self.today(), self.cart.promotions
        )
        if self.restored is not None:
            self.cart, self.customer_lang = self.restored.cart, self.restored.customer_lang
        self.last_sale: CommittedSale | None = None
        #: The manager's approval of the open cart's discounts and prices (see ``pos.till.approvals``).
        self.cart_approval: CartApproval | None = None
        #: Work for paying the open cart done when the payment screen opened (``prepare_payment``).
        self._prepared: PreparedPayment | None = None

    def _changed(self, change: Change, *, save: bool = True) -> None:
        if save and change in (Change.CART, Change.CUSTOMER_LANG):
            self._save_open_cart()  # on disk before anyone redraws it
        if self.on_change is not None:
            self.on_change(change)

    def _save_open_cart(self) -> None:
        """One small write transaction per change (coalesced on ``background``); never raises (a failure is
        logged, the checkout says more)."""
        staff = self.staff
        (self._saves or self.open_cart).save(
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

    @property
    def engine(self) -> Engine:
        return self.terminal.engine

    @property
    def code(self) -> str:
        return self.terminal.code

    @property
    def home(self) -> Path:
        """The till's data folder (product pictures are read from it)."""
        return self.terminal.settings.home

    def shop_name(self) -> str:
        """The shop's name as the header and the customer display show it."""
        return shop_header(self.engine).name or "OCOP POS"

    # --- staff -----------------------------------------------------------------------------------------------
    def staff_list(self) -> list[StaffRecord]:
        """Active staff for the sign-in tiles."""
        return list_staff(self.engine)

    def sign_in(self, pin: str, staff_code: str | None = None) -> StaffMember:
        """Sign in by name tile + PIN (one PIN check) or by PIN alone (checked against everyone's)."""
        member = authenticate(
            self.engine, self.secret, pin.strip(), staff_code=staff_code, terminal_code=self.code
        )
        self.staff = member
        self._changed(Change.STAFF)
        return member

    def sign_out(self) -> None:
        if self.staff is not None:
            audit_sign_out(self.engine, self.staff, terminal_code=self.code)
        self.staff = None
        self.cart_approval = None
        self.last_sale = None  # the next person does not inherit the last customer's change on screen
        self._changed(Change.STAFF)

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

    # --- the shift -------------------------------------------------------------------------------------------
    def current_shift(self) -> ShiftInfo | None:
        return current_shift(self.engine, self.code)

    def needs_shift(self) -> bool:
        """No shift is open and the store wants one before selling."""
        return self.current_shift() is None and self.policy().require_open_shift

    def open_shift(self, count: CashCount) -> ShiftInfo:
        info = open_shift(self.engine, self.require_staff(), self.code, count)
        self._changed(Change.SHIFT)
        return info

    def cash_movement(self, kind: str, amount: int, reason: str, approval: Approval | None = None) -> str:
        """A paid-in or paid-out with its reason (needs a shift lead, or their approval)."""
        return cash_movement(
            self.engine, self.require_staff(), self.code, kind, amount, reason, approval=approval
        )

    def x_report(self, approval: Approval | None = None) -> ShiftReport:
        return x_report(self.engine, self.require_staff(), self.code, approval=approval)

    def report_document(self, report: ShiftReport, lang: str) -> ReceiptDoc:
        """An X or Z report laid out for the receipt printer, under the shop's header."""
        return report_doc(report, shop_header(self.engine), lang=lang)

    def open_drawer(self, reason: str, approval: Approval | None = None) -> str:
        """Allow a no-sale drawer opening (audited); the caller then pulses the drawer."""
        return guarded.open_drawer(
            self.engine, self.require_staff(), self.code, reason=reason, approval=approval
        )

    def shift_closed(self) -> None:
        """The shift was closed (by the count screen, ``pos.shifts.close``)."""
        self._changed(Change.SHIFT)

    def new_day(self) -> bool:
        """Prices whose day (or time of day) has come take effect; whether any price changed."""
        return bool(apply_due_prices(self.engine))

    # --- the cart --------------------------------------------------------------------------------------------
    def _new_cart(self) -> Cart:
        """A cart for the next sale, holding the head-office promotions in force now (read once, here)."""
        return self.terminal.new_cart(self.today())

    def refresh_promotions(self) -> None:
        """A sync brought catalogue changes: an empty cart takes today's promotions (an open one keeps its own)."""
        self._prepared = None  # its next cart holds the promotions as they were
        if self.cart.is_empty:
            self.cart.promotions = self.terminal.promotions(self.today())

    def resolve(self, code: str) -> ScanResult:
        return self.terminal.catalogue.resolve(code)

    def search(self, query: str, limit: int = 30) -> list[ProductInfo]:
        """Products by name, SKU or code, diacritics ignored (the search box, its ``3*`` prefix taken off)."""
        query = query.strip()
        return self.terminal.catalogue.search(query, limit) if query else []

    def quick_keys(self, n: int) -> list[ProductInfo]:
        """The favourites, then the products nobody can scan (no barcode)."""
        return self.terminal.catalogue.quick_keys(n)

    def add_scan(self, scan: ScanResult, qty_milli: int | None = None) -> AddedLine:
        added = add_to_cart(self.cart, scan, qty_milli, self.today())
        self.last_sale = None  # the next customer: the last sale's change is no longer shown
        self._changed(Change.CART)
        return added

    def add_code(self, code: str, qty_milli: int | None = None) -> AddedLine:
        """A scanned or typed code: resolved and added; a bad or unknown code raises, the cart untouched."""
        return self.add_scan(self.resolve(code), qty_milli)

    def add_product(self, product: ProductInfo, qty_milli: int | None = None) -> AddedLine:
        """A quick key (``product_now``) or a search result: the product's SKU stands in for a scanned code."""
        return self.add_scan(ScanResult(product, product.sku), qty_milli)

    def product_now(self, product: ProductInfo) -> ProductInfo:
        """A quick key sells the product as the catalogue has it now (the key may be older than today's price or
        stock); one withdrawn since is refused like an unknown code (``code="withdrawn"``)."""
        current = self.terminal.catalogue.by_id(product.id)
        if current is None:
            raise CartError(
                f"{product.name_vi} đã ngừng bán",
                f"{product.name_en or product.name_vi} is no longer sold",
                code="withdrawn",
            )
        return current

    def _line(self, index: int) -> CartLine:
        if not 0 <= index < len(self.cart.lines):
            raise CartError("Không có dòng này", "No such line", code="no_line")
        return self.cart.lines[index]

    def _line_amount(self, index: int) -> int:
        return self.cart.totals().lines[index].amount

    def set_qty(self, index: int, qty_milli: int) -> None:
        """Change a quantity; a lower one is logged as a line void for the part taken off (Z report)."""
        line = self._line(index)
        before, amount_before = line.qty_milli, self._line_amount(index)
        self.cart.set_qty(index, qty_milli)
        if qty_milli < before and self.staff is not None:
            self._log_line_void(line.product, before - qty_milli, amount_before - self._line_amount(index))
        self._changed(Change.CART)

    # Discounts and prices: the core's limits (StorePolicy per role) decide; above them a manager approves by PIN.
    def approvals_needed(self) -> frozenset[Permission]:
        """What the open cart still needs a manager's approval for (empty when the cashier may sell it)."""
        if self.staff is None:
            return frozenset()
        needed = guarded.approvals_needed(self.cart, self.staff, self.policy())
        return frozenset() if needed and self._covered(needed) else needed

    def _covered(self, needed: frozenset[Permission]) -> bool:
        a = self.cart_approval
        return (
            a is not None
            and self.staff is not None
            and a.covers(needed, self.cart, self.staff, self.policy())
        )

    def _with_approval(
        self, apply: Callable[[], None], undo: Callable[[], None], approval: Approval | None
    ) -> None:
        """Make a change to the cart that may need a manager: undone (and refused) when it needs one not given."""
        apply()
        needed = self.approvals_needed()
        if needed and approval is None:
            undo()
            raise ApprovalNeeded(needed)
        if needed and approval is not None:
            staff = self.require_staff()
            try:
                for permission in needed:
                    approval.check(staff, permission)
            except PermissionDenied:
                undo()
                raise
            self.cart_approval = CartApproval.given(approval, self.cart, staff, self.policy())
        self._changed(Change.CART)

    def set_line_discount(self, index: int, discount: Discount, approval: Approval | None = None) -> None:
        """Raises :class:`ApprovalNeeded` (the cart unchanged) when the discount is above the person's limit."""
        previous = self._line(index).discount
        self._with_approval(
            lambda: self.cart.set_line_discount(index, discount),
            lambda: self.cart.set_line_discount(index, previous),
            approval,
        )

    def set_sale_discount(self, discount: Discount, approval: Approval | None = None) -> None:
        previous = self.cart.sale_discount
        self._with_approval(
            lambda: self.cart.set_sale_discount(discount),
            lambda: self.cart.set_sale_discount(previous),
            approval,
        )

    def set_unit_price(self, index: int, price: int, approval: Approval | None = None) -> None:
        """Sell a line at ``price`` đồng a unit instead of the catalogue's (a price override).

        Without ``PRICE_OVERRIDE`` the cashier needs a manager's approval: :class:`ApprovalNeeded` (the cart
        unchanged) until one is given. The sale records who approved it and the audit log has one
        ``price_override`` entry per line (``pos.till.guarded.guarded_checkout``).
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

        self._with_approval(lambda: self.cart.set_unit_price(index, price), undo, approval)

    def remove(self, index: int, reason: str = "") -> None:
        """Take a line off before payment; logged as a line void (who, what, how much)."""
        amount = self._line_amount(index)
        line = self.cart.remove(index)
        if self.staff is not None:
            self._log_line_void(line.product, line.qty_milli, amount, reason)
        self._changed(Change.CART)

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

    def _sale_writes(self) -> RawWrite:
        """What the checkout writes besides the sale, in its own transaction: the paid cart leaves the disk, and a
        traveller set for the sale is kept with it (``pos.vat_refund.traveller``: the refund form's details)."""
        drop, traveller = self.open_cart.drop_raw, self.traveller
        if traveller is None:
            return drop

        from pos.vat_refund.traveller import write_traveller  # loaded for a tourist's sale only

        def writes(cur: sqlite3.Cursor, sale: SaleRow) -> None:
            drop(cur, sale)
            write_traveller(cur, str(sale["id"]), traveller)

        return writes

    def clear(self, *, save: bool = True, next_cart: Cart | None = None) -> None:
        """A fresh cart for the next customer (nothing logged: the last one was paid or parked).

        ``save=False``: the open cart has just left the disk in the caller's own committed transaction (a
        checkout), so the empty cart that follows has nothing to write — not even a no-op job on the executor
        while the sale's result goes back to the screen. ``next_cart``: an empty cart made for it beforehand."""
        self.cart = next_cart if next_cart is not None else self._new_cart()
        self.cart_approval = None
        self.buyer = None
        self.traveller = None
        self.customer_lang = self.default_customer_lang
        self._changed(Change.CUSTOMER_LANG, save=save)
        self._changed(Change.CART, save=save)

    def set_customer_lang(self, lang: str) -> None:
        self.customer_lang = lang
        self._changed(Change.CUSTOMER_LANG)

    # --- parking ---------------------------------------------------------------------------------------------
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
        # its lines keep their promotions; new lines get today's
        cart.promotions = self.terminal.promotions(self.today())
        self.cart = cart
        self.cart_approval = None  # a recalled cart's discounts are approved again at payment if needed
        self._changed(Change.CART)
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
        self._changed(Change.PARKED)

    # --- paying ----------------------------------------------------------------------------------------------
    def next_receipt_label(self) -> str:
        """The number the next sale will get, as printed (``T01-000124``)."""
        return receipt_label(self.code, peek_next_receipt_no(self.engine, self.code))

    def fx_rates(self) -> dict[str, FxRate]:
        """The exchange rates foreign cash is taken at, by currency."""
        return load_fx_rates(self.engine)

    def set_fx_rate(self, entry: str, approval: Approval | None = None) -> str:
        """Set a rate as typed (``USD 25.400``; ``0`` withdraws the currency); returns the currency.

        Exchange rates are prices of a kind: the person's own right (``EDIT_CATALOGUE``) or a manager's
        approval, and the rate records who set it.
        """
        staff = self.require_staff()
        currency, rate_milli = parse_fx_entry(entry)
        approver = require(staff, Permission.EDIT_CATALOGUE, approval)
        set_fx_rate(self.engine, currency, rate_milli, (approver or staff).id)
        if approval is not None and approver is not None:
            approval.spend()
        return currency

    def request_transfer(self, amount: int) -> TransferRequest:
        """A VietQR for ``amount`` to the shop's account, referenced with the next receipt number."""
        return request_transfer(self.engine, self.code, amount)

    def prepare_payment(self) -> None:
        """The payment screen opened (the cart is frozen there): price the cart and make the next sale's empty
        cart now, so F12 is left with the seller's checks and the durable transaction (``pos.till.prepared``).
        A cart changed afterwards is priced again at F12."""
        self._prepared = prepare(self.cart, self._new_cart(), self.today())

    def pay(
        self,
        tenders: Sequence[Tender],
        approval: Approval | None = None,
        confirmations: Sequence[Confirmation] = (),
    ) -> CommittedSale:
        """Commit the open cart with ``tenders`` (one durable transaction), then start a fresh cart.

        ``confirmations`` say how each VietQR transfer was confirmed (by the bank or by hand); they are written in
        the sale's transaction.

        Raises :class:`ApprovalNeeded` when the cart needs a manager's approval nobody has given yet, and
        ``ShiftError`` (``no_open_shift``) when the store wants a shift open first.
        """
        staff = self.require_staff()
        # The seller, the policy and the shift read once, for the approvals asked here and the checkout's checks.
        checked = guarded.seller(self.engine, staff, self.code)
        prepared = self._prepared
        # Priced once: the approvals, the checks and the rows — when the payment screen opened, if the cart is
        # still exactly as it was then.
        totals = prepared.totals_for(self.cart) if prepared is not None else None
        if totals is None:
            totals = self.cart.totals()
        needed = guarded.approvals_needed(self.cart, checked.actor, checked.policy, totals)
        if needed and approval is None and not self._covered(needed):
            raise ApprovalNeeded(needed)
        held = self.cart_approval.approval if self.cart_approval is not None else None
        sale = guarded.guarded_checkout(
            self.engine,
            self.cart,
            tenders,
            SaleContext(
                self.code,
                lang=self.customer_lang,
                buyer=self.buyer,
                store_code=self.terminal.store_code,
            ),
            staff,
            approval=(approval or held) if needed else None,
            also=self._confirmed_also(confirmations) if confirmations else None,
            also_raw=self._sale_writes(),  # the paid cart leaves the disk in the sale's own transaction
            checked=checked,
            totals=totals,
        )
        self.open_cart.dropped()  # so the next, empty cart costs no write
        self._prepared = None
        next_cart = prepared.next_cart_for(self.today(), self.terminal.vat) if prepared is not None else None
        self.clear(save=False, next_cart=next_cart)
        self.last_sale = sale
        self._changed(Change.SALE)
        return sale

    @staticmethod
    def _confirmed_also(confirmations: Sequence[Confirmation]) -> Callable[[Connection, SaleRow], None]:
        """How the transfers were confirmed, written in the sale's transaction (the paid cart leaves the disk in
        it too, by ``also_raw``)."""

        def also(conn: Connection, sale_row: SaleRow) -> None:
            record_confirmations(conn, sale_row["id"], confirmations)

        return also

    # --- receipts: returns, voids, reprints ------------------------------------------------------------------
    def find_receipt(self, ref: str) -> ReturnableSale:
        """The sale of a receipt: this till's own, or another till's of the store as head office holds it."""
        terminal, number = parse_receipt_ref(ref, self.code)
        try:
            return find_sale(self.engine, terminal, number)
        except ReturnError:
            if terminal == self.code or state.read(self.engine, state.TOKEN) is None:
                raise
        return fetch_remote(self.engine, terminal, number)

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

    def receipt_label_of(self, sale_id: str) -> str:
        """The printed number (``T01-000042``) of ``sale_id``."""
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT terminal_code, receipt_no FROM sales WHERE id = :id"), {"id": sale_id}
            ).one()
            conn.rollback()
        return receipt_label(str(row[0]), int(row[1]))

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
        self._changed(Change.SALE)
        return sale

    def return_without_original(
        self,
        ref: str,
        items: dict[str, int],
        reason: str,
        approval: Approval | None = None,
        prices: dict[str, int] | None = None,
    ) -> CommittedSale:
        """Another till's receipt while head office cannot be reached: a manager-approved refund of ``items``
        (product id → quantity in thousandths; ``prices``: product id → unit price refunded, today's by default),
        reconciled with the original at a later sync."""
        terminal, number = parse_receipt_ref(ref, self.code)
        sale = guarded.return_without_original(
            self.engine,
            terminal,
            number,
            items,
            SaleContext(self.code, lang=self.customer_lang),
            self.require_staff(),
            reason=reason,
            prices=prices,
            approval=approval,
        )
        self.last_sale = sale
        self._changed(Change.SALE)
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
        self._changed(Change.SALE)
        return sale
