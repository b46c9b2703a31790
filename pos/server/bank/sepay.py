"""SePay webhooks (https://docs.sepay.vn/tich-hop-webhooks.html).

SePay posts one JSON object per bank transaction::

    {"id": 92704, "gateway": "Vietcombank", "transactionDate": "2023-03-25 14:02:37",
     "accountNumber": "0123499999", "code": null, "content": "chuyen tien mua iphone",
     "transferType": "in", "transferAmount": 2277000, "accumulated": 19077000,
     "subAccount": null, "referenceCode": "MBVCB.3278907687", "description": ""}

and, when the webhook is set to authenticate with an API key, the header ``Authorization: Apikey <KEY>``.
It counts the delivery as done on a 200/201 answer with ``{"success": true}`` and retries otherwise; ``id`` is
SePay's transaction id, the key of idempotency. ``transferType`` ``out`` is money leaving the account.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

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


class SePay:
    name = "sepay"

    def secret(self, settings: ServerSettings) -> str:
        return settings.bank_sepay_api_key

    def authentic(self, headers: Mapping[str, str], body: bytes, secret: str) -> bool:
        scheme, _, key = headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() != "apikey" or not secret:
            return False
        return hmac.compare_digest(key.strip().encode(), secret.encode())

    def parse(self, body: bytes) -> list[Notice]:
        data = load_json(body)
        if not isinstance(data, dict):
            raise NoticeError("SePay sends one JSON object")
        txn_id = text_of(data, "id", 80)
        if not txn_id:
            raise NoticeError("id: missing")
        kind = text_of(data, "transferType").lower()
        if kind not in ("in", "out"):
            raise NoticeError("transferType: must be in or out")
        amount = whole_dong(data.get("transferAmount"), "transferAmount")
        if amount < 0:
            raise NoticeError("transferAmount: negative")
        content = text_of(data, "content", 1000)
        code = text_of(data, "code", 200)  # the payment code SePay recognised in the content, if set up
        return [
            Notice(
                source=self.name,
                txn_id=txn_id,
                direction="in" if kind == "in" else "out",
                amount=amount,
                account_number=text_of(data, "accountNumber", 40),
                content=f"{content} {code}".strip() if code and code not in content else content,
                bank_reference=text_of(data, "referenceCode", 120),
                bank_time=bank_time(data.get("transactionDate")),
                raw=canonical_raw(data),
            )
        ]


SOURCE = SePay()
