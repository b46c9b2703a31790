"""A foreign traveller as the buyer on the sale's e-invoice — the VAT refund invoice is that e-invoice (Circular
32/2025/TT-BTC Art. 7; docs/vat-refund.md, *The traveller on the e-invoice*).

* On the payment screen, Shift+F11 before F12: the passport typed with real key presses (a bad one refused with
  its reasons, nothing kept), the sale paid; its e-invoice names the traveller (``NMua/Ten``, ``HVTNMHang``) with
  ``NMua/SHChieu``, the document sent through the SePay stand-in carries it, and the refund form (Shift+F12)
  starts from the same passport without retyping.
* A refund form made after a sale without the traveller: a pending invoice's document gets the passport (same
  code, goods, amounts; audited); an invoice the tax authority already accepted refuses the form, naming it, and
  nothing changes; a bad passport changes nothing.

Real parts: the terminal's SQLite file, the till window (pytest-qt) and the SePay stand-in over HTTP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pos.catalogue.lookup import ScanResult
from pos.einvoice.buyer import Buyer, buyer_issues, normalise_buyer
from pos.einvoice.providers.base import Outcome
from pos.einvoice.providers.sepay import SePayProvider
from pos.einvoice.queue import CHANGED_WHILE_SENT, TillQueue, counts, send_round, xml_of
from pos.einvoice.xml import check_structure, read_document
from pos.errors import RefundError
from pos.models.base import utcnow
from pos.payments.tenders import Tender
from pos.receipts.layout import compose_rows
from pos.receipts.rows import TextRow
from pos.selling.checkout import SaleContext, checkout
from pos.till.terminal import Terminal
from pos.vat_refund.forms import RefundShop, form_doc, form_of, issue_form, save_shop
from pos.vat_refund.rules import Passport
from pos.vat_refund.traveller import checked_traveller, traveller_of
from tests.conftest_ui import FakeClock, human, on_dialogs, press, scan, settle
from tests.integration.einvoice.helpers import enrol, manager
from tests.integration.einvoice.sepay_standin import ACCOUNT, CLIENT_ID, CLIENT_SECRET, SePayStandIn
from tests.integration.test_ui_sale import sign_in
from ui.qt import QApplication, Qt

TODAY = dt.date.today()
LI = Passport("EJ4827163", "CHN", "LI XIAOMEI", dt.date(2021, 3, 2), dt.date(2031, 3, 1))
PEARL_NECKLACE = "QN-0002"  # 13 800 000 ₫, VAT 8 %
SHOT = Path("/tmp/passport.png")


@pytest.fixture
def standin() -> Iterator[SePayStandIn]:
    s = SePayStandIn().start()
    yield s
    s.stop()


def _refund_shop(t: Terminal) -> None:
    enrol(t)
    save_shop(t.engine, manager(t), RefundShop(True, "1234/CT-QNI 01/11/2026"))


def _sell(t: Terminal, sku: str = PEARL_NECKLACE) -> str:
    cart = t.new_cart()
    product = t.catalogue.by_sku(sku)
    assert product is not None
    cart.add(ScanResult(product, sku))
    return checkout(t.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(t.code, lang="zh")).id


def _status(t: Terminal, sale_id: str) -> tuple[str, str, str]:
    with t.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT s.state, s.corrected_xml, e.xml FROM einvoice_status s JOIN einvoices e "
                "ON e.sale_id = s.sale_id WHERE s.sale_id = :s"
            ),
            {"s": sale_id},
        ).one()
    return str(row[0]), str(row[1]), str(row[2])


def _count(t: Terminal, table: str) -> int:
    with t.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def _shift(qtbot, window, key, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """A person holding Shift and pressing ``key``."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.ShiftModifier)
    clock.advance(200)
    window.wedge.poll()
    settle(qtbot, window)


def _paper(doc: Any) -> str:
    """The form's text as printed, lines joined by spaces (so a wrapped line reads whole)."""
    return " ".join(
        " ".join(r.text.split()) for r in compose_rows(doc, width_mm=80) if isinstance(r, TextRow)
    )


