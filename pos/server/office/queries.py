"""Pieces every page's query uses: reading roll-ups over a date range, the store scope, weeks and months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, ColumnElement, and_, false, or_, true

from pos.server.rollups import month_of


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return next_month(day) - dt.timedelta(days=1)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def span(grain: Any, day: Any, d0: dt.date, d1: dt.date) -> ColumnElement[bool]:
    """Roll-up rows covering ``d0``…``d1`` exactly once: month rows for the whole months inside, day rows for the
    days at either edge (a year is twelve month rows per key instead of 365 day rows)."""
    first_full = d0 if d0.day == 1 else next_month(d0)
    last_full_end = d1 if next_month(d1) - dt.timedelta(days=1) == d1 else month_of(d1) - dt.timedelta(days=1)
    if first_full > last_full_end:  # no whole month inside: day rows only
        return and_(grain == "d", day >= d0, day <= d1)
    parts = [and_(grain == "m", day >= first_full, day <= month_of(last_full_end))]
    if d0 < first_full:
        parts.append(and_(grain == "d", day >= d0, day < first_full))
    if d1 > last_full_end:
        parts.append(and_(grain == "d", day > last_full_end, day <= d1))
    return or_(*parts)


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
