"""The cash a customer is likely to hand over (``pos.payments.cash_suggest``)."""

from __future__ import annotations

from pos.payments.cash_suggest import BANKNOTES, likely_cash


def test_the_likely_notes_for_everyday_amounts() -> None:
    assert likely_cash(790_000) == [800_000, 1_000_000]  # KiotViet's and Sapo's example
    assert likely_cash(675_000) == [680_000, 700_000, 1_000_000]
    assert likely_cash(45_000) == [50_000, 100_000, 500_000]
    assert likely_cash(2_058_340) == [2_060_000, 2_100_000, 2_500_000]  # a weighed item's odd đồng
    assert likely_cash(6_000) == [10_000, 50_000, 100_000]


def test_the_exact_amount_is_never_suggested_and_every_suggestion_covers_the_due() -> None:
    for due in (1, 500, 9_999, 10_000, 680_000, 1_000_000, 1_590_000, 13_800_000):
        amounts = likely_cash(due)
        assert due not in amounts and amounts == sorted(set(amounts))
        assert all(a > due for a in amounts) and len(amounts) <= 3
        # each can be paid in banknotes: a multiple of 10 000 đồng, which the notes make up
        assert all(a % 10_000 == 0 for a in amounts) and BANKNOTES[-1] == 500_000


def test_nothing_for_nothing_due() -> None:
    assert likely_cash(0) == [] and likely_cash(-5_000) == [] and likely_cash(790_000, 0) == []
    assert likely_cash(1_000_000) == []  # a round million is paid exactly: the exact button does it


def test_fewer_or_more_buttons() -> None:
    assert likely_cash(2_058_340, 5) == [2_060_000, 2_100_000, 2_500_000, 3_000_000]
    assert likely_cash(2_058_340, 1) == [2_060_000]
