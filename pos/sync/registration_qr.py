"""The text of the registration QR code head office's office shows beside a till's one-time code, and reading it
back at the till. Kept apart from ``registration`` (which talks HTTP): the server draws the code without the
till's HTTP client."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

#: What the office's registration QR code holds: ``OCOPPOS:REGISTER?server=<url>&code=<one-time code>``, and
#: ``&fp=<SHA-256 of the server's certificate>`` when the server speaks TLS (the till pins it).
QR_PREFIX = "OCOPPOS:REGISTER?"


def registration_qr_text(server_url: str, code: str, fingerprint: str = "") -> str:
    fields = {"server": server_url, "code": code}
    if fingerprint:
        fields["fp"] = fingerprint
    return QR_PREFIX + urlencode(fields)


def parse_registration_qr(text: str) -> tuple[str | None, str, str | None]:
    """(server URL, code, certificate fingerprint) from what was typed or scanned: the QR code's text, or just
    the code (then only the code)."""
    raw = text.strip()
    if raw.upper().startswith(QR_PREFIX):
        query = parse_qs(raw[len(QR_PREFIX) :])

        def one(key: str) -> str | None:
            return (query.get(key) or [""])[0].strip() or None

        return one("server"), one("code") or "", one("fp")
    return None, raw, None
