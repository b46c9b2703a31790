"""Stock per store: levels (kept at ingest), low stock, lots near expiry, valuation at cost, and one product's
moves at one store with its running balance; goods received or written off can be entered here too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import and_, case, func, or_, select, true

from pos.errors import PosError
from pos.inventory.writeoffs import WRITE_OFF_REASONS
from pos.reports.table import Column, Table
from pos.server.models import (
    ConsignmentTerm,
    LineRollup,
    Producer,
    Product,
    StockMove,
    StockOnHand,
    StockThreshold,
    Store,
)
from pos.server.office import audit
from pos.server.office.access import Perm, Refused
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
from pos.server.office.queries import in_stores
from pos.server.schemas import StockMoveIn
from pos.server.stock import add_moves

VIEWS = (
    Choice("levels", "Tồn kho", "Levels"),
    Choice("low", "Sắp hết", "Low stock"),
    Choice("expiry", "Sắp hết hạn", "Near expiry"),
    Choice("valuation", "Giá trị tồn", "Valuation"),
)
FIELDS = (
    Field("store", "store", "Trung tâm", "Centre"),
    Field("view", "choice", "Xem", "View", VIEWS),
    Field("q", "text", "Tìm (mã, tên)", "Search (SKU, name)"),
)
NEAR_DAYS = 30


def defaults(today: dt.date) -> dict[str, Any]:
    return {"view": "levels", "q": ""}


def _search(q: str) -> Any:
    if not q:
        return true()
    like = f"%{q.lower()}%"
    return or_(
        func.lower(Product.sku).like(like),
        func.lower(Product.name_vi).like(like),
        func.lower(Product.name_en).like(like),
    )


def _consigned(ctx: PageContext) -> set[str]:
    t = ConsignmentTerm
    latest = (
        select(t.product_id, func.max(t.valid_from).label("d"))
        .where(t.valid_from <= ctx.today)
        .group_by(t.product_id)
        .subquery()
    )
    rows = ctx.conn.execute(
        select(t.product_id)
        .join(latest, and_(latest.c.product_id == t.product_id, latest.c.d == t.valid_from))
        .where(t.consigned.is_(True))
    ).scalars()
    return {str(x) for x in rows}


def build(ctx: PageContext) -> PageView:
    view = ctx.params["view"]
    ids = ctx.scope.ids()
    if view == "expiry":
        return _expiry(ctx, ids)
    own = StockThreshold.__table__.alias("own")
    every = StockThreshold.__table__.alias("every")
    threshold = func.coalesce(own.c.low_milli, every.c.low_milli)
    stmt = (
        select(
            Store.code,
            Product.id,
            Product.sku,
            Product.name_vi,
            func.coalesce(Producer.name, ""),
            StockOnHand.qty_milli,
            threshold,
            Product.cost,
        )
        .select_from(StockOnHand)
        .join(Product, Product.id == StockOnHand.product_id)
        .join(Store, Store.id == StockOnHand.store_id)
        .outerjoin(Producer, Producer.id == Product.producer_id)
        .outerjoin(
            own, and_(own.c.store_id == StockOnHand.store_id, own.c.product_id == StockOnHand.product_id)
        )
        .outerjoin(every, and_(every.c.store_id == "*", every.c.product_id == StockOnHand.product_id))
        .where(in_stores(StockOnHand.store_id, ids), _search(ctx.params.get("q", "")))
        .order_by(Store.code, Product.sku)
    )
    if view == "low":
        stmt = stmt.where(
            threshold.is_not(None), StockOnHand.qty_milli <= threshold, Product.active.is_(True)
        )
    raw = ctx.conn.execute(stmt).all()
    consigned = _consigned(ctx) if view == "valuation" else set()
    rows: list[tuple[Any, ...]] = []
    for store, pid, sku, name, producer, qty, low, cost in raw:
        value = max(0, int(qty)) * int(cost) // 1000
        if view == "valuation":
            rows.append(
                (
                    store,
                    sku,
                    name,
                    producer,
                    int(qty),
                    int(cost),
                    value if str(pid) not in consigned else 0,
                    value if str(pid) in consigned else 0,
                )
            )
        else:
            rows.append(
                (
                    store,
                    sku,
                    name,
                    producer,
                    int(qty),
                    int(low) if low is not None else None,
                    int(cost),
                    value,
                )
            )
    if view == "valuation":
        cols = (
            Column("store", "Trung tâm", "Centre"),
            Column("sku", "Mã hàng", "SKU"),
            Column("name", "Sản phẩm", "Product"),
            Column("producer", "Nhà sản xuất", "Producer"),
            Column("qty", "Tồn", "On hand", "qty"),
            Column("cost", "Giá vốn", "Unit cost", "money"),
            Column("owned", "Giá trị hàng của trung tâm", "Owned value", "money"),
            Column("consigned", "Giá trị hàng ký gửi", "Consigned value", "money"),
        )
        totals = (
            "Tổng / Total",
            "",
            "",
            "",
            sum(r[4] for r in rows),
            "",
            sum(r[6] for r in rows),
            sum(r[7] for r in rows),
        )
    else:
        cols = (
            Column("store", "Trung tâm", "Centre"),
            Column("sku", "Mã hàng", "SKU"),
            Column("name", "Sản phẩm", "Product"),
            Column("producer", "Nhà sản xuất", "Producer"),
            Column("qty", "Tồn", "On hand", "qty"),
            Column("low", "Ngưỡng sắp hết", "Low at", "qty"),
            Column("cost", "Giá vốn", "Unit cost", "money"),
            Column("value", "Giá trị", "Value", "money"),
        )
        totals = ("Tổng / Total", "", "", "", sum(r[4] for r in rows), "", "", sum(r[7] for r in rows))
    name = next(v for v in VIEWS if v.value == view)
    table = Table(f"stock_{view}", name.vi, name.en, cols, tuple(rows), totals)
    tables: list[Table] = [table]
    hidden: tuple[str, ...] = ()
    if view == "valuation" and ctx.scope.store is None:
        # Every centre: one line each on the screen (and first in the files); the products follow in the XLSX.
        per: dict[str, list[int]] = {}
        for r in rows:
            acc = per.setdefault(r[0], [0, 0, 0])
            acc[0] += 1
            acc[1] += r[6]
            acc[2] += r[7]
        summary = tuple(
            (code, n, owned, consigned, owned + consigned)
            for code, (n, owned, consigned) in sorted(per.items())
        )
        tables = [
            Table(
                "stock_valuation_by_centre",
                "Giá trị tồn theo trung tâm",
                "Stock value by centre",
                (
                    Column("store", "Trung tâm", "Centre"),
                    Column("products", "Số mặt hàng", "Products", "int"),
                    Column("owned", "Hàng của trung tâm", "Owned", "money"),
                    Column("consigned", "Hàng ký gửi", "Consigned", "money"),
                    Column("total", "Tổng", "Total", "money"),
                ),
                summary,
                ("Tổng / Total", *(sum(int(x[i]) for x in summary) for i in range(1, 5))),
            ),
            table,
        ]
        hidden = (table.key,)
    return PageView(
        tables=tables,
        extra={
            "links": {
                table.key: {"sku": lambda r: f"/office/stock/moves?store={r[0]}&q={r[1]}"},
                "stock_valuation_by_centre": {
                    "store": lambda r: f"/office/stock?view=valuation&store={r[0]}"
                },
            },
            "limit": 200,
            "hidden": hidden,
        },
        notes=[
            ctx.t(
                "Hàng ký gửi thuộc nhà sản xuất đến khi bán; giá trị tính theo giá vốn hiện tại.",
                "Consigned goods belong to the producer until sold; values at current cost.",
            )
        ]
        if view == "valuation"
        else [],
    )


def _expiry(ctx: PageContext, ids: tuple[str, ...] | None) -> PageView:
    """Lots estimated still on hand (first-expiring first out, as ``pos.inventory.alerts`` does at the till) that
    expire within 30 days or already have.

    One query. What the lots expiring beyond the horizon hold leaves the shelf last: a store's product whose stock
    is no more than that has no near lot on hand, and is not looked at further (most are not: deliveries are
    recent). For the others, the lots within the horizon in order of expiry, latest first (a window sum of the later
    ones): a lot is on hand for what is left of the stock after the lots that keep longer. Lots that expired more
    than 90 days ago are not read: they come last in that order, so they never change the lots shown."""
    horizon = ctx.today + dt.timedelta(days=NEAR_DAYS)
    m = StockMove
    received = and_(m.expiry.is_not(None), m.qty_milli > 0, in_stores(m.store_id, ids))
    # What the lots expiring after the horizon hold (they leave the shelf last): one sum per store and product.
    later = (
        select(
            m.store_id.label("store_id"), m.product_id.label("product_id"), func.sum(m.qty_milli).label("q")
        )
        .where(received, m.expiry > horizon)
        .group_by(m.store_id, m.product_id)
        .subquery()
    )
    # Only a store's product whose stock is more than those later lots hold can have a near lot on hand.
    rest = StockOnHand.qty_milli - func.coalesce(later.c.q, 0)
    candidates = (
        select(
            StockOnHand.store_id.label("store_id"),
            StockOnHand.product_id.label("product_id"),
            rest.label("rest"),
        )
        .outerjoin(
            later,
            and_(later.c.store_id == StockOnHand.store_id, later.c.product_id == StockOnHand.product_id),
        )
        .where(rest > 0, in_stores(StockOnHand.store_id, ids))
        .subquery()
    )
    lots = (
        select(
            m.store_id.label("store_id"),
            m.product_id.label("product_id"),
            m.batch.label("batch"),
            m.expiry.label("expiry"),
            func.sum(m.qty_milli).label("q"),
            func.max(candidates.c.rest).label("rest"),
        )
        .join(candidates, and_(candidates.c.store_id == m.store_id, candidates.c.product_id == m.product_id))
        .where(received, m.expiry <= horizon, m.expiry >= ctx.today - dt.timedelta(days=90))
        .group_by(m.store_id, m.product_id, m.batch, m.expiry)
        .subquery()
    )
    within = (
        func.sum(lots.c.q).over(
            partition_by=(lots.c.store_id, lots.c.product_id),
            order_by=(lots.c.expiry.desc(), lots.c.batch.desc()),
            rows=(None, 0),
        )
        - lots.c.q
    )
    ranked = select(lots, (lots.c.rest - within).label("left")).subquery()
    on_hand = case((ranked.c.left < ranked.c.q, ranked.c.left), else_=ranked.c.q)
    found = ctx.conn.execute(
        select(Store.code, Product.sku, Product.name_vi, ranked.c.batch, ranked.c.expiry, on_hand)
        .select_from(ranked)
        .join(Store, Store.id == ranked.c.store_id)
        .join(Product, Product.id == ranked.c.product_id)
        .where(ranked.c.left > 0)
        .order_by(ranked.c.expiry, Store.code, Product.sku)
    ).all()
    rows = []
    for code, sku, name, batch, expiry, take in found:
        expiry = expiry if isinstance(expiry, dt.date) else dt.date.fromisoformat(str(expiry))
        rows.append((code, sku, name, batch or "", expiry, int(take), (expiry - ctx.today).days))
    table = Table(
        "stock_expiry",
        "Lô sắp hết hạn (30 ngày)",
        "Lots near expiry (30 days)",
        (
            Column("store", "Trung tâm", "Centre"),
            Column("sku", "Mã hàng", "SKU"),
            Column("name", "Sản phẩm", "Product"),
            Column("batch", "Lô", "Batch"),
            Column("expiry", "Hạn dùng", "Expires", "date"),
            Column("qty", "Còn (ước tính)", "Left (estimated)", "qty"),
            Column("days", "Còn ngày", "Days left", "int"),
        ),
        tuple(rows),
    )
    return PageView(tables=[table], extra={"limit": 400})


# --- one product's moves at one store -----------------------------------------------------------------------

MOVE_FIELDS = (Field("store", "store", "Trung tâm", "Centre"), Field("q", "text", "Mã hàng (SKU)", "SKU"))
KINDS = {
    "opening": ("Tồn đầu", "Opening"),
    "receive": ("Nhập hàng", "Received"),
    "adjust": ("Điều chỉnh", "Adjusted"),
    "count": ("Kiểm kê", "Count"),
    "waste": ("Huỷ hàng", "Written off"),
    "transfer_in": ("Chuyển đến", "Transfer in"),
    "transfer_out": ("Chuyển đi", "Transfer out"),
    "sold": ("Bán (cả ngày)", "Sold (day)"),
}


def build_moves(ctx: PageContext) -> PageView:
    store = ctx.scope.store
    sku = ctx.params.get("q", "")
    if store is None or not sku:
        return PageView(
            notes=[ctx.t("Chọn một trung tâm và nhập mã hàng.", "Pick a centre and enter a SKU.")],
            template="moves.html",
            extra={"store": store, "product": None},
        )
    prod = ctx.conn.execute(
        select(Product.id, Product.sku, Product.name_vi).where(Product.sku == sku)
    ).first()
    if prod is None:
        raise PosError(f"Không có mã hàng {sku[:40]}", f"No product {sku[:40]}", code="not_found")
    pid = str(prod[0])
    events: list[tuple[dt.datetime, str, int, str]] = []
    for at, kind, qty, reason, batch, expiry in ctx.conn.execute(
        select(
            StockMove.created_at,
            StockMove.kind,
            StockMove.qty_milli,
            StockMove.reason,
            StockMove.batch,
            StockMove.expiry,
        ).where(StockMove.store_id == store.id, StockMove.product_id == pid)
    ):
        note = " · ".join(
            x
            for x in (str(reason or ""), f"{batch}" if batch else "", f"HSD {expiry}" if expiry else "")
            if x
        )
        events.append((local(at) or at, kind, int(qty), note))
    r = LineRollup
    for day, sold, returned in ctx.conn.execute(
        select(r.day, func.sum(r.qty_sold), func.sum(r.qty_returned))
        .where(r.grain == "d", r.store_id == store.id, r.product_id == pid)
        .group_by(r.day)
    ):
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        net = -int(sold) + int(returned)
        if net:
            events.append(
                (
                    dt.datetime.combine(day, dt.time(23, 59)),
                    "sold",
                    net,
                    ctx.t(
                        f"bán {int(sold) / 1000:g}, trả lại {int(returned) / 1000:g}",
                        f"sold {int(sold) / 1000:g}, returned {int(returned) / 1000:g}",
                    ),
                )
            )
    events.sort(key=lambda e: e[0], reverse=True)
    balance = int(
        ctx.conn.execute(
            select(StockOnHand.qty_milli).where(
                StockOnHand.store_id == store.id, StockOnHand.product_id == pid
            )
        ).scalar()
        or 0
    )
    rows = []
    for at, kind, qty, note in events:
        rows.append((at, ctx.t(*KINDS.get(kind, (kind, kind))), qty, balance, note))
        balance -= qty
    table = Table(
        "stock_moves",
        f"Thẻ kho {prod[1]} tại {store.code}",
        f"Stock card {prod[1]} at {store.code}",
        (
            Column("at", "Lúc", "At", "datetime"),
            Column("kind", "Loại", "Kind"),
            Column("qty", "Số lượng", "Quantity", "qty"),
            Column("balance", "Tồn sau", "Balance after", "qty"),
            Column("note", "Ghi chú", "Note"),
        ),
        tuple(rows),
    )
    return PageView(
        tables=[table],
        title=f"{prod[1]} · {prod[2]}",
        subtitle=store.code + " · " + store.name,
        template="moves.html",
        extra={
            "store": store,
            "product": {"id": pid, "sku": prod[1]},
            "limit": 600,
            "waste_reasons": [(k, ctx.t(vi, en)) for k, (vi, en) in WRITE_OFF_REASONS.items()],
        },
    )


def _qty(text: str) -> int:
    try:
        d = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        d = Decimal("NaN")
    milli = d * 1000 if d.is_finite() else Decimal(0)
    if not d.is_finite() or milli != milli.to_integral_value() or milli == 0 or abs(milli) > 10**9:
        raise PosError(
            "Số lượng không hợp lệ (khác 0, tối đa 3 số lẻ)",
            "Not a valid quantity (non-zero, 3 decimals at most)",
        )
    return int(milli)


def record_move(ctx: ActionContext) -> Redirect:
    store = ctx.scope.store
    if store is None:
        raise Refused("Chọn trung tâm", "Pick a centre")
    kind = ctx.form.get("kind", "")
    if kind not in ("receive", "adjust", "waste"):
        raise PosError("Loại phiếu lạ", "Unknown kind of move")
    qty = _qty(ctx.form.get("qty", ""))
    if kind == "waste":
        qty = -abs(qty)
    reason = ctx.form.get("reason", "").strip()[:150]
    if (
        kind == "waste"
    ):  # a write-off names its cause (expired, damaged, lost, other + a note), as at the till
        cause = ctx.form.get("waste_reason", "")
        if cause not in WRITE_OFF_REASONS:
            raise PosError("Chọn lý do huỷ hàng", "Pick the reason for the write-off")
        if cause == "other" and not reason:
            raise PosError("Lý do khác cần ghi chú", "“Other” needs a note")
        reason = f"{cause}: {reason}" if reason else cause
    if kind != "receive" and not reason:
        raise PosError(
            "Cần ghi lý do điều chỉnh hoặc huỷ hàng", "A reason is required for an adjustment or write-off"
        )
    pid = ctx.form.get("product_id", "")[:36]
    sku = ctx.conn.execute(select(Product.sku).where(Product.id == pid)).scalar()
    if sku is None:
        raise PosError("Không có sản phẩm này", "No such product", code="not_found")
    add_moves(ctx.conn, store.id, [StockMoveIn(product_id=pid, qty_milli=qty, kind=kind, reason=reason)])  # type: ignore[arg-type]
    audit.record(
        ctx.conn,
        ctx.viewer,
        "stock_move",
        f"{store.code} {sku}",
        store_id=store.id,
        ip=ctx.ip,
        detail={"kind": kind, "qty_milli": qty, "reason": reason},
    )
    return Redirect(
        f"/office/stock/moves?store={store.code}&q={sku}", "Đã ghi phiếu kho", "Stock move recorded"
    )


register(
    Page("stock", "Tồn kho", "Stock", Perm.STOCK, build, FIELDS, defaults),
    Page("stock/moves", "Thẻ kho", "Stock card", Perm.STOCK, build_moves, MOVE_FIELDS, nav=False),
    Action("stock/moves", Perm.STOCK_EDIT, record_move),
)
