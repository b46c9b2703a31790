"""SePay eInvoice API (developer.sepay.vn/en/einvoice-api/v1), as its public documentation describes it.

* ``POST /v1/token`` with HTTP Basic (client_id, client_secret) → ``{"success": true, "data": {"access_token",
  "token_type": "Bearer", "expires_in": 86400}}``; every other call carries ``Authorization: Bearer …``; a 401
  means the token expired: get a new one and ask again.
* ``POST /v1/invoices/create`` — ``template_code``, ``invoice_series``, ``issued_date`` (``YYYY-MM-DD HH:mm:ss``),
  ``currency``, ``provider_account_id``, ``reference_code`` (unique within the account), ``payment_method``
  (``TM``, ``CK``, ``TM/CK``, ``KHAC``), ``is_draft``, ``buyer``, ``items``, ``notes``, ``total_amount`` →
  ``data.tracking_code``.
* ``GET /v1/invoices/create/check/{tracking_code}`` → ``data.status`` ``Pending`` / ``Success`` / ``Failed``,
  ``data.message``, ``data.invoice`` (``invoice_number``, ``status`` ``draft``/``issued``…).
* Errors: ``{"success": false, "error": {"code", "message"}}``; 400/422 the data is wrong, 401 the token, 404 not
  found, 409 the object exists — ``EINVOICE_DOCUMENT_EXISTED`` when a ``reference_code`` was already recorded.

Idempotency: the ``reference_code`` is the sale's id. A resend after a lost answer gets 409
``EINVOICE_DOCUMENT_EXISTED``; the adapter then reads the invoice by its reference
(``GET /v1/invoices/{reference_code}``, the invoice detail the documentation's CLI reads) instead of creating a
second one. The tax-authority code made at the till travels in ``notes`` and as ``reference``: the documented
create API has no field for a code the seller generates (docs/einvoice.md, *Providers*). Nor, as far as the
documentation we have shows, for a buyer's passport number (the format's ``NMua/SHChieu``): a traveller's passport
travels in ``notes`` too (``hộ chiếu …``), next to the buyer's name — to be mapped to SePay's own field once its
documentation names one.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from pos.einvoice.providers.base import AccountRefused, Outcome, Refused, Submission, Unreachable
from pos.einvoice.xml import read_document

PAYMENT = {"Tiền mặt": "TM", "Chuyển khoản": "CK", "Thẻ": "CK"}
NO_BUYER = "Người mua không lấy hoá đơn"


def payment_code(method: str) -> str:
    codes = {PAYMENT.get(part, "KHAC") for part in method.split("/")}
    if codes == {"TM"}:
        return "TM"
    if codes == {"CK"}:
        return "CK"
    if codes <= {"TM", "CK"}:
        return "TM/CK"
    return "KHAC"


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_EXACT = re.compile(r'"\\u0000exact:(-?[0-9]+\.[0-9]+)"')


def exact_number(value: str) -> int | Decimal:
    """A quantity or unit price as the XML writes it (``1.234``, ``18500``), kept exact: an int when whole, else
    a Decimal. Never a float: a float cannot hold 9 007 199 254 740 993 đồng or 0.1 kg exactly."""
    raw = value.strip()
    if not _NUMBER.fullmatch(raw):
        raise ValueError(f"not a plain decimal number: {value!r}")
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the pattern lets only plain decimals through
        raise ValueError(f"not a number: {value!r}") from exc
    if number == number.to_integral_value():
        return int(number)
    return number.normalize()


def _exact_default(value: object) -> str:
    if isinstance(value, Decimal):
        return f"\x00exact:{value:f}"  # a marker, turned back into a bare JSON number by ``encode_body``
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def encode_body(body: Mapping[str, Any]) -> bytes:
    """The request body as JSON, Decimals written as exact JSON numbers (the standard encoder would need floats)."""
    text = json.dumps(body, ensure_ascii=False, default=_exact_default)
    return _EXACT.sub(lambda m: m.group(1), text).encode("utf-8")


def create_body(item: Submission, provider_account_id: str) -> dict[str, Any]:
    """The create request for one stored invoice (pure: tested without a network)."""
    doc = read_document(item.xml)
    buyer = doc.buyer
    body: dict[str, Any] = {
        "template_code": doc.form,
        "invoice_series": doc.series,
        "issued_date": doc.issued_at.replace("T", " ")[:19],
        "currency": "VND",
        "provider_account_id": provider_account_id,
        "reference_code": item.sale_id,
        "payment_method": payment_code(doc.payment_method),
        "is_draft": False,
        "buyer": {
            "name": buyer.get("Ten") or NO_BUYER,
            "tax_code": buyer.get("MST", ""),
            "address": buyer.get("DChi", ""),
            "email": buyer.get("DCTDTu", ""),
            "phone": buyer.get("SDThoai", ""),
        },
        "items": [
            {
                "line_number": line.no,
                "line_type": 1,
                "item_code": line.sku,
                "item_name": line.name,
                "unit": line.unit,
                "quantity": exact_number(line.quantity),
                "unit_price": exact_number(line.unit_price),
                "before_tax_amount": line.amount,
                "tax_rate": int(line.rate.rstrip("%")) if line.rate.endswith("%") else -1,
            }
            for line in doc.lines
        ],
        "notes": f"MCCQT {item.code} · {doc.receipt}"
        + (f" · điều chỉnh {doc.related_code}" if doc.related_code else "")
        + (f" · hộ chiếu {buyer['SHChieu']}" if buyer.get("SHChieu") else ""),
        "total_amount": doc.total,
    }
    if buyer.get("CCCDan"):
        body["buyer"]["identity_number"] = buyer["CCCDan"]
    return body


class SePayProvider:
    name = "sepay"

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        provider_account_id: str,
        *,
        timeout: float = 20.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth = (client_id, client_secret)
        self._account = provider_account_id
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={"User-Agent": "ocop-pos-till/1"},
        )
        self._token = ""
        self._token_until = 0.0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> SePayProvider:
        return cls(
            str(settings.get("base_url") or "https://einvoice-api.sepay.vn"),
            str(settings.get("client_id") or ""),
            str(settings.get("client_secret") or ""),
            str(settings.get("provider_account_id") or ""),
            timeout=float(settings.get("timeout_s") or 20.0),
        )

    def close(self) -> None:
        self._http.close()

    # -- the wire ------------------------------------------------------------------------------------------
    def _send(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            return self._http.request(method, path, **kw)
        except httpx.HTTPError as exc:  # connect, reset, timeout, truncated answer: nothing is known
            raise Unreachable(f"{type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _json(resp: httpx.Response) -> dict[str, Any]:
        try:
            data = resp.json()
        except ValueError as exc:
            raise Unreachable(f"unreadable answer (HTTP {resp.status_code})") from exc
        if not isinstance(data, dict):
            raise Unreachable(f"unexpected answer (HTTP {resp.status_code})")
        return data

    def _refresh_token(self) -> None:
        resp = self._send("POST", "/v1/token", auth=self._auth)
        if resp.status_code >= 500:
            raise Unreachable(f"HTTP {resp.status_code} getting a token")
        data = self._json(resp)
        if resp.status_code != 200 or not data.get("success"):
            err = data.get("error") or {}
            code = str(err.get("code") or resp.status_code)
            raise AccountRefused(f"{code}: {err.get('message') or 'token refused'}")
        token = data.get("data") or {}
        self._token = str(token.get("access_token") or "")
        self._token_until = time.monotonic() + max(60.0, float(token.get("expires_in") or 3600) - 60.0)

    def _call(self, method: str, path: str, **kw: Any) -> tuple[int, dict[str, Any]]:
        extra = kw.pop("headers", {})
        for attempt in (1, 2):
            if not self._token or time.monotonic() >= self._token_until:
                self._refresh_token()
            headers = {"Authorization": f"Bearer {self._token}", **extra}
            resp = self._send(method, path, headers=headers, **kw)
            if resp.status_code == 401 and attempt == 1:
                self._token = ""  # expired: a new token, once
                continue
            if resp.status_code >= 500:
                raise Unreachable(f"HTTP {resp.status_code}")
            return resp.status_code, self._json(resp)
        raise AccountRefused("401: a fresh token was refused")

    @staticmethod
    def _error(status: int, data: Mapping[str, Any]) -> Refused:
        err = data.get("error") or {}
        return Refused(str(err.get("code") or f"HTTP_{status}"), str(err.get("message") or ""))

    # -- the adapter ---------------------------------------------------------------------------------------
    def submit(self, item: Submission) -> Outcome:
        status, data = self._call(
            "POST",
            "/v1/invoices/create",
            content=encode_body(create_body(item, self._account)),
            headers={"Content-Type": "application/json"},
        )
        if status == 409 and (data.get("error") or {}).get("code") == "EINVOICE_DOCUMENT_EXISTED":
            return self._existing(item)  # our earlier request got through; its answer was lost
        if status != 200 or not data.get("success"):
            raise self._error(status, data)
        tracking = str((data.get("data") or {}).get("tracking_code") or "")
        if not tracking:
            raise Unreachable("no tracking_code in the answer")
        return self.check(item, tracking)

    def _existing(self, item: Submission) -> Outcome:
        status, data = self._call("GET", f"/v1/invoices/{item.sale_id}")
        if status != 200 or not data.get("success"):
            raise self._error(status, data)
        inv = data.get("data") or {}
        if inv.get("status") == "issued":
            return Outcome("accepted", str(inv.get("invoice_number") or item.sale_id))
        return Outcome("sent", str(inv.get("tracking_code") or ""), note=str(inv.get("status") or ""))

    def check(self, item: Submission, ref: str) -> Outcome:
        if not ref:
            return self._existing(item)
        status, data = self._call("GET", f"/v1/invoices/create/check/{ref}")
        if status == 404:
            return self._existing(item)
        if status != 200 or not data.get("success"):
            raise self._error(status, data)
        result = data.get("data") or {}
        state = str(result.get("status") or "")
        if state == "Success":
            inv = result.get("invoice") or {}
            return Outcome(
                "accepted", str(inv.get("invoice_number") or ref), note=str(result.get("message") or "")
            )
        if state == "Failed":
            raise Refused("Failed", str(result.get("message") or "the provider could not issue the invoice"))
        return Outcome("sent", ref, note=str(result.get("message") or ""))
