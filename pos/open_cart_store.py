"""How the open cart is kept in ``terminal_state`` (key ``open_cart``): its JSON document deflated with zlib, a
BLOB (plain JSON text from an older version still reads). Apart from ``pos.selling.open_cart`` so that sync's
product rekeying (``pos.sync.identity``) can reach into it without importing selling."""

from __future__ import annotations

import json
import zlib
from typing import Any

from sqlalchemy import Connection, text

KEY = "open_cart"

#: zlib level of the stored document: the fastest; the JSON's repeated keys and names deflate ~6:1 even so.
LEVEL = 1


def stored_document(value: str | bytes) -> dict[str, Any]:
    """The open cart's JSON document from the stored ``value``: deflated bytes, or plain JSON text."""
    text_ = zlib.decompress(value).decode("utf-8") if isinstance(value, bytes) else value
    doc = json.loads(text_)
    if not isinstance(doc, dict):
        raise ValueError("the open cart is not a JSON object")
    return doc


def rekey_product(conn: Connection, old_id: str, new_id: str) -> None:
    """The stored open cart names product ``new_id`` where it named ``old_id`` (head office adopted the till's
    product under another id): the plain-text ``replace`` that rekeys other saved documents cannot see into the
    deflated one. Product ids are uuids: a replace of the quoted id is exact."""
    raw = conn.execute(text("SELECT value FROM terminal_state WHERE key = :k"), {"k": KEY}).scalar()
    if not isinstance(raw, bytes):
        return  # none, or plain text (rekeyed by the caller's replace)
    try:
        body = zlib.decompress(raw).decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        return  # unreadable: restore sets it aside as it is
    old, new = f'"{old_id}"', f'"{new_id}"'
    if old in body:
        conn.execute(
            text("UPDATE terminal_state SET value = :v WHERE key = :k"),
            {"k": KEY, "v": zlib.compress(body.replace(old, new).encode("utf-8"), LEVEL)},
        )


__all__ = ["KEY", "LEVEL", "rekey_product", "stored_document"]
