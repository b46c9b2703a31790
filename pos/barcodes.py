"""What a scanned or typed code means — pure, no database.

Kinds recognised (``parse_code``):

* **GTINs** — EAN-13, EAN-8, UPC-A, UPC-E, GTIN-14: check digit verified; a bad one is rejected with that reason.
  Normalised ``key``: EAN-13/UPC-A as 13 digits, EAN-8 as 8, UPC-E expanded to UPC-A then 13, GTIN-14 with a
  leading 0 as 13. The catalogue stores barcodes under the same key, so every form of one product finds it.
* **In-store price/weight codes** — EAN-13 with prefix 20–29 laid out per store (``InStoreLayout``).
* **GS1 element strings** (DataMatrix / GS1 QR / GS1-128): AI 01 GTIN, 10 batch, 17 expiry, 3103 net weight, …
* **GS1 Digital Link URIs** (``https://host/01/<GTIN>/10/<lot>``, ``pos.digital_link``): read offline as the GS1
  element string they stand for (GTIN, lot, serial); a Digital Link path that breaks the rules is refused.
* **OCOP traceability QR** — a URL or a bare traceability code that maps to a product's traceability code.
* **Receipt codes** printed on receipts (``R/<terminal>/<number>``) for returns.
* Anything else printable is an **internal code** (Code 128 labels, SKUs).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pos.digital_link import find_in_uri
from pos.errors import BarcodeError, ConfigError

GS = "\x1d"
MAX_CODE_LENGTH = 512


def gs1_check_digit(body: str) -> int:
    """GS1 mod-10 check digit for the digits of ``body`` (without the check digit)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def has_valid_check_digit(code: str) -> bool:
    return code.isdigit() and len(code) >= 2 and gs1_check_digit(code[:-1]) == int(code[-1])


def with_check_digit(body: str) -> str:
    """``body`` followed by its GS1 check digit (for making demo and test codes)."""
    return body + str(gs1_check_digit(body))


def expand_upce(code: str) -> str:
    """UPC-E (8 digits, number system 0/1) → UPC-A (12 digits), keeping its check digit."""
    ns, d, check = code[0], code[1:7], code[7]
    last = d[5]
    if last in "012":
        body = f"{d[0:2]}{last}0000{d[2:5]}"
    elif last == "3":
        body = f"{d[0:3]}00000{d[3:5]}"
    elif last == "4":
        body = f"{d[0:4]}00000{d[4]}"
    else:
        body = f"{d[0:5]}0000{last}"
    return f"{ns}{body}{check}"


def _bad_check(kind: str, code: str) -> BarcodeError:
    return BarcodeError(
        f"Mã {kind} {code} sai số kiểm tra — hãy quét lại",
        f"{kind} {code} has a bad check digit — scan again",
        code="bad_check_digit",
    )


@dataclass(frozen=True, slots=True)
class GtinCode:
    """A retail product code (EAN/UPC/GTIN-14)."""

    raw: str
    symbology: str  # EAN13, EAN8, UPCA, UPCE, GTIN14
    key: str

    @property
    def country_prefix_vietnam(self) -> bool:
        """GS1 Vietnam issues prefix 893."""
        return len(self.key) == 13 and self.key.startswith("893")


@dataclass(frozen=True, slots=True)
class InStoreCode:
    """A price- or weight-embedded code printed by the shop's scale (prefix 20–29)."""

    raw: str
    item: int
    weight_g: int | None
    price: int | None


@dataclass(frozen=True, slots=True)
class Gs1Code:
    """A GS1 element string: GTIN plus batch, expiry, net weight when present."""

    raw: str
    gtin: GtinCode | None
    batch: str | None
    expiry: dt.date | None
    net_weight_g: int | None
    elements: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TraceCode:
    """An OCOP traceability label: a URL or code; ``candidates`` are the keys to look up, best first."""

    raw: str
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReceiptCode:
    """The barcode printed on a receipt, scanned to start a return."""

    raw: str
    terminal: str
    number: int


@dataclass(frozen=True, slots=True)
class InternalCode:
    """A shop's own label (Code 128) or an SKU."""

    raw: str
    key: str


ScannedCode = GtinCode | InStoreCode | Gs1Code | TraceCode | ReceiptCode | InternalCode


