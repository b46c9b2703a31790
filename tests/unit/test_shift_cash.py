"""Counting the drawer by denomination."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.shifts.cash import DENOMINATIONS, CashCount, ShiftError, make_change_count


def test_denominations_run_from_500_000_to_1_000() -> None:
    assert DENOMINATIONS[0] == 500_000 and DENOMINATIONS[-1] == 1_000
    assert list(DENOMINATIONS) == sorted(DENOMINATIONS, reverse=True)


def test_a_count_totals_its_notes_and_lists_every_denomination() -> None:
    count = CashCount.of({500_000: 2, 20_000: 3, 1_000: 7})
    assert count.total == 1_067_000
    assert [d for d, _ in count.pieces] == list(DENOMINATIONS)
    assert count.as_dict()[200_000] == 0
    assert CashCount.empty().total == 0


@pytest.mark.parametrize("bad", [{300_000: 1}, {500: 2}, {10_000: -1}, {10_000: True}])
def test_a_count_refuses_unknown_notes_and_negative_pieces(bad: dict[int, int]) -> None:
    with pytest.raises(ShiftError) as info:
        CashCount.of(bad)
    assert info.value.vi and info.value.en


@given(st.integers(min_value=0, max_value=50_000).map(lambda n: n * 1000))
def test_the_suggested_float_is_exact(amount: int) -> None:
    assert make_change_count(amount).total == amount


def test_a_suggested_float_must_be_whole_thousands() -> None:
    with pytest.raises(ShiftError):
        make_change_count(1_500)
