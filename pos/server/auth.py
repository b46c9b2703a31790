"""Per-request authentication: a bearer token names a terminal (tills) or a head-office user. Nothing is cached."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy import Engine

from pos.server.errors import ApiError
from pos.server.provisioning import TerminalIdentity, admin_for_token, terminal_for_token


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise ApiError(
            401,
            "unauthenticated",
            "Thiếu thông tin xác thực (Authorization: Bearer …)",
            "Missing credentials (Authorization: Bearer …)",
        )
    return token


def current_terminal(request: Request) -> TerminalIdentity:
    token = _bearer(request)
    with engine_of(request).connect() as conn:
        who = terminal_for_token(conn, token)
        conn.rollback()
    if who is None:
        raise ApiError(
            401,
            "bad_credentials",
            "Máy bán hàng chưa đăng ký hoặc đã bị thu hồi quyền",
            "Unknown or revoked terminal credential",
        )
    return who


def current_admin(request: Request) -> str:
    token = _bearer(request)
    with engine_of(request).connect() as conn:
        name = admin_for_token(conn, token)
        conn.rollback()
    if name is None:
        raise ApiError(
            401,
            "bad_credentials",
            "Khoá truy cập văn phòng không đúng hoặc đã bị thu hồi",
            "Unknown or revoked head-office token",
        )
    return name