@dataclass(frozen=True, slots=True)
class InStoreLayout:
    """How one in-store prefix is laid out in its 13 digits: PP + item + value + check.

    ``item_digits + value_digits`` must be 10. ``value`` is grams for weight codes and đồng × ``price_factor``
    for price codes (many Vietnamese scales print the price in hundreds or thousands of đồng).
    """

    mode: str  # "weight" or "price"
    item_digits: int = 5
    value_digits: int = 5
    price_factor: int = 1

    def __post_init__(self) -> None:
        if self.mode not in ("weight", "price") or self.item_digits + self.value_digits != 10:
            raise BarcodeError(
                "Cấu hình mã cân không hợp lệ", "Invalid in-store barcode layout", code="bad_layout"
            )


#: Default per-store layout: 20–24 weight in grams; 25–29 price in đồng (item 4 digits, price 6 digits).
DEFAULT_IN_STORE: Mapping[str, InStoreLayout] = {
    **{str(p): InStoreLayout("weight", 5, 5) for p in range(20, 25)},
    **{str(p): InStoreLayout("price", 4, 6) for p in range(25, 30)},
}


def in_store_layouts(section: Mapping[str, Any]) -> Mapping[str, InStoreLayout]:
    """The shop's in-store layouts from the ``[barcodes]`` section of config.toml; the defaults when it has none.

    Each prefix the shop's scale uses is a table under ``[barcodes.in_store]``; a prefix not listed is an ordinary
    EAN-13 (so a shop whose scale uses only 21 and 28 can list just those)::

        [barcodes.in_store.21]
        mode = "weight"      # grams
        item_digits = 5

        [barcodes.in_store.28]
        mode = "price"       # đồng × price_factor
        item_digits = 4
        price_factor = 100   # the scale prints the price in hundreds of đồng
    """
    unknown = sorted(set(section) - {"in_store"})
    if unknown:
        raise ConfigError(
            f"[barcodes] có khoá không hợp lệ: {', '.join(unknown)}",
            f"[barcodes] has unknown keys: {', '.join(unknown)}",
        )
    tables = section.get("in_store")
    if tables is None:
        return DEFAULT_IN_STORE
    if not isinstance(tables, Mapping):
        raise ConfigError("[barcodes.in_store] phải là bảng", "[barcodes.in_store] must be a table")
    layouts: dict[str, InStoreLayout] = {}
    for prefix, table in tables.items():
        where = f"[barcodes.in_store.{prefix}]"
        if not (len(prefix) == 2 and prefix.isdigit() and 20 <= int(prefix) <= 29):
            raise ConfigError(
                f"{where}: tiền tố mã cân phải từ 20 đến 29", f"{where}: in-store prefixes are 20 to 29"
            )
        if not isinstance(table, Mapping) or set(table) - {"mode", "item_digits", "price_factor"}:
            raise ConfigError(
                f"{where}: chỉ có mode, item_digits, price_factor",
                f"{where}: only mode, item_digits and price_factor",
            )
        item_digits, factor = table.get("item_digits", 5), table.get("price_factor", 1)
        if type(item_digits) is not int or not 1 <= item_digits <= 9 or type(factor) is not int or factor < 1:
            raise ConfigError(
                f"{where}: item_digits là số 1–9, price_factor là số nguyên ≥ 1",
                f"{where}: item_digits must be 1–9 and price_factor a whole number ≥ 1",
            )
        try:
            layouts[prefix] = InStoreLayout(str(table.get("mode")), item_digits, 10 - item_digits, factor)
        except BarcodeError as exc:
            raise ConfigError(
                f"{where}: mode là weight hoặc price", f"{where}: mode is weight or price"
            ) from exc
    return layouts


RECEIPT_RE = re.compile(r"^R/(?P<terminal>[A-Za-z0-9_-]{1,20})/(?P<number>\d{1,10})$")
GS1_HUMAN_RE = re.compile(r"^\(\d{2,4}\)")
TRACE_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{3,63}$")


def receipt_barcode(terminal: str, number: int) -> str:
    """The text encoded in the Code 128 barcode of a receipt."""
    return f"R/{terminal}/{number}"


