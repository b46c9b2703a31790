"""A card payment's brand and last four digits, copied from the terminal's slip, reach a traveller's refund form
(Circular 32/2025/TT-BTC Art. 7: "card name and number"; docs/vat-refund.md).

* On the payment screen (real keys): the cashier picks the brand, types the last four digits and the approval
  code; the payment is listed with the masked number; digits that are not four are refused with a message and
  nothing is added. The sale keeps the slip beside its payment, and the refund form prints it.
* Without the slip (an ordinary card sale), or for one of two card payments, the form still says the name and
  number were not recorded.

Real parts: the terminal's SQLite file and the till window (pytest-qt).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.catalogue.lookup import ScanResult
from pos.errors import PaymentError
from pos.payments.card_slip import CardSlip, card_slip
from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext, checkout
from pos.till.terminal import Terminal
from pos.vat_refund.forms import CSV_COLUMNS, export_csv, form_doc, issue_form, list_forms
from tests.conftest_ui import FakeClock, human, press, scan
from tests.integration.test_traveller_buyer import LI, PEARL_NECKLACE, TODAY, _barcode, _paper, _refund_shop
from tests.integration.test_ui_sale import sign_in
from ui.qt import Qt


def _slips(t: Terminal, sale_id: str) -> list[tuple[int, str, str]]:
    with t.engine.connect() as conn:
        return [
            (int(seq), str(brand), str(last4))
            for seq, brand, last4 in conn.execute(
                text(
                    "SELECT payment_seq, brand, last4 FROM card_slips WHERE sale_id = :s ORDER BY payment_seq"
                ),
                {"s": sale_id},
            )
        ]


def test_the_slip_is_a_known_brand_and_four_digits() -> None:
    assert card_slip("", "") is None  # an ordinary card sale: neither typed
    assert card_slip("Visa", " 42 42 ") == CardSlip("Visa", "4242")
    assert CardSlip("JCB", "0007").masked() == "JCB •••• 0007"
    for brand, last4, why in (
        ("Visa", "424", "last 4 digits"),
        ("Visa", "42a2", "last 4 digits"),
        ("", "4242", "brand"),
        ("Diners", "4242", "brand"),
    ):
        with pytest.raises(PaymentError) as refused:
            card_slip(brand, last4)
        assert why in refused.value.en


def test_two_cards_one_with_its_slip_on_the_form_and_the_export(
    demo_terminal: Terminal, tmp_path: Path
) -> None:
    t = demo_terminal
    _refund_shop(t)
    cart = t.new_cart()
    product = t.catalogue.by_sku(PEARL_NECKLACE)
    assert product is not None
    cart.add(ScanResult(product, PEARL_NECKLACE))
    total = cart.totals().total
    tenders = [
        Tender.card(5_000_000, "AP1", CardSlip("Visa", "4242")),
        Tender.card(3_000_000, "AP2"),
        Tender.cash(total - 8_000_000),
    ]
    sale = checkout(t.engine, cart, tenders, SaleContext(t.code, lang="zh"))
    assert _slips(t, sale.id) == [(1, "Visa", "4242")]  # beside the first payment, the one it was typed for
    form = issue_form(t.engine, sale.id, LI, "Nguyễn Thị Lan")
    card = next(p for p in form.paid if p.method == "card")
    assert card.amount == 8_000_000 and card.cards == ("Visa •••• 4242", "")
    paper = _paper(form_doc(t.engine, form))
    assert "Tên thẻ, số thẻ (Card name and number): Visa •••• 4242" in paper
    assert "Card name and number: not recorded at the till" in paper  # the second card's
    out = tmp_path / "forms.csv"
    assert export_csv(list_forms(t.engine, TODAY, TODAY), out) == 1
    with out.open(encoding="utf-8-sig") as fh:
        row = next(csv.DictReader(fh))
    assert "card_numbers" in CSV_COLUMNS and row["card_numbers"] == "Visa •••• 4242"
    assert row["card_approval"] == "AP1, AP2"


def test_the_payment_screen_takes_the_slip_with_real_keys(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    t = window.till.session.terminal
    _refund_shop(t)
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    scan(qtbot, window, _barcode(window, PEARL_NECKLACE), clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    pay = window.payment
    press(qtbot, window, Qt.Key.Key_F3, clock)  # card
    assert pay.card_code.hasFocus()
    # the brand (typing its first letter picks it), then digits that are not four: refused, nothing added
    pay.card_brand.setFocus()
    human(qtbot, window, "V", clock)
    assert pay.card_brand.currentData() == "Visa"
    pay.card_last4.setFocus()
    human(qtbot, window, "424", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)  # Enter in the digits: on to the approval code
    assert pay.card_code.hasFocus()
    human(qtbot, window, "AP9", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert pay.tenders == [] and "last 4 digits" in pay.notice.text.text()
    pay.card_last4.setFocus()
    pay.card_last4.selectAll()
    human(qtbot, window, "4242", clock)
    pay.card_code.setFocus()
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert [(tn.method, tn.reference, tn.slip) for tn in pay.tenders] == [
        ("card", "AP9", CardSlip("Visa", "4242"))
    ]
    assert pay.card_brand.currentData() == "" and pay.card_last4.text() == ""  # ready for another card
    assert "Visa •••• 4242" in pay.tender_model.item(0, 1).text() and not pay.notice.text.text()
    pay.grab().save("/tmp/ocop-card-slip.png")
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "sale"
    sale_id = window.till.session.last_sale.id
    assert _slips(t, sale_id) == [(1, "Visa", "4242")]
