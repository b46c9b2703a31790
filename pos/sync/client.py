"""HTTP client of the central server, used only from the sync worker's thread (or the command line).

Every failure becomes a ``SyncError``: a connection that cannot be made, is reset, times out or delivers a
truncated or unparsable answer is ``OfflineError`` (the request is simply made again later: uploads are
idempotent), a 5xx is ``ServerError``, a 4xx is ``RejectedError`` with the server's reason.
"""

from __future__ import annotations

import gzip
import json
import socket
import ssl
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from pos.sync.errors import OfflineError, RejectedError, ServerError
from pos.sync.fingerprints import pretty
from pos.sync.pinning import CertificateMismatch, PinnedTransport
from pos.sync.rules_wire import RulesAckAnswer, RulesAckIn, RulesDoc, StoreSecretDoc
from pos.sync.settlement_wire import StoreStatementDoc
from pos.sync.transfer_wire import TransferAnswer, TransferQuestion
from pos.sync.wire import (
    API,
    AnchorsPage,
    ChangesPage,
    EInvoiceExchange,
    EInvoiceExchangeResult,
    IncomingTransfers,
    RegisterRequest,
    RegisterResponse,
    ReturnableSaleDoc,
    ReturnClaimAnswer,
    ReturnClaimDoc,
    StatusAck,
    TillStatus,
    TransferReceiptAnswer,
    TransferReceiptDoc,
    UploadResult,
)

T = TypeVar("T", bound=BaseModel)
USER_AGENT = "ocop-pos-till/1"
#: Bodies larger than this are gzipped (island links are slow; JSON shrinks about five times).
GZIP_OVER = 2048


def _timeout(seconds: float) -> httpx.Timeout:
    return httpx.Timeout(seconds, connect=min(seconds, 10.0))


