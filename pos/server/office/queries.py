"""Pieces every page's query uses: reading roll-ups over a date range, the store scope, weeks and months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, ColumnElement, and_, case, false, literal, or_, true

from pos.server.rollups import month_of


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return next_month(day) - dt.timedelta(days=1)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def span_parts(d0: dt.date, d1: dt.date) -> list[tuple[str, dt.date, dt.date, int]]:
    """How to read ``d0``…``d1`` from roll-ups as (grain, first, last, sign) parts, reading as few rows as possible:
    a whole month is its month row; a part of a month is its day rows, or — when the days left out are fewer — the
    month row minus the day rows left out."""
    parts: list[tuple[str, dt.date, dt.date, int]] = []
    m = month_of(d0)
    while m <= d1:
        end = month_end(m)
        a, b = max(m, d0), min(end, d1)
        inside = (b - a).days + 1
        outside = (end - m).days + 1 - inside
        if outside == 0:
            parts.append(("m", m, m, 1))
        elif inside <= outside:
            parts.append(("d", a, b, 1))
        else:
            parts.append(("m", m, m, 1))
            if a > m:
                parts.append(("d", m, a - dt.timedelta(days=1), -1))
            if b < end:
                parts.append(("d", b + dt.timedelta(days=1), end, -1))
        m = next_month(m)
    return parts


def span(grain: Any, day: Any, d0: dt.date, d1: dt.date) -> ColumnElement[bool]:
    """The roll-up rows ``span_parts`` reads (a year is twelve month rows per key and at most a fortnight of
    days); sum them multiplied by ``span_sign``."""
    return or_(*(and_(grain == g, day >= a, day <= b) for g, a, b, _ in span_parts(d0, d1)))


def span_sign(grain: Any, day: Any, d0: dt.date, d1: dt.date) -> ColumnElement[int]:
    """+1 for the rows that add to the range, −1 for the days taken back out of a month row."""
    minus = [and_(grain == g, day >= a, day <= b) for g, a, b, sign in span_parts(d0, d1) if sign < 0]
    if not minus:
        return literal(1)
    return case((or_(*minus), -1), else_=1)


def nonzero(rows: list[tuple[Any, ...]], first: int) -> list[tuple[Any, ...]]:
    """Rows whose sums (from column ``first`` on) are not all zero: a key met only on days taken back out of a
    month row sums to nothing and is no row of the report."""
    return [r for r in rows if any(v for v in r[first:] if isinstance(v, int | Decimal))]


def in_stores(column: Column[Any] | Any, ids: Sequence[str] | None) -> ColumnElement[bool]:
    """``column IN ids``; None means every store (no condition), an empty scope matches nothing."""
    if ids is None:
        return true()
    if not ids:
        return false()
    return column.in_(list(ids))  # type: ignore[no-any-return,unused-ignore]


def pct_change(now: int, before: int) -> float | str:
    if before == 0:
        return "—"
    return round(100.0 * (now - before) / abs(before), 1)
