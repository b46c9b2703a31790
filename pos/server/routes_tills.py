"""What tills call: register with a one-time code, upload their outbox, pull catalogue changes, exchange the
states of their e-invoices."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from pos.server import rollups
from pos.server.anchors import anchors_of
from pos.server.auth import current_terminal, engine_of
from pos.server.changes import changes_page
from pos.server.db import read_tx, write_tx
from pos.server.einvoices import exchange
from pos.server.errors import ApiError, clean_details
from pos.server.ingest import ingest, parse_upload
from pos.server.limits import inflate
from pos.server.models import utcnow
from pos.server.provisioning import TerminalIdentity, record_status, register
from pos.server.returns import claim, returnable
from pos.server.rules import record_ack, rules_document, store_secret
from pos.server.settlement import store_statement
from pos.server.stock import stock_levels
from pos.server.store_prices import rules_for
from pos.server.transfers import TransferError, in_transit_to, load_for_store, receive
from pos.sync.rules_wire import RulesAckAnswer, RulesAckIn, RulesDoc, StoreSecretDoc
from pos.sync.settlement_wire import StoreStatementDoc
from pos.sync.wire import (
    AnchorsPage,
    ChangesPage,
    EInvoiceExchange,
    EInvoiceExchangeResult,
    ErrorResponse,
    IncomingTransferDoc,
    IncomingTransfers,
    RegisterRequest,
    RegisterResponse,
    ReturnableSaleDoc,
    ReturnClaimAnswer,
    ReturnClaimDoc,
    StatusAck,
    StockLevelDoc,
    StoreStockDoc,
    TillStatus,
    TransferLineDoc,
    TransferReceiptAnswer,
    TransferReceiptDoc,
    TypedBatch,
    UploadBatch,
    UploadResult,
)

router = APIRouter(prefix="/api/v1", tags=["tills"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse},
    413: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


@router.post(
    "/register",
    response_model=RegisterResponse,
    responses={400: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, **_ERRORS},
)
def register_terminal(body: RegisterRequest, request: Request) -> RegisterResponse:
    """Exchange a one-time provisioning code (from ``ocop-pos server add-terminal``) for a terminal credential.

    Idempotent for the till that redeemed the code: the same ``registration_key`` with the same code gets the same
    credential back while the code is valid (the first answer may have been lost); anyone else gets 403."""
    reg = register(
        engine_of(request),
        body.code,
        hostname=body.hostname,
        app_version=body.app_version,
        registration_key=body.registration_key,
    )
    return RegisterResponse(
        terminal_id=reg.terminal_id,
        terminal_code=reg.terminal_code,
        store_code=reg.store_code,
        store_name=reg.store_name,
        token=reg.token,
        server_time=utcnow(),
        store_secret=reg.store_secret,
    )


@router.post(
    "/sync/upload",
    response_model=UploadResult,
    responses=_ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": UploadBatch.model_json_schema(ref_template="#/components/schemas/{model}")
                }
            },
        }
    },
)
async def upload(
    request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> UploadResult:
    """Store a batch of outbox entries (sales, stock and shift events); may be gzipped (``Content-Encoding``).

    Idempotent: sending the same batch again, or twice at once, stores each entry once. ``held`` lists the ids the
    server holds after this request committed; bad entries are quarantined and listed in ``quarantined``.
    """
    raw = await request.body()
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding == "gzip":
        raw = inflate(raw, request.app.state.settings.max_inflated_bytes)
    elif encoding not in ("identity", ""):
        raise ApiError(
            415, "unsupported_encoding", f"Không hỗ trợ mã hoá {encoding}", f"Unsupported encoding {encoding}"
        )
    batch: UploadBatch | TypedBatch
    try:  # the usual case, every document valid: straight from JSON into models
        batch = parse_upload(raw)
    except ValidationError:
        batch = _envelope(raw)
    result = await run_in_threadpool(ingest, engine_of(request), who, batch)
    relay = getattr(request.app.state, "einvoice_relay", None)
    if relay is not None:  # invoices head office sends may have come with the batch
        relay.nudge()
    return result


def _envelope(raw: bytes) -> UploadBatch:
    """The batch with its documents still raw, so each can be judged (and quarantined) on its own."""
    try:
        return UploadBatch.model_validate_json(raw)
    except ValidationError as exc:
        raise ApiError(
            422, "invalid", "Gói dữ liệu không hợp lệ", "The upload is malformed", clean_details(exc.errors())
        ) from exc


@router.post("/sync/status", response_model=StatusAck, responses=_ERRORS)
def till_status(
    body: TillStatus, request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> StatusAck:
    """How the till is (entries not yet sent, version, printer and camera): shown on the office's network page."""
    now = utcnow()
    with write_tx(engine_of(request)) as conn:
        record_status(conn, who, body, now)
    return StatusAck(received_at=now.replace(tzinfo=dt.UTC))


