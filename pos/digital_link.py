"""GS1 Digital Link URIs: the web address a product's label or the receipt's QR carries — pure, no database.

One syntax serves both sides: head office's public resolver (``pos.server.public``) reads the path of a request,
and the till's scanner (``pos.barcodes``) reads a scanned URI back to the product and lot without the network.

The rules implemented (GS1 Digital Link Standard: URI Syntax, release 1.2 and 1.4, sections on the path
and on uncompressed URIs):

* the primary key is AI ``01`` (GTIN); GTIN-8, -12 and -13 are accepted and padded with zeros to 14 digits, and
  the GS1 mod-10 check digit must hold;
* key qualifiers of ``01`` follow in this order only: ``22`` (consumer product variant), ``10`` (batch/lot),
  ``21`` (serial); each at most once; anything else in the path is refused;
* a value is percent-decoded exactly once (``%2F`` in a lot is a slash of the lot, not a path separator) and must
  be made of GS1 AI encodable character set 82 within the AI's length (20);
* the canonical form this project writes is ``https://<host>/01/<GTIN-14>[/22/…][/10/…][/21/…]`` with every
  character outside the URI's unreserved set percent-encoded.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pos.errors import BarcodeError, ConfigError

PRIMARY = "01"
#: The key qualifiers of a GTIN, in the only order the standard allows.
QUALIFIERS: tuple[str, ...] = ("22", "10", "21")
QUALIFIER_NAMES = {"22": "cpv", "10": "lot", "21": "serial"}
MAX_VALUE = 20
#: GS1 AI encodable character set 82 (GS1 General Specifications, figure 7.11-1).
CSET82 = re.compile(r"^[!\"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$")
#: A path this long is not a Digital Link of this project (a 14-digit GTIN and three 20-character values,
#: each of them percent-encoded three bytes a character, fit well within).
MAX_PATH = 400
#: The public host a label points to when the shop set none (the demo network's; ``docs/public.md``).
DEFAULT_PUBLIC_HOST = "https://ocop.quangninh.demo.vn"


class LinkError(BarcodeError):
    """A path that is not a GS1 Digital Link this resolver answers. ``status``: 400 malformed, 404 unknown."""

    def __init__(self, vi: str, en: str, *, code: str, status: int = 400) -> None:
        super().__init__(vi, en, code=code)
        self.status = status


def _check(body14: str) -> bool:
    total = sum(int(ch) * (3 if i % 2 == 0 else 1) for i, ch in enumerate(reversed(body14[:-1])))
    return (10 - total % 10) % 10 == int(body14[-1])


def gtin14(value: str) -> str:
    """``value`` (a GTIN-8/12/13/14) as 14 digits; ``LinkError`` if it is not one or its check digit is wrong."""
    if not value.isascii() or not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise LinkError(
            "GTIN phải có 8, 12, 13 hoặc 14 chữ số",
            "A GTIN has 8, 12, 13 or 14 digits",
            code="dl_gtin_format",
        )
    padded = value.zfill(14)
    if not _check(padded):
        raise LinkError(
            f"GTIN {value} sai số kiểm tra", f"GTIN {value} has a bad check digit", code="dl_check_digit"
        )
    return padded


def gtin_keys(gtin: str) -> tuple[str, ...]:
    """The keys the catalogue may store a 14-digit GTIN under (``pos.barcodes``' keys: 13 digits for EAN-13 and
    UPC-A, 8 for EAN-8, 14 for a GTIN-14 that does not start with 0), most likely first."""
    keys = [gtin[1:]] if gtin.startswith("0") else [gtin]
    if gtin.startswith("000000"):
        keys.append(gtin[6:])
    keys.append(gtin)
    return tuple(dict.fromkeys(keys))


@dataclass(frozen=True, slots=True)
class DigitalLink:
    """A parsed GS1 Digital Link: a GTIN-14 and its optional qualifiers."""

    gtin: str
    cpv: str | None = None
    lot: str | None = None
    serial: str | None = None

    def path(self) -> str:
        """The canonical path, ``/01/<GTIN-14>`` then the qualifiers present, percent-encoded."""
        out = f"/{PRIMARY}/{self.gtin}"
        for ai, value in (("22", self.cpv), ("10", self.lot), ("21", self.serial)):
            if value is not None:
                out += f"/{ai}/{urllib.parse.quote(value, safe='')}"
        return out

    def uri(self, host: str = DEFAULT_PUBLIC_HOST) -> str:
        return host.rstrip("/") + self.path()

    def elements(self) -> dict[str, str]:
        """The same data as GS1 element strings' AIs (the till's ``Gs1Code.elements``)."""
        out = {"01": self.gtin}
        for ai, value in (("22", self.cpv), ("10", self.lot), ("21", self.serial)):
            if value is not None:
                out[ai] = value
        return out


def _decode(raw: str, ai: str) -> str:
    try:
        value = urllib.parse.unquote(raw, errors="strict")
    except UnicodeDecodeError as exc:
        raise LinkError(
            f"Giá trị AI {ai} mã hoá sai", f"The value of AI {ai} is badly encoded", code="dl_encoding"
        ) from exc
    if not CSET82.match(value):
        raise LinkError(
            f"Giá trị AI {ai} chỉ gồm ký tự GS1 (bộ 82), tối đa {MAX_VALUE} ký tự",
            f"The value of AI {ai} must be GS1 characters (set 82), at most {MAX_VALUE} long",
            code="dl_value",
        )
    return value


def parse_path(path: str) -> DigitalLink:
    """A Digital Link from a *raw* (still percent-encoded) path starting ``/01/``; ``LinkError`` otherwise."""
    if len(path) > MAX_PATH:
        raise LinkError("Đường dẫn quá dài", "The path is too long", code="dl_too_long", status=414)
    segments = path.split("/")
    if segments[0] != "" or len(segments) < 3 or segments[1] != PRIMARY:
        raise LinkError(
            "Đường dẫn phải bắt đầu bằng /01/ và GTIN",
            "The path must start with /01/ and a GTIN",
            code="dl_primary",
            status=404,
        )
    if segments[-1] == "" and len(segments) > 3:
        segments = segments[:-1]  # one trailing slash is forgiven
    link = DigitalLink(gtin14(segments[2]))
    rest = segments[3:]
    if len(rest) % 2:
        raise LinkError(
            f"Thừa đoạn đường dẫn: {rest[-1][:40]}",
            f"Extra path segment: {rest[-1][:40]}",
            code="dl_extra",
            status=404,
        )
    last = -1
    values: dict[str, str] = {}
    for i in range(0, len(rest), 2):
        ai = rest[i]
        if ai not in QUALIFIERS:
            raise LinkError(
                f"AI {ai[:10]} không dùng được sau GTIN (chỉ 22, 10, 21)",
                f"AI {ai[:10]} cannot follow a GTIN (only 22, 10, 21)",
                code="dl_unknown_ai",
                status=404,
            )
        order = QUALIFIERS.index(ai)
        if order <= last:
            raise LinkError(
                "Thứ tự AI sai: 22, rồi 10, rồi 21", "AIs out of order: 22, then 10, then 21", code="dl_order"
            )
        last = order
        values[QUALIFIER_NAMES[ai]] = _decode(rest[i + 1], ai)
    return DigitalLink(link.gtin, **values)


def find_in_uri(uri: str) -> DigitalLink | None:
    """The Digital Link in a scanned ``http(s)`` URI on any host (and under any path prefix), or None when its path
    has no ``/01/<digits>`` part (another kind of link). A path that has one but breaks the rules raises
    ``LinkError``: a customer's label that reads wrong is reported, not taken for something else."""
    if len(uri) > 2048:
        return None
    try:
        parts = urllib.parse.urlsplit(uri)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    m = re.search(r"/01/\d", parts.path)
    if m is None:
        return None
    return parse_path(parts.path[m.start() :])


