"""VAT: VAT-inclusive prices, rates that change by date, and the one breakdown rule.

**Rounding rule.** Prices are VAT-inclusive. For each VAT rate on a sale, the amounts of the lines at that rate
(after all discounts) are summed into ``gross``; then ``vat = round_half_up(gross × rate / (100 + rate))`` and
``net = gross − vat``. VAT is therefore computed once per rate per sale (never per line and then summed), so every
row satisfies ``net + vat == gross`` exactly and the rows add up to the sale total to the đồng. The VAT of a rate row
is never more than 0.5 đồng from the exact value.

**Rates by date.** A product carries a *VAT class*; each class has a schedule of (valid_from, rate) entries. The
reduced 8 % of Decree 174/2025 (goods otherwise at 10 %) runs to 31 Dec 2026; class ``reduced`` goes back to 10 % on
1 Jan 2027. The schedule is data (table ``vat_rates``) so head office can push a change; the defaults are below.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pos.errors import CartError
from pos.money import div_round_half_up

ALLOWED_RATES = (0, 5, 8, 10)

#: (class code, valid_from, rate %) — the defaults a new database is created with.
DEFAULT_SCHEDULE: tuple[tuple[str, dt.date, int], ...] = (
    ("vat0", dt.date(2000, 1, 1), 0),
    ("vat5", dt.date(2000, 1, 1), 5),
    ("std10", dt.date(2000, 1, 1), 10),
    ("reduced", dt.date(2000, 1, 1), 10),
    ("reduced", dt.date(2025, 7, 1), 8),
    ("reduced", dt.date(2027, 1, 1), 10),
)


@dataclass(frozen=True, slots=True)
class VatRow:
    """One rate's share of a sale: ``net + vat == gross``."""

    rate_pct: int
    gross: int
    vat: int

    @property
    def net(self) -> int:
        return self.gross - self.vat


class VatSchedule:
    """Rates of each VAT class by date; immutable once built."""

    def __init__(self, entries: Iterable[tuple[str, dt.date, int]]) -> None:
        by_class: dict[str, list[tuple[dt.date, int]]] = {}
        for code, valid_from, rate in entries:
            if rate not in ALLOWED_RATES:
                raise CartError(f"Thuế suất không hợp lệ: {rate}%", f"Invalid VAT rate: {rate}%")
            by_class.setdefault(code, []).append((valid_from, rate))
        self._dates: dict[str, list[dt.date]] = {}
        self._rates: dict[str, list[int]] = {}
        for code, items in by_class.items():
            items.sort()
            self._dates[code] = [d for d, _ in items]
            self._rates[code] = [r for _, r in items]

    @classmethod
    def default(cls) -> VatSchedule:
        return cls(DEFAULT_SCHEDULE)

    def classes(self) -> list[str]:
        return sorted(self._dates)

    def rate(self, vat_class: str, on: dt.date) -> int:
        """The rate (percent) of ``vat_class`` on date ``on``."""
        dates = self._dates.get(vat_class)
        if dates is None:
            raise CartError(f"Không có nhóm thuế {vat_class!r}", f"Unknown VAT class {vat_class!r}")
        i = bisect.bisect_right(dates, on) - 1
        if i < 0:
            raise CartError(
                f"Nhóm thuế {vat_class!r} chưa có thuế suất ngày {on:%d/%m/%Y}",
                f"VAT class {vat_class!r} has no rate on {on:%Y-%m-%d}",
            )
        return self._rates[vat_class][i]

    def next_change(self, vat_class: str, on: dt.date) -> tuple[dt.date, int] | None:
        """The first scheduled change of ``vat_class``'s rate after ``on``: (date, new rate), or None. A manager
        picking the reduced class should see that it goes back up, and when."""
        dates = self._dates.get(vat_class, [])
        rates = self._rates.get(vat_class, [])
        current = self.rate(vat_class, on) if dates and dates[0] <= on else None
        for i in range(bisect.bisect_right(dates, on), len(dates)):
            if rates[i] != current:
                return dates[i], rates[i]
        return None


def vat_of_gross(gross: int, rate_pct: int) -> int:
    """VAT contained in a VAT-inclusive ``gross`` at ``rate_pct``, rounded half up (sign-symmetric)."""
    if gross < 0:
        return -vat_of_gross(-gross, rate_pct)
    return div_round_half_up(gross * rate_pct, 100 + rate_pct)


def breakdown(amounts_by_rate: Iterable[tuple[int, int]]) -> list[VatRow]:
    """Rows by rate (ascending) from ``(rate_pct, line_amount)`` pairs, per the module's rounding rule."""
    sums: dict[int, int] = {}
    for rate, amount in amounts_by_rate:
        sums[rate] = sums.get(rate, 0) + amount
    return [VatRow(rate, gross, vat_of_gross(gross, rate)) for rate, gross in sorted(sums.items())]


def totals(rows: Sequence[VatRow]) -> Mapping[str, int]:
    """Gross, VAT and net over all rows."""
    gross = sum(r.gross for r in rows)
    vat = sum(r.vat for r in rows)
    return {"gross": gross, "vat": vat, "net": gross - vat}
