"""Head office sets the rules a store's tills follow (docs/sync.md, "Rules from head office"): its staff (with
argon2id PIN hashes peppered with the store's secret, never the PIN), exchange rates with a ``valid_until``, and
the discount limit of each role. A network default (``scope`` ``*``) holds for every store without its own row.

Every change takes the next number of one counter and stamps its row; a store's document is at the highest number
among the rows it is built from, so ``GET /sync/rules?since=N`` answers "unchanged" cheaply. Nothing is deleted:
withdrawing a rate or a limit, or deactivating a person, is a change with a new number.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import BigInteger, Connection, String, cast, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from pos.errors import PosError
from pos.ids import new_id
from pos.server.db import is_postgres
from pos.server.models import (
    DiscountLimitRule,
    FxRateRule,
    RulesAck,
    ServerMeta,
    StoreSecret,
    StoreStaff,
    Terminal,
    utcnow,
)
from pos.server.models.rules import NETWORK
from pos.staff.permissions import Role
from pos.staff.pins import check_pin_format, hash_pin, verify_pin
from pos.sync.rules_wire import FxRule, LimitRule, RulesAckIn, RulesDoc, StaffRule

VERSION_KEY = "rules_version"
STAFF_ROLES = tuple(r.value for r in Role)
#: Roles a till limits (the others may discount above any limit: ``Permission.DISCOUNT_ABOVE_LIMIT``).
LIMIT_ROLES = (Role.CASHIER.value, Role.SHIFT_LEAD.value)
MAX_RATE_MILLI = 1_000_000_000
_CURRENCY = re.compile(r"[A-Z]{3}")


class RuleError(PosError):
    code = "invalid_rule"


def store_secret(conn: Connection, store_id: str) -> str:
    """The store's PIN pepper, made on first use (two registrations at once make one: the first insert wins)."""
    dialect = postgresql if is_postgres(conn) else sqlite
    conn.execute(
        dialect.insert(StoreSecret)
        .values(store_id=store_id, secret=secrets.token_hex(32), created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["store_id"])
    )
    return str(conn.execute(select(StoreSecret.secret).where(StoreSecret.store_id == store_id)).scalar_one())


def next_version(conn: Connection) -> int:
    """The next number of the rules counter (its row is locked until the caller commits, on PostgreSQL)."""
    dialect = postgresql if is_postgres(conn) else sqlite
    stmt = dialect.insert(ServerMeta).values(key=VERSION_KEY, value="1")
    stmt = stmt.on_conflict_do_update(
        index_elements=["key"],
        set_={"value": cast(cast(ServerMeta.value, BigInteger) + 1, String)},
    ).returning(ServerMeta.value)
    return int(conn.execute(stmt).scalar_one())


def _role(role: str, allowed: tuple[str, ...]) -> str:
    role = role.strip()
    if role not in allowed:
        raise RuleError(
            f"Vai trò không hợp lệ: {role[:20]}", f"Unknown role: {role[:20]}", code="unknown_role"
        )
    return role


@dataclass(frozen=True, slots=True)
class StaffRow:
    id: str
    code: str
    name: str
    role: str
    active: bool
    version: int
    updated_at: dt.datetime


def set_staff(
    conn: Connection, store_id: str, *, code: str, name: str, role: str, pin: str | None, by: str
) -> tuple[str, bool]:
    """Add a person to a store, or change the one with this code (name, role, and the PIN if given; an inactive
    one is made active again). Returns (id, created). The PIN is hashed here with the store's pepper and dropped."""
    code, name = code.strip().upper(), name.strip()
    if not code or not name or len(code) > 20 or len(name) > 120 or not re.fullmatch(r"[0-9A-Z_\-]+", code):
        raise RuleError(
            "Cần mã (≤ 20 ký tự: chữ, số, - _) và tên nhân viên",
            "A code (≤ 20 letters, digits, - or _) and a name are needed",
            code="bad_staff",
        )
    role = _role(role, STAFF_ROLES)
    row = conn.execute(
        select(StoreStaff.id).where(StoreStaff.store_id == store_id, StoreStaff.code == code)
    ).first()
    if row is None and not pin:
        raise RuleError("Nhân viên mới cần mã PIN", "A new staff member needs a PIN", code="pin_needed")
    values: dict[str, object] = {
        "name": name,
        "role": role,
        "active": True,
        "version": next_version(conn),
        "updated_at": utcnow(),
        "updated_by": by[:60],
    }
    if pin:
        check_pin_format(pin)
        pepper = store_secret(conn, store_id)
        if _pin_taken(conn, store_id, pin, pepper, None if row is None else str(row[0])):
            raise RuleError(
                "Mã PIN này đã có người trong cửa hàng dùng; hãy chọn mã khác",
                "That PIN is already used in this store; choose another",
                code="pin_taken",
            )
        values["pin_hash"] = hash_pin(pin, pepper)
    if row is None:
        staff_id = new_id()
        conn.execute(insert(StoreStaff), [{"id": staff_id, "store_id": store_id, "code": code, **values}])
        return staff_id, True
    conn.execute(update(StoreStaff).where(StoreStaff.id == row[0]).values(**values))
    return str(row[0]), False


