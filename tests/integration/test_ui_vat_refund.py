"""A foreign traveller asks for the VAT refund form at the counter: right after the sale is paid, Shift+F12 opens the
form for that sale; the cashier types the passport's details with real key presses (Enter from field to field),
F5 asks the rules, Enter on the last field issues the form, which is kept with the sale and printed. A purchase
below the minimum is refused with the reason and nothing is kept; the till menu (F1, then F9) reaches the same form
for the last receipt. The dialog is grabbed (offscreen) to /tmp for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import text

from pos.receipts.document import ReceiptDoc
from pos.staff.auth import authenticate
from pos.staff.pins import install_secret
from pos.vat_refund.forms import RefundShop, form_of, save_shop
from tests.conftest_ui import FakeClock, human, on_dialogs, press, scan, settle
from tests.integration.einvoice.helpers import enrol as enrol_einvoices
from tests.integration.test_ui_sale import BA_KICH, CHA_MUC, sign_in
from ui.qt import QApplication, Qt

ZHANG = ("E12345678", "CHN", "Zhang Wei", "01/05/2020", "30/04/2030")
SHOT = Path("/tmp/ocop-vat-refund-dialog.png")


def _enrol(window) -> None:  # type: ignore[no-untyped-def]
    """The store as a refund shop, enrolled for VAT e-invoices too (the refund invoice is one: Circular 32 Art. 7)."""
    t = window.till.session.terminal
    enrol_einvoices(t)
    manager = authenticate(t.engine, install_secret(t.settings.home), "9999", terminal_code=t.code)
    save_shop(t.engine, manager, RefundShop(True, "1234/CT-QNI 01/11/2026"))


def _barcode(window, sku: str) -> str:  # type: ignore[no-untyped-def]
    with window.till.session.terminal.engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id WHERE p.sku = :s"),
                {"s": sku},
            ).scalar_one()
        )


def _sell_cash(qtbot, window, clock: FakeClock, code: str, cash: str) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, window, code, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "payment"
    human(qtbot, window, cash, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale" and window.till.session.last_sale is not None


def _shift_f12(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    clock.advance(200)
    window.wedge.poll()
    settle(qtbot, window)


def _type_passport(qtbot, window, clock: FakeClock, values: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    for i, value in enumerate(values):
        human(qtbot, window, value, clock)
        if i < len(values) - 1:
            press(qtbot, window, Qt.Key.Key_Return, clock)


def _printed(window, monkeypatch) -> list[tuple[ReceiptDoc, str]]:  # type: ignore[no-untyped-def]
    docs: list[tuple[ReceiptDoc, str]] = []
    monkeypatch.setattr(window.printing, "print_document", lambda doc, ref="": docs.append((doc, ref)))
    return docs


def test_shift_f12_after_a_sale_issues_and_prints_the_refund_form(qtbot, window, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _enrol(window)
    printed = _printed(window, monkeypatch)
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    _sell_cash(qtbot, window, clock, _barcode(window, "QN-0002"), "13800000")  # a pearl necklace
    sale_id = window.till.session.last_sale.id
    seen: dict[str, Any] = {}

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.focusWidget() is dialog.edits["number"]
        _type_passport(qtbot, window, clock, ZHANG)
        assert dialog.focusWidget() is dialog.edits["expires_on"]
        press(qtbot, window, Qt.Key.Key_F5, clock)  # ask the rules first
        seen["check"] = dialog.outcome.text()
        dialog.grab().save(str(SHOT))
        press(qtbot, window, Qt.Key.Key_Return, clock)  # Enter on the last field: issue and print

    handled = on_dialogs(fill)
    _shift_f12(qtbot, window, clock)
    assert len(handled) == 1
    assert seen["check"].startswith("Qualifies: goods 13.800.000 ₫") and "refund due" in seen["check"]
    form = form_of(window.till.session.terminal.engine, sale_id)
    assert form is not None and form.passport.number == "E12345678" and form.passport.full_name == "ZHANG WEI"
    assert [ref for _doc, ref in printed] == [form.form_no]
    assert "VAT INVOICE CUM TAX REFUND DECLARATION" in (printed[0][0].title or "")
    assert f"VAT refund form {form.form_no} issued" in window.sale.notice.text.text()
    assert SHOT.stat().st_size > 0


def test_a_purchase_below_the_minimum_is_refused_with_the_reason(qtbot, window, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _enrol(window)
    printed = _printed(window, monkeypatch)
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    _sell_cash(qtbot, window, clock, CHA_MUC, "390000")
    sale_id = window.till.session.last_sale.id
    seen: dict[str, Any] = {}

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        _type_passport(qtbot, window, clock, ZHANG)
        press(qtbot, window, Qt.Key.Key_Return, clock)  # issue: refused, the dialog stays with the reason
        seen["visible"] = dialog.isVisible()
        seen["outcome"] = dialog.outcome.text()
        dialog.grab().save("/tmp/ocop-vat-refund-refused.png")
        press(qtbot, window, Qt.Key.Key_Escape, clock)

    handled = on_dialogs(fill)
    _shift_f12(qtbot, window, clock)
    assert len(handled) == 1 and seen["visible"]
    assert seen["outcome"].startswith("Does not qualify:")
    assert "under the minimum of 2.000.000 ₫" in seen["outcome"]
    assert form_of(window.till.session.terminal.engine, sale_id) is None and printed == []


def test_the_till_menu_reaches_the_form_and_refuses_a_bad_date(qtbot, window, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _enrol(window)
    printed = _printed(window, monkeypatch)
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    _sell_cash(qtbot, window, clock, _barcode(window, "QN-0002"), "13800000")
    sale_id = window.till.session.last_sale.id
    press(qtbot, window, Qt.Key.Key_F1, clock)
    assert window.current == "menu"
    seen: dict[str, Any] = {}

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        _type_passport(qtbot, window, clock, (*ZHANG[:4], "31/02/2030"))
        press(qtbot, window, Qt.Key.Key_Return, clock)
        seen["error"] = dialog.error.text()
        dialog.edits["expires_on"].selectAll()
        human(qtbot, window, "30/04/2030", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    handled = on_dialogs(fill)
    press(qtbot, window, Qt.Key.Key_F9, clock)
    assert len(handled) == 1 and "Date of expiry" in seen["error"]
    form = form_of(window.till.session.terminal.engine, sale_id)
    assert form is not None and [ref for _d, ref in printed] == [form.form_no]


def test_a_return_at_the_till_voids_the_form_and_says_so(qtbot, window, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pos.payments.tenders import Tender
    from pos.vat_refund.forms import issue_form
    from pos.vat_refund.rules import Passport
    from tests.conftest_ui import next_dialog

    _enrol(window)
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    for code in (_barcode(window, "QN-0002"), BA_KICH):
        scan(qtbot, window, code, clock)
    sold = window.till.session.pay([Tender.cash(14_040_000)])
    engine = window.till.session.terminal.engine
    form = issue_form(engine, sold.id, Passport(*ZHANG[:3], dt.date(2020, 5, 1), dt.date(2030, 4, 30)), "Lan")
    press(qtbot, window, Qt.Key.Key_F10, clock)
    scan(qtbot, window, f"R/T01/{sold.receipt_no}", clock)
    scan(qtbot, window, BA_KICH, clock)  # the wine comes back
    window.returns.reason.setFocus()
    human(qtbot, window, "changed mind", clock)

    def manager() -> None:
        human(qtbot, window, "9999", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    next_dialog(manager)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "sale"
    voided = form_of(engine, sold.id)
    assert voided is not None and voided.void
    qtbot.waitUntil(lambda: "now void" in window.sale.notice.text.text(), timeout=10_000)
    assert f"VAT refund form {form.form_no} is now void" in window.sale.notice.text.text()
    assert "Refund T01-" in window.sale.notice.text.text()
