"""Stores, terminals and credentials: head office adds a terminal and gets a one-time code; the till redeems it.

Re-issuing a code for an existing terminal (a replaced PC) keeps the old credential working until the new code is
redeemed, so the shop is never cut off by the paperwork.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from pos.ids import new_id
from pos.server.db import write_tx
from pos.server.errors import ApiError
from pos.server.models import AdminToken, Store, Terminal, utcnow
from pos.server.rules import store_secret
from pos.server.security import (
    ADMIN_PREFIX,
    TERMINAL_PREFIX,
    derived_token,
    digest,
    new_provisioning_code,
    new_token,
    normalise_code,
)
from pos.sync.wire import TillStatus


@dataclass(frozen=True)
class TerminalIdentity:
    """Who is calling: resolved from the bearer token on every request (nothing kept in memory)."""

    terminal_id: str
    terminal_code: str
    store_id: str
    store_code: str


@dataclass(frozen=True)
class IssuedCode:
    store_code: str
    terminal_code: str
    code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Registration:
    terminal_id: str
    terminal_code: str
    store_code: str
    store_name: str
    token: str
    #: The store's PIN pepper (``pos.server.rules.store_secret``): the till keeps it in ``store.secret``.
    store_secret: str = ""


def add_store(
    engine: Engine,
    code: str,
    name: str,
    *,
    address: str = "",
    commune: str = "",
    district: str = "",
    province: str = "Quảng Ninh",
    tax_code: str = "",
    phone: str = "",
    opening_hours: str | None = None,
) -> str:
    """Create (or update the details of) a store; returns its id."""
    with write_tx(engine) as conn:
        return add_store_on(
            conn,
            code,
            name,
            address=address,
            commune=commune,
            district=district,
            province=province,
            tax_code=tax_code,
            phone=phone,
            opening_hours=opening_hours,
        )


def add_store_on(
    conn: Connection,
    code: str,
    name: str,
    *,
    address: str = "",
    commune: str = "",
    district: str = "",
    province: str = "Quảng Ninh",
    tax_code: str = "",
    phone: str = "",
    opening_hours: str | None = None,
) -> str:
    """``add_store`` on the caller's transaction (the office logs it in the same one)."""
    code = code.strip()
    if not code or not name.strip():
        raise ApiError(422, "invalid", "Cần mã và tên cửa hàng", "A store needs a code and a name")
    values: dict[str, object] = {
        "name": name.strip(),
        "address": address,
        "commune": commune,
        "district": district,
        "province": province,
        "tax_code": tax_code,
        "phone": phone,
    }
    if opening_hours:
        values["opening_hours"] = opening_hours
    existing = conn.execute(select(Store.id).where(Store.code == code)).scalar()
    if existing is not None:
        conn.execute(update(Store).where(Store.id == existing).values(**values))
        return str(existing)
    store_id = new_id()
    conn.execute(
        insert(Store),
        [
            {
                "id": store_id,
                "code": code,
                "active": True,
                "created_at": utcnow(),
                "opening_hours": opening_hours or "07:00-22:00",
                **values,
            }
        ],
    )
    return store_id


def add_terminal(
    engine: Engine, store_code: str, terminal_code: str, *, name: str = "", ttl_hours: int = 7 * 24
) -> IssuedCode:
    """Create the terminal if new and issue a fresh one-time provisioning code for it."""
    with write_tx(engine) as conn:
        return add_terminal_on(conn, store_code, terminal_code, name=name, ttl_hours=ttl_hours)


def add_terminal_on(
    conn: Connection, store_code: str, terminal_code: str, *, name: str = "", ttl_hours: int = 7 * 24
) -> IssuedCode:
    """``add_terminal`` on the caller's transaction."""
    terminal_code = terminal_code.strip()
    if not terminal_code or len(terminal_code) > 20:
        raise ApiError(
            422, "invalid", "Mã máy bán hàng phải có 1–20 ký tự", "A terminal code has 1–20 characters"
        )
    code = new_provisioning_code()
    expires = utcnow() + dt.timedelta(hours=ttl_hours)
    store_id = conn.execute(select(Store.id).where(Store.code == store_code)).scalar()
    if store_id is None:
        raise ApiError(404, "unknown_store", f"Không có cửa hàng {store_code}", f"No store {store_code}")
    tid = conn.execute(
        select(Terminal.id).where(Terminal.store_id == store_id, Terminal.code == terminal_code)
    ).scalar()
    if tid is None:
        conn.execute(
            insert(Terminal),
            [
                {
                    "id": new_id(),
                    "store_id": store_id,
                    "code": terminal_code,
                    "name": name,
                    "token_hash": None,
                    "provision_hash": digest(code),
                    "provision_expires_at": expires,
                    "hostname": "",
                    "app_version": "",
                    "active": True,
                    "created_at": utcnow(),
                }
            ],
        )
    else:
        conn.execute(
            update(Terminal)
            .where(Terminal.id == tid)
            .values(
                provision_hash=digest(code),
                provision_expires_at=expires,
                provision_redeemed_at=None,
                active=True,
                **({"name": name} if name else {}),
            )
        )
    return IssuedCode(store_code, terminal_code, code, expires)


def _bad_code() -> ApiError:
    return ApiError(
        403,
        "bad_code",
        "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn",
        "The registration code is wrong, already used or expired",
    )


