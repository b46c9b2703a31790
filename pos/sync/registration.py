"""Joining a server: trade head office's one-time code for this till's credential, once.

The server names the terminal and its store; the till takes those names over (``config.toml``) so its sales carry
the code the server expects. A till holding unsent sales under another code is not re-labelled: those sales would
be refused as another terminal's, so registration stops and says what to do.
"""

from __future__ import annotations

import socket

import httpx
from sqlalchemy import Engine, text

from pos import __version__ as app_version
from pos.settings import Settings
from pos.sync import state
from pos.sync.client import SyncClient
from pos.sync.errors import RejectedError
from pos.sync.wire import RegisterRequest


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
) -> state.Registration:
    """Register with ``server_url`` using ``code``; saves the credential and the names the server gave."""
    url = server_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise RejectedError(
            "Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://",
            "The server address must start with http:// or https://",
            code="bad_url",
        )
    with SyncClient(url, transport=transport, timeout=30.0) as client:
        answer = client.register(
            RegisterRequest(
                code=code.strip(), hostname=socket.gethostname()[:120], app_version=str(app_version)[:40]
            )
        )
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
        url, answer.token, answer.terminal_id, answer.terminal_code, answer.store_code, answer.store_name
    )
    state.save_registration(engine, reg, reset_cursor=previous is None or previous.server_url != url)
    settings.terminal.code = answer.terminal_code
    settings.terminal.store_code = answer.store_code
    settings.sync.server_url = url
    settings.save()
    return reg
