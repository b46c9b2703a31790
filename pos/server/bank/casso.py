"""Casso webhooks, version 2 (https://developer.casso.vn/webhook/thiet-lap-webhook-thu-cong).

Casso posts ``{"error": 0, "data": {...}}`` with one transaction in ``data``::

    {"id": 0, "reference": "BANK_REF_ID", "description": "giao dich thu nghiem",
     "amount": 599000, "runningBalance": 25000000, "transactionDateTime": "2025-02-12 15:30:00",
     "accountNumber": "88888888", "bankName": "VPBank", "bankAbbreviation": "VPB",
     "virtualAccountNumber": "", "virtualAccountName": "", "counterAccountName": "", ...}

signed in the header ``X-Casso-Signature: t=<timestamp>,v1=<signature>``: the signature is the hex HMAC-SHA512,
keyed with the webhook's secure key, of ``<timestamp>.<body>`` where ``<body>`` is the JSON body with the keys of
every object sorted, written compactly as JavaScript's ``JSON.stringify`` writes it (Casso's own examples are in
Node). A negative ``amount`` is money leaving the account. ``id`` is Casso's transaction id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pos.server.bank.base import (
    Notice,
    NoticeError,
    bank_time,
    canonical_raw,
    load_json,
    text_of,
    whole_dong,
)
from pos.server.settings import ServerSettings

HEADER = "x-casso-signature"


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def _js_number(value: Decimal) -> str:
    """A decimal as ``JSON.stringify`` writes the number (``599000.0`` → ``599000``, ``1.50`` → ``1.5``)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def js_json(value: Any) -> str:
    """Compact JSON as ``JSON.stringify`` writes it: no spaces, non-ASCII letters as they are, numbers short."""
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{js_json(v)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(js_json(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return _js_number(value)
    return json.dumps(value, ensure_ascii=False)


def signed_message(timestamp: str, body: Any) -> bytes:
    """What Casso signs: the timestamp, a dot, the body with sorted keys as compact JSON."""
    return f"{timestamp}.{js_json(_sorted(body))}".encode()


def sign(secret: str, timestamp: str, body: Any) -> str:
    """The ``v1`` signature of ``body`` at ``timestamp`` (also what tests and the stand-in sender use)."""
    return hmac.new(secret.encode(), signed_message(timestamp, body), hashlib.sha512).hexdigest()


def _signature_parts(header: str) -> tuple[str, str]:
    parts = dict(p.strip().partition("=")[::2] for p in header.split(",") if "=" in p)
    return parts.get("t", "").strip(), parts.get("v1", "").strip().lower()


class Casso:
    name = "casso"

    def secret(self, settings: ServerSettings) -> str:
        return settings.bank_casso_secret

    def authentic(self, headers: Mapping[str, str], body: bytes, secret: str) -> bool:
        timestamp, given = _signature_parts(headers.get(HEADER, ""))
        if not secret or not timestamp or not given or len(timestamp) > 20 or len(given) != 128:
            return False
        try:
            data = load_json(body)
            expected = sign(secret, timestamp, data)
        except (NoticeError, ValueError):
            return False
        return hmac.compare_digest(expected, given)

    def parse(self, body: bytes) -> list[Notice]:
        envelope = load_json(body)
        if not isinstance(envelope, dict) or "data" not in envelope:
            raise NoticeError("Casso sends {error, data}")
        if envelope.get("error") not in (0, None):
            raise NoticeError("error: not 0")
        data = envelope["data"]
        items = data if isinstance(data, list) else [data]  # version 1 sent a list; version 2 one object
        return [self._notice(item) for item in items]

    def _notice(self, item: Any) -> Notice:
        if not isinstance(item, dict):
            raise NoticeError("data: not an object")
        txn_id = text_of(item, "id", 80)
        if not txn_id:
            raise NoticeError("id: missing")
        amount = whole_dong(item.get("amount"), "amount")
        return Notice(
            source=self.name,
            txn_id=txn_id,
            direction="in" if amount >= 0 else "out",
            amount=abs(amount),
            account_number=text_of(item, "accountNumber", 40),
            content=text_of(item, "description", 1000),
            bank_reference=text_of(item, "reference", 120),
            bank_time=bank_time(item.get("transactionDateTime") or item.get("when")),
            raw=canonical_raw(item),
        )


SOURCE = Casso()
