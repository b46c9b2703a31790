"""The sources' documented webhook payloads, and a stand-in sender that signs them as each source documents.

SePay: https://docs.sepay.vn/tich-hop-webhooks.html (the example body, ``Authorization: Apikey <key>``).
Casso: https://developer.casso.vn/webhook/thiet-lap-webhook-thu-cong (webhook v2: ``{"error": 0, "data": {...}}``,
``X-Casso-Signature: t=<ms>,v1=<HMAC-SHA512>``). Only ids, amounts, accounts and messages are changed per test.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from pos.server.bank.casso import sign

SEPAY_KEY = "sepay-test-key-7f3a"
CASSO_KEY = "casso-secure-key-91bd"
ACCOUNT = "0071001234567"


def sepay(txn: int, content: str, amount: int, *, kind: str = "in", account: str = ACCOUNT) -> dict[str, Any]:
    return {
        "id": txn,
        "gateway": "Vietcombank",
        "transactionDate": "2026-12-07 14:02:37",
        "accountNumber": account,
        "code": None,
        "content": content,
        "transferType": kind,
        "transferAmount": amount,
        "accumulated": 19077000,
        "subAccount": None,
        "referenceCode": f"MBVCB.{3278907687 + txn}",
        "description": f"BankAPINotify {content}",
    }


def casso(txn: int, description: str, amount: int, *, account: str = ACCOUNT) -> dict[str, Any]:
    return {
        "error": 0,
        "data": {
            "id": txn,
            "reference": f"FT2534{txn:08d}",
            "description": description,
            "amount": amount,
            "runningBalance": 25000000,
            "transactionDateTime": "2026-12-07 15:30:00",
            "accountNumber": account,
            "bankName": "Vietcombank",
            "bankAbbreviation": "VCB",
            "virtualAccountNumber": "",
            "virtualAccountName": "",
            "counterAccountName": "NGUYEN VAN A",
            "counterAccountNumber": "1903456789",
            "counterAccountBankId": "970407",
            "counterAccountBankName": "Techcombank",
        },
    }


def post_sepay(base_url: str, body: dict[str, Any], key: str | None = SEPAY_KEY) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Authorization"] = f"Apikey {key}"
    return httpx.post(f"{base_url}/api/v1/bank/sepay", content=json.dumps(body), headers=headers, timeout=30)


def post_casso(
    base_url: str, body: dict[str, Any], key: str = CASSO_KEY, *, sign_body: dict[str, Any] | None = None
) -> httpx.Response:
    """Post ``body`` as Casso does: pretty-printed JSON (the signature is over the sorted keys, not the bytes)."""
    t = "1765091400000"
    signature = sign(key, t, sign_body if sign_body is not None else body)
    return httpx.post(
        f"{base_url}/api/v1/bank/casso",
        content=json.dumps(body, ensure_ascii=False, indent=2),
        headers={"Content-Type": "application/json", "X-Casso-Signature": f"t={t},v1={signature}"},
        timeout=30,
    )
