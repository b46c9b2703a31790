"""Network today: sales by centre (today, this week so far against last week up to the same time), every till's state, the
quarantine, and what needs someone's attention (silent tills, cash differences at close, low stock)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, or_, select

from pos.reports.table import Column, Table
from pos.server.models import (
    Product,
    Quarantine,
    ReceiptRollup,
    Sale,
    ShiftEvent,
    StockOnHand,
    StockThreshold,
    Store,
    Terminal,
)
from pos.server.office import charts
from pos.server.office.access import Perm
from pos.server.office.formats import ago, cell, local
from pos.server.office.pages import Page, PageContext, PageView, register
from pos.server.office.queries import in_stores, pct_change, week_start

SILENT = dt.timedelta(hours=2)
#: The words a till reports for its printer and camera (``pos.receipts.queue.QueueState.word``), as people read
#: them; a word not listed here (a newer till's) is shown as sent.
DEVICE_WORDS = {
    "ok": ("sẵn sàng", "ready"),
    "offline": ("mất kết nối", "offline"),
    "paper_out": ("hết giấy", "out of paper"),
    "paper_low": ("sắp hết giấy", "paper low"),
    "cover_open": ("nắp đang mở", "cover open"),
    "error": ("lỗi", "error"),
}
CASH_DAYS = 7


def _hours(text: str) -> tuple[dt.time, dt.time]:
    try:
        a, b = text.split("-", 1)
        return dt.time.fromisoformat(a.strip()), dt.time.fromisoformat(b.strip())
    except ValueError:
        return dt.time(7), dt.time(22)


def silent_since(last_seen: dt.datetime | None, hours: str, now_utc: dt.datetime) -> dt.timedelta | None:
    """How long a till has been silent *within today's opening hours*, if more than two hours; else None."""
    now = local(now_utc)
    assert now is not None
    opens, closes = _hours(hours)
    start = dt.datetime.combine(now.date(), opens)
    end = dt.datetime.combine(now.date(), closes)
    if not start <= now <= end:
        return None
    seen = local(last_seen) if last_seen is not None else None
    since = max(seen, start) if seen is not None else start
    gap = now - since
    return gap if gap > SILENT else None


