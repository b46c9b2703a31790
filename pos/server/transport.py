"""Transport security of the server: no plain HTTP except on loopback (unless a setting says so), TLS itself, and
the certificate fingerprint tills pin.

Plain HTTP is refused twice. At start: ``ocop-pos server`` will not listen on a non-loopback address without TLS
(``--ssl-certfile``/``--ssl-keyfile``) unless ``OCOP_SERVER_ALLOW_PLAIN_HTTP`` is set. Per request (``PlainHttpGuard``):
a plain-HTTP request whose client is not on loopback gets 403 ``plain_http`` — which is what a request forwarded
by a reverse proxy without ``X-Forwarded-Proto: https`` looks like (uvicorn takes the client address and scheme
from the proxy's headers when the proxy is on loopback; ``docs/sync.md``, reverse proxy).
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Any

from pos.server.settings import ServerSettings
from pos.sync.pinning import fingerprint_of_pem

PLAIN_HTTP_VI = "Máy chủ chỉ nhận HTTPS (HTTP thường chỉ được dùng trên chính máy chủ)"
PLAIN_HTTP_EN = "This server only accepts HTTPS (plain HTTP is for the server's own machine only)"


def is_loopback(host: str | None) -> bool:
    if host is None:  # a Unix socket: on this machine
        return True
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def plain_http_refusal(settings: ServerSettings) -> tuple[str, str] | None:
    """Why ``settings`` must not be served, or None: plain HTTP on a non-loopback address, not allowed."""
    if settings.ssl_certfile or settings.allow_plain_http or is_loopback(settings.host):
        return None
    return (
        f"Không phục vụ HTTP thường trên {settings.host}: hãy dùng --ssl-certfile và --ssl-keyfile, đặt máy chủ sau "
        "một reverse proxy có TLS (nghe trên 127.0.0.1), hoặc đặt OCOP_SERVER_ALLOW_PLAIN_HTTP=1 nếu mạng đã an toàn.",
        f"Refusing to serve plain HTTP on {settings.host}: use --ssl-certfile and --ssl-keyfile, put the server behind "
        "a TLS reverse proxy (listening on 127.0.0.1), or set OCOP_SERVER_ALLOW_PLAIN_HTTP=1 if the network is "
        "already protected.",
    )


def certificate_fingerprint(certfile: str | Path) -> str:
    """SHA-256 of the server's certificate, the value tills pin (``ocop-pos register --fingerprint``)."""
    return fingerprint_of_pem(Path(certfile).read_text(encoding="ascii"))


class PlainHttpGuard:
    """ASGI middleware: a plain-HTTP request from a client that is not on loopback gets 403, nothing else runs."""

    def __init__(self, app: Any, *, allow: bool) -> None:
        self.app = app
        self.allow = allow

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not self.allow and scope.get("scheme") == "http":
            client = scope.get("client")
            if not is_loopback(client[0] if client else None):
                body = json.dumps(
                    {
                        "error": {
                            "code": "plain_http",
                            "message_vi": PLAIN_HTTP_VI,
                            "message_en": PLAIN_HTTP_EN,
                            "details": [],
                        }
                    },
                    ensure_ascii=False,
                ).encode("utf-8")
                await send(
                    {
                        "type": "http.response.start",
                        "status": 403,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