@router.get("/sync/catalogue", response_model=ChangesPage, responses=_ERRORS)
def catalogue_changes(
    request: Request,
    who: Annotated[TerminalIdentity, Depends(current_terminal)],
    after: Annotated[str, Query(max_length=80, pattern=r"^[0-9a-zA-Z.\-]*$")] = "",
    limit: Annotated[int, Query(ge=1, le=10_000)] = 500,
) -> ChangesPage:
    """Catalogue records changed after the cursor ``after`` (empty: everything), as their current state; the last
    page also carries the caller's store's stock on hand (``stock``), so every till of a store shows one stock.
    Each product comes with its rules for the caller's store (``rules``: the store's own price, the prices still to
    come for the network or this store, the consignment terms)."""
    limit = min(limit, request.app.state.settings.max_page)
    rollups.catch_up(
        engine_of(request)
    )  # the store's stock counts every sale stored so far (folded behind ingest)
    with read_tx(engine_of(request)) as conn:
        page = changes_page(conn, after, limit)
        if (
            page.products
        ):  # the store's own prices, the prices to come and the consignment terms of each product
            rules = rules_for(conn, who.store_id, [p.id for p in page.products])
            page = page.model_copy(update={"rules": rules})
        if page.more:
            return page
        as_of = utcnow().replace(tzinfo=dt.UTC)
        levels = [
            StockLevelDoc(product_id=r.product_id, qty_milli=r.qty_milli)
            for r in stock_levels(conn, who.store_id)
        ]
        return page.model_copy(
            update={"stock": StoreStockDoc(store_code=who.store_code, as_of=as_of, levels=levels)}
        )


