"""Catalogue import from CSV or XLSX, as head office keeps it in a spreadsheet.

One row per product; the header names the columns (any order, case-insensitive):

``sku``, ``name_vi``, ``price`` (required); ``name_en``, ``name_zh``, ``name_ko`` (tourists' names), ``unit``, ``cost``, ``vat_class`` (default ``reduced``),
``category`` (and ``category_name``), ``producer_code`` (and ``producer_name``, ``producer_kind``,
``producer_commune``, ``producer_district``, ``producer_address``, ``producer_phone``), ``ocop_stars``,
``ocop_level``, ``ocop_certificate_no``, ``ocop_rated_on`` (YYYY-MM-DD or DD/MM/YYYY; the certificate's expiry is
36 months later unless ``ocop_expires_on`` says otherwise), ``barcodes`` (separated by ``;``, ``|`` or spaces),
``trace_code``, ``trace_url``, ``weighed``, ``plu``, ``favourite``, ``active``, ``id`` (keep a till's product id).
Columns a file does not have keep their values on existing products: a sheet of ``sku,name_vi,price`` is a price
update.

Prices are đồng as a spreadsheet shows them (``150000``, ``150.000``, ``150,000 ₫``). The import is all or nothing:
any bad row rejects the file with every problem listed by row number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, select

from pos.errors import PosError
from pos.models.catalogue import ocop_expiry
from pos.money import parse_vnd
from pos.server.catalogue import upsert_categories, upsert_producers, upsert_products
from pos.server.db import write_tx
from pos.server.errors import ApiError
from pos.server.models import Category, Producer
from pos.server.schemas import CategoryIn, ImportOut, ProducerIn, ProductIn

REQUIRED = ("sku", "name_vi", "price")
MAX_ROWS = 200_000
_TRUE = {"1", "true", "yes", "y", "x", "có", "co", "c"}
_FALSE = {"", "0", "false", "no", "n", "không", "khong", "k"}


class _RowError(Exception):
    pass


def read_rows(data: bytes, filename: str = "", content_type: str = "") -> list[dict[str, Any]]:
    """The file's rows as dicts keyed by lower-case header; XLSX if it looks like one, else CSV."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx") or "spreadsheetml" in content_type:
        return _xlsx_rows(data)
    return _csv_rows(data)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1258")
        except UnicodeDecodeError as exc:
            raise ApiError(
                422,
                "bad_file",
                "Tệp không phải văn bản UTF-8 hay Windows-1258",
                "The file is neither UTF-8 nor Windows-1258 text",
            ) from exc


