"""What head office calls (bearer token from ``ocop-pos server add-admin``): stores and terminals, the catalogue,
stock, reports and the quarantine."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, select, update

from pos.server import catalogue as cat
from pos.server import rollups
from pos.server.anchors import check_anchors
from pos.server.auth import current_admin, engine_of
from pos.server.changes import load_products
from pos.server.db import read_tx, write_tx
from pos.server.errors import ApiError, not_found
from pos.server.importer import import_file
from pos.server.models import Payment, Product, Quarantine, Sale, SaleLine, SaleVat, Store, Terminal, utcnow
from pos.server.provisioning import add_store, add_terminal
from pos.server.reports import GROUPS, sales_report, to_csv
from pos.server.schemas import (
    AnchorCheckOut,
    CategoryIn,
    DismissIn,
    ImportOut,
    IssuedCodeOut,
    ProducerIn,
    ProductIn,
    ProductPatch,
    PromotionIn,
    QuarantineOut,
    ReportRowOut,
    StockMoveIn,
    StockRowOut,
    StoreIn,
    TerminalIn,
    VatClassIn,
)
from pos.server.stock import add_moves, stock_levels
from pos.sync.wire import ErrorResponse, ProductDoc

Admin = Annotated[str, Depends(current_admin)]
# Every head-office answer other than success carries an ErrorResponse: 400 a write refused by a business rule,
# 401 no or a bad credential, 404 an unknown store/product/sale/entry, 409 a write that conflicts with stored data,
# 422 a malformed request.
router = APIRouter(
    prefix="/api/v1",
    responses={status: {"model": ErrorResponse} for status in (400, 401, 404, 409, 422)},
)
_CODE = r"^[0-9A-Za-z_\-.]{1,40}$"
_ID = r"^[0-9A-Za-z_\-]{1,36}$"
StoreCode = Annotated[str, Path(pattern=_CODE)]
EntityId = Annotated[str, Path(pattern=_ID)]


def _store_id(engine: Engine, code: str) -> str:
    with engine.connect() as conn:
        sid = conn.execute(select(Store.id).where(Store.code == code)).scalar()
        conn.rollback()
    if sid is None:
        raise not_found(f"cửa hàng {code}", f"Store {code}")
    return str(sid)


# --- stores and terminals --------------------------------------------------------------------------------


@router.get("/stores", tags=["stores"])
def list_stores(request: Request, _admin: Admin) -> list[dict[str, Any]]:
    with read_tx(engine_of(request)) as conn:
        rows = conn.execute(
            select(
                Store.code, Store.name, Store.commune, Store.district, Store.province, Store.active
            ).order_by(Store.code)
        ).all()
    return [
        dict(zip(("code", "name", "commune", "district", "province", "active"), r, strict=True)) for r in rows
    ]


@router.post("/stores", tags=["stores"], status_code=201)
def create_store(body: StoreIn, request: Request, _admin: Admin) -> dict[str, str]:
    """Create a store (or update its details)."""
    sid = add_store(engine_of(request), **body.model_dump())
    return {"id": sid, "code": body.code}


@router.post("/stores/{store_code}/terminals", tags=["stores"], response_model=IssuedCodeOut, status_code=201)
def create_terminal(
    store_code: StoreCode, body: TerminalIn, request: Request, _admin: Admin
) -> IssuedCodeOut:
    """Add a terminal (or re-provision one) and get its one-time registration code."""
    issued = add_terminal(
        engine_of(request),
        store_code,
        body.code,
        name=body.name,
        ttl_hours=request.app.state.settings.provision_ttl_hours,
    )
    return IssuedCodeOut(
        store_code=issued.store_code,
        terminal_code=issued.terminal_code,
        code=issued.code,
        expires_at=issued.expires_at,
    )


@router.get("/stores/{store_code}/terminals", tags=["stores"])
def list_terminals(store_code: StoreCode, request: Request, _admin: Admin) -> list[dict[str, Any]]:
    """Terminals of a store, with when each was last heard from and how far its clock is off (seconds)."""
    sid = _store_id(engine_of(request), store_code)
    cols = (
        "code",
        "name",
        "registered_at",
        "last_seen_at",
        "clock_skew_s",
        "hostname",
        "app_version",
        "active",
    )
    with read_tx(engine_of(request)) as conn:
        rows = conn.execute(
            select(*(getattr(Terminal, c) for c in cols))
            .where(Terminal.store_id == sid)
            .order_by(Terminal.code)
        ).all()
    return [dict(zip(cols, r, strict=True)) for r in rows]


@router.get("/stores/{store_code}/stock", tags=["stock"], response_model=list[StockRowOut])
def store_stock(store_code: StoreCode, request: Request, _admin: Admin) -> list[StockRowOut]:
    """Stock level of every product that moved at this store (quantities in thousandths)."""
    sid = _store_id(engine_of(request), store_code)
    rollups.catch_up(engine_of(request))  # every stored sale taken out before the levels are read
    with read_tx(engine_of(request)) as conn:
        rows = stock_levels(conn, sid)
    return [
        StockRowOut(product_id=r.product_id, sku=r.sku, name_vi=r.name_vi, qty_milli=r.qty_milli)
        for r in rows
    ]


@router.post("/stores/{store_code}/stock-moves", tags=["stock"], status_code=201)
def store_stock_moves(
    store_code: StoreCode, body: list[StockMoveIn], request: Request, _admin: Admin
) -> dict[str, int]:
    """Record goods received, counted or written off at a store.

    Moves sent with their own ``id`` are stored once however often the request is repeated (``duplicates`` counts
    those already held); moves without one are new every time."""
    if len(body) > 5000:
        raise ApiError(422, "too_many", "Tối đa 5000 dòng", "At most 5000 moves")
    sid = _store_id(engine_of(request), store_code)
    with write_tx(engine_of(request)) as conn:
        ids, duplicates = add_moves(conn, sid, body)
    return {"recorded": len(ids), "duplicates": duplicates}


# --- catalogue -------------------------------------------------------------------------------------------


@router.get("/catalogue/products", tags=["catalogue"], response_model=list[ProductDoc])
def list_products(
    request: Request,
    _admin: Admin,
    after_sku: Annotated[str, Query(max_length=40)] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[ProductDoc]:
    """Products in SKU order, a page at a time (``after_sku`` = the last SKU of the previous page)."""
    with read_tx(engine_of(request)) as conn:
        ids = [
            str(x)
            for x in conn.execute(
                select(Product.id).where(Product.sku > after_sku).order_by(Product.sku).limit(limit)
            ).scalars()
        ]
        products = {p.id: p for p in load_products(conn, ids)}
    return [products[i] for i in ids if i in products]


@router.get("/catalogue/products/{product_id}", tags=["catalogue"], response_model=ProductDoc)
def get_product(product_id: EntityId, request: Request, _admin: Admin) -> ProductDoc:
    with read_tx(engine_of(request)) as conn:
        found = load_products(conn, [product_id])
    if not found:
        raise not_found("sản phẩm", "Product")
    return found[0]


@router.put("/catalogue/products", tags=["catalogue"])
def put_products(body: list[ProductIn], request: Request, _admin: Admin) -> dict[str, Any]:
    """Create or replace products, matched by SKU (barcodes included). Tills get them on their next sync."""
    if not body or len(body) > 5000:
        raise ApiError(422, "batch_size", "Gửi 1–5000 sản phẩm mỗi lần", "Send 1–5000 products at a time")
    with write_tx(engine_of(request)) as conn:
        ids, created = cat.upsert_products(conn, body)
    return {"ids": ids, "created": created, "updated": len(ids) - created}


@router.patch("/catalogue/products/{product_id}", tags=["catalogue"])
def patch_product(
    product_id: EntityId, body: ProductPatch, request: Request, _admin: Admin
) -> dict[str, str]:
    """Change a product (a new price applies on the till's next scan after its next sync)."""
    with write_tx(engine_of(request)) as conn:
        cat.patch_product(conn, product_id, body)
    return {"id": product_id}


@router.put("/catalogue/producers", tags=["catalogue"])
def put_producers(body: list[ProducerIn], request: Request, _admin: Admin) -> dict[str, str]:
    """Create or update OCOP producers, matched by code; returns code → id."""
    if not body or len(body) > 5000:
        raise ApiError(422, "batch_size", "Gửi 1–5000 mục mỗi lần", "Send 1–5000 items at a time")
    with write_tx(engine_of(request)) as conn:
        return cat.upsert_producers(conn, body)


@router.put("/catalogue/categories", tags=["catalogue"])
def put_categories(body: list[CategoryIn], request: Request, _admin: Admin) -> dict[str, int]:
    if not body or len(body) > 5000:
        raise ApiError(422, "batch_size", "Gửi 1–5000 mục mỗi lần", "Send 1–5000 items at a time")
    with write_tx(engine_of(request)) as conn:
        return {"created": cat.upsert_categories(conn, body)}


@router.put("/catalogue/vat-classes/{vat_class}", tags=["catalogue"])
def put_vat_class(
    vat_class: Annotated[str, Path(pattern=r"^[0-9A-Za-z_\-]{1,20}$")],
    body: VatClassIn,
    request: Request,
    _admin: Admin,
) -> dict[str, str]:
    """Replace a VAT class's schedule of dated rates."""
    if not 1 <= len(vat_class) <= 20:
        raise ApiError(422, "invalid", "Mã nhóm thuế 1–20 ký tự", "A VAT class code has 1–20 characters")
    with write_tx(engine_of(request)) as conn:
        cat.set_vat_class(conn, vat_class, body.rates)
    return {"vat_class": vat_class}


@router.put("/catalogue/promotions", tags=["catalogue"])
def put_promotion(body: PromotionIn, request: Request, _admin: Admin) -> dict[str, str]:
    """Create or change a promotion (by ``code``). The tills apply it: ``target`` is the product's SKU, the
    category code or the producer's code; ``value`` is a percent (1–100) or đồng off per unit (per kg if weighed)."""
    if body.kind == "percent" and body.value > 100:
        raise ApiError(
            422, "bad_promotion", "Khuyến mãi phần trăm tối đa 100%", "A percent promotion is at most 100%"
        )
    if body.scope != "all" and not body.target.strip():
        raise ApiError(
            422,
            "bad_promotion",
            "Khuyến mãi cho hàng, nhóm hàng hoặc nhà sản xuất cần mã đối tượng (target)",
            "A promotion for a product, category or producer needs its target",
        )
    if body.starts_on and body.ends_on and body.ends_on < body.starts_on:
        raise ApiError(
            422, "bad_promotion", "Ngày kết thúc trước ngày bắt đầu", "The end date is before the start date"
        )
    with write_tx(engine_of(request)) as conn:
        return {"id": cat.upsert_promotion(conn, body)}


@router.post(
    "/catalogue/import",
    tags=["catalogue"],
    response_model=ImportOut,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        }
    },
)
async def import_catalogue(request: Request, _admin: Admin) -> ImportOut:
    """Import a catalogue spreadsheet (CSV or XLSX as the raw body); all rows or none."""
    data = await request.body()
    return await run_in_threadpool(
        import_file, engine_of(request), data, "", request.headers.get("content-type", "")
    )


