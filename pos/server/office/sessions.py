"""Office sessions: a random token in an HTTP-only cookie, only its SHA-256 in the database, with the session's
CSRF token (the synchroniser-token pattern: every form carries it, every POST must match it).

Sessions end after ``IDLE`` without a request or ``MAX_AGE`` after sign-in, and at sign-out. The cookie is
``SameSite=Lax`` and ``Secure`` whenever the request came over HTTPS (``OCOP_SERVER_COOKIE_SECURE=always`` forces
it behind a proxy that does not say so); a plain-HTTP demo on 127.0.0.1 still works.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from sqlalchemy import Connection, delete, insert, select, update

from pos.server.models import OfficeSession, OfficeUser, OfficeUserStore, utcnow
from pos.server.office.access import Viewer
from pos.server.security import digest

COOKIE = "ocop_office"
IDLE = dt.timedelta(hours=8)
MAX_AGE = dt.timedelta(hours=12)
#: Refresh ``last_seen_at`` at most this often (one write per person per minute, not per request).
_TOUCH = dt.timedelta(minutes=1)


def start(conn: Connection, user_id: str, ip: str = "") -> str:
    """A new session for ``user_id``; returns the cookie's token (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    conn.execute(delete(OfficeSession).where(OfficeSession.expires_at < now))
    conn.execute(
        insert(OfficeSession),
        [
            {
                "id": digest(token),
                "user_id": user_id,
                "csrf": secrets.token_urlsafe(32),
                "created_at": now,
                "last_seen_at": now,
                "expires_at": now + MAX_AGE,
                "ip": ip[:60],
            }
        ],
    )
    return token


def viewer_for(conn: Connection, token: str, *, now: dt.datetime | None = None) -> Viewer | None:
    """The person behind a cookie, or None (unknown, expired, idle too long, account disabled)."""
    if not token or len(token) > 100:
        return None
    now = now or utcnow()
    row = conn.execute(
        select(
            OfficeSession.id,
            OfficeSession.csrf,
            OfficeSession.last_seen_at,
            OfficeSession.expires_at,
            OfficeUser.id,
            OfficeUser.username,
            OfficeUser.name,
            OfficeUser.role,
            OfficeUser.active,
        )
        .join(OfficeUser, OfficeUser.id == OfficeSession.user_id)
        .where(OfficeSession.id == digest(token))
    ).first()
    if row is None:
        return None
    sid, csrf, seen, expires, uid, username, name, role, active = row
    if not active or expires < now or seen + IDLE < now:
        return None
    if seen + _TOUCH < now:
        conn.execute(update(OfficeSession).where(OfficeSession.id == sid).values(last_seen_at=now))
    stores = None
    if role != "admin":
        ids = frozenset(
            str(s)
            for s in conn.execute(
                select(OfficeUserStore.store_id).where(OfficeUserStore.user_id == uid)
            ).scalars()
        )
        stores = ids if (role == "centre" or ids) else None
    return Viewer(str(uid), str(username), str(name), str(role), stores, str(csrf), str(sid))


def end(conn: Connection, session_id: str) -> None:
    conn.execute(delete(OfficeSession).where(OfficeSession.id == session_id))


def end_all(conn: Connection, user_id: str) -> None:
    """Sign a person out everywhere (password reset, account disabled)."""
    conn.execute(delete(OfficeSession).where(OfficeSession.user_id == user_id))


def csrf_ok(viewer: Viewer, sent: str) -> bool:
    return bool(sent) and hmac.compare_digest(viewer.csrf.encode(), sent.encode()[:200])
