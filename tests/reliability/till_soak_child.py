"""A whole shift at the till through the real window, in a process of its own (run by ``test_till_soak.py``).

    python -m tests.reliability.till_soak_child --form short|long --home HOME --report REPORT.json [--seed N]

Cashiers sign in by tile and PIN, scan with keyboard-wedge keystrokes (``tests.conftest_ui.scan``: a key every
3 ms, then Enter, through the application-wide wedge filter), change quantities, prices and discounts (a manager's
PIN answers the approval dialog), park and recall, take cash, VietQR and split payments, refund a return, switch
the till between Vietnamese and English, open the manager's side, sign out for the next person. Every action is a
key press or a click a person would make; the state of the till is only read (to know what the screen shows).

The shift runs in blocks: one person's stint (about twenty customers with each of those actions at a seeded
random moment), then the manager looks at the stock count and the reports, and signs out. After every block the
till is back where it began (sign-in screen, nobody signed in, empty cart, nothing parked, Vietnamese), and that
is where it is measured: references to ``None`` (a PySide6 that drops them kills Python 3.11 with
``none_dealloc``), resident memory, and live QObjects. The first block is the warm-up (caches filled, every lazy
screen built); the report gives the figures after it and at the end, and the ledger as the screens left it. The
short form also runs the garbage collector after every sale and every action that opened a dialog (``FORMS``).

The child only measures and reports (JSON); the test decides what passes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import faulthandler
import gc
import importlib.util
import json
import os
import platform
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]

#: What each form must at least do. The short form runs in the default suite; the long one is the lock's gate.
#: ``collect_often``: the garbage collector runs after every sale and every action that opened a dialog, so an
#: object whose lifetime was left to the collector (a dialog's widgets) is torn down at once and a lifetime bug
#: crashes CI, not a shop some day when the collector happens to run. The long form leaves the collector to run
#: on its own, as in a shop.
FORMS: dict[str, dict[str, int]] = {
    "short": {"scans": 1000, "sales": 60, "customers_per_block": 14, "collect_often": 1},
    "long": {"scans": 5000, "sales": 300, "customers_per_block": 22, "collect_often": 0},
}
#: People who sell, in turn (code, PIN), and the manager who approves and looks at the back office.
SELLERS = (("C01", "1111"), ("S01", "2222"))
MANAGER = ("M01", "9999")
REASONS = ("nap hop bi vo", "khach doi y", "sai kich co", "hang loi")


@dataclass
class Sample:
    """The till measured on the sign-in screen after a block."""

    block: int
    scans: int
    sales: int
    none_refs: int
    none_change_in_scans: int
    none_change_in_repeats: int
    repeat_scans: int
    rss_bytes: int
    qobjects: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "block": self.block,
            "scans": self.scans,
            "sales": self.sales,
            "none_refs": self.none_refs,
            "none_change_in_scans": self.none_change_in_scans,
            "none_change_in_repeat_scans": self.none_change_in_repeats,
            "repeat_scans": self.repeat_scans,
            "rss_mb": round(self.rss_bytes / 2**20, 2),
            "qobjects": self.qobjects,
        }


def rss_bytes() -> int:
    """Resident set size from /proc/self/statm (pages × page size)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        resident = int(f.read().split()[1])
    return resident * os.sysconf("SC_PAGE_SIZE")


def till_lock() -> Any:
    """``scripts/till_lock.py`` as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("till_lock", ROOT / "scripts" / "till_lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def installed_versus_lock(packages: dict[str, str]) -> list[str]:
    """Packages of the locked till set installed here at another version ("name: installed X, locked Y")."""
    from importlib import metadata

    wrong = []
    for name, versions in packages.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a package of another platform (the till set ignores markers)
        if installed not in versions.split(","):
            wrong.append(f"{name}: installed {installed}, locked {versions}")
    return wrong


class Keys:
    """What ``tests.conftest_ui``'s helpers need of pytest-qt's ``qtbot``: QTest's real key and mouse events."""

    def __init__(self) -> None:
        from PySide6.QtTest import QTest

        self.keyClick = QTest.keyClick
        self.mouseClick = QTest.mouseClick

    def waitUntil(self, callback: Any, timeout: int = 5000) -> None:
        """Run the event loop until ``callback()`` is true (``TimeoutError`` after ``timeout`` ms), as qtbot does."""
        from ui.qt import QApplication

        deadline = time.monotonic() + timeout / 1000
        while not callback():
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} ms for the till")
            QApplication.processEvents()
            time.sleep(0.001)


