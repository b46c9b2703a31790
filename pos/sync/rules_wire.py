"""Head office's rules for the tills of a store, on the wire (``GET /sync/rules``, ``POST /sync/rules/ack``,
``GET /sync/store-secret``); docs/sync.md, "Rules from head office".

The document is always the store's whole set (staff, exchange rates, discount limits per role), never a delta:
a till that applies it holds exactly what head office holds, whatever it missed. Its fields are bounded but not
judged here (a role a till does not know, a rate of 0): the till judges the whole document and reports what it
refuses in its acknowledgement, instead of failing to read it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from pos.sync.wire import N20, N120, T20, T60, T200, T400, Id, Wire

Version = Annotated[int, Field(strict=True, ge=0, le=2**53)]
AnyInt = Annotated[int, Field(strict=True, ge=-(10**15), le=10**15)]
Secret = Annotated[str, Field(min_length=32, max_length=64, pattern=r"^[0-9a-f]+$")]


class StaffRule(Wire):
    """A person of the store; ``pin_hash`` is argon2id over ``store-pepper:PIN`` (never the PIN)."""

    id: Id
    code: N20
    name: N120
    role: T20
    pin_hash: Annotated[str, Field(min_length=1, max_length=200)]
    active: bool
    version: Version


class FxRule(Wire):
    """đồng per unit × 1000; ``valid_until`` (UTC): after it the till takes no foreign cash at this rate."""

    currency: Annotated[str, Field(min_length=1, max_length=8)]
    rate_milli: AnyInt
    valid_until: dt.datetime | None = None


class LimitRule(Wire):
    role: T20
    limit_pct: AnyInt


class RulesDoc(Wire):
    """The store's rules as of ``version``; ``changed`` false (and empty lists): the till's ``since`` is current."""

    store_code: N20
    version: Version
    changed: bool
    issued_at: dt.datetime
    staff: list[StaffRule] = Field(default_factory=list, max_length=2000)
    fx_rates: list[FxRule] = Field(default_factory=list, max_length=200)
    discount_limits: list[LimitRule] = Field(default_factory=list, max_length=20)


ProblemKind = Literal["document", "staff", "fx_rate", "discount_limit"]


class RuleProblem(Wire):
    """One thing a till refused: ``kind``, which one (``key``: a staff code, a currency, a role), and why."""

    kind: ProblemKind
    key: T60 = ""
    code: T60
    message_vi: T400 = ""
    message_en: T400 = ""


class RulesAckIn(Wire):
    """A till's answer to a document: ``applied`` and the version it now holds, or every problem (then nothing
    of that document was applied and the till keeps ``held_version``)."""

    version: Version
    applied: bool
    held_version: Version = 0
    problems: list[RuleProblem] = Field(default_factory=list, max_length=500)


class RulesAckAnswer(Wire):
    received_at: dt.datetime


class StoreSecretDoc(Wire):
    """The store's PIN pepper (``<home>/store.secret`` at the till), over the till's authenticated channel."""

    store_code: N20
    secret: Secret
    note: T200 = ""