def register(
    engine: Engine,
    code: str,
    *,
    hostname: str = "",
    app_version: str = "",
    registration_key: str | None = None,
) -> Registration:
    """Exchange a provisioning code for a terminal credential. The code works once — for one till.

    A till that sends its ``registration_key`` (made and stored before its first try) may ask again while the
    code is valid and gets the same credential back: the answer to the first try may have been lost on the way.
    Another key, no key, a code re-issued or a terminal revoked since: refused, as a used code."""
    now = utcnow()
    key_hash = digest(registration_key) if registration_key else None
    with write_tx(engine) as conn:
        for _ in range(2):
            row = _provisioned(conn, code)
            if row is None or row.provision_expires_at is None or row.provision_expires_at < now:
                raise _bad_code()
            tid = str(row.id)
            if row.provision_redeemed_at is not None:  # a repeat: the same till only, the same credential
                token = _repeat(row, registration_key, key_hash)
                conn.execute(update(Terminal).where(Terminal.id == tid).values(last_seen_at=now))
                return Registration(
                    tid,
                    str(row.code),
                    str(row.store_code),
                    str(row.store_name),
                    token,
                    store_secret(conn, str(row.store_id)),
                )
            salt = secrets.token_hex(16) if registration_key else None
            token = (
                derived_token(TERMINAL_PREFIX, registration_key, tid, salt)
                if registration_key and salt
                else new_token(TERMINAL_PREFIX)
            )
            redeemed = conn.execute(
                update(Terminal)
                .where(Terminal.id == tid, Terminal.provision_redeemed_at.is_(None))
                .values(
                    token_hash=digest(token),
                    provision_redeemed_at=now,
                    registration_key_hash=key_hash,
                    token_salt=salt,
                    registered_at=now,
                    hostname=hostname[:120],
                    app_version=app_version[:40],
                    last_seen_at=now,
                )
            ).rowcount
            if redeemed:
                return Registration(
                    tid,
                    str(row.code),
                    str(row.store_code),
                    str(row.store_name),
                    token,
                    store_secret(conn, str(row.store_id)),
                )
            # Redeemed meanwhile (PostgreSQL: the same till's retry raced its first try, or another till):
            # read it again and answer as a repeat — the same till gets its credential, another is refused.
    raise _bad_code()


def _provisioned(conn: Connection, code: str) -> Any:
    return conn.execute(
        select(
            Terminal.id,
            Terminal.code,
            Terminal.provision_expires_at,
            Terminal.provision_redeemed_at,
            Terminal.registration_key_hash,
            Terminal.token_salt,
            Terminal.token_hash,
            Terminal.store_id,
            Store.code.label("store_code"),
            Store.name.label("store_name"),
        )
        .join(Store, Store.id == Terminal.store_id)
        .where(Terminal.provision_hash == digest(normalise_code(code)), Terminal.active.is_(True))
    ).first()


def _repeat(row: Any, registration_key: str | None, key_hash: str | None) -> str:
    """The credential of an already redeemed code, for the till that holds the key it was redeemed with."""
    if (
        registration_key is None
        or key_hash is None
        or row.registration_key_hash != key_hash
        or not row.token_salt
    ):
        raise _bad_code()
    token = derived_token(TERMINAL_PREFIX, registration_key, str(row.id), str(row.token_salt))
    if row.token_hash != digest(token):  # a newer credential replaced it: this code is spent
        raise _bad_code()
    return token


def terminal_for_token(conn: Connection, token: str) -> TerminalIdentity | None:
    row = conn.execute(
        select(Terminal.id, Terminal.code, Store.id, Store.code)
        .join(Store, Store.id == Terminal.store_id)
        .where(Terminal.token_hash == digest(token), Terminal.active.is_(True))
    ).first()
    return None if row is None else TerminalIdentity(str(row[0]), str(row[1]), str(row[2]), str(row[3]))


def record_status(conn: Connection, who: TerminalIdentity, status: TillStatus, now: dt.datetime) -> None:
    """A till's report on itself (``POST /sync/status``); also counts as contact."""
    values: dict[str, object] = {
        "unsent_count": status.unsent,
        "printer_state": status.printer,
        "camera_state": status.camera,
        "rejected_rules": status.rejected_rules,
        "status_at": now,
        "last_seen_at": now,
    }
    if status.app_version:
        values["app_version"] = status.app_version
    conn.execute(update(Terminal).where(Terminal.id == who.terminal_id).values(**values))


def add_admin(engine: Engine, name: str) -> str:
    """A new head-office API token (shown once)."""
    token = new_token(ADMIN_PREFIX)
    with write_tx(engine) as conn:
        conn.execute(
            insert(AdminToken),
            [
                {
                    "id": new_id(),
                    "name": name,
                    "token_hash": digest(token),
                    "created_at": utcnow(),
                    "revoked_at": None,
                }
            ],
        )
    return token


def admin_for_token(conn: Connection, token: str) -> str | None:
    name = conn.execute(
        select(AdminToken.name).where(AdminToken.token_hash == digest(token), AdminToken.revoked_at.is_(None))
    ).scalar()
    return None if name is None else str(name)


def revoke_terminal(engine: Engine, store_code: str, terminal_code: str) -> bool:
    with write_tx(engine) as conn:
        store_id = conn.execute(select(Store.id).where(Store.code == store_code)).scalar()
        return revoke_terminal_on(conn, str(store_id), terminal_code) if store_id is not None else False


def revoke_terminal_on(conn: Connection, store_id: str, terminal_code: str) -> bool:
    """Clear the terminal's credential and any unused code; its stored data stays."""
    result = conn.execute(
        update(Terminal)
        .where(Terminal.store_id == store_id, Terminal.code == terminal_code)
        .values(token_hash=None, provision_hash=None, active=False)
    )
    return bool(result.rowcount)
