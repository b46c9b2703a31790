"""Core pieces the till screen stands on: parked carts, exchange rates, discount limits, receipt references,
the per-sale VietQR request. Real SQLite databases (the demo catalogue), real QR images read back by zbar."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from pyzbar.pyzbar import decode as zbar_decode

from pos.demo.catalogue import seed_demo
from pos.errors import CartError, PaymentError, ReturnError
from pos.payments import vietqr
from pos.payments.qr_image import qr_png_bytes
from pos.payments.tenders import Tender
from pos.selling.cart import Discount
from pos.selling.checkout import SaleContext, checkout
from pos.selling.fx_rates import format_rate, load_fx_rates, parse_rate, set_fx_rate
from pos.selling.parked import ParkedSales, decode_cart, encode_cart
from pos.selling.receipt_ref import parse_receipt_ref
from pos.selling.transfer import load_shop_account, request_transfer
from pos.settings import load_settings
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal


@pytest.fixture
def demo(terminal: Terminal) -> Terminal:
    seed_demo(terminal.engine, install_secret(terminal.settings.home))
    return terminal


def cart_of(t: Terminal, *codes: str):  # type: ignore[no-untyped-def]
    cart = t.new_cart()
    for code in codes:
        cart.add(t.catalogue.resolve(code))
    return cart


def test_parked_carts_come_back_exactly_and_survive_a_restart(demo: Terminal) -> None:
    cart = cart_of(demo, "8938390707402", "8938390707402", "8936174404257")
    cart.add(demo.catalogue.resolve("2000011004538"))  # weighed, 453 g from the scale
    cart.set_line_discount(1, Discount(percent=5))
    cart.set_sale_discount(Discount(amount=10_000))
    before = cart.totals()
    store = ParkedSales(demo.engine)
    first = store.park(cart, cashier_name="Lan")
    second = store.park(cart_of(demo, "8934656203930"), label="khách áo đỏ")
    assert (first.number, second.number) == (1, 2)
    assert first.total == before.total and first.item_count == 4 and first.line_count == 3
    assert first.names_vi[0] == "Chả mực Hạ Long hộp 500 g" and first.names_en[0].startswith("Hạ Long squid")

    demo.close()  # the till restarts
    reopened = Terminal.open(load_settings(demo.settings.home))
    store = ParkedSales(reopened.engine)
    assert [p.number for p in store.list()] == [1, 2]
    recalled = store.recall(first.id, reopened.vat, dt.date(2026, 11, 29))
    assert recalled.totals() == before
    assert [p.number for p in store.list()] == [2]
    third = store.park(cart_of(reopened, "8936174404257"))
    assert third.number == 1  # the smallest free number, so numbers stay short
    with pytest.raises(CartError):
        store.recall(first.id, reopened.vat)
    with pytest.raises(CartError):
        store.park(reopened.new_cart())
    store.discard(second.id)
    assert [p.number for p in store.list()] == [1]
    reopened.close()


def test_cart_encoding_round_trips(demo: Terminal) -> None:
    cart = cart_of(demo, "8939807404068", "8931218707271")
    again = decode_cart(encode_cart(cart), demo.vat)
    assert again.lines == cart.lines and again.totals() == cart.totals()
    with pytest.raises(CartError):
        decode_cart({"v": 99}, demo.vat)


@pytest.mark.parametrize(
    "raw, milli",
    [
        ("25.400", 25_400_000),
        ("25400", 25_400_000),
        ("18,35", 18_350),
        ("18.35", 18_350),
        ("3.520", 3_520_000),
        ("12.345,5", 12_345_500),
        ("0,5", 500),
    ],
)
def test_rates_are_read_the_vietnamese_way(raw: str, milli: int) -> None:
    assert parse_rate(raw) == milli


@pytest.mark.parametrize("raw", ["", "abc", "0", "1,2345", "-3", "25.40.0"])
def test_bad_rates_are_refused(raw: str) -> None:
    with pytest.raises(PaymentError):
        parse_rate(raw)


def test_rates_are_stored_and_used_for_foreign_cash(demo: Terminal) -> None:
    assert load_fx_rates(demo.engine) == {}
    set_fx_rate(demo.engine, "usd", 25_400_000, "M01")
    set_fx_rate(demo.engine, "KRW", 18_350, "M01")
    rates = load_fx_rates(demo.engine)
    assert sorted(rates) == ["KRW", "USD"] and format_rate(rates["KRW"].rate_milli) == "18,35"
    assert format_rate(rates["USD"].rate_milli) == "25.400"
    assert rates["USD"].value_of(20) == Tender.fx_cash("USD", 20, 25_400_000).amount == 508_000
    set_fx_rate(demo.engine, "KRW", None, "M01")
    assert sorted(load_fx_rates(demo.engine)) == ["USD"]
    with pytest.raises(PaymentError):
        set_fx_rate(demo.engine, "VND", 1000, "M01")
    # a tourist pays 20 USD for 480.000 ₫ of goods: change in đồng
    cart = cart_of(demo, "8936174404257", "8936174404257")
    sale = checkout(
        demo.engine, cart, [Tender.fx_cash("USD", 20, rates["USD"].rate_milli)], SaleContext("T01")
    )
    assert sale.change_due == 28_000


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("R/T01/123", ("T01", 123)),
        ("T01-000123", ("T01", 123)),
        ("t01-12", ("T01", 12)),
        ("123", ("T01", 123)),
        (" 000045 ", ("T01", 45)),
        ("T02/9", ("T02", 9)),
    ],
)
def test_receipt_references(raw: str, expected: tuple[str, int]) -> None:
    assert parse_receipt_ref(raw, "T01") == expected


@pytest.mark.parametrize("raw", ["", "abc def", "T01-0", "8938390707402x"])
def test_bad_receipt_references(raw: str) -> None:
    with pytest.raises(ReturnError):
        parse_receipt_ref(raw, "T01")


def test_transfer_request_carries_amount_and_receipt_reference_and_scans_back(demo: Terminal) -> None:
    account = load_shop_account(demo.engine)
    assert account is not None and account.bank_bin == "970436" and account.bank_name == "Vietcombank"
    request = request_transfer(demo.engine, "T01", 1_590_000)
    parsed = vietqr.parse(request.payload)
    assert parsed["amount"] == 1_590_000 and parsed["reference"] == "T01-000001" == request.reference
    assert parsed["account"] == "1019990000" and parsed["dynamic"]
    image = Image.open(io.BytesIO(qr_png_bytes(request.payload, box_size=8)))
    assert [d.data.decode("ascii") for d in zbar_decode(image)] == [request.payload]
    checkout(demo.engine, cart_of(demo, "8934656203930"), [Tender.cash(45_000)], SaleContext("T01"))
    assert request_transfer(demo.engine, "T01", 10_000).reference == "T01-000002"


def test_no_bank_account_means_no_transfer(terminal: Terminal) -> None:
    with pytest.raises(PaymentError):
        request_transfer(terminal.engine, "T01", 10_000)