@router.get(
    "/sync/sales", response_model=ReturnableSaleDoc, responses={404: {"model": ErrorResponse}, **_ERRORS}
)
def returnable_sale(
    request: Request,
    who: Annotated[TerminalIdentity, Depends(current_terminal)],
    terminal: Annotated[str, Query(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z_\-]+$")],
    receipt_no: Annotated[int, Query(ge=1, le=2_000_000_000)],
) -> ReturnableSaleDoc:
    """A sale of the caller's store by receipt (any of its tills), with what is left to return: a return at another
    till of the store (``pos.server.returns``). 404 ``no_sale`` if head office does not hold it (yet)."""
    with read_tx(engine_of(request)) as conn:
        return returnable(conn, who, terminal, receipt_no)


@router.post(
    "/sync/returns",
    response_model=ReturnClaimAnswer,
    responses={404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}, **_ERRORS},
)
def claim_return(
    body: ReturnClaimDoc, request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> ReturnClaimAnswer:
    """Head office decides a refund before the till pays it: accepted, or 409 ``over_return`` when another till
    returned those lines first (``pos.server.returns``). Repeating a claim (same ``return_id``) is one claim."""
    with write_tx(engine_of(request)) as conn:
        return claim(conn, who, body)


@router.get(
    "/sync/settlement", response_model=StoreStatementDoc, responses={404: {"model": ErrorResponse}, **_ERRORS}
)
def store_settlement(
    request: Request,
    who: Annotated[TerminalIdentity, Depends(current_terminal)],
    producer: Annotated[str, Query(min_length=1, max_length=40)],
    start: dt.date,
    end: dt.date,
) -> StoreStatementDoc:
    """A producer's consignment statement for the caller's store: every till of the store, each with the newest
    sale head office holds from it (``pos.server.settlement``). 404 ``not_found`` for a producer head office lacks."""
    rollups.catch_up(
        engine_of(request)
    )  # the statement counts every sale stored so far (folded behind ingest)
    with read_tx(engine_of(request)) as conn:
        return store_statement(conn, who, producer, start, end)


@router.get("/sync/transfers", response_model=IncomingTransfers, responses=_ERRORS)
def incoming_transfers(
    request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> IncomingTransfers:
    """The transfers in transit to the caller's store (``pos.server.transfers``), for its tills to receive."""
    with read_tx(engine_of(request)) as conn:
        docs = in_transit_to(conn, who.store_id)
    return IncomingTransfers(
        transfers=[
            IncomingTransferDoc(
                id=d.id,
                label=d.label,
                from_store_code=d.from_code,
                sent_at=d.sent_at.replace(tzinfo=dt.UTC),
                sent_by=d.sent_by,
                note=d.note,
                lines=[
                    TransferLineDoc(
                        line_no=ln.line_no,
                        product_id=ln.product_id,
                        qty_sent_milli=ln.qty_sent_milli,
                        unit_cost=ln.unit_cost,
                    )
                    for ln in d.lines
                ],
            )
            for d in docs
        ]
    )


@router.post(
    "/sync/transfers/{transfer_id}/receive",
    response_model=TransferReceiptAnswer,
    responses={
        400: {"model": ErrorResponse},
        404: {"model": ErrorResponse},
        409: {"model": ErrorResponse},
        **_ERRORS,
    },
)
def receive_transfer(
    transfer_id: str,
    body: TransferReceiptDoc,
    request: Request,
    who: Annotated[TerminalIdentity, Depends(current_terminal)],
) -> TransferReceiptAnswer:
    """A till of the receiving store records what arrived; head office applies it once (a resend of the same
    ``receipt_id`` answers ``first: false`` and changes nothing; another receipt of a received transfer: 409)."""
    with write_tx(engine_of(request)) as conn:
        try:
            doc = load_for_store(conn, transfer_id, who.store_id)
            got = {ln.line_no: ln.qty_milli for ln in body.lines}
            by = f"{who.store_code}/{who.terminal_code}" + (
                f" {body.received_by}" if body.received_by else ""
            )
            doc, first = receive(conn, doc.id, got, by=by, receipt_id=body.receipt_id)
        except TransferError as exc:
            status = {"not_found": 404, "already_received": 409}.get(exc.code, 422)
            raise ApiError(status, exc.code, exc.vi, exc.en) from exc
    return TransferReceiptAnswer(
        transfer_id=doc.id, label=doc.label, discrepancy_milli=max(0, doc.discrepancy_milli), first=first
    )


@router.post("/sync/einvoices", response_model=EInvoiceExchangeResult, responses=_ERRORS)
def einvoice_states(
    body: EInvoiceExchange, request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> EInvoiceExchangeResult:
    """The till tells the states of the e-invoices it sends itself (``report``; ``recorded`` lists those head office
    now holds) and asks those of the invoices head office relays for it (``ask``; answered in ``statuses``).
    Only the calling till's own invoices count, either way; asking again changes nothing."""
    return exchange(engine_of(request), who, body)


@router.get("/sync/anchors", response_model=AnchorsPage, responses=_ERRORS)
def chain_anchors(
    request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> AnchorsPage:
    """The anchors of the caller's hash chain the server kept (``ocop-pos journal verify --against-server``)."""
    with read_tx(engine_of(request)) as conn:
        return AnchorsPage(anchors=anchors_of(conn, who.terminal_id))


@router.get("/sync/rules", response_model=RulesDoc, responses=_ERRORS)
def store_rules(
    request: Request,
    who: Annotated[TerminalIdentity, Depends(current_terminal)],
    since: Annotated[int, Query(ge=0, le=2**53)] = 0,
) -> RulesDoc:
    """The caller's store's rules from head office — staff (argon2id PIN hashes with the store's pepper), exchange
    rates with ``valid_until``, discount limits per role — as one whole document at its ``version``; ``changed``
    is false (and the lists empty) when ``since`` is already that version (``pos.server.rules``)."""
    with read_tx(engine_of(request)) as conn:
        return rules_document(conn, who.store_id, who.store_code, since)


@router.post("/sync/rules/ack", response_model=RulesAckAnswer, responses=_ERRORS)
def rules_ack(
    body: RulesAckIn, request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> RulesAckAnswer:
    """The till says whether it applied a rules document (all of it, in one transaction) or, if not, every
    problem it found — then it applied nothing of it. Shown on the office's rules page; sending it again is harmless."""
    now = utcnow()
    with write_tx(engine_of(request)) as conn:
        record_ack(conn, who.terminal_id, body)
    return RulesAckAnswer(received_at=now.replace(tzinfo=dt.UTC))


@router.get("/sync/store-secret", response_model=StoreSecretDoc, responses=_ERRORS)
def store_pepper(
    request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> StoreSecretDoc:
    """The caller's store's PIN pepper, for a till registered before head office handed it over at registration
    (it keeps it in ``store.secret`` beside its database, never in it)."""
    with write_tx(engine_of(request)) as conn:
        secret = store_secret(conn, who.store_id)
    return StoreSecretDoc(store_code=who.store_code, secret=secret)
