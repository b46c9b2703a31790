"""Errors the API answers with: a status, a stable code and the reason in Vietnamese and English.

Every error response has the shape ``pos.sync.wire.ErrorResponse``. Malformed input of any kind is a 4xx with a
reason; a 5xx means the server itself failed (and the till will retry).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import IntegrityError as SqlIntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from pos.errors import PosError


class ApiError(PosError):
    """An answer other than success, with its HTTP status (also a ``PosError``, so the CLI shows it too)."""

    def __init__(
        self, status: int, code: str, vi: str, en: str, details: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(vi, en, code=code)
        self.status = status
        self.details = details or []


def not_found(what_vi: str, what_en: str) -> ApiError:
    return ApiError(404, "not_found", f"Không tìm thấy {what_vi}", f"{what_en} not found")


def bad_request(code: str, vi: str, en: str, details: list[dict[str, Any]] | None = None) -> ApiError:
    return ApiError(422, code, vi, en, details)


def body(code: str, vi: str, en: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message_vi": vi, "message_en": en, "details": details or []}}


def _respond(
    status: int,
    code: str,
    vi: str,
    en: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(body(code, vi, en, details), status_code=status, headers=headers)


def clean_details(errors: Any) -> list[dict[str, Any]]:
    """Validation errors without the offending input (it may be huge, binary or sensitive)."""
    out = []
    for err in list(errors)[:50]:
        loc = [str(x)[:60] for x in err.get("loc", ())]
        out.append({"loc": loc, "msg": str(err.get("msg", ""))[:300], "type": str(err.get("type", ""))[:60]})
    return out


_STATUS_TEXT = {
    400: ("Yêu cầu không hợp lệ", "Bad request", "bad_request"),
    401: ("Chưa xác thực", "Not authenticated", "unauthenticated"),
    403: ("Không có quyền", "Forbidden", "forbidden"),
    404: ("Không tìm thấy", "Not found", "not_found"),
    405: ("Phương thức không được hỗ trợ", "Method not allowed", "method_not_allowed"),
    413: ("Yêu cầu quá lớn", "Request too large", "too_large"),
    415: ("Kiểu nội dung không được hỗ trợ", "Unsupported content type", "unsupported_media_type"),
}


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the common error shape."""

    @app.exception_handler(ApiError)
    async def _api(_req: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return _respond(exc.status, exc.code, exc.vi, exc.en, exc.details, headers)

    @app.exception_handler(PosError)
    async def _pos(_req: Request, exc: PosError) -> JSONResponse:
        return _respond(422, exc.code, exc.vi, exc.en)

    @app.exception_handler(RequestValidationError)
    async def _validation(_req: Request, exc: RequestValidationError) -> JSONResponse:
        return _respond(
            422,
            "invalid",
            "Dữ liệu gửi lên không hợp lệ",
            "The request is invalid",
            clean_details(exc.errors()),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        vi, en, code = _STATUS_TEXT.get(exc.status_code, ("Lỗi yêu cầu", "Request error", "http_error"))
        detail = str(exc.detail) if exc.detail else en
        return _respond(exc.status_code, code, vi, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(DataError)
    async def _data(_req: Request, _exc: DataError) -> JSONResponse:
        return _respond(422, "invalid_value", "Giá trị không lưu được", "A value cannot be stored")

    @app.exception_handler(SqlIntegrityError)
    async def _integrity(_req: Request, _exc: SqlIntegrityError) -> JSONResponse:
        return _respond(409, "conflict", "Xung đột dữ liệu (trùng mã?)", "Conflicting data (duplicate code?)")

    @app.exception_handler(PoolTimeout)
    @app.exception_handler(OperationalError)
    async def _db_down(_req: Request, _exc: Exception) -> JSONResponse:
        return _respond(
            503,
            "unavailable",
            "Cơ sở dữ liệu tạm thời không dùng được; hãy thử lại",
            "The database is unavailable for now; try again",
            headers={"Retry-After": "5"},
        )
