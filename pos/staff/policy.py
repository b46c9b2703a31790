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
    return policy_of(None if raw is None else str(raw))


@functools.lru_cache(maxsize=8)
def policy_of(raw: str | None) -> StorePolicy:
    """The policy stored as ``raw`` (None: the defaults). Parsed once per stored text: every checkout reads it,
    and a policy is immutable."""
    return StorePolicy() if raw is None else StorePolicy.from_json(raw)


def load_policy(engine: Engine) -> StorePolicy:
    with engine.connect() as conn:
        policy = read_policy(conn)
        conn.rollback()
    return policy


def write_policy(conn: Connection, policy: StorePolicy) -> None:
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
