"""Office accounts: argon2id password hashes, roles, the stores each may see, and sign-in with a lockout.

A password is checked with argon2id (argon2-cffi's defaults, RFC 9106's second recommended setting scaled to a
server); five wrong passwords in a row lock the account for fifteen minutes. An unknown user name costs the same
hash as a known one, so timing does not tell which names exist. Every attempt is audited.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from pos.errors import PosError
from pos.ids import new_id
from pos.server.models import OfficeUser, OfficeUserStore, Store, utcnow
from pos.server.office.access import ROLES

_hasher = PasswordHasher()


@functools.cache
def _dummy() -> str:
    """A hash to check a password against when the user is unknown or locked, so the answer takes as long as a
    real check; made on first use, not at import (it costs as much as a sign-in, in every server worker)."""
    return _hasher.hash("not a password of anyone")


MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._\-]{1,59}$")


class UserError(PosError):
    code = "office_user"


@dataclass(frozen=True, slots=True)
class SignIn:
    """The outcome of a sign-in attempt: the user's id, or why not."""

    user_id: str | None
    reason: str  # "ok", "bad_credentials", "locked", "inactive"


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(
            f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự",
            f"A password needs at least {MIN_PASSWORD} characters",
        )
    if len(password) > 200:
        raise UserError(
            "Mật khẩu quá dài (tối đa 200 ký tự)", "The password is too long (200 characters at most)"
        )


def normalise_username(username: str) -> str:
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise UserError(
            "Tên đăng nhập 2–60 ký tự: chữ thường không dấu, số, dấu chấm, gạch",
            "A user name has 2–60 characters: lower-case letters, digits, dots, dashes",
        )
    return name


def _store_ids(conn: Connection, codes: Sequence[str]) -> list[str]:
    found = dict(conn.execute(select(Store.code, Store.id).where(Store.code.in_(list(codes)))).all())
    missing = [c for c in codes if c not in found]
    if missing:
        raise UserError(f"Không có cửa hàng: {', '.join(missing)}", f"No such store: {', '.join(missing)}")
    return [str(found[c]) for c in codes]


def add_user(
    conn: Connection,
    username: str,
    role: str,
    password: str,
    *,
    stores: Sequence[str] = (),
    name: str = "",
    lang: str = "vi",
) -> str:
    """Create an office account (in the caller's transaction); returns its id."""
    username = normalise_username(username)
    if role not in ROLES:
        raise UserError(f"Vai trò lạ: {role}", f"Unknown role: {role} (admin, centre or accountant)")
    if role == "centre" and not stores:
        raise UserError(
            "Quản lý trung tâm cần ít nhất một cửa hàng (--store)",
            "A centre manager needs at least one store (--store)",
        )
    if role == "admin" and stores:
        raise UserError(
            "Quản trị tỉnh xem mọi cửa hàng; không gán cửa hàng", "A province administrator sees every store"
        )
    check_password_rules(password)
    if conn.execute(select(OfficeUser.id).where(OfficeUser.username == username)).first():
        raise UserError(f"Đã có tài khoản {username}", f"The account {username} already exists")
    store_ids = _store_ids(conn, list(dict.fromkeys(stores)))
    uid = new_id()
    conn.execute(
        insert(OfficeUser),
        [
            {
                "id": uid,
                "username": username,
                "name": (name or username)[:120],
                "role": role,
                "password_hash": _hasher.hash(password),
                "lang": "en" if lang == "en" else "vi",
                "active": True,
                "failed_logins": 0,
                "locked_until": None,
                "created_at": utcnow(),
            }
        ],
    )
    if store_ids:
        conn.execute(insert(OfficeUserStore), [{"user_id": uid, "store_id": s} for s in store_ids])
    return uid


def set_stores(conn: Connection, user_id: str, codes: Sequence[str]) -> None:
    ids = _store_ids(conn, list(dict.fromkeys(codes)))
    conn.execute(delete(OfficeUserStore).where(OfficeUserStore.user_id == user_id))
    if ids:
        conn.execute(insert(OfficeUserStore), [{"user_id": user_id, "store_id": s} for s in ids])


def set_password(conn: Connection, user_id: str, password: str) -> None:
    check_password_rules(password)
    conn.execute(
        update(OfficeUser)
        .where(OfficeUser.id == user_id)
        .values(password_hash=_hasher.hash(password), failed_logins=0, locked_until=None)
    )


def authenticate(conn: Connection, username: str, password: str, *, now: dt.datetime | None = None) -> SignIn:
    """Check a user name and password (in a write transaction: failures are counted)."""
    now = now or utcnow()
    row = conn.execute(
        select(
            OfficeUser.id,
            OfficeUser.password_hash,
            OfficeUser.active,
            OfficeUser.failed_logins,
            OfficeUser.locked_until,
        ).where(OfficeUser.username == username.strip().lower()[:60])
    ).first()
    if row is None:
        _verify(_dummy(), password)
        return SignIn(None, "bad_credentials")
    uid, digest, active, failures, locked_until = row
    if locked_until is not None and locked_until > now:
        _verify(_dummy(), password)
        return SignIn(str(uid), "locked")
    if not _verify(str(digest), password):
        failures = int(failures) + 1
        lock = now + LOCKOUT if failures >= MAX_FAILURES else None
        conn.execute(
            update(OfficeUser)
            .where(OfficeUser.id == uid)
            .values(failed_logins=0 if lock else failures, locked_until=lock)
        )
        return SignIn(str(uid), "locked" if lock else "bad_credentials")
    if not active:
        return SignIn(str(uid), "inactive")
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None}
    if _hasher.check_needs_rehash(str(digest)):
        values["password_hash"] = _hasher.hash(password)
    conn.execute(update(OfficeUser).where(OfficeUser.id == uid).values(**values))
    return SignIn(str(uid), "ok")


def _verify(digest: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(digest, password[:200]))
    except (VerificationError, InvalidHashError):
        return False


def unlock(conn: Connection, user_id: str) -> None:
    conn.execute(
        update(OfficeUser).where(OfficeUser.id == user_id).values(failed_logins=0, locked_until=None)
    )


def set_active(conn: Connection, user_id: str, active: bool) -> None:
    conn.execute(update(OfficeUser).where(OfficeUser.id == user_id).values(active=active))
