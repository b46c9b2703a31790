"""Head office's rules at a till (docs/sync.md, "Rules from head office"): judge the whole document, then apply all
of it in one transaction — staff, exchange rates, discount limits and the version — or none of it.

Who wins: head office for what it sets. Its staff (``origin`` ``office``, head office's id) are upserted and, when
gone or inactive there, made inactive here; the till cannot change them (``pos.staff.directory``). Its rates replace
the ones it set before (the till's own rates for other currencies stay); its limits overlay the till's policy
(``pos.staff.policy``). A till-local staff member stays local: a head-office person with the same code is refused
(reported), never merged. Whatever is refused, nothing of that document is applied; the till keeps the version it
held, reports the problems in its acknowledgement, and tries again at the next round.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError

from pos.db import write_tx
from pos.models.values import utcnow
from pos.payments.fx_store import MAX_RATE_MILLI, write_office_rates
from pos.staff.audit import AuditEvent, record
from pos.staff.permissions import Role
from pos.staff.pins import read_store_secret, save_store_secret
from pos.staff.policy import LIMIT_FIELDS, write_office_limits
from pos.sync import state
from pos.sync.client import SyncClient
from pos.sync.errors import RejectedError, SyncError
from pos.sync.rules_wire import RuleProblem, RulesAckIn, RulesDoc

VERSION_KEY = "rules.version"
PROBLEMS_KEY = "rules.problems"
_CURRENCY = re.compile(r"[A-Z]{3}")
_ROLES = {r.value for r in Role}


@dataclass
class RulesReport:
    """One round's rules step: the version held after it, whether a document was applied, what was refused."""

    version: int = 0
    applied: bool = False
    problems: list[RuleProblem] = field(default_factory=list)


def _problem(kind: str, key: str, code: str, vi: str, en: str) -> RuleProblem:
    return RuleProblem(kind=kind, key=key[:60], code=code, message_vi=vi[:400], message_en=en[:400])  # type: ignore[arg-type]


def held_version(conn: Connection) -> int:
    value = state.get(conn, VERSION_KEY)
    return int(value) if value and value.isdigit() else 0


def validate(
    conn: Connection, doc: RulesDoc, *, store_code: str | None, has_store_secret: bool
) -> list[RuleProblem]:
    """Every reason the till cannot apply ``doc`` (empty: it can, whole)."""
    out: list[RuleProblem] = []
    if store_code and doc.store_code != store_code:
        out.append(
            _problem(
                "document",
                doc.store_code,
                "other_store",
                f"Quy định của cửa hàng {doc.store_code}, máy này thuộc {store_code}",
                f"Rules of store {doc.store_code}; this till belongs to {store_code}",
            )
        )
    local = {
        str(code).upper(): str(sid)
        for sid, code in conn.execute(text("SELECT id, code FROM staff WHERE origin != 'office'")).all()
    }
    held = {str(r[0]) for r in conn.execute(text("SELECT id FROM staff WHERE origin = 'office'")).all()}
    seen: set[str] = set()
    for s in doc.staff:
        code = s.code.strip().upper()
        if code in seen:
            out.append(
                _problem("staff", code, "duplicate", f"Mã {code} xuất hiện hai lần", f"Code {code} twice")
            )
        seen.add(code)
        if s.role not in _ROLES:
            out.append(
                _problem("staff", code, "unknown_role", f"Vai trò lạ: {s.role}", f"Unknown role: {s.role}")
            )
        if (s.active or s.id in held) and (code in local or s.id in local.values()):
            out.append(
                _problem(
                    "staff",
                    code,
                    "local_staff_clash",
                    f"Máy đã có nhân viên riêng mã {code}: nhân viên của máy được giữ, hãy đổi mã ở văn phòng",
                    f"This till has its own staff member {code}: the till's own stays; change the code at head office",
                )
            )
        if not s.pin_hash.startswith("$argon2id$"):
            out.append(_problem("staff", code, "bad_pin_hash", "Mã băm PIN hỏng", "Malformed PIN hash"))
    if any(s.active for s in doc.staff) and not has_store_secret:
        out.append(
            _problem(
                "document",
                "store.secret",
                "no_store_secret",
                "Máy chưa có khoá PIN của cửa hàng",
                "This till does not hold the store's PIN secret yet",
            )
        )
    currencies: set[str] = set()
    for r in doc.fx_rates:
        if not _CURRENCY.fullmatch(r.currency) or r.currency == "VND" or r.currency in currencies:
            out.append(
                _problem(
                    "fx_rate",
                    r.currency,
                    "bad_currency",
                    f"Mã tiền tệ lạ: {r.currency}",
                    f"Bad currency: {r.currency}",
                )
            )
        currencies.add(r.currency)
        if not 0 < r.rate_milli <= MAX_RATE_MILLI:
            out.append(
                _problem(
                    "fx_rate",
                    r.currency,
                    "bad_rate",
                    f"Tỷ giá {r.currency} phải lớn hơn 0",
                    f"The {r.currency} rate must be above 0",
                )
            )
    roles: set[str] = set()
    for lim in doc.discount_limits:
        if lim.role not in LIMIT_FIELDS or lim.role in roles:
            out.append(
                _problem(
                    "discount_limit",
                    lim.role,
                    "unknown_role",
                    f"Không có hạn mức cho vai trò {lim.role}",
                    f"No discount limit for role {lim.role}",
                )
            )
        roles.add(lim.role)
        if not 0 <= lim.limit_pct <= 100:
            out.append(
                _problem(
                    "discount_limit",
                    lim.role,
                    "bad_limit",
                    "Hạn mức phải từ 0 đến 100%",
                    "A limit is 0–100 %",
                )
            )
    return out


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def apply(conn: Connection, doc: RulesDoc, now: dt.datetime) -> None:
    """Write the whole (already judged) document inside the caller's transaction."""
    in_doc = set()
    for s in doc.staff:
        in_doc.add(s.id)
        values = {
            "id": s.id,
            "code": s.code.strip().upper(),
            "name": s.name,
            "role": s.role,
            "h": s.pin_hash,
            "a": 1 if s.active else 0,
            "now": now,
        }
        found = conn.execute(text("SELECT pin_hash FROM staff WHERE id = :id"), {"id": s.id}).first()
        if found is None and not s.active:  # a leaver this till never had: nothing to keep
            continue
        if found is None:
            conn.execute(
                text(
                    "INSERT INTO staff (id, code, name, role, pin_hash, active, failed_attempts, locked_until, "
                    "created_at, origin, pin_pepper) VALUES (:id, :code, :name, :role, :h, :a, 0, NULL, :now, "
                    "'office', 'store')"
                ),
                values,
            )
        else:
            conn.execute(
                text(
                    "UPDATE staff SET code = :code, name = :name, role = :role, pin_hash = :h, active = :a, "
                    "origin = 'office', pin_pepper = 'store' WHERE id = :id"
                ),
                values,
            )
            if (
                str(found[0]) != s.pin_hash
            ):  # a new PIN from head office clears a lockout, as a reset does here
                conn.execute(
                    text("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = :id"),
                    {"id": s.id},
                )
    gone = [
        str(r[0])
        for r in conn.execute(text("SELECT id FROM staff WHERE origin = 'office' AND active = 1")).all()
        if str(r[0]) not in in_doc
    ]
    for sid in gone:
        conn.execute(text("UPDATE staff SET active = 0 WHERE id = :id"), {"id": sid})
    write_office_rates(conn, [(r.currency, r.rate_milli, _naive(r.valid_until)) for r in doc.fx_rates], now)
    write_office_limits(conn, {lim.role: lim.limit_pct for lim in doc.discount_limits})
    state.put(conn, VERSION_KEY, str(doc.version))
    state.put(conn, PROBLEMS_KEY, "[]")
    record(
        conn,
        AuditEvent(
            "rules_applied",
            None,
            subject_type="rules",
            subject_id=str(doc.version),
            detail={
                "version": doc.version,
                "staff": len(doc.staff),
                "fx_rates": [r.currency for r in doc.fx_rates],
                "discount_limits": {lim.role: lim.limit_pct for lim in doc.discount_limits},
            },
        ),
        now=now,
    )


