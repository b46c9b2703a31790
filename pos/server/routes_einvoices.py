"""What head office calls about e-invoices (bearer token from ``ocop-pos server add-admin``): the invoices and
where each is, offering a rejected relayed one again, a store's provider account for the relay, and the month's or
quarter's tax report (JSON, CSV or XLSX: one query, three forms)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from pos.einvoice.report import parse_period
from pos.reports.export import export
from pos.reports.table import ReportError, Table
from pos.server.auth import current_admin, engine_of
from pos.server.db import read_tx
from pos.server.einvoice_relay import RelayError, relay_accounts, set_relay
from pos.server.einvoices import invoice_rows, retry, store_ids_for, tax_report
from pos.server.errors import ApiError, not_found
from pos.server.models import EInvoiceStatus
from pos.sync.wire import EInvoiceState, ErrorResponse

Admin = Annotated[str, Depends(current_admin)]
# As head office's other routes (``routes_office``): 400 a body the server cannot read (``pos.server.limits``: a bad
# Content-Length, gzip that is not), 401 no or a bad credential, 404 an unknown store or sale, 409 a state that does
# not allow it, 422 a malformed request or one a rule refuses.
router = APIRouter(
    prefix="/api/v1",
    tags=["e-invoices"],
    responses={status: {"model": ErrorResponse} for status in (400, 401, 404, 409, 422)},
)
_CODE = r"^[0-9A-Za-z_\-.]{1,40}$"
StoreCode = Annotated[str, Path(pattern=_CODE)]
SaleId = Annotated[str, Path(pattern=r"^[0-9A-Za-z_\-]{1,36}$")]
PeriodText = Annotated[str, Query(max_length=10, pattern=r"^[0-9]{4}-([0-9]{2}|[Qq][1-4])$")]


def _scope(request: Request, store: str | None) -> list[str] | None:
    return None if not store else store_ids_for(engine_of(request), [store])


def _period(text: str) -> Any:
    try:
        return parse_period(text)
    except ReportError as exc:
        raise ApiError(422, exc.code, exc.vi, exc.en) from exc


class EInvoiceOut(BaseModel):
    sale_id: str
    store_code: str
    receipt: str
    code: str
    kind: str
    related_code: str
    issued_at: dt.datetime
    total: int
    vat_total: int
    buyer_name: str
    buyer_tax_code: str
    via: Literal["till", "relay"]
    state: str
    attempts: int
    last_error: str
    updated_at: dt.datetime


@router.get("/einvoices", response_model=list[EInvoiceOut])
def list_einvoices(
    request: Request,
    _admin: Admin,
    store: Annotated[str | None, Query(pattern=_CODE)] = None,
    state: Annotated[list[EInvoiceState] | None, Query()] = None,
    period: PeriodText | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[EInvoiceOut]:
    """E-invoices newest first — pending, sent, accepted, rejected with the reason — of one store or all, in
    some states, of a month (``2026-12``) or quarter (``2026-Q4``) of the sales' business days. ``via``: who sends
    it (the till itself, whose reported state is shown, or head office's relay)."""
    days = None
    if period:
        p = _period(period)
        days = (p.start, p.end)
    rows = invoice_rows(
        engine_of(request), store_ids=_scope(request, store), states=state or (), days=days, limit=limit
    )
    return [EInvoiceOut(**dataclasses.asdict(r)) for r in rows]


@router.post("/einvoices/{sale_id}/retry")
def retry_einvoice(sale_id: SaleId, request: Request, _admin: Admin) -> dict[str, str]:
    """Offer a rejected invoice head office relays again, once its cause (the store's provider account) is put
    right. A rejection for the buyer's details is corrected at the store's till (the manager's E-invoices
    section), which sends the corrected invoice here."""
    engine = engine_of(request)
    if retry(engine, sale_id):
        relay = getattr(request.app.state, "einvoice_relay", None)
        if relay is not None:
            relay.nudge()
        return {"sale_id": sale_id, "state": "pending"}
    with read_tx(engine) as conn:
        row = conn.execute(
            select(EInvoiceStatus.state, EInvoiceStatus.via).where(EInvoiceStatus.sale_id == sale_id)
        ).first()
    if row is None:
        raise not_found("hoá đơn điện tử", "E-invoice")
    raise ApiError(
        409,
        "not_retryable",
        f"Chỉ gửi lại được hoá đơn bị từ chối mà văn phòng gửi thay (hoá đơn này: {row[0]}, {row[1]})",
        f"Only a rejected invoice head office relays is offered again (this one: {row[0]}, {row[1]})",
    )


class RelayIn(BaseModel):
    """A store's account at its e-invoice provider, for head office to send its invoices."""

    provider: Literal["sepay"] = "sepay"
    base_url: Annotated[str, Field(max_length=300)] = ""
    client_id: Annotated[str, Field(max_length=200)] = ""
    client_secret: Annotated[str | None, Field(max_length=300)] = None  # None: keep the one stored
    provider_account_id: Annotated[str, Field(max_length=100)] = ""
    active: bool = True


class RelayOut(BaseModel):
    store_code: str
    provider: str
    base_url: str
    client_id: str
    secret_set: bool
    provider_account_id: str
    active: bool


@router.put("/stores/{store_code}/einvoice-relay", response_model=RelayOut)
def put_relay(store_code: StoreCode, body: RelayIn, request: Request, _admin: Admin) -> RelayOut:
    """Set the account head office sends a store's relayed invoices with (its tills are set to ``relay``)."""
    try:
        set_relay(engine_of(request), store_code, **body.model_dump())
    except RelayError as exc:
        raise ApiError(404 if exc.code == "not_found" else 422, exc.code, exc.vi, exc.en) from exc
    return get_relay(store_code, request, _admin)


@router.get("/stores/{store_code}/einvoice-relay", response_model=RelayOut)
def get_relay(store_code: StoreCode, request: Request, _admin: Admin) -> RelayOut:
    """A store's relay account; the secret is never shown (``secret_set`` says whether there is one)."""
    for a in relay_accounts(engine_of(request), active_only=False):
        if a.store_code == store_code:
            return RelayOut(
                store_code=a.store_code,
                provider=a.provider,
                base_url=a.base_url,
                client_id=a.client_id,
                secret_set=bool(a.client_secret),
                provider_account_id=a.provider_account_id,
                active=a.active,
            )
    raise not_found(
        f"tài khoản gửi hoá đơn của cửa hàng {store_code}", f"E-invoice relay of store {store_code}"
    )


def _table_json(table: Table, lang: str) -> dict[str, Any]:
    keys = [c.key for c in table.columns]
    return {
        "key": table.key,
        "title": table.title(lang),
        "columns": [{"key": c.key, "title": c.title(lang), "kind": c.kind} for c in table.columns],
        "rows": table.as_dicts(),
        "totals": None if table.totals is None else dict(zip(keys, table.totals, strict=True)),
    }


@router.get("/reports/einvoices")
def einvoice_report(
    request: Request,
    _admin: Admin,
    period: PeriodText,
    store: Annotated[str | None, Query(pattern=_CODE)] = None,
    format: Literal["json", "csv", "xlsx"] = "json",
    lang: Literal["vi", "en"] = "vi",
) -> Any:
    """The tax report of a month (``2026-12``) or quarter (``2026-Q4``): VAT by rate over every sale and the list
    of e-invoices with their state, of one store or all. ``format=csv`` gives the invoice list, ``xlsx`` both
    tables (one sheet each), ``json`` both — the same query each time, so they agree to the đồng."""
    p = _period(period)
    rates, listing = tax_report(engine_of(request), p, _scope(request, store))
    if format == "json":
        return {
            "period": p.label,
            "store": store,
            "vat_by_rate": _table_json(rates, lang),
            "einvoices": _table_json(listing, lang),
        }
    tables = [listing] if format == "csv" else [rates, listing]
    name = f"einvoices-{period}{'-' + store if store else ''}.{format}"
    with tempfile.TemporaryDirectory() as tmp:
        path = FilePath(tmp) / name
        export(tables, path, lang=lang, subtitle=p.label)
        data = path.read_bytes()
    media = (
        "text/csv; charset=utf-8"
        if format == "csv"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