def _barcode(window, sku: str) -> str:  # type: ignore[no-untyped-def]
    with window.till.session.terminal.engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id WHERE p.sku = :s"),
                {"s": sku},
            ).scalar_one()
        )


# --- the data format -------------------------------------------------------------------------------------------------


def test_the_passport_number_is_shchieu_of_at_most_20_letters_and_digits() -> None:
    ok = normalise_buyer(Buyer("person", "LI XIAOMEI", contact="LI XIAOMEI", passport_no="ej 4827163"))
    assert ok.passport_no == "EJ4827163" and buyer_issues(ok) == []  # a passport alone identifies the buyer
    too_long = normalise_buyer(Buyer("person", "LI", passport_no="E" * 21))
    assert [f for f, _vi, _en in buyer_issues(too_long)] == ["passport_no"]
    bad = normalise_buyer(Buyer("person", "LI", passport_no="EJ-48/27"))
    assert "1–20 letters A–Z and digits" in buyer_issues(bad)[0][2]
    with pytest.raises(RefundError) as refused:
        checked_traveller(
            Passport("EJ-48", "CN", "", dt.date(2020, 1, 1), TODAY - dt.timedelta(days=1)), TODAY
        )
    reasons = " / ".join(en for _vi, en in refused.value.reasons)
    assert "passport number is not valid" in reasons and "3-letter code" in reasons
    assert "name as on the passport" in reasons and "has expired" in reasons


# --- before the sale: the payment screen ------------------------------------------------------------------------------


