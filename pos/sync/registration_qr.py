"""The text of the registration QR code head office's office shows beside a till's one-time code, and reading it
back at the till. Kept apart from ``registration`` (which talks HTTP): the server draws the code without the
till's HTTP client."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

#: What the office's registration QR code holds: ``OCOPPOS:REGISTER?server=<url>&code=<one-time code>``.
QR_PREFIX = "OCOPPOS:REGISTER?"


def registration_qr_text(server_url: str, code: str) -> str:
    return QR_PREFIX + urlencode({"server": server_url, "code": code})


def parse_registration_qr(text: str) -> tuple[str | None, str]:
    """(server URL or None, code) from what was typed or scanned: the QR code's text, or just the code."""
    raw = text.strip()
    if raw.upper().startswith(QR_PREFIX):
        query = parse_qs(raw[len(QR_PREFIX) :])
        server = (query.get("server") or [""])[0].strip() or None
        return server, (query.get("code") or [""])[0].strip()
    return None, raw