# --- sales, reports, quarantine --------------------------------------------------------------------------


@router.get("/reports/sales", tags=["reports"], response_model=list[ReportRowOut])
def report_sales(
    request: Request,
    _admin: Admin,
    group: Annotated[
        Literal["store", "product", "producer", "ocop_star", "locality", "day"], Query()
    ] = "store",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    store: Annotated[str | None, Query(pattern=_CODE)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """Sales summed by ``group`` (any grouping adds up to the same revenue); ``format=csv`` for a spreadsheet."""
    assert group in GROUPS
    with read_tx(engine_of(request)) as conn:
        rows = sales_report(conn, group, date_from=date_from, date_to=date_to, store_code=store)
    if format == "csv":
        return Response(
            to_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="sales-by-{group}.csv"'},
        )
    return [
        ReportRowOut(key=r.key, label=r.label, receipts=r.receipts, qty_milli=r.qty_milli, amount=r.amount)
        for r in rows
    ]


@router.get("/sales/{sale_id}", tags=["reports"])
def get_sale(sale_id: EntityId, request: Request, _admin: Admin) -> dict[str, Any]:
    """One sale as stored: header (with the till's and the server's times), lines, VAT rows, payments."""
    with read_tx(engine_of(request)) as conn:
        sale = conn.execute(select(Sale).where(Sale.id == sale_id)).mappings().first()
        if sale is None:
            raise not_found("giao dịch", "Sale")
        lines = conn.execute(select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.line_no))
        vat = conn.execute(select(SaleVat).where(SaleVat.sale_id == sale_id).order_by(SaleVat.rate_pct))
        pays = conn.execute(select(Payment).where(Payment.sale_id == sale_id).order_by(Payment.seq))
        return {
            "sale": dict(sale),
            "lines": [dict(r) for r in lines.mappings()],
            "vat": [dict(r) for r in vat.mappings()],
            "payments": [dict(r) for r in pays.mappings()],
        }


@router.get("/quarantine", tags=["quarantine"], response_model=list[QuarantineOut])
def list_quarantine(
    request: Request,
    _admin: Admin,
    status: Annotated[Literal["open", "dismissed", "accepted", "all"], Query()] = "open",
    store: Annotated[str | None, Query(pattern=_CODE)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[QuarantineOut]:
    """Entries tills sent that failed validation, with the reason; the rest of their batches went through."""
    q = Quarantine
    stmt = (
        select(
            q.id,
            Store.code,
            Terminal.code,
            q.entity,
            q.entity_id,
            q.code,
            q.reason_vi,
            q.reason_en,
            q.first_received_at,
            q.last_received_at,
            q.times_received,
            q.status,
            q.doc,
        )
        .join(Store, Store.id == q.store_id)
        .join(Terminal, Terminal.id == q.terminal_id)
        .order_by(q.id)
        .limit(limit)
    )
    if status != "all":
        stmt = stmt.where(q.status == status)
    if store:
        stmt = stmt.where(Store.code == store)
    cols = (
        "id",
        "store_code",
        "terminal_code",
        "entity",
        "entity_id",
        "code",
        "reason_vi",
        "reason_en",
        "first_received_at",
        "last_received_at",
        "times_received",
        "status",
        "doc",
    )
    with read_tx(engine_of(request)) as conn:
        return [QuarantineOut(**dict(zip(cols, r, strict=True))) for r in conn.execute(stmt)]


@router.post("/quarantine/{entry_id}/dismiss", tags=["quarantine"])
def dismiss_quarantine(entry_id: int, body: DismissIn, request: Request, admin: Admin) -> dict[str, Any]:
    """Head office has dealt with this entry: the till may drop it from its outbox on its next upload."""
    if not 0 < entry_id < 2**62:
        raise not_found("mục cách ly", "Quarantine entry")
    with write_tx(engine_of(request)) as conn:
        done = conn.execute(
            update(Quarantine)
            .where(Quarantine.id == entry_id, Quarantine.status != "dismissed")
            .values(status="dismissed", resolved_at=utcnow(), resolved_note=f"{admin}: {body.note}"[:1000])
        ).rowcount
        # A repeat (the first answer was lost) finds it dismissed already: the same answer, nothing written again.
        known = (
            done or conn.execute(select(Quarantine.id).where(Quarantine.id == entry_id)).first() is not None
        )
    if not known:
        raise not_found("mục cách ly", "Quarantine entry")
    return {"id": entry_id, "status": "dismissed"}


@router.get("/anchors/check", tags=["anchors"], response_model=list[AnchorCheckOut])
def check_chain_anchors(request: Request, _admin: Admin) -> list[AnchorCheckOut]:
    """Every till's journal anchors checked: a history rewritten (two hashes for one entry) or cut back (a head
    below one sent before) is named; ``ok`` otherwise (``ocop-pos server verify-anchors``)."""
    with read_tx(engine_of(request)) as conn:
        reports = check_anchors(conn)
    return [
        AnchorCheckOut(
            store_code=r.store_code,
            terminal_code=r.terminal_code,
            ok=r.ok,
            anchors=r.anchors,
            newest_seq=r.newest_seq,
            rewritten=r.rewritten[:100],
            cut_back=[list(c) for c in r.cut_back[:100]],
            message=r.message(),
        )
        for r in reports
    ]