class SyncClient:
    """One server, one credential. ``transport`` lets tests put something real in between."""

    def __init__(
        self,
        base_url: str,
        token: str = "",
        *,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        pin: str | None = None,
    ) -> None:
        """``pin``: the SHA-256 fingerprint the server's certificate must have (``pos.sync.pinning``); an https
        server is always reached through ``PinnedTransport`` (which, without a pin, records what it saw)."""
        headers = {"User-Agent": USER_AGENT}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.base_url = base_url.rstrip("/")
        self.pinned: PinnedTransport | None = None
        if transport is None and self.base_url.startswith("https://"):
            transport = self.pinned = PinnedTransport(pin)
        if transport is None:  # small requests go out at once instead of waiting on Nagle's algorithm
            transport = httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)])
        self._http = httpx.Client(
            base_url=self.base_url, headers=headers, timeout=_timeout(timeout), transport=transport
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _send(self, method: str, path: str, model: type[T], **kwargs: Any) -> T:
        try:
            response = self._http.request(method, API + path, **kwargs)
        except CertificateMismatch as exc:
            raise RejectedError(
                f"Máy chủ {self.base_url} đưa ra chứng chỉ khác với chứng chỉ đã ghi nhận khi đăng ký "
                f"(SHA-256 {pretty(exc.got)}, cần {pretty(exc.expected)}). Không gửi gì cả: có thể có kẻ đứng giữa "
                "trên mạng này. Nếu văn phòng đã thay chứng chỉ, hãy đăng ký lại với mã mới và dấu vân tay mới.",
                f"The server {self.base_url} presented another certificate than the one pinned at registration "
                f"(SHA-256 {pretty(exc.got)}, expected {pretty(exc.expected)}). Nothing was sent: someone may be in "
                "the middle of this network. If head office changed its certificate, register again with a new "
                "code and the new fingerprint.",
                code="certificate_mismatch",
            ) from exc
        except httpx.TimeoutException as exc:
            raise OfflineError(
                "Máy chủ không trả lời kịp", f"The server did not answer in time ({exc.__class__.__name__})"
            ) from exc
        except (httpx.TransportError, OSError) as exc:
            if _untrusted_certificate(exc):
                raise RejectedError(
                    f"Không tin được chứng chỉ của máy chủ {self.base_url} (tự ký hoặc sai tên). Hãy lấy dấu vân tay "
                    "SHA-256 của chứng chỉ từ văn phòng và đăng ký với --fingerprint.",
                    f"The certificate of {self.base_url} is not trusted (self-signed or for another name). Get its "
                    "SHA-256 fingerprint from head office and register with --fingerprint.",
                    code="untrusted_certificate",
                ) from exc
            raise OfflineError(
                f"Không kết nối được máy chủ {self.base_url}",
                f"Cannot reach the server {self.base_url} ({exc.__class__.__name__}: {exc})",
            ) from exc
        if response.status_code >= 500:
            raise ServerError(
                f"Máy chủ lỗi ({response.status_code})", f"Server error ({response.status_code})"
            )
        if response.status_code >= 400:
            code, vi, en = _error_of(response)
            raise RejectedError(vi, en, code=code, status=response.status_code)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise OfflineError("Câu trả lời của máy chủ bị hỏng", "The server's answer was garbled") from exc

    def register(self, request: RegisterRequest) -> RegisterResponse:
        return self._send(
            "POST",
            "/register",
            RegisterResponse,
            content=request.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )

    def upload(self, body: bytes) -> UploadResult:
        """Post an upload envelope (``pos.sync.outbox.envelope``)."""
        headers = {"Content-Type": "application/json"}
        if len(body) > GZIP_OVER:
            body = gzip.compress(body, compresslevel=5)
            headers["Content-Encoding"] = "gzip"
        return self._send("POST", "/sync/upload", UploadResult, content=body, headers=headers)

    def report_status(self, status: TillStatus) -> StatusAck:
        """Tell head office how this till is (once a round; a server without the route answers 404)."""
        return self._send(
            "POST",
            "/sync/status",
            StatusAck,
            content=status.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )

    def anchors(self) -> AnchorsPage:
        """This till's journal anchors as the server kept them."""
        return self._send("GET", "/sync/anchors", AnchorsPage)

    def returnable_sale(self, terminal: str, receipt_no: int) -> ReturnableSaleDoc:
        """A sale of this till's store held by head office, with what is left to return (``pos.server.returns``)."""
        return self._send(
            "GET", "/sync/sales", ReturnableSaleDoc, params={"terminal": terminal, "receipt_no": receipt_no}
        )

    def store_statement(self, producer_code: str, start: str, end: str) -> StoreStatementDoc:
        """A producer's consignment statement for this till's whole store, built at head office (every till)."""
        return self._send(
            "GET",
            "/sync/settlement",
            StoreStatementDoc,
            params={"producer": producer_code, "start": start, "end": end},
        )

    def claim_return(self, body: ReturnClaimDoc) -> ReturnClaimAnswer:
        """Ask head office to accept a refund before paying it (409 ``over_return``: another till was first)."""
        return self._send(
            "POST",
            "/sync/returns",
            ReturnClaimAnswer,
            content=body.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )

    def incoming_transfers(self) -> IncomingTransfers:
        """The transfers in transit to this till's store (``pos.sync.transfers_in``)."""
        return self._send("GET", "/sync/transfers", IncomingTransfers)

    def receive_transfer(self, transfer_id: str, body: TransferReceiptDoc) -> TransferReceiptAnswer:
        """Record what arrived of a transfer; head office applies one ``receipt_id`` once (409: received before)."""
        return self._send(
            "POST",
            f"/sync/transfers/{transfer_id}/receive",
            TransferReceiptAnswer,
            content=body.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )

    def rules(self, since: int) -> RulesDoc:
        """The store's rules from head office, or ``changed: false`` when ``since`` is current."""
        return self._send("GET", "/sync/rules", RulesDoc, params={"since": since})

    def ack_rules(self, body: RulesAckIn) -> RulesAckAnswer:
        """Tell head office whether the rules document was applied, or what the till refused."""
        return self._send(
            "POST",
            "/sync/rules/ack",
            RulesAckAnswer,
            content=body.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )

    def store_secret(self) -> StoreSecretDoc:
        """The store's PIN pepper (``store.secret``), for a till registered before it was handed over."""
        return self._send("GET", "/sync/store-secret", StoreSecretDoc)

    def catalogue_changes(self, after: str, limit: int = 500) -> ChangesPage:
        return self._send("GET", "/sync/catalogue", ChangesPage, params={"after": after, "limit": limit})

    def einvoice_states(self, body: EInvoiceExchange) -> EInvoiceExchangeResult:
        """Tell the states of the till's own e-invoices, ask those head office relays (``pos.sync.einvoice_states``)."""
        content = body.model_dump_json().encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if len(content) > GZIP_OVER:
            content = gzip.compress(content, compresslevel=5)
            headers["Content-Encoding"] = "gzip"
        return self._send("POST", "/sync/einvoices", EInvoiceExchangeResult, content=content, headers=headers)

    def transfer_status(self, question: TransferQuestion) -> TransferAnswer:
        """Has the bank said the VietQR transfer the till shows arrived (``pos.sync.transfer_watch``)?"""
        return self._send(
            "POST",
            "/sync/transfer",
            TransferAnswer,
            content=question.model_dump_json(),
            headers={"Content-Type": "application/json"},
        )


def _untrusted_certificate(exc: BaseException) -> bool:
    """A TLS handshake refused because no trusted authority vouches for the certificate (not a network fault:
    trying again changes nothing)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _error_of(response: httpx.Response) -> tuple[str, str, str]:
    try:
        err = json.loads(response.content)["error"]
        return str(err["code"]), str(err["message_vi"]), str(err["message_en"])
    except (ValueError, KeyError, TypeError):
        text = response.text[:200]
        return (
            "http",
            f"Máy chủ từ chối ({response.status_code}): {text}",
            f"Refused ({response.status_code}): {text}",
        )
