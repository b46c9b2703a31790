"""Shifts: one open per till, paid-in/out, X report without reset, numbered and immutable Z reports, the
printable report document."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from pos.payments.tenders import Tender
from pos.receipts.document import ReceiptDoc
from pos.receipts.layout import compose_rows
from pos.selling.checkout import SaleContext
from pos.shifts.cash import CashCount, ShiftError
from pos.shifts.close import close_shift, list_z_reports, load_z_report, x_report
from pos.shifts.document import report_doc, shop_header
from pos.shifts.shift import current_shift, list_shifts, open_shift, paid_in, paid_out
from pos.till.guarded import guarded_checkout, open_drawer, record_line_void
from tests.integration.test_store_support import Shop, T, build_template, open_shop


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shop]:
    s = open_shop(template, tmp_path, monkeypatch)
    yield s
    s.t.close()


def _sell(shop: Shop, sku: str, qty: int = 1000, *, card: bool = False) -> int:
    lead = shop.staff("S01")
    cart = shop.t.new_cart()
    cart.add(shop.t.catalogue.resolve(shop.code(sku)), qty)
    total = cart.totals().total
    tender = Tender.card(total, "OK1") if card else Tender.cash(total)
    guarded_checkout(shop.engine, cart, [tender], SaleContext(T), lead)
    return total


def test_one_open_shift_per_till(shop: Shop) -> None:
    shop.open_shift()
    with pytest.raises(ShiftError) as info:
        shop.open_shift()
    assert info.value.code == "shift_open"
    open_shift(shop.engine, shop.staff("S01"), "T02", CashCount.empty())  # another till may open its own
    assert current_shift(shop.engine, T) is not None and current_shift(shop.engine, "T02") is not None
    assert current_shift(shop.engine, "T03") is None


def test_paid_in_and_out_need_a_reason_an_open_shift_and_cash_in_the_drawer(shop: Shop) -> None:
    lead = shop.staff("S01")
    with pytest.raises(ShiftError) as none:
        paid_in(shop.engine, lead, T, 100_000, "tiền lẻ")
    assert none.value.code == "no_open_shift"
    shop.open_shift(CashCount.of({100_000: 2}))
    with pytest.raises(ShiftError):
        paid_out(shop.engine, lead, T, 10_000, "   ")
    paid_in(shop.engine, lead, T, 300_000, "đổi tiền lẻ ngân hàng / change from the bank")
    with pytest.raises(ShiftError) as short:
        paid_out(shop.engine, lead, T, 500_001, "quá số tiền")
    assert short.value.code == "not_enough_cash" and "500.000" in short.value.vi
    paid_out(shop.engine, lead, T, 500_000, "nộp ngân hàng / bank deposit")
    x = x_report(shop.engine, lead, T)
    assert (x.paid_in, x.paid_out, x.expected_cash) == (300_000, 500_000, 0)


def test_the_x_report_resets_nothing_and_the_z_reports_are_numbered_per_till(shop: Shop) -> None:
    manager = shop.staff("M01")
    shop.open_shift()
    a = _sell(shop, "QN-0007")
    x1 = x_report(shop.engine, manager, T)
    x2 = x_report(shop.engine, manager, T)
    assert x1.sales_total == x2.sales_total == a and x1.kind == "X"
    b = _sell(shop, "QN-0008", card=True)
    record_line_void(shop.engine, manager, T, sku="QN-0009", name="x", qty_milli=1000, amount=89_000)
    open_drawer(shop.engine, manager, T, reason="đổi tiền")
    z1 = close_shift(shop.engine, manager, T, CashCount.of({100_000: 5, 5_000: 27}), close_unsent=True)
    assert (z1.z_no, z1.sales_count, z1.sales_total) == (1, 2, a + b)
    assert (z1.line_voids_count, z1.line_voids_amount, z1.no_sale_opens) == (1, 89_000, 1)
    assert z1.expected_cash == 500_000 + a and z1.over_short == 0
    open_shift(shop.engine, shop.staff("S01"), "T02", CashCount.empty())
    z_other = close_shift(shop.engine, manager, "T02", CashCount.empty())
    shop.open_shift()
    c = _sell(shop, "QN-0010")
    z2 = close_shift(shop.engine, manager, T, CashCount.of({100_000: 5}), close_unsent=True)
    assert (z2.z_no, z_other.z_no) == (2, 1)
    assert (z2.sales_total, z2.over_short) == (c, -c)  # the second shift starts from zero
    assert [z.z_no for z in list_z_reports(shop.engine, T)] == [2, 1]
    assert load_z_report(shop.engine, T, 1) == z1
    assert [s.z_no for s in list_shifts(shop.engine, T)] == [2, 1]


def test_stored_z_reports_cannot_be_changed(shop: Shop) -> None:
    shop.open_shift()
    _sell(shop, "QN-0007")
    close_shift(shop.engine, shop.staff("M01"), T, CashCount.of({100_000: 6}), close_unsent=True)
    with shop.engine.begin() as conn, pytest.raises(IntegrityError, match="append-only"):
        conn.execute(text("UPDATE z_reports SET payload = '{}'"))
    with shop.engine.begin() as conn, pytest.raises(IntegrityError, match="append-only"):
        conn.execute(text("DELETE FROM z_reports"))
    # edited outside the app (trigger dropped): the stored hash gives it away
    raw = sqlite3.connect(shop.t.settings.db_path)
    raw.execute("DROP TRIGGER z_reports_no_update")
    raw.execute("UPDATE z_reports SET payload = replace(payload, '\"net_total\":', '\"net_total\":1')")
    raw.commit()
    raw.close()
    with pytest.raises(ShiftError) as info:
        load_z_report(shop.engine, T, 1)
    assert info.value.code == "z_tampered"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_z_report_prints(shop: Shop, lang: str) -> None:
    shop.open_shift()
    _sell(shop, "QN-0007", 2000)
    z = close_shift(
        shop.engine, shop.staff("M01"), T, CashCount.of({100_000: 7, 20_000: 1}), close_unsent=True
    )
    doc = report_doc(z, shop_header(shop.engine), lang=lang)
    assert isinstance(doc, ReceiptDoc) and doc.kind == "report" and doc.receipt_no == "Z-0001"
    rows = compose_rows(doc, width_mm=80, mode="raster")
    printed = "\n".join(getattr(r, "text", "") for r in rows)
    assert ("BÁO CÁO Z" if lang == "vi" else "Z REPORT") in printed
    assert "270.000" in printed  # the sales total, formatted
    assert ("Thừa" if lang == "vi" else "Over") in printed