def public_host(section: Mapping[str, Any]) -> str:
    """The public host labels and receipts point to, from the ``[public]`` section of the till's config.toml::

        [public]
        host = "https://ocop.quangninh.gov.vn"   # head office's public address (GS1 Digital Link pages)

    The demo network's when the section names none."""
    unknown = sorted(set(section) - {"host"})
    if unknown:
        raise ConfigError(
            f"[public] có khoá không hợp lệ: {', '.join(unknown)}",
            f"[public] has unknown keys: {', '.join(unknown)}",
        )
    host = section.get("host", DEFAULT_PUBLIC_HOST)
    parts = urllib.parse.urlsplit(host) if isinstance(host, str) else None
    if (
        parts is None
        or parts.scheme not in ("https", "http")
        or not parts.netloc
        or parts.query
        or parts.fragment
    ):
        raise ConfigError(
            "[public] host phải là địa chỉ https://tên-miền",
            "[public] host must be an address like https://host",
        )
    return str(host).rstrip("/")


def link_for_barcode(code: str | None, host: str, *, lot: str | None = None) -> str | None:
    """The Digital Link URI of a product whose barcode is ``code`` (and of its ``lot`` when that is a valid GS1
    value), or None when the code is not a GTIN (an internal Code 128 label)."""
    if not code:
        return None
    try:
        gtin = gtin14(code)
    except LinkError:
        return None
    return DigitalLink(gtin, lot=lot if lot and CSET82.match(lot) else None).uri(host)
