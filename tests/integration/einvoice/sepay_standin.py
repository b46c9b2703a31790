"""A local stand-in for the SePay eInvoice API, written from its public documentation (developer.sepay.vn,
einvoice-api/v1): Basic-auth token endpoint, Bearer calls, ``/v1/invoices/create`` answering a tracking code,
``/v1/invoices/create/check/{tracking_code}`` answering ``Pending`` then ``Success``, the invoice read by its
reference code, the documented error shape ``{"success": false, "error": {"code", "message"}}`` and
``409 EINVOICE_DOCUMENT_EXISTED`` for a reference code it already holds.

It records every invoice it accepted (``created``: reference_code → body) and how often each was offered, so a
test can prove each invoice reached it exactly once. ``refuse`` makes it refuse given references with 422.
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import threading
import time
from collections import Counter
from decimal import Decimal
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

CLIENT_ID = "ocop-test"
CLIENT_SECRET = "s3cret"
ACCOUNT = "0aea3134-da40-11f0-aef4-52c7e9b4f41b"


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"success": False, "error": {"code": code, "message": message}}, status_code=status)


class SePayStandIn:
    def __init__(self, *, token_ttl_s: int = 86400, pending_checks: int = 1) -> None:
        self.created: dict[str, dict[str, Any]] = {}
        self.offered: Counter[str] = Counter()
        self.refuse: set[str] = set()
        self.tokens: dict[str, float] = {}
        self.token_ttl_s = token_ttl_s
        self.pending_checks = pending_checks
        self._tracking: dict[str, str] = {}
        self._checks: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.app = self._build()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = int(self._sock.getsockname()[1])
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning"))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> SePayStandIn:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("stand-in did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)

    def expire_tokens(self) -> None:
        self.tokens.clear()

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        token = header.removeprefix("Bearer ").strip()
        return header.startswith("Bearer ") and self.tokens.get(token, 0) > time.monotonic()

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/token")
        async def token(request: Request) -> JSONResponse:
            header = request.headers.get("authorization", "")
            try:
                user, _, password = base64.b64decode(header.removeprefix("Basic ")).decode().partition(":")
            except ValueError:
                user = password = ""
            if not header.startswith("Basic ") or (user, password) != (CLIENT_ID, CLIENT_SECRET):
                return _error(401, "UNAUTHORIZED", "Sai client_id hoặc client_secret.")
            value = secrets.token_urlsafe(24)
            self.tokens[value] = time.monotonic() + self.token_ttl_s
            return JSONResponse(
                {
                    "success": True,
                    "data": {"access_token": value, "token_type": "Bearer", "expires_in": self.token_ttl_s},
                }
            )

        @app.post("/v1/invoices/create")
        async def create(request: Request) -> JSONResponse:
            if not self._authorised(request):
                return _error(401, "UNAUTHORIZED", "Token thiếu, sai hoặc đã hết hạn.")
            # Numbers read as Decimal, so a test sees exactly the digits the adapter wrote.
            body = json.loads(await request.body(), parse_float=Decimal)
            missing = [
                k
                for k in (
                    "template_code",
                    "invoice_series",
                    "issued_date",
                    "currency",
                    "provider_account_id",
                    "buyer",
                    "items",
                )
                if k not in body
            ]
            if missing:
                return _error(400, "BAD_REQUEST", f"Thiếu trường bắt buộc: {', '.join(missing)}")
            if body["provider_account_id"] != ACCOUNT:
                return _error(404, "PROVIDER_ACCOUNT_NOT_FOUND", "Không tìm thấy tài khoản nhà cung cấp.")
            ref = str(body.get("reference_code") or secrets.token_hex(8))
            with self._lock:
                self.offered[ref] += 1
                if ref in self.refuse:
                    return _error(422, "INVALID_INVOICE_DATA", "Dữ liệu hoá đơn không hợp lệ.")
                if ref in self.created:
                    return _error(
                        409,
                        "EINVOICE_DOCUMENT_EXISTED",
                        "Hệ thống đã ghi nhận hoá đơn cho mã tham chiếu này.",
                    )
                items_total = sum(int(i.get("before_tax_amount", 0)) for i in body["items"])
                if not body["items"] or (items_total == 0 and body.get("total_amount", 0) != 0):
                    return _error(422, "INVALID_ITEMS", "Danh sách hàng hoá không hợp lệ.")
                self.created[ref] = body
                tracking = secrets.token_hex(10)
                self._tracking[tracking] = ref
            return JSONResponse({"success": True, "data": {"tracking_code": tracking}})

        def _invoice(ref: str, status: str) -> dict[str, Any]:
            body = self.created[ref]
            return {
                "reference_code": ref,
                "invoice_number": str(list(self.created).index(ref) + 1),
                "issued_date": body["issued_date"][:10],
                "status": status,
                "buyer": body["buyer"],
                "total_amount": body.get("total_amount"),
            }

        @app.get("/v1/invoices/create/check/{tracking}")
        async def check(tracking: str, request: Request) -> JSONResponse:
            if not self._authorised(request):
                return _error(401, "UNAUTHORIZED", "Token thiếu, sai hoặc đã hết hạn.")
            ref = self._tracking.get(tracking)
            if ref is None:
                return _error(404, "NOT_FOUND", "Không tìm thấy yêu cầu tương ứng với tracking_code.")
            self._checks[tracking] += 1
            if self._checks[tracking] <= self.pending_checks:
                return JSONResponse(
                    {
                        "success": True,
                        "data": {"reference_code": ref, "status": "Pending", "message": "Đang xử lý"},
                    }
                )
            return JSONResponse(
                {
                    "success": True,
                    "data": {
                        "reference_code": ref,
                        "status": "Success",
                        "message": "Xuất hóa đơn điện tử thành công",
                        "invoice": _invoice(ref, "issued"),
                    },
                }
            )

        @app.get("/v1/invoices/{ref}")
        async def read(ref: str, request: Request) -> JSONResponse:
            if not self._authorised(request):
                return _error(401, "UNAUTHORIZED", "Token thiếu, sai hoặc đã hết hạn.")
            if ref not in self.created:
                return _error(404, "NOT_FOUND", "Không tìm thấy hoá đơn.")
            return JSONResponse({"success": True, "data": _invoice(ref, "issued")})

        return app