def build(ctx: PageContext) -> PageView:
    ids = ctx.scope.ids()
    today = ctx.today
    this_monday = week_start(today)
    last_monday = this_monday - dt.timedelta(days=7)
    last_same = today - dt.timedelta(days=7)
    r = ReceiptRollup
    stores = {s.id: s for s in ctx.scope.stores if ids is None or s.id in ids}
    rows = ctx.conn.execute(
        select(r.store_id, r.day, func.sum(r.sales_count), func.sum(r.sales_total + r.returns_total))
        .where(r.grain == "d", r.day >= last_monday, r.day <= today, in_stores(r.store_id, ids))
        .group_by(r.store_id, r.day)
    ).all()
    per: dict[str, list[int]] = {sid: [0, 0, 0, 0] for sid in stores}
    for sid, day, receipts, net in rows:
        acc = per.setdefault(str(sid), [0, 0, 0, 0])
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        if day == today:
            acc[0] += int(receipts)
            acc[1] += int(net)
        if this_monday <= day <= today:
            acc[2] += int(net)
        elif last_monday <= day < last_same:
            acc[3] += int(net)
    # Last week's same weekday only up to this time of day, from the raw sales of that one day (indexed by day):
    # "this week so far" is compared with last week as far as it had got, not with a whole day.
    for sid, net in ctx.conn.execute(
        select(Sale.store_id, func.sum(Sale.total))
        .where(
            Sale.business_date == last_same,
            Sale.created_at <= ctx.now - dt.timedelta(days=7),
            in_stores(Sale.store_id, ids),
        )
        .group_by(Sale.store_id)
    ):
        per.setdefault(str(sid), [0, 0, 0, 0])[3] += int(net)
    sales_rows = sorted(
        (
            (stores[sid].code, stores[sid].name, v[0], v[1], v[2], v[3], pct_change(v[2], v[3]))
            for sid, v in per.items()
            if sid in stores
        ),
        key=lambda x: -x[4],
    )
    t = ctx.t
    sales = Table(
        "sales_by_centre",
        "Doanh thu theo trung tâm",
        "Sales by centre",
        (
            Column("store", "Mã", "Code"),
            Column("name", "Trung tâm", "Centre"),
            Column("receipts_today", "HĐ hôm nay", "Receipts today", "int"),
            Column("net_today", "Doanh thu hôm nay", "Net today", "money"),
            Column("week", "Tuần này", "This week", "money"),
            Column("last_week", "Tuần trước đến giờ này", "Last week to this time", "money"),
            Column("change", "Thay đổi %", "Change %", "pct"),
        ),
        tuple(sales_rows),
        (
            "Tổng / Total",
            "",
            sum(x[2] for x in sales_rows),
            sum(x[3] for x in sales_rows),
            sum(x[4] for x in sales_rows),
            sum(x[5] for x in sales_rows),
            pct_change(sum(x[4] for x in sales_rows), sum(x[5] for x in sales_rows)),
        ),
    )
    # Tills.
    tills_q = ctx.conn.execute(
        select(
            Store.id,
            Store.code,
            Terminal.code,
            Terminal.last_seen_at,
            Terminal.unsent_count,
            Terminal.app_version,
            Terminal.printer_state,
            Terminal.camera_state,
            Terminal.active,
            Terminal.registered_at,
            Terminal.clock_skew_s,
            Store.opening_hours,
            Terminal.rejected_rules,
        )
        .join(Store, Store.id == Terminal.store_id)
        .where(in_stores(Store.id, ids))
        .order_by(Store.code, Terminal.code)
    ).all()
    quarantined = dict(
        ctx.conn.execute(
            select(Quarantine.store_id, func.count())
            .where(Quarantine.status == "open", in_stores(Quarantine.store_id, ids))
            .group_by(Quarantine.store_id)
        ).all()
    )
    alerts: list[tuple[str, str, str, str]] = []
    till_rows = []
    online = 0
    for (
        _sid,
        scode,
        tcode,
        seen,
        unsent,
        version,
        printer,
        camera,
        active,
        registered,
        skew,
        hours,
        rejected,
    ) in tills_q:
        state = (
            t("đang dùng", "active")
            if active and registered
            else (t("chờ đăng ký", "awaiting registration") if active else t("đã thu hồi", "revoked"))
        )
        if active and seen is not None and ctx.now - seen < SILENT:
            online += 1
        gap = silent_since(seen, hours, ctx.now) if active and registered else None
        if gap is not None:
            alerts.append(
                (
                    "bad",
                    scode,
                    tcode,
                    t(
                        f"Máy im lặng {int(gap.total_seconds() // 3600)} giờ trong giờ mở cửa (lần cuối: {ago(seen, 'vi', ctx.now)})",
                        f"Silent for {int(gap.total_seconds() // 3600)} h in opening hours (last contact: {ago(seen, 'en', ctx.now)})",
                    ),
                )
            )
        if active and rejected:
            alerts.append(
                (
                    "warn",
                    scode,
                    tcode,
                    t(
                        f"{rejected} giá của văn phòng không áp dụng được trên máy (xem nhật ký của máy)",
                        f"{rejected} of head office's prices could not be applied on the till (see its audit log)",
                    ),
                )
            )
        till_rows.append(
            (
                scode,
                tcode,
                state,
                ago(seen, ctx.lang, ctx.now),
                unsent if unsent is not None else "—",
                version or "—",
                device_word(printer, ctx.lang),
                device_word(camera, ctx.lang),
                skew if skew is not None else "—",
            )
        )
    tills = Table(
        "tills",
        "Máy bán hàng",
        "Tills",
        (
            Column("store", "Trung tâm", "Centre"),
            Column("till", "Máy", "Till"),
            Column("state", "Trạng thái", "State"),
            Column("seen", "Liên lạc cuối", "Last contact"),
            Column("unsent", "Chưa gửi", "Unsent", "int"),
            Column("version", "Phiên bản", "Version"),
            Column("printer", "Máy in", "Printer"),
            Column("camera", "Camera", "Camera"),
            Column("skew", "Lệch giờ (giây)", "Clock skew (s)", "int"),
        ),
        tuple(till_rows),
    )
    # Shifts closed with a cash difference in the last days.
    since = ctx.now - dt.timedelta(days=CASH_DAYS)
    codes = {s.id: s.code for s in ctx.scope.stores}
    for sid, tid, data, at in ctx.conn.execute(
        select(ShiftEvent.store_id, Terminal.code, ShiftEvent.data, ShiftEvent.at)
        .join(Terminal, Terminal.id == ShiftEvent.terminal_id)
        .where(
            ShiftEvent.kind.in_(("close", "close_unsent")),
            ShiftEvent.at >= since,
            in_stores(ShiftEvent.store_id, ids),
        )
        .order_by(ShiftEvent.at.desc())
    ):
        try:
            diff = int(json.loads(data).get("over_short") or 0)
        except (ValueError, TypeError, AttributeError):
            continue
        if diff:
            when = local(at)
            alerts.append(
                (
                    "warn",
                    codes.get(str(sid), "?"),
                    str(tid),
                    t(
                        f"Kết ca {when:%d/%m %H:%M} lệch tiền mặt {diff:+,} ₫".replace(",", "."),
                        f"Shift closed {when:%d/%m %H:%M} with a cash difference of {diff:+,} ₫".replace(
                            ",", "."
                        ),
                    ),
                )
            )
    # Stock below its threshold (the store's own, else the province-wide one).
    own = StockThreshold.__table__.alias("own")
    every = StockThreshold.__table__.alias("every")
    threshold = func.coalesce(own.c.low_milli, every.c.low_milli)
    low = ctx.conn.execute(
        select(
            StockOnHand.store_id,
            Product.sku,
            Product.name_vi,
            Product.name_en,
            StockOnHand.qty_milli,
            threshold,
        )
        .join(Product, Product.id == StockOnHand.product_id)
        .outerjoin(
            own, (own.c.store_id == StockOnHand.store_id) & (own.c.product_id == StockOnHand.product_id)
        )
        .outerjoin(every, (every.c.store_id == "*") & (every.c.product_id == StockOnHand.product_id))
        .where(
            or_(own.c.low_milli.is_not(None), every.c.low_milli.is_not(None)),
            StockOnHand.qty_milli <= threshold,
            Product.active.is_(True),
            in_stores(StockOnHand.store_id, ids),
        )
        .order_by(StockOnHand.qty_milli - threshold)
        .limit(200)
    ).all()
    for sid, sku, name_vi, name_en, q, lim in low[:30]:
        alerts.append(
            (
                "warn",
                codes.get(str(sid), "?"),
                "",
                t(
                    f"Sắp hết: {sku} {name_vi} còn {q / 1000:g} (ngưỡng {lim / 1000:g})",
                    f"Low stock: {sku} {name_en or name_vi}: {q / 1000:g} left (threshold {lim / 1000:g})",
                ),
            )
        )
    alert_table = Table(
        "alerts",
        "Cần chú ý",
        "Needs attention",
        (
            Column("level", "Mức", "Level"),
            Column("store", "Trung tâm", "Centre"),
            Column("till", "Máy", "Till"),
            Column("what", "Nội dung", "What"),
        ),
        tuple(alerts),
    )
    labels = [x[0] for x in sales_rows[:40]]
    chart = charts.bars(
        labels,
        [[x[4] for x in sales_rows[:40]], [x[5] for x in sales_rows[:40]]],
        [t("Tuần này", "This week"), t("Tuần trước đến giờ này", "Last week to this time")],
        title=t("Doanh thu tuần này so với tuần trước", "This week against last week"),
    )
    cards = [
        (t("Doanh thu hôm nay", "Net sales today"), sales.totals[3] if sales.totals else 0, "money", ""),
        (t("Hoá đơn hôm nay", "Receipts today"), sales.totals[2] if sales.totals else 0, "int", ""),
        (
            t("Tuần này so với tuần trước", "Week against last week"),
            signed_pct(sales.totals[6] if sales.totals else "—"),
            "text",
            "",
        ),
        (
            t("Máy liên lạc trong 2 giờ", "Tills heard from in 2 h"),
            f"{online} / {len(till_rows)}",
            "text",
            "",
        ),
        (
            t("Mục cách ly chờ xử lý", "Quarantined entries open"),
            sum(int(v) for v in quarantined.values()),
            "int",
            "warn" if quarantined else "",
        ),
        (t("Cảnh báo", "Alerts"), len(alerts), "int", "warn" if alerts else ""),
    ]
    return PageView(
        tables=[sales, tills, alert_table],
        charts=[chart],
        subtitle=t(
            f"Hôm nay {today:%d/%m/%Y}, tuần từ {this_monday:%d/%m}",
            f"Today {today:%Y-%m-%d}, week from {this_monday:%d/%m}",
        ),
        extra={"hidden": ("alerts",), "cards": cards, "alerts": alerts[:60], "low_count": len(low)},
        template="network.html",
    )


register(Page("", "Mạng lưới hôm nay", "Network today", Perm.NETWORK, build, fields=()))


def device_word(word: str | None, lang: str) -> str:
    if not word:
        return "—"
    vi, en = DEVICE_WORDS.get(word, (word, word))
    return vi if lang == "vi" else en


def signed_pct(value: object) -> str:
    """``+37,0 %`` / ``−4,2 %``; ``—`` when last week had nothing to compare with."""
    if not isinstance(value, int | float):
        return str(value)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{cell('pct', abs(value))} %"
