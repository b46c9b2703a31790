"""Counting the drawer by denomination: Vietnamese đồng notes and coins from 500 000 down to 1 000 ₫.

Smaller notes (500, 200 ₫) are legal tender but no longer handed out in shops; a drawer count starts at 1 000.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pos.errors import PosError
from pos.money import format_vnd

DENOMINATIONS: tuple[int, ...] = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000)


class ShiftError(PosError):
    """A shift operation that cannot be done (no open shift, one already open, bad count...)."""

    code = "shift"


@dataclass(frozen=True, slots=True)
class CashCount:
    """Pieces per denomination, as the cashier counted them. ``total`` is in đồng."""

    pieces: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, counts: Mapping[int, int] | Iterable[tuple[int, int]]) -> CashCount:
        """From ``{500_000: 2, 10_000: 3}``; denominations not given count as zero pieces."""
        items = counts.items() if isinstance(counts, Mapping) else counts
        by_note: dict[int, int] = {}
        for note, n in items:
            if note not in DENOMINATIONS:
                raise ShiftError(
                    f"Mệnh giá không hợp lệ: {note}", f"Not a denomination: {note}", code="bad_count"
                )
            if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n > 100_000:
                raise ShiftError(
                    f"Số tờ {format_vnd(note)} không hợp lệ",
                    f"Invalid count of {format_vnd(note)}",
                    code="bad_count",
                )
            by_note[note] = by_note.get(note, 0) + n
        return cls(tuple((note, by_note.get(note, 0)) for note in DENOMINATIONS))

    @classmethod
    def empty(cls) -> CashCount:
        return cls.of({})

    @property
    def total(self) -> int:
        return sum(note * n for note, n in self.pieces)

    def as_dict(self) -> dict[int, int]:
        return dict(self.pieces)


def make_change_count(amount: int) -> CashCount:
    """The fewest notes for ``amount`` (a float suggestion for the opening screen); amount must be whole thousands."""
    if amount < 0 or amount % 1000:
        raise ShiftError(
            "Số tiền phải là bội của 1.000 ₫", "The amount must be whole thousands of đồng", code="bad_count"
        )
    left = amount
    counts = {}
    for note in DENOMINATIONS:
        counts[note], left = divmod(left, note)
    return CashCount.of(counts)
