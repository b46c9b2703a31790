"""What every notification source is reduced to, and the exact parsing they share.

A source module knows its own wire format and how it authenticates; everything after that (storing, matching,
reconciling) sees only :class:`Notice`. Amounts are parsed exactly: JSON numbers are read as ``Decimal`` and
must be whole đồng; a float never touches money.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Protocol

from pos.server.settings import ServerSettings

Direction = Literal["in", "out"]
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


class NoticeError(ValueError):
    """The body is not a notification of this source (answered 422, nothing stored)."""


@dataclass(frozen=True, slots=True)
class Notice:
    """One bank transaction as a source reported it."""

    source: str
    txn_id: str
    direction: Direction
    amount: int  # đồng, positive
    account_number: str
    content: str
    bank_reference: str
    bank_time: dt.datetime | None  # Vietnam local time, naive, as the bank gave it
    raw: str


class Source(Protocol):
    """A notification source: its name in the URL, its key in the settings, its check and its parser."""

    name: str

    def secret(self, settings: ServerSettings) -> str:
        """The key this source signs or authenticates with ('' : not set up, every call refused)."""
        ...

    def authentic(self, headers: Mapping[str, str], body: bytes, secret: str) -> bool:
        """Whether the request proves it comes from the source (checked before the body is parsed)."""
        ...

    def parse(self, body: bytes) -> list[Notice]:
        """The transactions in the body; raises :class:`NoticeError` when it is not this source's format."""
        ...


def load_json(body: bytes) -> Any:
    """The body as JSON with every non-integer number as ``Decimal`` (exact)."""
    try:
        return json.loads(body, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as exc:
        raise NoticeError("not JSON") from exc


def whole_dong(value: object, field: str) -> int:
    """An amount in đồng: a JSON integer, an integral decimal (``150000.0``) or a string of digits."""
    if isinstance(value, bool):
        raise NoticeError(f"{field}: not an amount")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise NoticeError(f"{field}: not whole đồng")
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,18}", value.strip()):
        return int(value.strip())
    raise NoticeError(f"{field}: not an amount")


def text_of(data: Mapping[str, Any], field: str, limit: int = 500) -> str:
    """A text field (absent or null: ''); numbers are taken as their digits (an id may come as a number)."""
    value = data.get(field)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise NoticeError(f"{field}: not text")
    return str(value).strip()[:limit]


def bank_time(value: object) -> dt.datetime | None:
    """``YYYY-MM-DD HH:MM:SS`` (or ISO 8601 with ``T``) as given; an offset is dropped after converting to +07:00."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError as exc:
        raise NoticeError("transaction time: not a date and time") from exc
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone(dt.timedelta(hours=7))).replace(tzinfo=None)
    return when


def match_key(text: str) -> str:
    """Upper-case ASCII letters and digits only: banks drop or change the punctuation and the diacritics of a
    transfer's message, so ``T01-000123`` may come back as ``T01000123`` or ``T01 000123``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", plain.upper())


def holds_reference(content_key: str, reference_key: str) -> bool:
    """Whether the message holds the reference as a whole: ``T01000123`` is not in ``T010001234``."""
    if not reference_key:
        return False
    start = content_key.find(reference_key)
    while start >= 0:
        end = start + len(reference_key)
        if end == len(content_key) or not content_key[end].isdigit():
            return True
        start = content_key.find(reference_key, start + 1)
    return False


def canonical_raw(data: Any) -> str:
    """The notification as stored for the accountant (Decimal kept exact)."""
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)
