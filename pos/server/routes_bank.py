"""Bank transfer notifications in (``POST /api/v1/bank/{source}``) and tills asking about the VietQR they show
(``POST /api/v1/sync/transfer``). docs/bank-notifications.md says what each source sends and how it is checked."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from pos.server.auth import current_terminal, engine_of
from pos.server.bank import SOURCES
from pos.server.bank.base import NoticeError
from pos.server.bank.matching import ask, record
from pos.server.db import write_tx
from pos.server.errors import ApiError
from pos.server.provisioning import TerminalIdentity
from pos.server.settings import ServerSettings
from pos.sync.transfer_wire import TransferAnswer, TransferQuestion
from pos.sync.wire import ErrorResponse

router = APIRouter(prefix="/api/v1", tags=["bank"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


def _settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


def any_source_configured(settings: ServerSettings) -> bool:
    return any(source.secret(settings) for source in SOURCES.values())


@router.post("/bank/{source}", responses=_ERRORS)
async def bank_notification(source: str, request: Request) -> dict[str, Any]:
    """A bank transaction from a notification source (``sepay``, ``casso``), authenticated as that source
    documents. Every transaction is stored once (a replay answers success and stores nothing new); outgoing ones
    are acknowledged and kept apart. Answers ``{"success": true}``, what the sources expect."""
    handler = SOURCES.get(source)
    if handler is None:
        # No key can be right for a source we do not know: refused like a wrong key (and which sources exist is
        # not told to an unauthenticated caller).
        raise ApiError(
            401, "unknown_source", "Không có nguồn thông báo này", f"No notification source {source!r}"
        )
    body = await request.body()
    secret = handler.secret(_settings(request))
    if not secret or not handler.authentic(request.headers, body, secret):
        raise ApiError(
            401,
            "bad_credentials",
            "Khoá hoặc chữ ký của thông báo ngân hàng không đúng",
            "The bank notification's key or signature is wrong",
        )
    try:
        notices = handler.parse(body)
    except NoticeError as exc:
        raise ApiError(
            422, "invalid", "Thông báo ngân hàng không hợp lệ", f"Not a {source} notification: {exc}"
        ) from exc

    def store() -> list[dict[str, Any]]:
        with write_tx(engine_of(request)) as conn:
            done = [record(conn, n) for n in notices]
        return [{"id": d.transfer_id, "status": d.status, "new": d.new} for d in done]

    stored = await run_in_threadpool(store)
    return {"success": True, "transactions": stored}


@router.post(
    "/sync/transfer", response_model=TransferAnswer, responses={400: {"model": ErrorResponse}, **_ERRORS}
)
def transfer_status(
    body: TransferQuestion, request: Request, who: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> TransferAnswer:
    """The till shows a VietQR with ``reference`` for ``amount``: has the bank said it arrived? Asked again and
    again while the QR is on screen; a notification that came before the first question counts too. ``off``:
    head office has no notification source set up (the cashier confirms by hand)."""
    if not any_source_configured(_settings(request)):
        return TransferAnswer(state="off")
    with write_tx(engine_of(request)) as conn:
        return ask(conn, who, body)
