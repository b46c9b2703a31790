"""The shop's rules that a manager may tune: lockout after wrong PINs, discount limits, expiry warning.

Kept as one JSON value in ``terminal_state`` (key ``store.policy``) so it travels with the till's database and
needs no schema change when a rule is added; unknown keys are ignored, missing ones take the defaults.
"""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from sqlalchemy import Connection, Engine, text

from pos.db import write_tx
from pos.errors import ConfigError

POLICY_KEY = "store.policy"
#: Head office's discount limits per role (``pos.sync.rules_apply``): they win over the till's own, which stay
#: stored underneath and hold again if head office withdraws its limit.
OFFICE_LIMITS_KEY = "rules.discount_limits"
LIMIT_FIELDS = {"cashier": "discount_limit_pct_cashier", "shift_lead": "discount_limit_pct_shift_lead"}


@dataclass(frozen=True, slots=True)
class StorePolicy:
    """``discount_limit_pct_*``: the largest discount (percent of a line) that role may give on its own."""

    max_pin_attempts: int = 5
    lockout_minutes: int = 15
    discount_limit_pct_cashier: int = 5
    discount_limit_pct_shift_lead: int = 10
    require_open_shift: bool = True
    near_expiry_days: int = 30

    def __post_init__(self) -> None:
        if self.max_pin_attempts < 1 or self.lockout_minutes < 1:
            raise ConfigError(
                "Số lần nhập sai và thời gian khoá phải ≥ 1",
                "PIN attempts and lockout minutes must be at least 1",
            )
        for pct in (self.discount_limit_pct_cashier, self.discount_limit_pct_shift_lead):
            if not 0 <= pct <= 100:
                raise ConfigError("Hạn mức chiết khấu phải từ 0 đến 100%", "Discount limits must be 0–100 %")
        if self.near_expiry_days < 0:
            raise ConfigError("Số ngày cảnh báo hạn dùng không hợp lệ", "Invalid near-expiry days")

    def discount_limit_pct(self, role: str) -> int:
        """The role's own limit; roles with ``DISCOUNT_ABOVE_LIMIT`` are not limited (checked by the caller)."""
        if role == "shift_lead":
            return self.discount_limit_pct_shift_lead
        if role == "cashier":
            return self.discount_limit_pct_cashier
        return 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> StorePolicy:
        try:
            data: dict[str, Any] = json.loads(raw)
        except ValueError as exc:
            raise ConfigError("Chính sách cửa hàng bị hỏng", "The stored store policy is corrupt") from exc
        names = {f.name: f for f in fields(cls)}
        known = {}
        for key, value in data.items():
            if key in names and type(value) is type(getattr(cls(), key)):
                known[key] = value
        return replace(cls(), **known)


def read_policy(conn: Connection) -> StorePolicy:
    raw = conn.execute(text("SELECT value FROM terminal_state WHERE key = :k"), {"k": POLICY_KEY}).scalar()
    office = conn.execute(
        text("SELECT value FROM terminal_state WHERE key = :k"), {"k": OFFICE_LIMITS_KEY}
    ).scalar()
    return policy_of(None if raw is None else str(raw), None if office is None else str(office))


@functools.lru_cache(maxsize=8)
def policy_of(raw: str | None, office_raw: str | None = None) -> StorePolicy:
    """The policy stored as ``raw`` (None: the defaults) under head office's limits stored as ``office_raw``.
    Parsed once per stored pair: every checkout reads it, and a policy is immutable."""
    policy = StorePolicy() if raw is None else StorePolicy.from_json(raw)
    office = parse_office_limits(office_raw)
    if "cashier" in office:
        policy = replace(policy, discount_limit_pct_cashier=office["cashier"])
    if "shift_lead" in office:
        policy = replace(policy, discount_limit_pct_shift_lead=office["shift_lead"])
    return policy


def office_limits(conn: Connection) -> dict[str, int]:
    """Head office's limits by role, as last applied (empty: none set)."""
    raw = conn.execute(
        text("SELECT value FROM terminal_state WHERE key = :k"), {"k": OFFICE_LIMITS_KEY}
    ).scalar()
    return parse_office_limits(None if raw is None else str(raw))


def parse_office_limits(raw: str | None) -> dict[str, int]:
    try:
        data = json.loads(raw) if raw is not None else {}
    except ValueError:
        return {}
    return (
        {r: v for r, v in data.items() if r in LIMIT_FIELDS and type(v) is int and 0 <= v <= 100}
        if isinstance(data, dict)
        else {}
    )


def write_office_limits(conn: Connection, limits: dict[str, int]) -> None:
    """Head office's limits replace those it set before, inside the caller's transaction."""
    conn.execute(
        text(
            "INSERT INTO terminal_state (key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"
        ),
        {"k": OFFICE_LIMITS_KEY, "v": json.dumps(limits, sort_keys=True)},
    )


def load_policy(engine: Engine) -> StorePolicy:
    with engine.connect() as conn:
        policy = read_policy(conn)
        conn.rollback()
    return policy


def write_policy(conn: Connection, policy: StorePolicy) -> None:
    """Store the till's own policy. A limit head office sets is shown in ``policy`` (``read_policy``) but not
    written over the till's own, which holds again if head office withdraws its limit."""
    office = office_limits(conn)
    if office:
        raw = conn.execute(
            text("SELECT value FROM terminal_state WHERE key = :k"), {"k": POLICY_KEY}
        ).scalar()
        own = StorePolicy() if raw is None else StorePolicy.from_json(str(raw))
        keep = {LIMIT_FIELDS[r]: getattr(own, LIMIT_FIELDS[r]) for r in office}
        policy = replace(policy, **keep)
    conn.execute(
        text(
            "INSERT INTO terminal_state (key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"
        ),
        {"k": POLICY_KEY, "v": policy.to_json()},
    )


def save_policy(engine: Engine, policy: StorePolicy) -> None:
    """Store ``policy`` (callers go through ``pos.staff.directory.change_policy``, which checks and audits)."""
    with write_tx(engine) as conn:
        write_policy(conn, policy)