def _pin_taken(conn: Connection, store_id: str, pin: str, pepper: str, except_id: str | None) -> bool:
    hashes = conn.execute(
        select(StoreStaff.id, StoreStaff.pin_hash).where(
            StoreStaff.store_id == store_id, StoreStaff.active.is_(True)
        )
    ).all()
    return any(verify_pin(pin, str(h), pepper) for i, h in hashes if str(i) != except_id)


def deactivate_staff(conn: Connection, store_id: str, code: str, *, by: str) -> str:
    """A leaver: inactive at head office, and at every till of the store after its next sync."""
    row = conn.execute(
        select(StoreStaff.id).where(StoreStaff.store_id == store_id, StoreStaff.code == code.strip().upper())
    ).first()
    if row is None:
        raise RuleError(f"Không có nhân viên {code[:20]}", f"No staff member {code[:20]}", code="not_found")
    conn.execute(
        update(StoreStaff)
        .where(StoreStaff.id == row[0])
        .values(active=False, version=next_version(conn), updated_at=utcnow(), updated_by=by[:60])
    )
    return str(row[0])


def store_staff(conn: Connection, store_id: str) -> list[StaffRow]:
    rows = conn.execute(
        select(
            StoreStaff.id,
            StoreStaff.code,
            StoreStaff.name,
            StoreStaff.role,
            StoreStaff.active,
            StoreStaff.version,
            StoreStaff.updated_at,
        )
        .where(StoreStaff.store_id == store_id)
        .order_by(StoreStaff.code)
    ).all()
    return [StaffRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4]), int(r[5]), r[6]) for r in rows]


def _upsert(
    conn: Connection,
    table: type[FxRateRule] | type[DiscountLimitRule],
    keys: dict[str, str],
    values: dict[str, object],
) -> None:
    where = [getattr(table, k) == v for k, v in keys.items()]
    if conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one():
        conn.execute(update(table).where(*where).values(**values))
    else:
        conn.execute(insert(table), [{**keys, **values}])


def set_fx_rate(
    conn: Connection,
    scope: str,
    currency: str,
    rate_milli: int | None,
    *,
    valid_until: dt.datetime | None,
    by: str,
) -> None:
    """Set (``rate_milli`` None: withdraw) a currency's rate for ``scope`` (a store id, or ``*`` the network)."""
    code = currency.strip().upper()
    if not _CURRENCY.fullmatch(code) or code == "VND":
        raise RuleError(f"Mã tiền tệ không hợp lệ: {currency[:8]}", f"Not a currency code: {currency[:8]}")
    if rate_milli is not None and not 0 < rate_milli <= MAX_RATE_MILLI:
        raise RuleError("Tỷ giá phải lớn hơn 0", "A rate must be above 0", code="bad_rate")
    values: dict[str, object] = {
        "active": rate_milli is not None,
        "version": next_version(conn),
        "updated_at": utcnow(),
        "updated_by": by[:60],
        "valid_until": valid_until,
    }
    if rate_milli is not None:
        values["rate_milli"] = rate_milli
    elif not conn.execute(
        select(func.count()).where(FxRateRule.scope == scope, FxRateRule.currency == code)
    ).scalar_one():
        return  # withdrawing what was never set changes nothing
    _upsert(conn, FxRateRule, {"scope": scope, "currency": code}, values)


def set_discount_limit(conn: Connection, scope: str, role: str, limit_pct: int | None, *, by: str) -> None:
    """Set (``limit_pct`` None: withdraw, the till's own limit holds again) a role's discount limit."""
    role = _role(role, LIMIT_ROLES)
    if limit_pct is not None and not 0 <= limit_pct <= 100:
        raise RuleError(
            "Hạn mức chiết khấu phải từ 0 đến 100%", "A discount limit is 0–100 %", code="bad_limit"
        )
    values: dict[str, object] = {
        "active": limit_pct is not None,
        "version": next_version(conn),
        "updated_at": utcnow(),
        "updated_by": by[:60],
    }
    if limit_pct is not None:
        values["limit_pct"] = limit_pct
    elif not conn.execute(
        select(func.count()).where(DiscountLimitRule.scope == scope, DiscountLimitRule.role == role)
    ).scalar_one():
        return
    _upsert(conn, DiscountLimitRule, {"scope": scope, "role": role}, values)


