"""Joining a server: trade head office's one-time code for this till's credential, once.

The till makes a registration key and commits it before its first try; the server ties the redeemed code to it, so
a try whose answer was lost (a link reset just as the server answered) is simply repeated and gets the same
credential, while another till with the same code is still refused. Lost connections are retried a few times here.

The server names the terminal and its store; the till takes those names over (``config.toml``) so its sales carry
the code the server expects. A till holding unsent sales under another code is not re-labelled: those sales would
be refused as another terminal's, so registration stops and says what to do.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import httpx
from sqlalchemy import Engine, text

from pos import __version__ as app_version
from pos.db import write_tx
from pos.settings import Settings
from pos.staff.pins import save_store_secret
from pos.sync import state
from pos.sync.client import SyncClient
from pos.sync.errors import OfflineError, RejectedError, ServerError
from pos.sync.events import queue_unqueued_moves
from pos.sync.fingerprints import normalise_fingerprint
from pos.sync.wire import RegisterRequest, RegisterResponse

#: Tries over a bad link, and the pause before each retry (doubling).
TRIES = 6
FIRST_PAUSE_S = 0.5


def _pending_codes(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT json_extract(payload, '$.sale.terminal_code'), COUNT(*) FROM outbox WHERE entity = 'sale' "
                "GROUP BY 1"
            )
        ).all()
        conn.rollback()
    return {str(code): int(n) for code, n in rows if code is not None}


def register_terminal(
    settings: Settings,
    engine: Engine,
    server_url: str,
    code: str,
    *,
    transport: httpx.BaseTransport | None = None,
    tries: int = TRIES,
    pause: Callable[[float], None] = time.sleep,
    fingerprint: str | None = None,
    send_stock: bool = False,
) -> state.Registration:
    """Register with ``server_url`` using ``code``; saves the credential and the names the server gave.

    ``send_stock`` (what ``ocop-pos register`` does): a till joining a server queues the stock it already holds —
    opening stock written straight into its database — for head office (``events.queue_unqueued_moves``). Off for a
    till made from a copy of another till's database, whose moves head office already has under those ids.

    A lost connection or a server error is tried again (``tries`` in all, with doubling pauses) with the same
    registration key, so a redeemed code whose answer never arrived still gives this till its credential.

    Over https the server's certificate is pinned (``pos.sync.pinning``): ``fingerprint`` (from head office) must
    match; without one, the certificate a CA-verified connection showed is kept."""
    url = server_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise RejectedError(
            "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://",
            "The server address must start with http:// or https://",
            code="bad_url",
        )
    pin = _pin(url, fingerprint)
    request = RegisterRequest(
        code=code.strip(),
        hostname=socket.gethostname()[:120],
        app_version=str(app_version)[:40],
        registration_key=state.registration_key(engine),
    )
    with SyncClient(url, transport=transport, timeout=30.0, pin=pin) as client:
        answer = _with_retries(lambda: client.register(request), tries, pause)
        seen = client.pinned.seen if client.pinned is not None else None
    pending = {c: n for c, n in _pending_codes(engine).items() if c != answer.terminal_code}
    if pending:
        listed = ", ".join(f"{n} × {c}" for c, n in sorted(pending.items()))
        raise RejectedError(
            f"Máy chủ đặt tên máy này là {answer.terminal_code}, nhưng còn giao dịch chưa gửi mang mã khác ({listed}). "
            f"Hãy xin văn phòng mã đăng ký cho máy đúng mã đó.",
            f"The server calls this till {answer.terminal_code}, but unsent sales carry another code ({listed}). "
            f"Ask head office for a registration code for a terminal with that code.",
            code="terminal_code_mismatch",
        )
    previous = state.load_registration(engine)
    reg = state.Registration(
        url,
        answer.token,
        answer.terminal_id,
        answer.terminal_code,
        answer.store_code,
        answer.store_name,
        seen or "",
    )
    joining = previous is None or previous.server_url != url
    if answer.store_secret:  # the store's PIN pepper, beside the database, never in it (``pos.staff.pins``)
        save_store_secret(engine, answer.store_secret)
    state.save_registration(engine, reg, reset_cursor=joining)
    if joining and send_stock:  # the stock the till already holds goes to head office with the next upload
        with write_tx(engine) as conn:
            queue_unqueued_moves(conn)
    settings.terminal.code = answer.terminal_code
    settings.terminal.store_code = answer.store_code
    settings.sync.server_url = url
    settings.save()
    return reg


def _pin(url: str, fingerprint: str | None) -> str | None:
    if not fingerprint:
        return None
    try:
        pin = normalise_fingerprint(fingerprint)
    except ValueError as exc:
        raise RejectedError(
            "Dấu vân tay chứng chỉ phải là 64 chữ số hex SHA-256 (có thể có dấu hai chấm)",
            "The certificate fingerprint must be 64 SHA-256 hex digits (colons allowed)",
            code="bad_fingerprint",
        ) from exc
    if not url.startswith("https://"):
        raise RejectedError(
            "Dấu vân tay chứng chỉ chỉ dùng với địa chỉ https://",
            "A certificate fingerprint needs an https:// server address",
            code="bad_url",
        )
    return pin


def _with_retries(
    call: Callable[[], RegisterResponse], tries: int, pause: Callable[[float], None]
) -> RegisterResponse:
    """``call`` until it answers; a refusal (4xx) is final, a lost connection or a 5xx is tried again."""
    wait = FIRST_PAUSE_S
    for attempt in range(1, tries + 1):
        try:
            return call()
        except (OfflineError, ServerError):
            if attempt == tries:
                raise
            pause(wait)
            wait *= 2
    raise AssertionError("unreachable")