def parse_code(text: str, in_store: Mapping[str, InStoreLayout] = DEFAULT_IN_STORE) -> ScannedCode:
    """Classify and validate one scanned or typed code. Raises ``BarcodeError`` for malformed input."""
    raw = text.strip().strip("\r\n")
    if raw.startswith(("]C1", "]e0", "]d2", "]Q3")):  # AIM symbology identifiers for GS1 data
        return _parse_gs1(raw, raw[3:])
    if not raw:
        raise BarcodeError("Mã trống", "Empty code", code="empty")
    if len(raw) > MAX_CODE_LENGTH:
        raise BarcodeError("Mã quá dài", "Code too long", code="too_long")
    if any(ord(c) < 32 and c != GS for c in raw):
        raise BarcodeError("Mã chứa ký tự điều khiển", "Code contains control characters", code="control")
    if GS1_HUMAN_RE.match(raw) or (raw.startswith("01") and GS in raw):
        return _parse_gs1(raw, raw)
    if len(raw) >= 16 and raw.startswith("01"):
        # GS1 DataMatrix/QR data as many scanners send it: no brackets, no symbology prefix, and no separator
        # when the only variable-length element comes last (01 GTIN 17 expiry 10 batch). A valid GTIN makes it GS1.
        gs1 = _try_gs1(raw)
        if gs1 is not None:
            return gs1
    if raw.isdigit():
        return _parse_numeric(raw, in_store)
    m = RECEIPT_RE.match(raw)
    if m:
        return ReceiptCode(raw, m["terminal"], int(m["number"]))
    if raw.lower().startswith(("http://", "https://")):
        link = find_in_uri(raw)
        if link is not None:
            return _from_digital_link(raw, link.elements())
        return TraceCode(raw, _trace_candidates(raw))
    return InternalCode(raw, raw)


def _parse_numeric(raw: str, in_store: Mapping[str, InStoreLayout]) -> ScannedCode:
    n = len(raw)
    if n == 13:
        if not has_valid_check_digit(raw):
            raise _bad_check("EAN-13", raw)
        layout = in_store.get(raw[:2])
        if layout is not None:
            item = int(raw[2 : 2 + layout.item_digits])
            value = int(raw[2 + layout.item_digits : 12])
            if layout.mode == "weight":
                return InStoreCode(raw, item, value, None)
            return InStoreCode(raw, item, None, value * layout.price_factor)
        return GtinCode(raw, "EAN13", raw)
    if n == 12:
        if not has_valid_check_digit(raw):
            raise _bad_check("UPC-A", raw)
        return GtinCode(raw, "UPCA", "0" + raw)
    if n == 8:
        if has_valid_check_digit(raw):
            return GtinCode(raw, "EAN8", raw)
        if raw[0] in "01":
            upca = expand_upce(raw)
            if has_valid_check_digit(upca):
                return GtinCode(raw, "UPCE", "0" + upca)
        raise _bad_check("EAN-8", raw)
    if n == 14:
        if not has_valid_check_digit(raw):
            raise _bad_check("GTIN-14", raw)
        return GtinCode(raw, "GTIN14", raw[1:] if raw[0] == "0" else raw)
    return InternalCode(raw, raw)


def gtin_key(code: str) -> str:
    """The lookup key of a GTIN given in any form; raises ``BarcodeError`` if it is not a valid GTIN."""
    parsed = _parse_numeric(code.strip(), {}) if code.strip().isdigit() else None
    if not isinstance(parsed, GtinCode):
        raise BarcodeError(
            f"{code!r} không phải mã EAN/UPC", f"{code!r} is not an EAN/UPC code", code="not_gtin"
        )
    return parsed.key


# GS1 Application Identifiers: fixed total lengths (AI + data) for the ones with predefined length.
_FIXED = {"00": 20, "01": 16, "02": 16, "11": 8, "12": 8, "13": 8, "15": 8, "16": 8, "17": 8, "20": 4}
_VARIABLE_MAX = {"10": 20, "21": 20, "22": 20, "30": 8, "37": 8, "240": 30, "241": 30, "250": 30, "400": 30}


def _ai_at(data: str, pos: int) -> tuple[str, int | None, int | None]:
    """(AI, fixed data length or None, max variable length or None) of the element starting at ``pos``."""
    two = data[pos : pos + 2]
    if two in _FIXED:
        return two, _FIXED[two] - 2, None
    if two in ("31", "32", "33", "34", "35", "36"):  # measures: 4-digit AI + 6 digits
        return data[pos : pos + 4], 6, None
    if two in _VARIABLE_MAX:
        return two, None, _VARIABLE_MAX[two]
    three = data[pos : pos + 3]
    if three in _VARIABLE_MAX:
        return three, None, _VARIABLE_MAX[three]
    raise BarcodeError(
        f"Mã GS1 có AI không hỗ trợ: {data[pos : pos + 4]!r}",
        f"GS1 code has an unsupported AI: {data[pos : pos + 4]!r}",
        code="gs1_ai",
    )