def _csv_rows(data: bytes) -> list[dict[str, Any]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(_limited(reader))
    except csv.Error as exc:
        raise ApiError(422, "bad_file", f"Tệp CSV lỗi: {exc}", f"Malformed CSV: {exc}") from exc
    return _as_dicts(rows)


def _limited(rows: Any) -> Iterator[list[Any]]:
    for i, row in enumerate(rows):
        if i > MAX_ROWS:
            raise ApiError(422, "too_many_rows", f"Tối đa {MAX_ROWS} dòng", f"At most {MAX_ROWS} rows")
        yield list(row)


def _xlsx_rows(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            rows = list(_limited(ws.iter_rows(values_only=True)))
        finally:
            wb.close()
    except ApiError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError) as exc:
        raise ApiError(
            422, "bad_file", "Không đọc được tệp Excel (.xlsx)", "Cannot read the Excel (.xlsx) file"
        ) from exc
    return _as_dicts(rows)


def _as_dicts(rows: list[list[Any]]) -> list[dict[str, Any]]:
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise ApiError(422, "empty_file", "Tệp trống", "The file is empty")
    header = [str(h or "").strip().lower().replace(" ", "_") for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ApiError(
            422,
            "missing_columns",
            f"Thiếu cột: {', '.join(missing)}",
            f"Missing columns: {', '.join(missing)}",
        )
    return [{h: v for h, v in zip(header, r, strict=False) if h} for r in rows[1:]]


def _s(row: dict[str, Any], key: str) -> str:
    v = row.get(key)
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _opt(row: dict[str, Any], key: str) -> str | None:
    return _s(row, key) or None


def _money(row: dict[str, Any], key: str, default: int | None = None) -> int:
    v = row.get(key)
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    text = _s(row, key)
    if not text and default is not None:
        return default
    try:
        return parse_vnd(text)
    except PosError as exc:
        raise _RowError(f"{key}: {exc.en}") from exc


def _int(row: dict[str, Any], key: str) -> int | None:
    text = _s(row, key)
    if not text:
        return None
    try:
        return int(text)
    except ValueError as exc:
        raise _RowError(f"{key}: {text!r} is not a whole number") from exc


def _bool(row: dict[str, Any], key: str, default: bool) -> bool:
    v = row.get(key)
    if isinstance(v, bool):
        return v
    text = _s(row, key).lower()
    if key not in row or (text == "" and default):
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _RowError(f"{key}: {text!r} is not yes/no")


def _date(row: dict[str, Any], key: str) -> dt.date | None:
    v = row.get(key)
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    text = _s(row, key)
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _RowError(f"{key}: {text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def _barcodes(row: dict[str, Any]) -> list[str]:
    text = _s(row, "barcodes") or _s(row, "barcode")
    for sep in (";", "|", ","):
        text = text.replace(sep, " ")
    return [c for c in text.split() if c]


def _product(row: dict[str, Any]) -> ProductIn:
    rated = _date(row, "ocop_rated_on")
    expires = _date(row, "ocop_expires_on") or (ocop_expiry(rated) if rated else None)
    data: dict[str, Any] = {
        "sku": _s(row, "sku"),
        "name_vi": _s(row, "name_vi"),
        "name_en": _s(row, "name_en"),
        "name_zh": _s(row, "name_zh"),
        "name_ko": _s(row, "name_ko"),
        "unit": _s(row, "unit") or "cái",
        "price": _money(row, "price"),
        "cost": _money(row, "cost", 0),
        "vat_class": _s(row, "vat_class") or "reduced",
        "category_code": _opt(row, "category"),
        "producer_code": _opt(row, "producer_code"),
        "ocop_stars": _int(row, "ocop_stars"),
        "ocop_level": _opt(row, "ocop_level"),
        "ocop_certificate_no": _opt(row, "ocop_certificate_no"),
        "ocop_rated_on": rated,
        "ocop_expires_on": expires,
        "trace_code": _opt(row, "trace_code"),
        "trace_url": _opt(row, "trace_url"),
        "weighed": _bool(row, "weighed", False),
        "plu": _int(row, "plu"),
        "favourite": _bool(row, "favourite", False),
        "active": _bool(row, "active", True),
        "barcodes": _barcodes(row),
        "id": _opt(row, "id"),
    }
    return ProductIn(**data)


def parse_catalogue(rows: list[dict[str, Any]]) -> tuple[list[ProductIn], list[ProducerIn], list[CategoryIn]]:
    products: list[ProductIn] = []
    producers: dict[str, ProducerIn] = {}
    categories: dict[str, CategoryIn] = {}
    errors: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):
        try:
            p = _product(row)
            if p.sku in seen:
                raise _RowError(f"sku {p.sku} already on row {seen[p.sku]}")
            seen[p.sku] = n
            products.append(p)
            if p.producer_code and _s(row, "producer_name"):
                producers[p.producer_code] = ProducerIn.model_validate(  # the kind is checked here
                    {
                        "code": p.producer_code,
                        "name": _s(row, "producer_name"),
                        "kind": _s(row, "producer_kind") or "cooperative",
                        "commune": _s(row, "producer_commune"),
                        "district": _s(row, "producer_district"),
                        "address": _s(row, "producer_address"),
                        "phone": _s(row, "producer_phone"),
                    }
                )
            if p.category_code and (p.category_code not in categories or _s(row, "category_name")):
                categories[p.category_code] = CategoryIn(
                    code=p.category_code,
                    name_vi=_s(row, "category_name") or p.category_code,
                )
        except _RowError as exc:
            errors.append({"row": n, "msg": str(exc)})
        except ValidationError as exc:
            for err in exc.errors()[:5]:
                loc = ".".join(str(x) for x in err.get("loc", ()))
                errors.append({"row": n, "msg": f"{loc}: {err.get('msg', '')}"[:300]})
        if len(errors) >= 50:
            break
    if errors:
        raise ApiError(
            422,
            "bad_rows",
            f"Tệp có {len(errors)} dòng lỗi; không nhập gì",
            f"{len(errors)} bad rows; nothing was imported",
            errors,
        )
    if not products:
        raise ApiError(422, "empty_file", "Tệp không có sản phẩm", "The file has no products")
    return products, list(producers.values()), list(categories.values())


#: Spreadsheet column → the product fields it sets.
_FIELDS = {
    "name_en": ("name_en",),
    "name_zh": ("name_zh",),
    "name_ko": ("name_ko",),
    "unit": ("unit",),
    "cost": ("cost",),
    "vat_class": ("vat_class",),
    "category": ("category_code",),
    "producer_code": ("producer_id",),
    "ocop_stars": ("ocop_stars",),
    "ocop_level": ("ocop_level",),
    "ocop_certificate_no": ("ocop_certificate_no",),
    "ocop_rated_on": ("ocop_rated_on", "ocop_expires_on"),
    "ocop_expires_on": ("ocop_expires_on",),
    "barcodes": ("barcodes",),
    "barcode": ("barcodes",),
    "trace_code": ("trace_code",),
    "trace_url": ("trace_url",),
    "weighed": ("weighed",),
    "plu": ("plu",),
    "favourite": ("favourite",),
    "active": ("active",),
}


def fields_of(header: set[str]) -> set[str]:
    """The product fields a file with these columns sets (the others keep their values on existing products)."""
    out = {"sku", "name_vi", "price"}
    for col in header:
        out.update(_FIELDS.get(col, ()))
    return out


def import_rows(conn: Connection, rows: list[dict[str, Any]]) -> ImportOut:
    products, producers, categories = parse_catalogue(rows)
    header = {k for r in rows for k in r}
    known_categories = set(conn.execute(select(Category.code)).scalars())
    # A category named only by code keeps the name head office gave it before.
    categories = [c for c in categories if c.code not in known_categories or c.name_vi != c.code]
    cats = upsert_categories(conn, categories)
    known_producers = set(conn.execute(select(Producer.code)).scalars())
    upsert_producers(conn, producers)
    _ids, created = upsert_products(conn, products, columns=fields_of(header))
    return ImportOut(
        rows=len(products),
        products_created=created,
        products_updated=len(products) - created,
        producers_created=len({p.code for p in producers} - known_producers),
        categories_created=cats,
    )


def import_file(engine: Engine, data: bytes, filename: str = "", content_type: str = "") -> ImportOut:
    """Import a CSV/XLSX catalogue in one transaction (all rows or none)."""
    rows = read_rows(data, filename, content_type)
    with write_tx(engine) as conn:
        return import_rows(conn, rows)
