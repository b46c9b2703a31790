"""Why a sync round failed, in both languages. ``retryable`` tells the worker whether backing off can help."""

from __future__ import annotations

from pos.errors import PosError


class SyncError(PosError):
    code = "sync"
    retryable = True


class OfflineError(SyncError):
    """The server could not be reached or the answer was lost on the way (it will be asked again)."""

    code = "offline"


class ServerError(SyncError):
    """The server answered with a failure of its own (5xx)."""

    code = "server"


class RejectedError(SyncError):
    """The server refused the request (4xx): bad credential, bad code, malformed data."""

    code = "rejected"
    retryable = False

    def __init__(self, vi: str, en: str, *, code: str | None = None, status: int = 400) -> None:
        super().__init__(vi, en, code=code)
        self.status = status


class NotRegistered(SyncError):
    code = "not_registered"
    retryable = False

    def __init__(self) -> None:
        super().__init__(
            "Máy chưa đăng ký với máy chủ: chạy `ocop-pos register --server URL --code MÃ`",
            "This till is not registered with a server: run `ocop-pos register --server URL --code CODE`",
        )