def rules_document(conn: Connection, store_id: str, store_code: str, since: int = 0) -> RulesDoc:
    """The store's whole rules at their version; ``changed`` false (no lists) when ``since`` is already it."""
    scopes = (store_id, NETWORK)
    staff = store_staff_rules(conn, store_id)
    fx = conn.execute(
        select(
            FxRateRule.scope,
            FxRateRule.currency,
            FxRateRule.rate_milli,
            FxRateRule.valid_until,
            FxRateRule.active,
            FxRateRule.version,
        ).where(FxRateRule.scope.in_(scopes))
    ).all()
    limits = conn.execute(
        select(
            DiscountLimitRule.scope,
            DiscountLimitRule.role,
            DiscountLimitRule.limit_pct,
            DiscountLimitRule.active,
            DiscountLimitRule.version,
        ).where(DiscountLimitRule.scope.in_(scopes))
    ).all()
    version = max([s.version for s in staff] + [int(r[5]) for r in fx] + [int(r[4]) for r in limits] + [0])
    now = utcnow().replace(tzinfo=dt.UTC)
    if since >= version:
        return RulesDoc(store_code=store_code, version=version, changed=False, issued_at=now)
    rates: dict[str, FxRule] = {}
    for scope, currency, rate, until, active, _v in sorted(fx, key=lambda r: r[0] != NETWORK):
        if scope == store_id or currency not in rates:  # the store's own row (active or withdrawn) wins
            if active:
                rates[currency] = FxRule(
                    currency=str(currency),
                    rate_milli=int(rate),
                    valid_until=None if until is None else until.replace(tzinfo=dt.UTC),
                )
            else:
                rates.pop(currency, None)
    set_limits: dict[str, LimitRule] = {}
    for scope, role, pct, active, _v in sorted(limits, key=lambda r: r[0] != NETWORK):
        if active:
            set_limits[str(role)] = LimitRule(role=str(role), limit_pct=int(pct))
        elif scope == store_id:
            set_limits.pop(str(role), None)
    return RulesDoc(
        store_code=store_code,
        version=version,
        changed=True,
        issued_at=now,
        staff=staff,
        fx_rates=sorted(rates.values(), key=lambda r: r.currency),
        discount_limits=sorted(set_limits.values(), key=lambda r: r.role),
    )


def store_staff_rules(conn: Connection, store_id: str) -> list[StaffRule]:
    rows = conn.execute(
        select(
            StoreStaff.id,
            StoreStaff.code,
            StoreStaff.name,
            StoreStaff.role,
            StoreStaff.pin_hash,
            StoreStaff.active,
            StoreStaff.version,
        )
        .where(StoreStaff.store_id == store_id)
        .order_by(StoreStaff.code)
    ).all()
    return [
        StaffRule(
            id=str(r[0]),
            code=str(r[1]),
            name=str(r[2]),
            role=str(r[3]),
            pin_hash=str(r[4]),
            active=bool(r[5]),
            version=int(r[6]),
        )
        for r in rows
    ]


def record_ack(conn: Connection, terminal_id: str, ack: RulesAckIn) -> None:
    """What a till said about a document: the version it holds now, and what it refused (shown in the office)."""
    held = ack.version if ack.applied else ack.held_version
    problems = json.dumps([p.model_dump() for p in ack.problems], ensure_ascii=False)[:20_000]
    values = {"version": ack.version, "applied_version": held, "problems": problems, "acked_at": utcnow()}
    if (
        conn.execute(update(RulesAck).where(RulesAck.terminal_id == terminal_id).values(**values)).rowcount
        == 0
    ):
        conn.execute(insert(RulesAck), [{"terminal_id": terminal_id, **values}])


@dataclass(frozen=True, slots=True)
class TillAck:
    terminal_code: str
    applied_version: int | None
    problems: list[dict[str, str]]
    acked_at: dt.datetime | None


def acks_of_store(conn: Connection, store_id: str) -> list[TillAck]:
    """Each till of the store with the rules version it holds and what it last refused."""
    rows = conn.execute(
        select(Terminal.code, RulesAck.applied_version, RulesAck.problems, RulesAck.acked_at)
        .outerjoin(RulesAck, RulesAck.terminal_id == Terminal.id)
        .where(Terminal.store_id == store_id)
        .order_by(Terminal.code)
    ).all()
    return [
        TillAck(str(c), None if v is None else int(v), json.loads(p) if p else [], at) for c, v, p, at in rows
    ]