def test_shift_f11_puts_the_traveller_on_the_sent_e_invoice_and_the_form_takes_it(  # type: ignore[no-untyped-def]
    qtbot, window, clock: FakeClock, monkeypatch, standin: SePayStandIn
) -> None:
    t = window.till.session.terminal
    _refund_shop(t)
    printed: list[Any] = []
    monkeypatch.setattr(window.printing, "print_document", lambda doc, ref="": printed.append((doc, ref)))
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    scan(qtbot, window, _barcode(window, PEARL_NECKLACE), clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "payment"
    seen: dict[str, Any] = {}

    def passport(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.focusWidget() is dialog.edits["number"]
        # number (with a slash), nationality, name, issued, expired yesterday: refused, nothing kept
        past = (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y")
        for value in ("EJ48/27163", "CHN", "Li Xiaomei", "02/03/2021", past):
            human(qtbot, window, value, clock)
            press(qtbot, window, Qt.Key.Key_Return, clock)
        seen["error"], seen["visible"] = dialog.error.text(), dialog.isVisible()
        seen["kept"] = window.till.session.traveller
        seen["focus"] = dialog.focusWidget() is dialog.edits["number"]
        dialog.edits["number"].selectAll()
        human(qtbot, window, LI.number, clock)
        dialog.edits["expires_on"].setFocus()
        dialog.edits["expires_on"].selectAll()
        human(qtbot, window, "01/03/2031", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)  # Enter on the last field: use these details

    handled = on_dialogs(passport)
    _shift(qtbot, window, Qt.Key.Key_F11, clock)
    assert len(handled) == 1 and seen["visible"] and seen["kept"] is None and seen["focus"]
    assert "passport number is not valid" in seen["error"] and "has expired" in seen["error"]
    assert window.till.session.traveller == LI
    label = window.payment.buyer_label.text()
    assert "LI XIAOMEI" in label and "EJ4827163" in label and "CHN" in label
    window.payment.grab().save(str(SHOT))
    human(qtbot, window, "13800000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale" and window.till.session.traveller is None  # the next customer: none
    sale_id = window.till.session.last_sale.id

    doc = read_document(xml_of(t.engine, sale_id))
    assert doc.buyer == {"Ten": "LI XIAOMEI", "SHChieu": "EJ4827163", "HVTNMHang": "LI XIAOMEI"}
    assert check_structure(xml_of(t.engine, sale_id)) == []
    assert traveller_of(t.engine, sale_id) == LI  # the rest of the passport, kept with the sale

    provider = SePayProvider(standin.url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=5.0)
    try:
        send_round(t.engine, provider)
    finally:
        provider.close()
    sent = standin.created[sale_id]
    assert sent["buyer"]["name"] == "LI XIAOMEI" and "hộ chiếu EJ4827163" in sent["notes"]
    assert "<SHChieu>EJ4827163</SHChieu>" in xml_of(t.engine, sale_id, as_sent=True)

    def form(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(
            lambda: bool(dialog.edits["number"].text())
        )  # the sale's passport, read off the GUI thread
        seen["prefilled"] = {f: e.text() for f, e in dialog.edits.items()}
        seen["note"] = dialog.receipt.text()
        press(qtbot, window, Qt.Key.Key_F12, clock)  # nothing typed: issue and print
        if dialog.isVisible():  # refused: say why rather than wait on an open dialog
            seen["refused"] = dialog.error.text() + dialog.outcome.text()
            dialog.reject()

    handled = on_dialogs(form)
    _shift(qtbot, window, Qt.Key.Key_F12, clock)
    assert len(handled) == 1 and "refused" not in seen, seen.get("refused")
    assert seen["prefilled"] == {
        "number": "EJ4827163",
        "nationality": "CHN",
        "full_name": "LI XIAOMEI",
        "issued_on": "02/03/2021",
        "expires_on": "01/03/2031",
    }
    assert "already on the e-invoice" in seen["note"]
    issued = form_of(t.engine, sale_id)
    assert issued is not None and issued.passport == LI
    assert issued.invoice is not None and issued.invoice.passport_no == "EJ4827163"
    paper = _paper(printed[0][0])
    assert f"The passport number is on e-invoice {issued.invoice.code}" in paper
    assert SHOT.stat().st_size > 0


# --- after the sale: the refund form --------------------------------------------------------------------------------


def test_a_form_after_the_sale_puts_the_passport_on_the_pending_invoice(demo_terminal: Terminal) -> None:
    t = demo_terminal
    _refund_shop(t)
    sale_id = _sell(t)
    state, corrected, made = _status(t, sale_id)
    assert state == "pending" and corrected == "" and "SHChieu" not in made
    form = issue_form(t.engine, sale_id, LI, "Thu ngân", actor=manager(t), terminal_code=t.code)
    state, corrected, after = _status(t, sale_id)
    assert state == "pending" and after == made  # the invoice as made is untouched (the journal hashes it)
    sent = read_document(xml_of(t.engine, sale_id, as_sent=True))
    assert sent.buyer == {"Ten": "LI XIAOMEI", "SHChieu": "EJ4827163", "HVTNMHang": "LI XIAOMEI"}
    assert sent.code == read_document(made).code and sent.total == read_document(made).total
    assert check_structure(corrected) == []
    assert form.invoice is not None and form.invoice.passport_no == "EJ4827163"
    with t.engine.connect() as conn:
        audit = conn.execute(text("SELECT action, subject_id FROM audit_log ORDER BY seq DESC LIMIT 1")).one()
    assert tuple(audit) == ("einvoice_buyer", sale_id)
    lines = _paper(form_doc(t.engine, form, "zh"))
    assert f"Số hộ chiếu được ghi trên hoá đơn điện tử {form.invoice.code}" in lines
    assert f"护照号码已记载于电子发票{form.invoice.code}" in lines.replace(" ", "").replace("\u2060", "")


def test_an_accepted_invoice_without_the_passport_refuses_the_form(
    demo_terminal: Terminal, standin: SePayStandIn
) -> None:
    t = demo_terminal
    _refund_shop(t)
    sale_id = _sell(t)
    provider = SePayProvider(standin.url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=5.0)
    try:
        send_round(t.engine, provider)
        send_round(
            t.engine,
            provider,
            now=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=10),
        )
    finally:
        provider.close()
    assert counts(t.engine)["accepted"] == 1
    actor = manager(t)  # signing in is audited too: before counting
    before = _status(t, sale_id)
    audits = _count(t, "audit_log")
    with pytest.raises(RefundError) as refused:
        issue_form(t.engine, sale_id, LI, "Thu ngân", actor=actor)
    code = read_document(before[2]).code
    assert refused.value.code == "not_qualified" and len(refused.value.reasons) == 1
    assert f"E-invoice {code} does not carry passport EJ4827163" in refused.value.en
    assert "replacing invoice" in refused.value.en
    assert (
        _status(t, sale_id) == before
        and _count(t, "vat_refund_forms") == 0
        and _count(t, "audit_log") == audits
    )


def test_a_bad_passport_changes_nothing(demo_terminal: Terminal) -> None:
    t = demo_terminal
    _refund_shop(t)
    sale_id = _sell(t)
    before = _status(t, sale_id)
    bad = Passport("EJ-4827163", "CHN", "LI XIAOMEI", dt.date(2021, 3, 2), TODAY - dt.timedelta(days=1))
    with pytest.raises(RefundError) as refused:
        issue_form(t.engine, sale_id, bad, "Thu ngân", actor=manager(t))
    reasons = [en for _vi, en in refused.value.reasons]
    assert any("passport number is not valid" in r for r in reasons) and "The passport has expired" in reasons
    assert _status(t, sale_id) == before and _count(t, "vat_refund_forms") == 0


def test_f8_takes_the_traveller_off_the_sale(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    t = window.till.session.terminal
    _refund_shop(t)
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    scan(qtbot, window, _barcode(window, PEARL_NECKLACE), clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    seen: dict[str, Any] = {}

    def type_it(_dialog) -> None:  # type: ignore[no-untyped-def]
        for value in ("EJ4827163", "CHN", "Li Xiaomei", "02/03/2021", "01/03/2031"):
            human(qtbot, window, value, clock)
            press(qtbot, window, Qt.Key.Key_Return, clock)

    def take_off(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["shown"] = dialog.edits["number"].text(), dialog.remove.isVisibleTo(dialog)
        press(qtbot, window, Qt.Key.Key_F8, clock)

    typed = on_dialogs(type_it)
    _shift(qtbot, window, Qt.Key.Key_F11, clock)
    assert len(typed) == 1 and window.till.session.traveller == LI
    handled = on_dialogs(take_off)
    _shift(qtbot, window, Qt.Key.Key_F11, clock)
    assert len(handled) == 1 and seen["shown"] == ("EJ4827163", True)
    assert window.till.session.traveller is None and window.till.session.buyer is None
    assert window.payment.buyer_label.text() == ""
    human(qtbot, window, "13800000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    sale_id = window.till.session.last_sale.id
    assert read_document(xml_of(t.engine, sale_id)).buyer == {} and traveller_of(t.engine, sale_id) is None


def test_a_passport_added_while_the_invoice_was_being_sent_is_undone_and_said(
    demo_terminal: Terminal,
) -> None:
    """The till's sender read the pending invoice and was sending it when the form was issued: the provider holds
    the document without the passport, so the invoice is that document again, with the reason, and the form
    reprinted says its invoice does not carry the passport."""
    t = demo_terminal
    _refund_shop(t)
    sale_id = _sell(t)
    queue = TillQueue(t.engine)
    (item,) = queue.due(utcnow(), 10)  # the sender has read it, and is on the wire
    form = issue_form(t.engine, sale_id, LI, "Thu ngân", actor=manager(t))
    assert form.invoice is not None and form.invoice.passport_no == "EJ4827163"
    queue.answered(item, Outcome("accepted", "TRK-1"), utcnow())
    state, corrected, _made = _status(t, sale_id)
    assert state == "accepted" and corrected == ""  # the invoice is what the provider has
    with t.engine.connect() as conn:
        error = conn.execute(
            text("SELECT last_error FROM einvoice_status WHERE sale_id = :s"), {"s": sale_id}
        )
        assert error.scalar_one() == CHANGED_WHILE_SENT
    again = form_of(t.engine, sale_id)
    assert again is not None and again.invoice is not None and again.invoice.passport_no == ""
    assert f"E-invoice {again.invoice.code} does not carry this passport number" in _paper(
        form_doc(t.engine, again)
    )