class Shift:
    """One shift of the till, driven by keys and clicks, with a tally of what the screens did."""

    def __init__(
        self,
        window: Any,
        clock: Any,
        rng: random.Random,
        on_progress: Callable[[dict[str, int | float]], None],
        collect_often: bool = False,
    ) -> None:
        self.window = window
        self.collect_often = collect_often
        self.dialogs_pending = False  # dialogs were announced for the next key press
        self.clock = clock
        self.rng = rng
        self.on_progress = on_progress
        self.keys = Keys()
        self.counts: Counter[str] = Counter()
        self.tender_totals: Counter[str] = Counter()  # what was paid, by method (cash net of the change)
        self.sales_total = 0
        self.refunds_total = 0
        self.basket_lines: list[int] = []  # lines on each cart paid for
        self.paid_sales: list[int] = []  # receipt numbers of cash sales, for returns
        self.problems: list[str] = []
        # References to None gained or lost across each scan, summed: over every scan, and over scans of a product
        # already on the cart (one more of it: nothing new is kept, so a healthy till gains or loses none there).
        self.none_change_in_scans = 0
        self.none_change_in_repeats = 0
        engine = window.till.session.terminal.engine
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT MIN(b.code), p.price, p.id FROM barcodes b JOIN products p ON p.id = b.product_id "
                "WHERE p.active = 1 AND p.weighed = 0 GROUP BY p.id ORDER BY p.sku"
            ).all()
            plus = conn.exec_driver_sql(
                "SELECT plu FROM products WHERE active = 1 AND weighed = 1 AND plu IS NOT NULL ORDER BY plu"
            ).all()
        # Goods under 1.000.000 ₫ most of the time, the dear ones (ginseng, pearls) now and then.
        self.cheap = [code for code, price, _id in rows if price < 1_000_000]
        self.dear = [code for code, price, _id in rows if price >= 1_000_000]
        self.code_of = {product_id: code for code, _price, product_id in rows}
        self.product_of = {code: product_id for code, _price, product_id in rows}
        self.plus = [int(r[0]) for r in plus]

    # --- a person at the till ---------------------------------------------------------------------------------------
    def settle(self) -> None:
        """What the event loop does between two key presses: paint, run timers, delete what was let go — until
        the till has shown the outcome of what it was asked (its database executor idle, no search pending), as
        a cashier waits for the screen (``tests.conftest_ui.settle``)."""
        from ui.qt import QApplication, QEvent

        window = self.window
        deadline = time.monotonic() + 30
        while True:
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QApplication.processEvents()
            if (
                window.till.idle() and not window.screens[window.current].waiting()
            ) or time.monotonic() > deadline:
                return
            time.sleep(0.001)

    def scan(self, code: str, *, product: bool = True, repeat: bool = False) -> None:
        """A scan, and what it did to the references to ``None``: keystrokes through the wedge filter, the cart
        updated, the screen repainted. The collector waits meanwhile (garbage from before is not the scan's)."""
        from tests.conftest_ui import scan

        gc.disable()
        try:
            before = sys.getrefcount(None)
            scan(self.keys, self.window, code, self.clock)
            self.settle()
            change = sys.getrefcount(None) - before
            self.none_change_in_scans += change
            if repeat:
                self.none_change_in_repeats += change
        finally:
            gc.enable()
        self.counts["scans" if product else "returns_scans"] += 1
        if repeat:
            self.counts["repeat_scans"] += 1
        if product and self.counts["scans"] % 25 == 0:  # what a dying child leaves behind
            self.on_progress(
                {
                    "scans": self.counts["scans"],
                    "sales": self.counts["sales"],
                    "none_refs": sys.getrefcount(None),
                    "scan_drift_so_far": round(self.none_change_in_scans / self.counts["scans"], 2),
                }
            )

    def human(self, text: str) -> None:
        from tests.conftest_ui import human

        human(self.keys, self.window, text, self.clock)
        self.settle()

    def press(self, key: Any, modifier: Any = None) -> None:
        from tests.conftest_ui import press
        from ui.qt import QApplication

        if modifier is None:
            press(self.keys, self.window, key, self.clock)
        else:  # Shift+F4: press() has no modifiers; the same steps with one
            self.keys.keyClick(QApplication.focusWidget() or self.window, key, modifier)
            self.clock.advance(200)
            self.window.wedge.poll()
        self.settle()
        if self.dialogs_pending:  # the key opened (and answered) dialogs: what is left of them goes now
            self.dialogs_pending = False
            self.collect()

    def collect(self) -> None:
        """In the forms that ask for it, run the garbage collector now (see ``FORMS``)."""
        if self.collect_often:
            gc.collect()
            self.counts["collections"] += 1

    def click(self, widget: Any) -> None:
        from ui.qt import Qt

        self.keys.mouseClick(widget, Qt.MouseButton.LeftButton)
        self.settle()

    def dialogs(self, *steps: Any) -> list[Any]:
        """Answer the modal dialogs the next action opens, in order (``tests.conftest_ui.on_dialogs``)."""
        from tests.conftest_ui import on_dialogs

        self.dialogs_pending = True
        return on_dialogs(*steps)  # type: ignore[no-any-return]

    def typed(self, text: str) -> Any:
        from tests.conftest_ui import type_into

        return type_into(self.keys, self.window, self.clock, text)

    def expect(self, ok: bool, what: str) -> None:
        if not ok:
            self.problems.append(f"{what} (screen {self.window.current})")
            self._recover()

    def _recover(self) -> None:
        """After a surprise, get back to an open sale screen so the shift can go on (the surprise is reported)."""
        from ui.qt import QApplication, Qt

        for _ in range(5):
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                break
            dialog.reject()
            self.settle()
        if self.window.current not in ("sale", "signin"):
            self.press(Qt.Key.Key_Escape)

    # --- people ---------------------------------------------------------------------------------------------------
    def sign_in(self, code: str, pin: str) -> None:
        from ui.qt import Qt

        self.settle()  # the sign-in tiles are read on the executor
        tile = next(t for t in self.window.signin.tiles if t.record.code == code)
        self.click(tile)
        self.human(pin)
        self.press(Qt.Key.Key_Return)
        self.expect(
            self.window.current == "sale" and self.window.till.session.staff.code == code, f"{code} signed in"
        )
        self.counts["sign_ins"] += 1

    def sign_out(self) -> None:
        self.click(self.window.header.sign_out)
        self.expect(self.window.current == "signin" and self.window.till.session.staff is None, "signed out")
        self.counts["sign_outs"] += 1

    def switch_language(self, lang: str) -> None:
        self.click(self.window.header.lang_buttons[lang])
        pay = self.window.sale.pay_button.text()
        self.expect(pay == ("Pay" if lang == "en" else "Thanh toán"), f"till in {lang}: Pay reads {pay!r}")
        self.counts["language_switches"] += 1

    def manager_side(self, sections: tuple[str, ...]) -> None:
        """Open the back office from the till menu (F1, F10), look at ``sections`` (clicks), Esc back to selling."""
        from ui.qt import Qt

        self.press(Qt.Key.Key_F1)
        self.expect(self.window.current == "menu", "till menu open")
        self.press(Qt.Key.Key_F10)
        panel = self.window.manager.panel
        self.expect(self.window.current == "manager" and panel is not None, "manager side open")
        if panel is not None:
            for key in sections:
                if key in panel.buttons:
                    self.click(panel.buttons[key])
                    self.expect(panel.current == key, f"section {key} shown")
        self.press(Qt.Key.Key_Escape)
        self.expect(self.window.current == "sale", "back from the manager side")
        self.counts["manager_panel_visits"] += 1

    def manager_visit(self) -> None:
        """Between two stints the manager signs in, looks at the stock count and the reports, and signs out."""
        self.sign_in(*MANAGER)
        self.manager_side(("count", "reports"))
        self.sign_out()

    # --- a customer ---------------------------------------------------------------------------------------------
    def basket_size(self, big: bool) -> int:
        """Lines in a basket: mostly a handful, sometimes a tourist's armful (up to 30)."""
        if big:
            return self.rng.randint(24, 30)
        return min(30, 1 + int(self.rng.expovariate(1 / 6)))

    def fill(self, lines: int) -> None:
        """Scan ``lines`` products: some twice, some with a quantity typed first, now and then a weighed item."""
        from ui.qt import Qt

        cart = self.window.till.session.cart
        if (
            self.plus and self.rng.random() < 0.06
        ):  # a weighed item from the scale's label, first in the basket
            from pos.barcodes import with_check_digit

            grams = self.rng.randint(150, 1500)
            before = len(cart.lines)
            self.scan(with_check_digit(f"20{self.rng.choice(self.plus):05d}{grams:05d}"))
            self.expect(len(self.window.till.session.cart.lines) == before + 1, "weighed label added a line")
            self.counts["weighed_labels"] += 1
        codes = self.rng.sample(self.cheap, min(lines, len(self.cheap)))
        if self.dear and self.rng.random() < 0.07:  # ginseng, pearls: now and then
            codes[-1] = self.rng.choice(self.dear)
        for code in codes:
            cart = self.window.till.session.cart
            had = any(line.product.id == self.product_of[code] for line in cart.lines)
            before = len(cart.lines)
            r = self.rng.random()
            if r < 0.08:  # "3*" typed, then the scan
                self.human(f"{self.rng.randint(2, 4)}*")
                self.counts["qty_prefix"] += 1
            self.scan(code)
            if r > 0.85:  # the same product again: one line, one more of it
                self.scan(code, repeat=True)
            elif r > 0.80:
                self.press(Qt.Key.Key_Plus)
                self.counts["qty_plus"] += 1
            lines_now = len(self.window.till.session.cart.lines)
            self.expect(lines_now == before + (0 if had else 1), f"scan of {code} on the cart")

    def change_lines(self) -> None:
        """What cashiers do to a basket now and then: a quantity, a price, a discount, a line taken off."""
        from ui.qt import Qt

        till = self.window.till.session
        r = self.rng.random()
        if r < 0.10:  # F3: the quantity of the picked (last scanned) line
            wanted = self.rng.randint(2, 5)
            self.dialogs(self.typed(str(wanted)))
            self.press(Qt.Key.Key_F3)
            self.expect(till.cart.lines[-1].qty_milli == wanted * 1000, "F3 changed the quantity")
            self.counts["qty_dialog"] += 1
        elif r < 0.16 and len(till.cart.lines) > 1:  # "−" on a line of one: the line goes
            self.press(Qt.Key.Key_Up)
            self.press(Qt.Key.Key_Minus)
            self.counts["qty_minus"] += 1
        elif r < 0.21:  # Shift+F4: a damaged box sold for less; the manager's PIN approves
            line = till.cart.lines[-1]
            price = max(1_000, line.unit_price * 9 // 10 // 1_000 * 1_000)
            self.dialogs(self.typed(str(price)), self.typed(MANAGER[1]))
            self.press(Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
            self.expect(till.cart.lines[-1].unit_price == price, "price override approved")
            self.counts["price_overrides"] += 1
            self.counts["approvals"] += 1
        elif r < 0.27:  # F4: 5 % off one line, within everyone's own limit
            before = till.cart.totals().total
            self.dialogs(self.typed("5"))
            self.press(Qt.Key.Key_F4)
            self.expect(till.cart.totals().total < before, "line discount given")
            self.counts["line_discounts"] += 1
        elif r < 0.31:  # F5: 30 % off the sale, above the limit: the manager's PIN
            before = till.cart.totals().total
            self.dialogs(self.typed("30"), self.typed(MANAGER[1]))
            self.press(Qt.Key.Key_F5)
            self.expect(till.cart.totals().total < before, "sale discount approved")
            self.counts["sale_discounts"] += 1
            self.counts["approvals"] += 1
        elif r < 0.35 and len(till.cart.lines) > 1:  # F6: the customer changes their mind about one thing
            self.press(Qt.Key.Key_F6)
            self.counts["lines_removed"] += 1

    def due_on_screen(self) -> int:
        from pos.money import parse_vnd

        return parse_vnd(self.window.payment.due_value.text())

    def pay(self, how: str) -> None:
        """Take payment for the open cart as ``how`` (cash, vietqr or split) and check the screen's change."""
        from pos.money import parse_vnd
        from ui.qt import QPushButton, Qt

        window = self.window
        tapped = False
        lines = len(window.till.session.cart.lines)
        self.press(Qt.Key.Key_F12)
        self.expect(window.current == "payment", "payment screen")
        pay = window.payment
        due = self.due_on_screen()
        self.expect(due == window.till.session.cart.totals().total, "amount due shown")
        cash_part, qr_part = due, 0
        if how == "vietqr":
            self.press(Qt.Key.Key_F2)  # the whole amount as a transfer: the QR is shown at once
            self.expect(pay.transfer is not None and pay.transfer.amount == due, "QR for the whole amount")
            self.press(Qt.Key.Key_F9)  # the money shows in the shop's account
            cash_part, qr_part = 0, due
        elif how == "split":
            qr_part = max(1_000, due // 2 // 1_000 * 1_000)
            self.press(Qt.Key.Key_F2)
            pay.transfer_amount.setFocus()  # a tap into the field selects its amount
            pay.transfer_amount.selectAll()
            self.human(str(qr_part))
            self.press(Qt.Key.Key_Return)
            self.expect(pay.transfer is not None and pay.transfer.amount == qr_part, "QR for part")
            self.press(Qt.Key.Key_F9)
            self.expect(pay.cash_edit.hasFocus(), "cash for the rest")
            cash_part = due - qr_part
        change = 0
        if cash_part:
            step = self.rng.choice((1_000, 10_000, 50_000, 100_000, 500_000))
            given = -(-cash_part // step) * step
            change = given - cash_part
            tapped = step == 500_000 and given <= 1_000_000
            if tapped:  # notes tapped on the screen
                for _ in range(given // 500_000):
                    self.click(pay.findChild(QPushButton, "note500000"))
                self.counts["note_taps"] += 1
            else:
                self.human(str(given))
            self.expect(parse_vnd(pay.change_value.text()) == change, "change shown")
        if cash_part and not tapped and self.rng.random() < 0.5:
            self.press(Qt.Key.Key_Return)  # Enter in the cash field completes
        else:
            self.press(Qt.Key.Key_F12)
        sale = window.till.session.last_sale
        done = window.current == "sale" and window.till.session.cart.is_empty and sale is not None
        self.expect(done, f"{how} sale completed")
        if not done:
            return
        shown = parse_vnd(window.sale.totals.total_value.text()) if cash_part else 0
        self.expect(shown == change and sale.change_due == change, "change on the sale screen")
        self.counts["sales"] += 1
        self.counts[f"sales_{how}"] += 1
        self.collect()
        self.basket_lines.append(lines)
        self.sales_total += due
        self.tender_totals["cash"] += cash_part
        self.tender_totals["vietqr"] += qr_part
        if how == "cash":
            self.paid_sales.append(sale.receipt_no)

    def customer(self, big: bool = False, how: str | None = None) -> None:
        self.fill(self.basket_size(big))
        if self.rng.random() < 0.45:
            self.change_lines()
        if how is None:
            r = self.rng.random()
            how = "cash" if r < 0.55 else "vietqr" if r < 0.8 else "split"
        self.pay(how)

    def parked_customer(self) -> None:
        """A customer goes back for one more thing: park (F7), serve the next one, recall (F8, Enter), finish."""
        from ui.qt import Qt

        self.fill(self.basket_size(False))
        lines = len(self.window.till.session.cart.lines)
        self.press(Qt.Key.Key_F7)
        self.expect(self.window.till.session.cart.is_empty, "parked")
        self.counts["parks"] += 1
        self.customer()
        self.press(Qt.Key.Key_F8)
        self.expect(self.window.current == "parked", "parked sales shown")
        self.press(Qt.Key.Key_Return)
        self.expect(len(self.window.till.session.cart.lines) == lines, "recalled")
        self.counts["recalls"] += 1
        self.pay("cash")

    def return_goods(self) -> None:
        """One item of an earlier cash sale comes back: F10, scan the receipt, scan the item, a reason, F12."""
        from pos.staff.permissions import Permission
        from ui.qt import Qt

        if not self.paid_sales:
            return
        receipt_no = self.paid_sales.pop(self.rng.randrange(len(self.paid_sales)))
        window = self.window
        self.press(Qt.Key.Key_F10)
        self.expect(window.current == "returns", "returns screen")
        returns = window.returns
        self.scan(f"R/{window.till.session.terminal.code}/{receipt_no}", product=False)
        sale = returns.model.sale
        self.expect(sale is not None and sale.receipt_no == receipt_no, "receipt found")
        lines = [line for line in returns.model.lines if line.product_id in self.code_of]
        if not lines:
            self.press(Qt.Key.Key_Escape)
            return
        self.scan(self.code_of[self.rng.choice(lines).product_id], product=False)
        refund = returns.model.refund_total()
        self.expect(refund > 0, "an item chosen to return")
        self.click(returns.reason)
        self.human(self.rng.choice(REASONS))
        if not window.till.session.may(Permission.REFUND):  # a cashier's refund: the manager's PIN
            self.dialogs(self.typed(MANAGER[1]))
            self.counts["approvals"] += 1
        self.press(Qt.Key.Key_F12)
        done = window.current == "sale" and window.till.session.last_sale is not None
        done = (
            done
            and window.till.session.last_sale.kind == "return"
            and window.till.session.last_sale.total == -refund
        )
        self.expect(done, "refund committed")
        if done:
            self.counts["returns"] += 1
            self.refunds_total += refund

    def block(self, seller: tuple[str, str], customers: int) -> None:
        """One person's stint, every kind of action at a seeded moment, then the manager's look; ends signed out."""
        self.sign_in(*seller)
        moments = self.rng.sample(range(customers), 7)
        park, ret, big, stock, to_en, to_vi, cust_lang = moments
        if to_en > to_vi:
            to_en, to_vi = to_vi, to_en
        for i in range(customers):
            if i == to_en:
                self.switch_language("en")
            if i == to_vi:
                self.switch_language("vi")
            if i == cust_lang:
                from ui.qt import Qt

                self.press(Qt.Key.Key_F11)  # this customer speaks English: the customer display follows
                self.customer()
                self.press(Qt.Key.Key_F11)
                self.counts["customer_language"] += 1
            elif i == park:
                self.parked_customer()
            elif i == big:
                self.customer(big=True)
            else:
                self.customer()
            if i == ret:
                self.return_goods()
            if i == stock:
                self.manager_side(("count", "receiving"))
        self.expect(not self.window.till.session.parked_sales(), "nothing left parked")
        self.sign_out()
        self.manager_visit()


def qobject_counts() -> dict[str, int]:
    """Live QObjects four ways: the trees under every top-level widget and the application (hidden children
    included), every widget, the dialogs among them, and the live Python objects of the till's own QObject
    classes (screens, dialogs, tiles, workers) that the garbage collector knows, parented or not.

    The trees are walked with ``children()``, not ``findChildren()``: PySide's ``findChildren`` hands every object it
    returns back to its C++ parent, so a dialog that ``exec()`` gave to Python would be adopted by the window by the
    act of counting it — kept for the rest of the run and hidden from the collector this soak wants to exercise.

    Only the till's own classes are counted on the Python side: walking the trees makes PySide wrappers for Qt's
    own objects (a label's text document, a line edit's fade animation), which PySide keeps, some even after Qt
    deletes the object. Those are the measurement's doing, not the till's; they are reported apart.
    """
    import shiboken6

    from ui.qt import QApplication, QDialog, QObject

    own = qt_wrappers = dead = 0
    for o in gc.get_objects():
        if isinstance(o, QObject):
            if not shiboken6.isValid(o):
                dead += 1
            elif type(o).__module__.startswith("PySide6."):
                qt_wrappers += 1
            else:
                own += 1
    app = QApplication.instance()
    tree: set[int] = set()
    dialogs = 0
    stack: list[Any] = [*QApplication.topLevelWidgets(), app]
    while stack:
        obj = stack.pop()
        address = shiboken6.getCppPointer(obj)[0]
        if address in tree:
            continue
        tree.add(address)
        dialogs += isinstance(obj, QDialog)
        stack.extend(obj.children())
    return {
        "tree": len(tree),
        "widgets": len(QApplication.allWidgets()),
        "dialogs": dialogs,
        "python_objects": own,
        "qt_wrappers": qt_wrappers,
        "dead_wrappers": dead,
    }


def measure(shift: Shift, block: int) -> Sample:
    shift.settle()
    shift.settle()
    gc.collect()
    return Sample(
        block=block,
        scans=shift.counts["scans"],
        sales=shift.counts["sales"],
        none_refs=sys.getrefcount(None),
        none_change_in_scans=shift.none_change_in_scans,
        none_change_in_repeats=shift.none_change_in_repeats,
        repeat_scans=shift.counts["repeat_scans"],
        rss_bytes=rss_bytes(),
        qobjects=qobject_counts(),
    )


def ledger(window: Any) -> dict[str, Any]:
    """What SQLite holds after the shift, and whether the hash-chained journal verifies."""
    from pos.ledger.verify import verify_journal

    engine = window.till.session.terminal.engine
    with engine.connect() as conn:
        kinds = {
            kind: {"count": n, "total": total}
            for kind, n, total in conn.exec_driver_sql(
                "SELECT kind, COUNT(*), COALESCE(SUM(total), 0) FROM sales GROUP BY kind"
            ).all()
        }
        methods = dict(
            conn.exec_driver_sql(
                "SELECT p.method, SUM(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id "
                "WHERE s.kind = 'sale' GROUP BY p.method"
            ).all()
        )
    try:
        result = verify_journal(engine)
        verify = {"ok": bool(getattr(result, "ok", result)), "detail": repr(result)[:300]}
    except Exception as exc:  # a broken chain raises: that is a result too
        verify = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"[:300]}
    return {"sales": kinds, "payments_by_method": methods, "journal_verify": verify}


def run(form: str, seed: int, home: Path, report_path: Path) -> int:
    import PySide6
    import shiboken6
    from PySide6.QtCore import qVersion

    from pos.settings import HOME_ENV, load_settings
    from pos.till.terminal import Terminal
    from tests.conftest_ui import FakeClock, PrintRecorder
    from ui.app import build_window, ensure_app
    from ui.qt import QApplication

    os.environ[HOME_ENV] = str(home)
    errors: list[str] = []

    def excepthook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        # An exception in a slot or a Qt override lands here (PySide prints and goes on): the shift goes on too,
        # and the report lists it.
        errors.append("".join(traceback.format_exception(kind, value, tb))[-2000:])
        sys.__excepthook__(kind, value, tb)

    sys.excepthook = excepthook
    faulthandler.enable(file=sys.stderr, all_threads=True)  # a crash in C++ leaves the Python stacks behind
    plan = FORMS[form]
    lock = till_lock()
    packages = lock.till_set()
    report: dict[str, Any] = {
        "form": form,
        "seed": seed,
        "targets": plan,
        "versions": {
            "python": platform.python_version(),
            "pyside6": PySide6.__version__,
            "shiboken6": shiboken6.__version__,
            "qt": qVersion(),
        },
        "till_set": {"fingerprint": lock.fingerprint(packages), "packages": packages},
        "installed_differs_from_lock": installed_versus_lock(packages),
        "finished": False,
    }
    report_path.write_text(json.dumps(report, indent=2), encoding="utf-8")

    terminal = Terminal.open(load_settings(home))
    ensure_app()
    clock = FakeClock()
    printer = PrintRecorder()
    window = build_window(terminal, printer, clock=clock)
    window.resize(1024, 768)
    window.show()
    window.activateWindow()
    rng = random.Random(seed)

    def on_progress(progress: dict[str, int | float]) -> None:
        """Every 25 scans: a line on stdout and the figures in the report, in case this is the last of them."""
        print(
            f"scan {progress['scans']}: None refs {progress['none_refs']}, "
            f"{progress['scan_drift_so_far']:+.1f} per scan so far",
            flush=True,
        )
        report["progress"] = progress
        report_path.write_text(json.dumps(report, indent=2), encoding="utf-8")

    shift = Shift(window, clock, rng, on_progress, collect_often=bool(plan["collect_often"]))
    started = time.monotonic()
    start = measure(shift, 0)
    samples = [start]
    block = 0
    while shift.counts["scans"] < plan["scans"] or shift.counts["sales"] < plan["sales"]:
        block += 1
        seller = SELLERS[(block - 1) % len(SELLERS)]
        shift.block(seller, plan["customers_per_block"])
        samples.append(measure(shift, block))
        print(
            f"block {block}: {shift.counts['scans']} scans, {shift.counts['sales']} sales, "
            f"None refs {samples[-1].none_refs}, RSS {samples[-1].rss_bytes / 2**20:.1f} MB",
            flush=True,
        )
        if samples[-1].none_refs < 2_000:  # a run that would end the till is reported, not run to its end
            shift.problems.append("references to None running out")
            break
    minutes = (time.monotonic() - started) / 60
    warm, end = samples[1], samples[-1]
    scans_after = end.scans - warm.scans
    printer.done.wait(5)
    deadline = time.monotonic() + 30
    expected_receipts = shift.counts["sales"] + shift.counts["returns"]
    while len(printer.sale_ids) < expected_receipts and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.05)
    db = ledger(window)
    window.shutdown()
    window.close()
    terminal.close()
    report.update(
        {
            "finished": True,
            "blocks": block,
            "minutes": round(minutes, 2),
            "ended_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "counts": dict(sorted(shift.counts.items())),
            "scans": shift.counts["scans"],
            "sales": {
                "total": shift.counts["sales"],
                "cash": shift.counts["sales_cash"],
                "vietqr": shift.counts["sales_vietqr"],
                "split": shift.counts["sales_split"],
            },
            "basket_lines": {
                "min": min(shift.basket_lines, default=0),
                "max": max(shift.basket_lines, default=0),
                "mean": round(sum(shift.basket_lines) / max(1, len(shift.basket_lines)), 1),
            },
            "returns": shift.counts["returns"],
            "parks": shift.counts["parks"],
            "language_switches": shift.counts["language_switches"],
            "sign_ins": shift.counts["sign_ins"],
            "paid": {
                "sales_total": shift.sales_total,
                "refunds_total": shift.refunds_total,
                "by_method": dict(shift.tender_totals),
            },
            "receipts_printed": len(printer.sale_ids),
            "none_refcount": {
                "start": start.none_refs,
                "after_warmup": warm.none_refs,
                "end": end.none_refs,
                "scans_after_warmup": scans_after,
                # the whole shift, sign-in screen to sign-in screen: every widget PySide makes adds a few (harmless:
                # None's count only rises); a PySide that drops references makes this negative
                "drift_per_scan": round((end.none_refs - warm.none_refs) / max(1, scans_after), 3),
                # across the scans alone (keys, cart, repaint): a new line keeps its own fields that are None
                "scan_drift": round(
                    (end.none_change_in_scans - warm.none_change_in_scans) / max(1, scans_after), 3
                ),
                # across scans of a product already on the cart: nothing new is kept, so about 0
                "repeat_scans_after_warmup": end.repeat_scans - warm.repeat_scans,
                "repeat_scan_drift": round(
                    (end.none_change_in_repeats - warm.none_change_in_repeats)
                    / max(1, end.repeat_scans - warm.repeat_scans),
                    3,
                ),
            },
            "rss_mb": {
                "start": round(start.rss_bytes / 2**20, 2),
                "after_warmup": round(warm.rss_bytes / 2**20, 2),
                "end": round(end.rss_bytes / 2**20, 2),
                "growth_after_warmup": round((end.rss_bytes - warm.rss_bytes) / 2**20, 2),
            },
            "qobjects": {"after_warmup": warm.qobjects, "end": end.qobjects},
            "samples": [s.as_dict() for s in samples],
            "ledger": db,
            "problems": shift.problems[:50],
            "problem_count": len(shift.problems),
            "errors": errors[:10],
            "error_count": len(errors),
        }
    )
    report_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--form", choices=sorted(FORMS), required=True)
    parser.add_argument("--home", type=Path, required=True, help="a copy of the demo terminal's home")
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--scans", type=int, help="fewer (or more) scans than the form's, to try things out")
    parser.add_argument("--sales", type=int)
    args = parser.parse_args(argv)
    if args.scans is not None:
        FORMS[args.form] = {**FORMS[args.form], "scans": args.scans}
    if args.sales is not None:
        FORMS[args.form] = {**FORMS[args.form], "sales": args.sales}
    return run(args.form, args.seed, args.home, args.report)


if __name__ == "__main__":
    sys.exit(main())
