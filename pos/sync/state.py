"""What the till remembers about syncing, in its own database (``terminal_state``), so it survives restarts.

The credential and the catalogue cursor live next to the data they belong to: a restored backup brings back the
cursor that matches its catalogue.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from pos.db import write_tx

SERVER_URL = "sync.server_url"
TOKEN = "sync.token"
TERMINAL_ID = "sync.terminal_id"
TERMINAL_CODE = "sync.terminal_code"
STORE_CODE = "sync.store_code"
STORE_NAME = "sync.store_name"
CURSOR = "sync.catalogue_cursor"
LAST_SUCCESS = "sync.last_success_at"
LAST_ERROR = "sync.last_error"
REGISTRATION_KEY = "sync.registration_key"
CERT_SHA256 = "sync.server_cert_sha256"
PROMOTION_PREFIX = "promotion:"


def get(conn: Connection, key: str) -> str | None:
    value = conn.execute(text("SELECT value FROM terminal_state WHERE key = :k"), {"k": key}).scalar()
    return None if value is None else str(value)


def put(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        text(
            "INSERT INTO terminal_state (key, value) VALUES (:k, :v) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"k": key, "v": value},
    )


def read(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        value = get(conn, key)
        conn.rollback()
    return value


def write(engine: Engine, key: str, value: str) -> None:
    with write_tx(engine) as conn:
        put(conn, key, value)


def registration_key(engine: Engine) -> str:
    """This till's registration key, made and committed on first use, before any request carries it.

    The server ties a redeemed code to it: a retry with the same key gets the same credential, so a registration
    whose answer was lost can be repeated; kept in the database, it survives a crash between two tries."""
    import secrets

    with write_tx(engine) as conn:
        key = get(conn, REGISTRATION_KEY)
        if key is None:
            key = secrets.token_urlsafe(32)
            put(conn, REGISTRATION_KEY, key)
    return key


@dataclass(frozen=True, slots=True)
class Registration:
    """The server this till belongs to and its credential there."""

    server_url: str
    token: str
    terminal_id: str
    terminal_code: str
    store_code: str
    store_name: str
    #: SHA-256 of the server's certificate (https only): every connection must present exactly that one.
    cert_sha256: str = ""


def load_registration(engine: Engine) -> Registration | None:
    with engine.connect() as conn:
        found = conn.execute(text("SELECT key, value FROM terminal_state WHERE key LIKE 'sync.%'")).all()
        rows: dict[str, str] = {str(k): str(v) for k, v in found}
        conn.rollback()
    if not rows.get(SERVER_URL) or not rows.get(TOKEN):
        return None
    return Registration(
        str(rows[SERVER_URL]),
        str(rows[TOKEN]),
        str(rows.get(TERMINAL_ID, "")),
        str(rows.get(TERMINAL_CODE, "")),
        str(rows.get(STORE_CODE, "")),
        str(rows.get(STORE_NAME, "")),
        str(rows.get(CERT_SHA256, "")),
    )


def save_registration(engine: Engine, reg: Registration, *, reset_cursor: bool) -> None:
    with write_tx(engine) as conn:
        for key, value in (
            (SERVER_URL, reg.server_url),
            (TOKEN, reg.token),
            (TERMINAL_ID, reg.terminal_id),
            (TERMINAL_CODE, reg.terminal_code),
            (STORE_CODE, reg.store_code),
            (STORE_NAME, reg.store_name),
            (CERT_SHA256, reg.cert_sha256),
        ):
            put(conn, key, value)
        if reset_cursor:
            put(conn, CURSOR, "")


def last_success(engine: Engine) -> dt.datetime | None:
    raw = read(engine, LAST_SUCCESS)
    try:
        return dt.datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def stored_promotions(conn: Connection) -> list[dict[str, Any]]:
    """The promotions head office sent, as stored by the catalogue sync (``pos.selling.promotions`` reads them).
    Here, not with the sync's wire models, so a till starting up reads them without loading pydantic."""
    rows = conn.execute(
        text("SELECT value FROM terminal_state WHERE key LIKE :p ORDER BY key"),
        {"p": PROMOTION_PREFIX + "%"},
    )
    return [json.loads(r[0]) for r in rows]
