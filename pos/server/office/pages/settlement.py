"""Producers and settlement: for each producer, what the centres sold of its goods in a month and what it is owed
for the consigned ones, under the dated consignment terms head office keeps (``consignment_terms``).

The arithmetic is the till's (``pos.settlement.statement``): per product and commission rate, commission on the
net amount rounded half up, amount due = net − commission; the statement table is the till's ``statement_table``.
A sale counts under the terms valid on its business day; head office reads the roll-ups (the month's row, or the
days of a month in which a product's terms change), so a return counts under the terms of its own day (the till
looks up the original sale's): the two differ only for a return made after a product's commission changed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from pos.errors import PosError
from pos.inventory.producers import ProducerInfo, ProducerInput
from pos.reports.table import Column, Period, Table
from pos.server.models import ConsignmentTerm, LineRollup, Producer, Product
from pos.server.office.access import Perm
from pos.server.office.pages import Field, Page, PageContext, PageView, register
from pos.server.office.pdf import table_pdf
from pos.server.office.queries import in_stores, month_end
from pos.settlement.statement import SettlementStatement, StatementLine, statement_table

FIELDS = (Field("month", "month", "Tháng", "Month"), Field("store", "store", "Trung tâm", "Centre"))


def defaults(today: dt.date) -> dict[str, Any]:
    last = today.replace(day=1) - dt.timedelta(days=1)
    return {"month": last.replace(day=1)}


def _terms(ctx: PageContext, product_ids: list[str]) -> dict[str, list[tuple[dt.date, bool, int]]]:
    out: dict[str, list[tuple[dt.date, bool, int]]] = defaultdict(list)
    if not product_ids:
        return out
    t = ConsignmentTerm
    for pid, valid_from, consigned, bp in ctx.conn.execute(
        select(t.product_id, t.valid_from, t.consigned, t.commission_bp)
        .where(t.product_id.in_(product_ids))
        .order_by(t.valid_from)
    ):
        vf = valid_from if isinstance(valid_from, dt.date) else dt.date.fromisoformat(str(valid_from))
        out[str(pid)].append((vf, bool(consigned), int(bp)))
    return out


def _on(terms: list[tuple[dt.date, bool, int]], day: dt.date) -> tuple[bool, int]:
    current = (False, 0)
    for valid_from, consigned, bp in terms:
        if valid_from <= day:
            current = (consigned, bp)
    return current


def _lines(
    ctx: PageContext, month: dt.date, producer_id: str | None
) -> tuple[dict[str, list[StatementLine]], dict[str, int]]:
    """Statement lines per producer id (consigned goods) and each producer's net sales of all its goods.

    A product whose terms stay the same all month is read from its month roll-up row; only a product whose terms
    change during the month is read day by day (so a month of thirty centres is a few thousand rows)."""
    r = LineRollup
    m1 = month_end(month)
    changing = {
        str(x)
        for x in ctx.conn.execute(
            select(ConsignmentTerm.product_id).where(
                ConsignmentTerm.valid_from > month, ConsignmentTerm.valid_from <= m1
            )
        ).scalars()
    }
    cols = (
        Product.producer_id,
        r.product_id,
        Product.sku,
        Product.name_vi,
        Product.unit,
        r.day,
        func.sum(r.qty_sold),
        func.sum(r.qty_returned),
        func.sum(r.sales),
        func.sum(r.returns),
    )
    group = (Product.producer_id, r.product_id, Product.sku, Product.name_vi, Product.unit, r.day)
    base = [Product.producer_id.is_not(None), in_stores(r.store_id, ctx.scope.ids())]
    if producer_id is not None:
        base.append(Product.producer_id == producer_id)
    monthly = (
        select(*cols).join(Product, Product.id == r.product_id).where(r.grain == "m", r.day == month, *base)
    )
    if changing:
        monthly = monthly.where(r.product_id.not_in(sorted(changing)))
    raw = list(ctx.conn.execute(monthly.group_by(*group)).all())
    if changing:
        daily = (
            select(*cols)
            .join(Product, Product.id == r.product_id)
            .where(r.grain == "d", r.day >= month, r.day <= m1, r.product_id.in_(sorted(changing)), *base)
        )
        raw += ctx.conn.execute(daily.group_by(*group)).all()
    terms = _terms(ctx, sorted({str(x[1]) for x in raw}))
    groups: dict[tuple[str, str, int], list[Any]] = {}
    net_all: dict[str, int] = defaultdict(int)
    for prod_id, pid, sku, name, unit, day, qs, qr, sales, returns in raw:
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        net_all[str(prod_id)] += int(sales) + int(returns)
        consigned, bp = _on(terms.get(str(pid), []), day)
        if not consigned:
            continue
        g = groups.setdefault((str(prod_id), str(pid), bp), [str(sku), str(name), str(unit), 0, 0, 0, 0])
        g[3] += int(qs)
        g[4] += int(qr)
        g[5] += int(sales)
        g[6] += int(returns)
    out: dict[str, list[StatementLine]] = defaultdict(list)
    for (prod_id, pid, bp), g in sorted(groups.items(), key=lambda kv: (kv[1][0], kv[0][2])):
        out[prod_id].append(StatementLine(pid, g[0], g[1], g[2], bp, g[3], g[4], g[5], g[6]))
    return out, net_all


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


def build_statement(ctx: PageContext) -> PageView:
    st, table = statement(ctx)
    p = st.producer.data
    scope = ctx.scope.store.name if ctx.scope.store else ctx.t("mọi trung tâm", "every centre")
    facts = [
        (ctx.t("Nhà sản xuất", "Producer"), f"{p.code} · {p.name}"),
        (ctx.t("Địa chỉ", "Address"), p.address or ", ".join(x for x in (p.commune, p.district) if x) or "—"),
        (ctx.t("Kỳ", "Period"), st.period.label()),
        (ctx.t("Bán tại", "Sold at"), scope),
        (ctx.t("Tài khoản", "Bank account"), f"{p.bank_bin} {p.bank_account}".strip() or "—"),
        (ctx.t("Doanh thu thuần hàng ký gửi", "Consigned net sales"), f"{st.net:,} ₫".replace(",", ".")),
        (ctx.t("Hoa hồng", "Commission"), f"{st.commission:,} ₫".replace(",", ".")),
        (ctx.t("Phải trả nhà sản xuất", "Due to the producer"), f"{st.amount_due:,} ₫".replace(",", ".")),
    ]
    title = ctx.t(f"Bảng quyết toán hàng ký gửi · {p.name}", f"Consignment statement · {p.name}")

    def pdf() -> bytes:
        return table_pdf(
            title,
            facts,
            table,
            lang=ctx.lang,
            footer=(
                ctx.t("Đại diện trung tâm: ....................", "For the centres: ...................."),
                ctx.t(
                    "Nhà sản xuất ký nhận: ....................",
                    "Received by the producer: ....................",
                ),
            ),
        )

    return PageView(tables=[table], title=title, extra={"facts": facts, "pdf": pdf}, template="facts.html")


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
