"""E-invoices: per store, where each invoice the tills made is on its way to the tax authority (pending, sent,
accepted, rejected with the provider's reason, corrected), filtered by status and month; one invoice with its
correction path; and the month's or quarter's tax report — VAT by rate with totals and the invoice list an
accountant hands over (XLSX: every table; CSV: the invoice list).

The reads are head office's own (``pos.server.einvoices.invoice_rows``) and the till's tax report queries
(``pos.einvoice.report``) run over the stores this person may see, so the office and ``ocop-pos einvoice report``
give the same figures. Offering a rejected relayed invoice again is the one change made here (audited); an invoice
the till sends itself is corrected at the till (docs/einvoice.md, *When an invoice is rejected*).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update

from pos.einvoice.report import Period, invoice_list, parse_period, vat_by_rate
from pos.errors import PosError
from pos.money import format_vnd
from pos.reports.table import Column, Table
from pos.server.einvoices import invoice_rows
from pos.server.models import EInvoice, EInvoiceStatus, Sale, Store, utcnow
from pos.server.office import audit
from pos.server.office.access import Perm, require_store
from pos.server.office.formats import local
from pos.server.office.pages import (
    Action,
    ActionContext,
    Choice,
    Field,
    Page,
    PageContext,
    PageView,
    Redirect,
    register,
)

STATES = (
    Choice("all", "Tất cả", "All"),
    Choice("pending", "Chờ gửi", "Pending"),
    Choice("sent", "Đã gửi, chờ CQT", "Sent"),
    Choice("accepted", "CQT đã nhận", "Accepted"),
    Choice("rejected", "Bị từ chối", "Rejected"),
    Choice("corrected", "Đã sửa", "Corrected"),
)
STATE_WORDS = {c.value: (c.vi, c.en) for c in STATES}
SPANS = (Choice("month", "Tháng", "Month"), Choice("quarter", "Quý", "Quarter"))
FIELDS = (
    Field("store", "store", "Trung tâm", "Centre"),
    Field("state", "choice", "Trạng thái", "Status", STATES),
    Field("month", "month", "Tháng", "Month"),
    Field("span", "choice", "Báo cáo thuế theo", "Tax report for the", SPANS),
)
KINDS = {"original": ("Gốc", "Original"), "adjusting": ("Điều chỉnh", "Adjusting")}
VIA = {"till": ("Máy bán hàng", "The till"), "relay": ("Văn phòng", "Head office")}


def defaults(today: dt.date) -> dict[str, Any]:
    return {"state": "all", "month": today.replace(day=1), "span": "month"}


def period_of(month: dt.date, span: str) -> Period:
    """The month of ``month``, or its quarter: the same periods as ``ocop-pos einvoice report``."""
    if span == "quarter":
        return parse_period(f"{month.year}-Q{(month.month - 1) // 3 + 1}")
    return parse_period(f"{month.year}-{month.month:02d}")


def _month_days(month: dt.date) -> tuple[dt.date, dt.date]:
    p = period_of(month, "month")
    return p.start, p.end


def build(ctx: PageContext) -> PageView:
    month: dt.date = ctx.params["month"]
    state: str = ctx.params["state"]
    ids = ctx.scope.ids()
    engine = ctx.conn.engine
    rows = invoice_rows(
        engine,
        store_ids=ids,
        states=() if state == "all" else (state,),
        days=_month_days(month),
        limit=2000,
    )
    body = tuple(
        (
            r.store_code,
            r.receipt,
            r.code,
            ctx.t(*KINDS.get(r.kind, (r.kind, r.kind))),
            r.related_code,
            local(r.issued_at),
            r.buyer_name,
            r.buyer_tax_code,
            r.total,
            r.vat_total,
            ctx.t(*VIA.get(r.via, (r.via, r.via))),
            ctx.t(*STATE_WORDS.get(r.state, (r.state, r.state))),
            r.attempts,
            r.last_error[:200],
            r.sale_id,
        )
        for r in rows
    )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.state] = counts.get(r.state, 0) + 1
    status = Table(
        "einvoice_status",
        f"Hoá đơn điện tử tháng {month:%m/%Y}",
        f"E-invoices of {month:%m/%Y}",
        (
            Column("store", "Trung tâm", "Centre"),
            Column("receipt", "Số phiếu", "Receipt"),
            Column("code", "Mã của CQT", "Tax-authority code"),
            Column("kind", "Loại", "Kind"),
            Column("related", "Điều chỉnh cho", "Adjusts"),
            Column("issued_at", "Thời điểm lập", "Made at", "datetime"),
            Column("buyer", "Người mua", "Buyer"),
            Column("buyer_tax_code", "MST người mua", "Buyer's tax code"),
            Column("total", "Tổng cộng", "Total", "money"),
            Column("vat", "Thuế GTGT", "VAT", "money"),
            Column("via", "Gửi từ", "Sent by"),
            Column("state", "Trạng thái", "Status"),
            Column("attempts", "Số lần gửi", "Attempts", "int"),
            Column("reason", "Lý do / lỗi gần nhất", "Reason / last problem"),
            Column("sale_id", "Mã giao dịch", "Sale id"),
        ),
        body,
        (
            "Tổng / Total",
            *([""] * 7),
            sum(r.total for r in rows),
            sum(r.vat_total for r in rows),
            *([""] * 5),
        ),
    )
    period = period_of(month, ctx.params["span"])
    by_rate = vat_by_rate(engine, period, store_ids=ids)
    listed = invoice_list(engine, period, store_ids=ids)
    word = {s: ctx.t(*STATE_WORDS[s]) for s in STATE_WORDS}
    subtitle = ctx.t(
        f"{len(rows)} hoá đơn" + "".join(f" · {n} {word.get(s, s)}" for s, n in sorted(counts.items())),
        f"{len(rows)} invoices" + "".join(f" · {n} {word.get(s, s)}" for s, n in sorted(counts.items())),
    )
    return PageView(
        tables=[status, by_rate, listed],
        csv_table=2,  # the CSV is the accountant's invoice list of the period; the XLSX has every table
        subtitle=subtitle,
        notes=[
            ctx.t(
                "Hoá đơn bị từ chối: mở hoá đơn để xem cách xử lý. Hoá đơn văn phòng gửi thay: sửa tài khoản nhà "
                "cung cấp của trung tâm rồi bấm Gửi lại. Hoá đơn máy bán hàng tự gửi: quản lý cửa hàng xử lý trên "
                "máy (Quản lý → Hoá đơn điện tử: Gửi lại, hoặc Sửa người mua); sai hàng hoặc tiền thì trả hàng / "
                "huỷ giao dịch để lập hoá đơn điều chỉnh rồi bán lại.",
                "A rejected invoice: open it to see how to put it right. Sent by head office: fix the centre's "
                "provider account, then Offer again. Sent by the till: the store's manager does it at the till "
                "(Manager → E-invoices: Offer again, or Correct the buyer); wrong goods or amounts: return or void "
                "the sale (an adjusting invoice is made and linked), then sell again.",
            ),
            ctx.t(
                f"Báo cáo thuế {period.label}: thuế GTGT theo thuế suất (mọi giao dịch) và bảng kê hoá đơn; "
                "tải XLSX (mọi bảng) hoặc CSV (bảng kê).",
                f"Tax report {period.label}: VAT by rate (every sale) and the invoice list; download XLSX (every "
                "table) or CSV (the list).",
            ),
        ],
        extra={
            "links": {"einvoice_status": {"receipt": lambda r: f"/office/einvoices/{r[-1]}"}},
            "limit": 2000,
        },
    )


def _invoice(ctx: PageContext | ActionContext) -> Any:
    sale_id = ctx.path_params.get("sale_id", "")[:36]
    e, st = EInvoice, EInvoiceStatus
    row = ctx.conn.execute(
        select(
            e.sale_id,
            e.store_id,
            Store.code,
            Sale.terminal_code,
            Sale.receipt_no,
            e.code,
            e.kind,
            e.related_code,
            e.issued_at,
            e.total,
            e.vat_total,
            e.buyer_name,
            e.buyer_tax_code,
            e.via,
            st.state,
            st.attempts,
            st.last_error,
            st.provider_ref,
            st.sent_at,
            st.accepted_at,
        )
        .join(st, st.sale_id == e.sale_id)
        .join(Sale, Sale.id == e.sale_id)
        .join(Store, Store.id == e.store_id)
        .where(e.sale_id == sale_id)
    ).first()
    if row is None:
        raise PosError("Không có hoá đơn này", "No such invoice", code="not_found")
    require_store(ctx.scope, str(row[1]))
    return row


def correction_path(ctx: PageContext, via: str, state: str) -> str:
    """What to do about an invoice in ``state``, sent by ``via`` (docs/einvoice.md)."""
    if state != "rejected":
        return ctx.t("Không cần xử lý", "Nothing to do")
    if via == "relay":
        return ctx.t(
            "Văn phòng gửi thay trung tâm: nếu lỗi do tài khoản nhà cung cấp (mã, mật khẩu, tài khoản), sửa ở "
            "ocop-pos server einvoice-relay rồi bấm Gửi lại bên dưới. Nếu sai thông tin người mua, quản lý cửa "
            "hàng sửa người mua trên máy (máy gửi yêu cầu về văn phòng). Sai hàng hoặc tiền: trả hàng hoặc huỷ "
            "giao dịch (lập hoá đơn điều chỉnh) rồi bán lại.",
            "Head office sends for this centre: if the cause is the provider account (id, secret, account), fix it "
            "with ocop-pos server einvoice-relay, then Offer again below. Wrong buyer details: the store's manager "
            "corrects the buyer at the till (the till sends the request here). Wrong goods or amounts: return or "
            "void the sale (an adjusting invoice is made), then sell again.",
        )
    return ctx.t(
        "Máy bán hàng tự gửi: quản lý cửa hàng xử lý trên máy — Quản lý → Hoá đơn điện tử → Gửi lại (lỗi ngoài "
        "hoá đơn: đăng ký, tài khoản) hoặc Sửa người mua (sai MST, tên); sai hàng hoặc tiền: trả hàng hoặc huỷ "
        "giao dịch rồi bán lại. Trạng thái mới về văn phòng ở lần đồng bộ sau.",
        "The till sends it: the store's manager puts it right at the till — Manager → E-invoices → Offer again "
        "(a cause outside the invoice: enrolment, account) or Correct the buyer (wrong tax code, name); wrong "
        "goods or amounts: return or void the sale, then sell again. The new state reaches head office at the "
        "next sync.",
    )


def build_one(ctx: PageContext) -> PageView:
    row = _invoice(ctx)
    state, via = str(row[14]), str(row[13])
    facts = [
        (ctx.t("Trung tâm · phiếu", "Centre · receipt"), f"{row[2]} · {row[3]}-{int(row[4]):06d}"),
        (ctx.t("Mã của CQT", "Tax-authority code"), str(row[5])),
        (ctx.t("Loại", "Kind"), ctx.t(*KINDS.get(str(row[6]), (str(row[6]),) * 2)) + f" {row[7]}".rstrip()),
        (ctx.t("Thời điểm lập", "Made at"), f"{local(row[8]):%d/%m/%Y %H:%M}"),
        (
            ctx.t("Tổng cộng · thuế GTGT", "Total · VAT"),
            f"{format_vnd(int(row[9]))} · {format_vnd(int(row[10]))}",
        ),
        (ctx.t("Người mua", "Buyer"), f"{row[11]} {row[12]}".strip() or "—"),
        (ctx.t("Gửi từ", "Sent by"), ctx.t(*VIA.get(via, (via, via)))),
        (
            ctx.t("Trạng thái", "Status"),
            f"{ctx.t(*STATE_WORDS.get(state, (state, state)))} · {ctx.t('lần gửi', 'attempts')} {row[15]}",
        ),
        (ctx.t("Lý do / lỗi gần nhất", "Reason / last problem"), str(row[16]) or "—"),
        (ctx.t("Mã tham chiếu của nhà cung cấp", "Provider's reference"), str(row[17]) or "—"),
        (ctx.t("Cách xử lý", "How to put it right"), correction_path(ctx, via, state)),
    ]
    return PageView(
        title=ctx.t(f"Hoá đơn {row[5]}", f"Invoice {row[5]}"),
        extra={
            "facts": facts,
            "sale_id": str(row[0]),
            "store": str(row[2]),
            "retry": state == "rejected" and via == "relay",
        },
        template="einvoice.html",
    )


def retry(ctx: ActionContext) -> Redirect:
    """Offer a rejected invoice head office relays again (its cause put right); audited."""
    row = _invoice(ctx)
    done = ctx.conn.execute(
        update(EInvoiceStatus)
        .where(
            EInvoiceStatus.sale_id == row[0],
            EInvoiceStatus.state == "rejected",
            EInvoiceStatus.via == "relay",
        )
        .values(state="pending", next_try_at=None, provider_ref="", last_error="", updated_at=utcnow())
    ).rowcount
    if not done:
        raise PosError(
            "Chỉ gửi lại được hoá đơn văn phòng gửi thay đang bị từ chối",
            "Only a rejected invoice head office sends can be offered again",
        )
    audit.record(
        ctx.conn,
        ctx.viewer,
        "einvoice_retry",
        str(row[5]),
        store_id=str(row[1]),
        ip=ctx.ip,
        detail={"sale_id": str(row[0]), "last_error": str(row[16])[:500]},
    )
    return Redirect(
        f"/office/einvoices/{row[0]}",
        "Đã đưa hoá đơn vào hàng đợi gửi lại",
        "The invoice is queued to be offered again",
    )


register(
    Page("einvoices", "Hoá đơn điện tử", "E-invoices", Perm.REPORTS, build, FIELDS, defaults),
    Page(
        "einvoices/{sale_id}",
        "Hoá đơn điện tử",
        "E-invoice",
        Perm.REPORTS,
        build_one,
        nav=False,
        exports=(),
    ),
    Action("einvoices/{sale_id}/retry", Perm.CENTRES_EDIT, retry, store_field=None),
)
