"""Reading roll-ups over a date range covers every day exactly once; silence counts only inside opening hours."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Date, MetaData, String, Table, create_engine, insert, select

from pos.server.office.formats import money, qty
from pos.server.office.pages.network import device_word, signed_pct, silent_since
from pos.server.office.queries import month_end, next_month, span, span_sign, week_start

START = dt.date(2025, 1, 1)
DAYS = 800
meta = MetaData()
rows = Table("r", meta, Column("grain", String(1)), Column("day", Date))
engine = create_engine("sqlite://")
meta.create_all(engine)
with engine.begin() as c:
    c.execute(insert(rows), [{"grain": "d", "day": START + dt.timedelta(days=i)} for i in range(DAYS)])
    m = START
    while m < START + dt.timedelta(days=DAYS):
        c.execute(insert(rows), [{"grain": "m", "day": m}])
        m = next_month(m)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, DAYS - 400), st.integers(0, 380))
def test_span_covers_each_day_once(a: int, length: int) -> None:
    """Every day of the range counts once (month rows count their days, rows taken back out count −1), no day
    outside it counts, and a year reads month rows and at most about a month of day rows."""
    d0 = START + dt.timedelta(days=a)
    d1 = d0 + dt.timedelta(days=length)
    g, d = rows.c.grain, rows.c.day
    with engine.connect() as c:
        found = c.execute(select(g, d, span_sign(g, d, d0, d1)).where(span(g, d, d0, d1))).all()
    counted: dict[dt.date, int] = {}
    for grain, day, sign in found:
        n = 1 if grain == "d" else (month_end(day) - day).days + 1
        for x in (day + dt.timedelta(days=i) for i in range(n)):
            counted[x] = counted.get(x, 0) + sign
    assert {k: v for k, v in counted.items() if v} == {
        d0 + dt.timedelta(days=i): 1 for i in range(length + 1)
    }
    assert sum(1 for grain, *_ in found if grain == "d") <= 31


def test_weeks_months_and_formats() -> None:
    assert week_start(dt.date(2026, 12, 6)) == dt.date(2026, 11, 30)
    assert next_month(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert month_end(dt.date(2028, 2, 10)) == dt.date(2028, 2, 29)
    assert money(1234567) == "1.234.567" and money(-5000) == "−5.000" and money(0) == "0"
    assert qty(1500) == "1,5" and qty(12000) == "12" and qty(1234000) == "1.234"
    assert signed_pct(37.0) == "+37,0 %" and signed_pct(-4.25) == "−4,2 %" and signed_pct("—") == "—"


def test_device_words_as_people_read_them() -> None:
    """Every state a till's printer queue reports has words in both languages; an unknown one shows as sent."""
    from pos.receipts.printer_status import PrinterStatus
    from pos.receipts.queue import QueueState

    states = {
        QueueState(True, 0).word(),
        QueueState(False, 0).word(),
        *(
            QueueState(True, 0, printer_status=PrinterStatus(**{flag: True})).word()
            for flag in ("paper_end", "cover_open", "error", "paper_near_end")
        ),
    }
    for word in states:
        vi, en = device_word(word, "vi"), device_word(word, "en")
        assert vi != word, word
        assert "_" not in vi + en
    assert device_word("paper_out", "vi") == "hết giấy" and device_word("paper_out", "en") == "out of paper"
    assert device_word("", "vi") == "—" and device_word("jammed", "en") == "jammed"


def test_silent_only_inside_opening_hours() -> None:
    # 10:00 local (03:00 UTC); opened at 07:00, last heard at 06:30 local: silent 3 h inside the hours.
    now = dt.datetime(2026, 7, 1, 3, 0)
    seen = dt.datetime(2026, 6, 30, 23, 30)
    gap = silent_since(seen, "07:00-22:00", now)
    assert gap is not None and gap == dt.timedelta(hours=3)
    assert silent_since(seen, "08:30-22:00", now) is None  # only 1.5 h since opening
    assert silent_since(dt.datetime(2026, 7, 1, 2, 0), "07:00-22:00", now) is None  # heard an hour ago
    assert silent_since(seen, "07:00-22:00", dt.datetime(2026, 7, 1, 16, 0)) is None  # 23:00 local: closed
