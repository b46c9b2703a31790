"""Money is integer đồng (VND has no minor unit). Formatting, parsing and exact splitting live here.

Rounding rule used everywhere a division happens: **round half up** (away from zero for positives) to the đồng,
done in integer arithmetic. Where an amount is split across parts, the largest-remainder method makes the parts add
up exactly to the whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from pos.errors import CartError


def div_round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up (towards +inf at .5), in integers only."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    return (2 * numerator + denominator) // (2 * denominator)


def format_vnd(amount: int, *, symbol: bool = True) -> str:
    """Vietnamese grouping with dots: ``150000`` → ``150.000 ₫``."""
    sign = "-" if amount < 0 else ""
    grouped = f"{abs(amount):,}".replace(",", ".")
    return f"{sign}{grouped} ₫" if symbol else f"{sign}{grouped}"


def parse_vnd(text: str) -> int:
    """Parse what a cashier types: ``150.000``, ``150 000``, ``150000đ``, ``150k`` → 150000."""
    cleaned = text.strip().lower().replace("₫", "").replace("đ", "").replace("vnd", "").strip()
    multiplier = 1
    if cleaned.endswith("k"):
        multiplier, cleaned = 1000, cleaned[:-1]
    digits = cleaned.replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not digits.isdigit():
        raise CartError(f"Số tiền không hợp lệ: {text!r}", f"Not an amount: {text!r}")
    return int(digits) * multiplier


def split_proportionally(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` over ``weights`` so the parts add up to ``total`` exactly (largest remainder).

    Used to spread a sale-level discount over lines; ties go to the earliest line, so the result is deterministic.
    """
    if not weights:
        return []
    base = sum(weights)
    if base == 0:
        parts = [0] * len(weights)
        parts[0] = total
        return parts
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    floors = [magnitude * w // base for w in weights]
    remainders = [magnitude * w % base for w in weights]
    short = magnitude - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:short]:
        floors[i] += 1
    return [sign * p for p in floors]


def line_amount(unit_price: int, qty_milli: int) -> int:
    """Amount of a line: price per unit × quantity in thousandths, rounded half up to the đồng."""
    return (
        div_round_half_up(unit_price * qty_milli, 1000)
        if qty_milli >= 0
        else -div_round_half_up(unit_price * -qty_milli, 1000)
    )
