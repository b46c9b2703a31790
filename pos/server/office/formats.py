"""Numbers, dates and times as the office shows them: money as Vietnamese offices write it (``1.234.567``) in both
languages, so a number on the screen is the number in the export; quantities are thousandths shown as units; times
in the province's clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

#: The province's clock: business days, opening hours and the times shown (UTC+7, no daylight saving).
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(value: dt.datetime | None) -> dt.datetime | None:
    """A stored naive-UTC instant in local time (naive)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC).astimezone(LOCAL_TZ).replace(tzinfo=None)


def local_now() -> dt.datetime:
    return dt.datetime.now(LOCAL_TZ).replace(tzinfo=None)


def money(value: Any) -> str:
    if value is None or value == "":
        return ""
    n = int(value)
    text = f"{abs(n):,}".replace(",", ".")
    return f"−{text}" if n < 0 else text


def qty(value: Any) -> str:
    if value is None or value == "":
        return ""
    d = Decimal(int(value)) / 1000
    text = f"{d.normalize():f}" if d else "0"
    whole, _, frac = text.partition(".")
    whole = f"{int(whole):,}".replace(",", ".") if whole.lstrip("-").isdigit() else whole
    return f"{whole},{frac}" if frac else whole


def cell(kind: str, value: Any, lang: str = "vi") -> str:
    """One table cell as text, by the column's kind (``pos.reports.table.COLUMN_KINDS``)."""
    if value is None:
        return ""
    if kind == "money":
        return money(value) if isinstance(value, int) else str(value)
    if kind == "qty":
        return qty(value) if isinstance(value, int) else str(value)
    if kind == "int":
        return f"{int(value):,}".replace(",", ".") if isinstance(value, int) else str(value)
    if kind == "pct":
        return f"{value:.1f}".replace(".", ",") if isinstance(value, float | int) else str(value)
    if kind == "date" and isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if kind == "datetime" and isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    return str(value)


def ago(value: dt.datetime | None, lang: str, now: dt.datetime | None = None) -> str:
    """How long ago an UTC instant was, in words a person reads at a glance."""
    if value is None:
        return "—"
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    s = int((now - value).total_seconds())
    vi = lang == "vi"
    if s < 90:
        return "vừa xong" if vi else "just now"
    if s < 5400:
        return f"{s // 60} phút trước" if vi else f"{s // 60} min ago"
    if s < 48 * 3600:
        return f"{s // 3600} giờ trước" if vi else f"{s // 3600} h ago"
    return f"{s // 86400} ngày trước" if vi else f"{s // 86400} days ago"
