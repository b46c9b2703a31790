"""Producers and settlement: for each producer, what the centres sold of its goods in a month and what it is owed
for the consigned ones, under the dated consignment terms head office keeps (``consignment_terms``).

The arithmetic is the till's (``pos.settlement.statement``): per product and commission rate, commission on the
net amount rounded half up, amount due = net − commission; the statement table is the till's ``statement_table``.
A sale counts under the terms valid on its business day; head office reads the roll-ups (the month's row, or the
days of a month in which a product's terms change), so a return counts under the terms of its own day (the till
looks up the original sale's): the two differ only for a return made after a product's commission changed.

A producer's statement covers the centres in scope: one centre (every till of it) or the whole network, with each
centre's subtotal and the tills counted, each with the newest sale head office holds from it
(``pos.server.settlement``, shared with the tills' ``GET /api/v1/sync/settlement``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from pos.errors import PosError
from pos.inventory.producers import ProducerInfo, ProducerInput
from pos.reports.table import Column, Period, Table
from pos.server.models import Producer
from pos.server.office.access import Perm
from pos.server.office.formats import local
from pos.server.office.pages import Field, Page, PageContext, PageView, register
from pos.server.office.pdf import table_pdf
from pos.server.office.queries import month_end
from pos.server.settlement import StoreLines, TillCoverage, by_store, coverage, statement_lines
from pos.settlement.statement import SettlementStatement, StatementLine, statement_table

FIELDS = (Field("month", "month", "Tháng", "Month"), Field("store", "store", "Trung tâm", "Centre"))


def defaults(today: dt.date) -> dict[str, Any]:
    last = today.replace(day=1) - dt.timedelta(days=1)
    return {"month": last.replace(day=1)}


def _lines(
    ctx: PageContext, month: dt.date, producer_id: str | None
) -> tuple[dict[str, list[StatementLine]], dict[str, int]]:
    """Statement lines per producer id (consigned goods) and each producer's net sales of all its goods, over the
    stores in scope (``pos.server.settlement``: month roll-up rows, days only for a product whose terms change)."""
    lines, net_all = statement_lines(
        ctx.conn, Period(month, month_end(month)), producer_id, ctx.scope.ids(), by_store=False
    )
    return {pid: ls for (_sid, pid), ls in lines.items()}, net_all


def build(ctx: PageContext) -> PageView:
    month: dt.date = ctx.params["month"]
    lines, net_all = _lines(ctx, month, None)
    producers = ctx.conn.execute(
        select(Producer.id, Producer.code, Producer.name, Producer.kind, Producer.district).order_by(
            Producer.code
        )
    ).all()
    rows = []
    for pid, code, name, kind, district in producers:
        ls = lines.get(str(pid), [])
        net = net_all.get(str(pid), 0)
        if not net and not ls:
            continue
        consigned = sum(x.net for x in ls)
        commission = sum(x.commission for x in ls)
        rows.append((code, name, kind, district, net, consigned, commission, consigned - commission))
    cols = (
        Column("code", "Mã NSX", "Code"),
        Column("name", "Nhà sản xuất", "Producer"),
        Column("kind", "Loại hình", "Kind"),
        Column("district", "Địa phương", "Locality"),
        Column("net", "Doanh thu thuần (mọi hàng)", "Net sales (all goods)", "money"),
        Column("consigned", "Thuần hàng ký gửi", "Consigned net", "money"),
        Column("commission", "Hoa hồng trung tâm", "Centres' commission", "money"),
        Column("due", "Phải trả NSX", "Due to producer", "money"),
    )
    totals: tuple[Any, ...] = (
        "Tổng / Total",
        "",
        "",
        "",
        *(sum(int(r[i]) for r in rows) for i in range(4, 8)),
    )
    title = ctx.t(f"Quyết toán nhà sản xuất tháng {month:%m/%Y}", f"Producer settlement {month:%Y-%m}")
    table = Table("settlement", title, title, cols, tuple(rows), totals)
    q = f"month={month:%Y-%m}" + (f"&store={ctx.scope.store.code}" if ctx.scope.store else "")
    return PageView(
        tables=[table],
        subtitle=ctx.scope.store.name if ctx.scope.store else ctx.t("Mọi trung tâm", "Every centre"),
        extra={"links": {"settlement": {"code": lambda r: f"/office/settlement/{r[0]}?{q}"}}},
    )


def statement(ctx: PageContext) -> tuple[SettlementStatement, Table]:
    code = ctx.path_params.get("code", "")[:40]
    row = ctx.conn.execute(
        select(
            Producer.id,
            Producer.code,
            Producer.name,
            Producer.kind,
            Producer.commune,
            Producer.district,
            Producer.address,
            Producer.phone,
            Producer.bank_bin,
            Producer.bank_account,
        ).where(Producer.code == code)
    ).first()
    if row is None:
        raise PosError(f"Không có nhà sản xuất {code}", f"No producer {code}", code="not_found")
    pid, code, name, kind, commune, district, address, phone, bank_bin, account = row
    month: dt.date = ctx.params["month"]
    lines, _ = _lines(ctx, month, str(pid))
    info = ProducerInfo(
        str(pid),
        ProducerInput(
            code=str(code),
            name=str(name),
            kind=str(kind),
            commune=str(commune),
            district=str(district),
            address=str(address),
            phone=str(phone),
            bank_bin=str(bank_bin),
            bank_account=str(account),
        ),
    )
    st = SettlementStatement(info, Period(month, month_end(month)), tuple(lines.get(str(pid), [])))
    return st, statement_table(st)


def _stamp(v: dt.datetime | None) -> str:
    shown = local(v)
    return f"{shown:%d/%m/%Y %H:%M}" if shown is not None else "—"


def stores_table(ctx: PageContext, stores: list[StoreLines]) -> Table:
    """Each store's subtotal of the producer's statement (the network statement adds them up)."""
    cols = (
        Column("store", "Mã TT", "Centre"),
        Column("name", "Trung tâm", "Centre name"),
        Column("net", "Thuần hàng ký gửi", "Consigned net", "money"),
        Column("commission", "Hoa hồng", "Commission", "money"),
        Column("due", "Phải trả NSX", "Due to producer", "money"),
    )
    rows = tuple((s.store_code, s.store_name, s.net, s.commission, s.amount_due) for s in stores)
    totals = ("Tổng / Total", "", *(sum(int(r[i]) for r in rows) for i in range(2, 5)))
    title = ctx.t("Theo trung tâm", "By centre")
    return Table("settlement_stores", title, title, cols, rows, totals)


def tills_table(ctx: PageContext, tills: list[TillCoverage]) -> Table:
    """The tills the statement counts, and the newest sale head office holds from each (a till that has not sent
    its sales yet shows an old time, or none)."""
    cols = (
        Column("store", "Mã TT", "Centre"),
        Column("till", "Máy", "Till"),
        Column("sales", "Số HĐ trong kỳ", "Sales in period", "int"),
        Column("last_sale", "HĐ cuối (giờ máy)", "Last sale (till's clock)"),
        Column("received", "Nhận lúc", "Received at"),
    )
    rows = tuple(
        (t.store_code, t.code, t.sales, _stamp(t.last_sale_at), _stamp(t.last_received_at)) for t in tills
    )
    title = ctx.t("Các máy được tính", "Tills counted")
    return Table("settlement_tills", title, title, cols, rows)


def _tills_fact(ctx: PageContext, tills: list[TillCoverage]) -> str:
    """The tills counted, named (a network of many tills: their number; the table below names them)."""
    if len(tills) > 12:
        return ctx.t(
            f"{len(tills)} máy (xem bảng Các máy được tính)", f"{len(tills)} tills (see Tills counted)"
        )
    return ", ".join(f"{t.store_code}/{t.code}" for t in tills) or "—"


def build_statement(ctx: PageContext) -> PageView:
    st, table = statement(ctx)
    p = st.producer.data
    scope = ctx.scope.store.name if ctx.scope.store else ctx.t("mọi trung tâm", "every centre")
    stores = by_store(ctx.conn, st.period, st.producer.id, ctx.scope.ids())
    tills = coverage(ctx.conn, st.period, ctx.scope.ids())
    facts = [
        (ctx.t("Nhà sản xuất", "Producer"), f"{p.code} · {p.name}"),
        (ctx.t("Địa chỉ", "Address"), p.address or ", ".join(x for x in (p.commune, p.district) if x) or "—"),
        (ctx.t("Kỳ", "Period"), st.period.label()),
        (ctx.t("Bán tại", "Sold at"), scope),
        (ctx.t("Gồm các máy", "Tills included"), _tills_fact(ctx, tills)),
        (ctx.t("Tài khoản", "Bank account"), f"{p.bank_bin} {p.bank_account}".strip() or "—"),
        (ctx.t("Doanh thu thuần hàng ký gửi", "Consigned net sales"), f"{st.net:,} ₫".replace(",", ".")),
        (ctx.t("Hoa hồng", "Commission"), f"{st.commission:,} ₫".replace(",", ".")),
        (ctx.t("Phải trả nhà sản xuất", "Due to the producer"), f"{st.amount_due:,} ₫".replace(",", ".")),
    ]
    title = ctx.t(f"Bảng quyết toán hàng ký gửi · {p.name}", f"Consignment statement · {p.name}")
    extra_tables = [stores_table(ctx, stores), tills_table(ctx, tills)]

    def pdf() -> bytes:
        return table_pdf(
            title,
            facts,
            table,
            lang=ctx.lang,
            more=extra_tables,
            footer=(
                ctx.t("Đại diện trung tâm: ....................", "For the centres: ...................."),
                ctx.t(
                    "Nhà sản xuất ký nhận: ....................",
                    "Received by the producer: ....................",
                ),
            ),
        )

    return PageView(
        tables=[table, *extra_tables], title=title, extra={"facts": facts, "pdf": pdf}, template="facts.html"
    )


register(
    Page("settlement", "Quyết toán NSX", "Producer settlement", Perm.SETTLEMENT, build, FIELDS, defaults),
    Page(
        "settlement/{code}",
        "Bảng quyết toán",
        "Statement",
        Perm.SETTLEMENT,
        build_statement,
        FIELDS,
        defaults,
        nav=False,
        exports=("pdf", "xlsx", "csv"),
    ),
)
