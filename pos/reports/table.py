"""A report as a plain table: typed columns with both languages' headings, rows, an optional totals row.

The GUI draws tables and charts from this; ``pos.reports.export`` writes it to CSV or XLSX. Money cells are
integer đồng, quantity cells integer thousandths (``qty``) shown as units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pos.errors import PosError

COLUMN_KINDS = ("text", "money", "qty", "int", "pct", "date", "datetime")


class ReportError(PosError):
    code = "report"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    vi: str
    en: str
    kind: str = "text"

    def title(self, lang: str) -> str:
        return self.vi if lang.startswith("vi") else self.en


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title_vi: str
    title_en: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None

    def title(self, lang: str) -> str:
        return self.title_vi if lang.startswith("vi") else self.title_en

    def index(self, key: str) -> int:
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    def column(self, key: str) -> list[Any]:
        i = self.index(key)
        return [row[i] for row in self.rows]

    def as_dicts(self) -> list[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]


@dataclass(frozen=True, slots=True)
class Period:
    """Business dates from ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ReportError(
                "Ngày kết thúc trước ngày bắt đầu", "The end date is before the start date", code="bad_period"
            )

    @classmethod
    def day(cls, day: dt.date) -> Period:
        return cls(day, day)

    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start:%d/%m/%Y}"
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]