def take(engine: Engine, doc: RulesDoc, *, now: dt.datetime | None = None) -> RulesReport:
    """Judge and apply ``doc`` in one transaction: all of it, or (with problems) nothing but the problems noted."""
    now = now or utcnow()
    secret = read_store_secret(engine) is not None
    try:
        with write_tx(engine) as conn:
            held = held_version(conn)
            if not doc.changed or doc.version <= held:
                return RulesReport(held, False, [])
            problems = validate(
                conn, doc, store_code=state.get(conn, state.STORE_CODE), has_store_secret=secret
            )
            if problems:
                state.put(
                    conn, PROBLEMS_KEY, json.dumps([p.model_dump() for p in problems], ensure_ascii=False)
                )
                return RulesReport(held, False, problems)
            apply(conn, doc, now)
    except IntegrityError:
        # A clash ``validate`` did not foresee (a code held here by another head-office person): nothing applied.
        with engine.connect() as conn:
            held = held_version(conn)
            conn.rollback()
        clash = _problem(
            "document",
            str(doc.version),
            "conflict",
            "Quy định mâu thuẫn với dữ liệu của máy; không áp dụng gì",
            "The rules conflict with this till's data; nothing was applied",
        )
        return RulesReport(held, False, [clash])
    return RulesReport(doc.version, True, [])


def pull_rules(engine: Engine, client: SyncClient) -> RulesReport:
    """The round's rules step: fetch the store's pepper if missing, the document if newer, apply it, acknowledge.

    A server without these routes (404) is an older head office: nothing to follow."""
    with engine.connect() as conn:
        held = held_version(conn)
        conn.rollback()
    try:
        if read_store_secret(engine) is None:  # registered before head office handed it over, or lost
            save_store_secret(engine, client.store_secret().secret)
        doc = client.rules(held)
    except RejectedError as exc:
        if exc.status == 404:
            return RulesReport(held)
        raise
    report = take(engine, doc)
    if doc.changed:
        ack = RulesAckIn(
            version=doc.version, applied=report.applied, held_version=report.version, problems=report.problems
        )
        # Best effort: a document still refused is fetched and reported again at the next round.
        with contextlib.suppress(SyncError):
            client.ack_rules(ack)
    return report
