"""Bounded requests: a body larger than the limit is refused with 413 before it is parsed or fully read.

A declared ``Content-Length`` over the limit is refused at once; a body that streams past it (chunked, or a lying
header) is cut off as soon as it does. Gzipped uploads are inflated with a separate bound, so a small
"zip bomb" cannot balloon in memory.
"""

from __future__ import annotations

import json
import zlib

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pos.server.errors import body


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than {limit} bytes")


class BodyLimit:
    """ASGI middleware enforcing ``max_bytes`` on every request body."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _reply(
                        send, 400, "bad_request", "Content-Length không hợp lệ", "Invalid Content-Length"
                    )
                    return
                if declared > self.max_bytes:
                    await _reply(
                        send,
                        413,
                        "too_large",
                        f"Yêu cầu lớn hơn {self.max_bytes} byte",
                        f"The request body is larger than {self.max_bytes} bytes",
                    )
                    return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited, send)


async def _reply(send: Send, status: int, code: str, vi: str, en: str) -> None:
    payload = json.dumps(body(code, vi, en), ensure_ascii=False).encode()
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def inflate(data: bytes, limit: int) -> bytes:
    """Gunzip ``data``; 413 past ``limit`` bytes, 400 if it is not gzip."""
    d = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise HTTPException(400, "The body is not valid gzip") from exc
    if len(out) > limit or d.unconsumed_tail:
        raise BodyTooLarge(limit)
    if not d.eof:
        raise HTTPException(400, "The gzip body is truncated")
    return out
