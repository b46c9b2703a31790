"""VietQR reconciliation: per store and day, the transfers the bank notified (SePay, Casso) against the VietQR
payments the tills recorded, and the unmatched rows of both sides (``pos.server.office.transfers``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pos.reports.table import Column, Table
from pos.server.office.access import Perm
from pos.server.office.pages import Choice, Field, Page, PageContext, PageView, register
from pos.server.office.transfers import reconcile

FIELDS = (
    Field("date_from", "date", "Từ ngày", "From"),
    Field("date_to", "date", "Đến ngày", "To"),
    Field("store", "store", "Trung tâm", "Centre"),
)
STATUS = {
    "unmatched": Choice("unmatched", "Chưa khớp đơn nào", "No sale found"),
    "matched": Choice("matched", "Đã xác nhận, chưa có đơn bán", "Confirmed, no sale recorded"),
    "short": Choice("short", "Thiếu tiền", "Short"),
    "over": Choice("over", "Thừa tiền", "Over"),
    "duplicate": Choice("duplicate", "Chuyển trùng", "Paid twice"),
}


def defaults(today: dt.date) -> dict[str, Any]:
    return {"date_from": today - dt.timedelta(days=6), "date_to": today}


def build(ctx: PageContext) -> PageView:
    d0, d1 = ctx.params["date_from"], ctx.params["date_to"]
    rec = reconcile(ctx.conn, ctx.scope.ids(), d0, d1)
    unknown = ctx.t("(chưa rõ)", "(unknown)")
    days = Table(
        "bank_days",
        "Đối soát theo ngày",
        "By store and day",
        (
            Column("store", "Trung tâm", "Centre"),
            Column("day", "Ngày", "Day", "date"),
            Column("transfers", "Số CK nhận", "Transfers", "int"),
            Column("transfers_sum", "Tiền CK nhận", "Received", "money"),
            Column("payments", "Số TT VietQR", "VietQR payments", "int"),
            Column("payments_sum", "Tiền TT VietQR", "Recorded", "money"),
            Column("matched", "Khớp", "Matched", "int"),
            Column("matched_sum", "Tiền khớp", "Matched sum", "money"),
            Column("difference", "Chênh lệch", "Difference", "money"),
        ),
        tuple(
            (
                store or unknown,
                day,
                t.transfers,
                t.transfers_sum,
                t.payments,
                t.payments_sum,
                t.matched,
                t.matched_sum,
                t.transfers_sum - t.payments_sum,
            )
            for (store, day), t in rec.days.items()
        ),
    )
    transfers = Table(
        "bank_unmatched_transfers",
        "Tiền về chưa khớp đơn bán",
        "Transfers without a recorded payment",
        (
            Column("store", "Trung tâm", "Centre"),
            Column("bank_time", "Giờ ngân hàng", "Bank time", "datetime"),
            Column("source", "Nguồn", "Source"),
            Column("txn", "Mã giao dịch", "Transaction"),
            Column("amount", "Số tiền", "Amount", "money"),
            Column("content", "Nội dung", "Message"),
            Column("reference", "Mã đơn", "Reference"),
            Column("status", "Tình trạng", "Status"),
        ),
        tuple(
            (
                t.store or unknown,
                t.bank_time,
                t.source,
                t.txn_id,
                t.amount,
                t.content[:120],
                t.reference,
                STATUS[t.status].vi if ctx.lang == "vi" else STATUS[t.status].en,
            )
            for t in rec.unmatched_transfers
        ),
    )
    payments = Table(
        "bank_unmatched_payments",
        "Thanh toán VietQR chưa có tiền về",
        "VietQR payments without a bank transfer",
        (
            Column("store", "Trung tâm", "Centre"),
            Column("day", "Ngày", "Day", "date"),
            Column("till", "Máy", "Till"),
            Column("receipt", "Số HĐ", "Receipt", "int"),
            Column("amount", "Số tiền", "Amount", "money"),
            Column("reference", "Nội dung CK", "Reference"),
        ),
        tuple((p.store, p.day, p.till, p.receipt_no, p.amount, p.reference) for p in rec.unmatched_payments),
    )
    notes = [
        ctx.t(
            "Tiền về từ thông báo của ngân hàng (SePay, Casso). Thanh toán VietQR chưa có tiền về là các đơn thu "
            "ngân xác nhận bằng tay mà ngân hàng chưa báo: kiểm tra sao kê trước khi chốt.",
            "Transfers come from the bank's notifications (SePay, Casso). A VietQR payment without a transfer was "
            "confirmed by hand and the bank has not reported it: check the statement before closing the day.",
        )
    ]
    return PageView(tables=[days, transfers, payments], notes=notes)


register(
    Page("bank", "Đối soát chuyển khoản", "Transfer reconciliation", Perm.REPORTS, build, FIELDS, defaults)
)
