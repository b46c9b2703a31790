"""A customer asks for an invoice in a company's or their own name: F11 on the payment screen, the details typed
with real key presses (the tax code checked: a wrong check digit is refused with a clear message and nothing is
kept), Enter from field to field, the sale paid; the sale's e-invoice names the buyer.

The dialog is modal and opened from a key handler: the test's steps run inside the dialog's own event loop
(``on_dialogs``), and every key goes through the till's scanner filter like a person's, which hands it to the
dialog (under the offscreen platform the dialog never becomes the active window, so the focus widget
``QApplication`` reports stays the payment screen's: text must be typed, never inserted into "the focus widget").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from pos.einvoice.queue import xml_of
from pos.einvoice.xml import read_document
from tests.conftest_ui import FakeClock, human, on_dialogs, press, scan
from tests.integration.einvoice.helpers import enrol
from tests.integration.test_ui_sale import CHA_MUC, sign_in
from ui.qt import Qt

COMPANY = ("Công ty TNHH Du lịch Hạ Long Xanh", "18 Hạ Long, Bãi Cháy, Quảng Ninh", "kt@hlx.vn")


def _type_fields(qtbot, window, clock: FakeClock, values: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    """A person types each value and presses Enter (the next field; on the last one, accept)."""
    for value in values:
        human(qtbot, window, value, clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)


def _company_step(qtbot, window, clock: FakeClock, seen: dict[str, Any]) -> Callable[[Any], None]:  # type: ignore[no-untyped-def]
    def step(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.kind == "company" and dialog.focusWidget() is dialog.edits["tax_code"]
        _type_fields(qtbot, window, clock, ("0100109107", *COMPANY))  # a wrong check digit
        seen["visible"] = dialog.isVisible()
        seen["error"] = dialog.error.text()
        seen["buyer"] = dialog.buyer
        seen["focus"] = dialog.focusWidget() is dialog.edits["tax_code"]  # back on the field to fix
        dialog.edits["tax_code"].selectAll()
        human(qtbot, window, "0100109106", clock)
        for _ in range(4):  # Enter through name, address, email: accept
            press(qtbot, window, Qt.Key.Key_Return, clock)

    return step


def _pay_cash(qtbot, window, clock: FakeClock, amount: str) -> None:  # type: ignore[no-untyped-def]
    human(qtbot, window, amount, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)


def _invoice(window) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    with window.till.session.terminal.engine.connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT sale_id, buyer_name, buyer_tax_code FROM einvoices ORDER BY issued_at DESC LIMIT 1"
                )
            ).one()
        )


def test_f11_puts_a_checked_company_buyer_on_the_e_invoice(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    enrol(window.till.session.terminal)
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "payment"
    seen: dict[str, Any] = {}
    handled = on_dialogs(_company_step(qtbot, window, clock, seen))
    press(qtbot, window, Qt.Key.Key_F11, clock)
    assert len(handled) == 1
    assert seen["visible"] and seen["buyer"] is None and seen["focus"]  # refused, nothing kept
    assert "Tax code (MST)" in seen["error"] and "check digit" in seen["error"]
    buyer = window.till.session.buyer
    assert buyer is not None and (buyer.tax_code, buyer.name, buyer.address, buyer.email) == (
        "0100109106",
        *COMPANY,
    )
    assert (
        "0100109106" in window.payment.buyer_label.text() and COMPANY[0] in window.payment.buyer_label.text()
    )
    _pay_cash(qtbot, window, clock, "390000")
    assert (
        window.current == "sale" and window.till.session.buyer is None
    )  # the next customer starts without one
    sale_id, name, tax = _invoice(window)
    assert (name, tax) == (COMPANY[0], "0100109106")
    doc = read_document(xml_of(window.till.session.terminal.engine, sale_id))
    assert doc.buyer == {"Ten": COMPANY[0], "MST": "0100109106", "DChi": COMPANY[1], "DCTDTu": COMPANY[2]}


def test_f11_puts_a_person_on_the_e_invoice(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    enrol(window.till.session.terminal)
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    seen: dict[str, Any] = {}

    def person(dialog) -> None:  # type: ignore[no-untyped-def]
        press(qtbot, window, Qt.Key.Key_F2, clock)  # a person, not a company
        assert dialog.kind == "person" and dialog.edits["tax_code"].isHidden() is False
        assert dialog.edits["id_number"].isVisibleTo(dialog) and dialog.focusWidget() is dialog.edits["name"]
        # name, address, citizen ID (one digit short), phone, email
        _type_fields(qtbot, window, clock, ("Nguyễn Thị Lan", "Cẩm Phả", "03720100123", "0912345678", ""))
        seen["error"] = dialog.error.text()
        dialog.edits["id_number"].selectAll()
        human(qtbot, window, "037201001234", clock)
        for _ in range(3):
            press(qtbot, window, Qt.Key.Key_Return, clock)

    handled = on_dialogs(person)
    press(qtbot, window, Qt.Key.Key_F11, clock)
    assert len(handled) == 1 and "12 digits" in seen["error"]
    buyer = window.till.session.buyer
    assert buyer is not None and (buyer.kind, buyer.name, buyer.id_number) == (
        "person",
        "Nguyễn Thị Lan",
        "037201001234",
    )
    _pay_cash(qtbot, window, clock, "390000")
    sale_id, name, tax = _invoice(window)
    assert (name, tax) == ("Nguyễn Thị Lan", "")
    doc = read_document(xml_of(window.till.session.terminal.engine, sale_id))
    assert doc.buyer["CCCDan"] == "037201001234" and doc.buyer["SDThoai"] == "0912345678"


def test_esc_leaves_the_sale_without_a_buyer(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    enrol(window.till.session.terminal)
    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)

    def cancel(_dialog) -> None:  # type: ignore[no-untyped-def]
        human(qtbot, window, "0100109106", clock)
        press(qtbot, window, Qt.Key.Key_Escape, clock)

    handled = on_dialogs(cancel)
    press(qtbot, window, Qt.Key.Key_F11, clock)
    assert len(handled) == 1 and window.till.session.buyer is None and window.payment.buyer_label.text() == ""
    _pay_cash(qtbot, window, clock, "390000")
    assert _invoice(window)[1:] == ("", "")