def _gs1_elements(data: str) -> dict[str, str]:
    if data.startswith("("):
        pairs = re.findall(r"\((\d{2,4})\)([^()]*)", data)
        if not pairs or "".join(f"({a}){v}" for a, v in pairs) != data:
            raise BarcodeError("Mã GS1 sai định dạng", "Malformed GS1 element string", code="gs1_format")
        return {a: v for a, v in pairs}
    elements: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        if data[pos] == GS:
            pos += 1
            continue
        ai, fixed, var_max = _ai_at(data, pos)
        start = pos + len(ai)
        if fixed is not None:
            value = data[start : start + fixed]
            if len(value) != fixed:
                raise BarcodeError("Mã GS1 bị cắt cụt", "GS1 element string is truncated", code="gs1_format")
            pos = start + fixed
        else:
            end = data.find(GS, start)
            end = len(data) if end < 0 else end
            value = data[start:end]
            if not value or (var_max is not None and len(value) > var_max):
                raise BarcodeError("Mã GS1 sai độ dài", "GS1 element has a bad length", code="gs1_format")
            pos = end
        elements[ai] = value
    return elements


def _gs1_date(value: str) -> dt.date:
    if len(value) != 6 or not value.isdigit():
        raise BarcodeError("Hạn dùng GS1 sai", "Bad GS1 date", code="gs1_date")
    year, month, day = 2000 + int(value[:2]), int(value[2:4]), int(value[4:6])
    try:
        if day == 0:  # YYMM00 means the last day of the month
            first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
            return first_next - dt.timedelta(days=1)
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BarcodeError("Hạn dùng GS1 sai", "Bad GS1 date", code="gs1_date") from exc


def _parse_gs1(raw: str, data: str) -> Gs1Code:
    elements = _gs1_elements(data)
    gtin: GtinCode | None = None
    if "01" in elements:
        value = elements["01"]
        if len(value) != 14 or not value.isdigit():
            raise BarcodeError("GTIN trong mã GS1 sai", "Bad GTIN in GS1 code", code="gs1_format")
        parsed = _parse_numeric(value, {})
        assert isinstance(parsed, GtinCode)
        gtin = parsed
    expiry = _gs1_date(elements["17"]) if "17" in elements else None
    weight: int | None = None
    for ai, value in elements.items():
        if ai.startswith("310") and len(ai) == 4 and value.isdigit():
            decimals = int(ai[3])
            weight = int(value) * 1000 // (10**decimals)  # kg with n decimals → grams
    return Gs1Code(raw, gtin, elements.get("10"), expiry, weight, elements)


def _from_digital_link(raw: str, elements: dict[str, str]) -> Gs1Code:
    """A Digital Link's data as the element string it stands for: its GTIN-14 under the catalogue's key."""
    parsed = _parse_numeric(elements["01"], {})
    assert isinstance(parsed, GtinCode)  # pos.digital_link checked 14 digits and the check digit
    return Gs1Code(raw, parsed, elements.get("10"), None, None, elements)


def _try_gs1(raw: str) -> Gs1Code | None:
    """``raw`` read as a bare GS1 element string, or None when it does not read as one (then it is some other
    code that merely starts with 01)."""
    if not raw[2:16].isdigit() or not has_valid_check_digit(raw[2:16]):
        return None
    try:
        return _parse_gs1(raw, raw)
    except BarcodeError:
        return None


def _trace_candidates(url: str) -> tuple[str, ...]:
    """Keys to try for an OCOP traceability URL: query values named like codes, then path segments from the end."""
    parsed = urllib.parse.urlsplit(url)
    found: list[str] = []
    for name, value in urllib.parse.parse_qsl(parsed.query):
        if name.lower() in ("code", "id", "ma", "trace", "tx", "product", "qr") and TRACE_CODE_RE.match(
            value
        ):
            found.append(value)
    for segment in reversed([s for s in parsed.path.split("/") if s]):
        segment = urllib.parse.unquote(segment)
        if TRACE_CODE_RE.match(segment):
            found.append(segment)
    found.append(url)
    return tuple(dict.fromkeys(found))
