"""Change for foreign notes (CNY, KRW, USD): given in đồng, rounded to the nearest 1 000 ₫ (halves to the customer),
with the difference taken into the đồng value credited for the notes, so a sale's payment rows add up exactly."""

from __future__ import annotations

import pytest

from pos.errors import PaymentError
from pos.payments.tenders import FX_CHANGE_STEP, Tender, round_fx_change, settle

CNY = 3_520_000  # 3 520 ₫ per yuan, in thousandths
KRW = 18_350  # 18,35 ₫ per won


def test_rounding_rule() -> None:
    assert FX_CHANGE_STEP == 1_000
    assert [round_fx_change(c) for c in (0, 499, 500, 501, 572_500, 1_499, 22_644)] == [
        0,
        0,
        1_000,
        1_000,
        573_000,
        1_000,
        23_000,
    ]


def test_krw_notes_exact_change_ends_in_hundreds_and_is_rounded() -> None:
    # 50 000 won at 18,35 ₫ = 917 500 ₫ for a 345 000 ₫ sale: exact change 572 500 ₫, given as 573 000 ₫.
    tender = Tender.fx_cash("krw", 50_000, KRW)
    assert tender.amount == 917_500 and tender.currency == "KRW"
    rows, change = settle(345_000, [tender])
    assert change == 573_000
    fx, paid_out = rows
    assert (fx.method, fx.currency, fx.foreign_amount, fx.tendered) == ("fx_cash", "KRW", 50_000, 917_500)
    assert fx.amount == 918_000  # the notes credited 500 ₫ more: the customer got the half
    assert (paid_out.method, paid_out.amount, paid_out.reference) == ("cash", -573_000, "change")
    assert sum(r.amount for r in rows) == 345_000


def test_cny_change_rounded_down_in_the_shops_favour_below_the_half() -> None:
    # 200 yuan at 3 520 ₫ = 704 000 ₫; sale 455 300 ₫: exact change 248 700 ₫ → 249 000 ₫ (nearest).
    rows, change = settle(455_300, [Tender.fx_cash("CNY", 200, CNY)])
    assert change == 249_000 and sum(r.amount for r in rows) == 455_300
    # Sale 455 800 ₫: exact change 248 200 ₫ → 248 000 ₫; the notes are credited 200 ₫ less.
    rows, change = settle(455_800, [Tender.fx_cash("CNY", 200, CNY)])
    assert change == 248_000 and rows[0].amount == 704_000 - 200
    assert sum(r.amount for r in rows) == 455_800


def test_mixed_fx_and_dong_cash_takes_rounded_change_off_the_dong_cash() -> None:
    rows, change = settle(
        123_400, [Tender.fx_cash("KRW", 5_000, KRW), Tender.cash(50_000)]
    )  # 91 750 + 50 000 = 141 750: exact change 18 350 → 18 000
    assert change == 18_000
    assert [(r.method, r.amount, r.tendered) for r in rows] == [
        ("fx_cash", 91_750 - 350, 91_750),
        ("cash", 50_000 - 18_000, 50_000),
    ]
    assert sum(r.amount for r in rows) == 123_400


def test_change_below_half_a_note_is_none_at_all() -> None:
    # 30 yuan = 105 600 ₫ for a 105 300 ₫ sale: 300 ₫ is no note; nothing is paid out and no change row is kept.
    rows, change = settle(105_300, [Tender.fx_cash("CNY", 30, CNY)])
    assert change == 0
    assert [(r.method, r.amount, r.tendered) for r in rows] == [("fx_cash", 105_300, 105_600)]


def test_dong_only_sales_keep_exact_change() -> None:
    rows, change = settle(45_500, [Tender.cash(100_000)])
    assert change == 54_500 and rows[0].amount == 45_500


def test_no_change_needs_no_rounding() -> None:
    rows, change = settle(917_500, [Tender.fx_cash("KRW", 50_000, KRW)])
    assert change == 0 and rows[0].amount == 917_500


def test_fx_tender_still_has_to_cover_the_total() -> None:
    with pytest.raises(PaymentError):
        settle(100_000, [Tender.fx_cash("KRW", 5_000, KRW)])  # 91 750 ₫
