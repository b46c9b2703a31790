"""Importing and exporting the catalogue as CSV or XLSX.

An import is all or nothing: every row is checked first and the report names each problem by spreadsheet row
(the header is row 1) and column; if there is any problem, nothing at all is changed. A clean file then
creates new products and updates existing ones (matched by SKU) in one transaction, with one audit entry.

The export writes the same columns, so a file exported, edited in a spreadsheet and imported round-trips.
Keep barcodes as *text* cells in a spreadsheet: a number cell drops a UPC's leading zero.

Columns (header names; ``*`` required): ``sku*``, ``name_vi*``, ``name_en``, ``unit``, ``price*`` (đồng),
``price_from`` (date a new price takes effect; empty = at once), ``cost``, ``vat_class*``, ``category``
(code), ``producer`` (code), ``barcodes`` (separated by spaces, commas or ``|``), ``ocop_stars``,
``ocop_level`` (provincial/national), ``ocop_certificate_no``, ``ocop_rated_on``, ``trace_code``, ``weighed``,
``plu``, ``favourite``, ``active``, ``consigned``, ``commission_pct``, ``low_stock`` (in units), ``name_zh``,
``name_ko`` (the names Chinese and Korean customers read; empty: the Vietnamese name).
Dates are ``YYYY-MM-DD`` or ``DD/MM/YYYY``; yes/no cells take 1/0, yes/no, có/không, x.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text

from pos.db import write_tx
from pos.errors import CartError, PosError
from pos.inventory.prices import CatalogueEditError, local_date, schedule_price_on
from pos.inventory.producers import producer_id_by_code
from pos.inventory.products import ProductInput, barcode_key, check_product, write_product
from pos.inventory.terms import (
    consignment_on,
    format_bp,
    parse_percent_bp,
    set_consignment_on,
    set_low_stock_on,
)
from pos.models.values import utcnow
from pos.money import parse_vnd
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require

COLUMNS = (
    "sku", "name_vi", "name_en", "unit", "price", "price_from", "cost", "vat_class", "category", "producer",
    "barcodes", "ocop_stars", "ocop_level", "ocop_certificate_no", "ocop_rated_on", "trace_code", "weighed", "plu",
    "favourite", "active", "consigned", "commission_pct", "low_stock", "name_zh", "name_ko",
)  # fmt: skip
REQUIRED = ("sku", "name_vi", "price", "vat_class")
MAX_ROWS = 100_000
_TRUE = {"1", "yes", "y", "true", "x", "có", "co", "c"}
_FALSE = {"0", "no", "n", "false", "không", "khong", "k", ""}
_SPLIT = re.compile(r"[\s,;|]+")


class ImportFileError(PosError):
    """The file cannot be read as a catalogue at all (format, encoding, headers)."""

    code = "import_file"


@dataclass(frozen=True, slots=True)
class ImportProblem:
    row: int  # spreadsheet row number; 1 is the header, 0 the file as a whole
    column: str
    vi: str
    en: str

    def message(self, lang: str = "vi") -> str:
        where_vi = f"Dòng {self.row}" + (f", cột {self.column}" if self.column else "")
        where_en = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where_vi}: {self.vi}" if lang.startswith("vi") else f"{where_en}: {self.en}"


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})


# --- reading files --------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """A cell as text: integral floats lose their ``.0``, dates become ISO, None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_csv(path: Path) -> list[list[str]]:
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError("Tệp CSV phải mã hoá UTF-8", "The CSV file must be UTF-8 encoded") from exc
    first = raw.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(raw), delimiter=delimiter)]


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise ImportFileError(
            f"Không đọc được tệp Excel: {exc}", f"Cannot read the Excel file: {exc}"
        ) from exc
    try:
        ws = wb["products"] if "products" in wb.sheetnames else wb.worksheets[0]
        return [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def read_rows(path: Path) -> list[list[str]]:
    """Every row of the file as text cells (CSV by any of , ; tab, or the first/``products`` sheet of XLSX)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise ImportFileError("Chỉ nhận tệp .csv hoặc .xlsx", "Only .csv and .xlsx files are accepted")


# --- parsing cells --------------------------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def _money(v: str) -> int:
    try:
        return parse_vnd(v)
    except CartError:
        raise _Bad(f"không phải số tiền: {v!r}", f"not an amount: {v!r}") from None


def _int(v: str) -> int:
    if not re.fullmatch(r"\d+", v):
        raise _Bad(f"không phải số nguyên: {v!r}", f"not a whole number: {v!r}")
    return int(v)


def _date(v: str) -> dt.date:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", v)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        return dt.date.fromisoformat(v[:10])
    except ValueError:
        raise _Bad(
            f"ngày không hợp lệ: {v!r} (YYYY-MM-DD hoặc DD/MM/YYYY)",
            f"invalid date: {v!r} (YYYY-MM-DD or DD/MM/YYYY)",
        ) from None


def _bool(v: str) -> bool:
    low = v.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise _Bad(f"phải là có/không: {v!r}", f"must be yes/no: {v!r}")


def _qty_milli(v: str) -> int:
    try:
        d = Decimal(v.replace(",", "."))
    except InvalidOperation:
        raise _Bad(f"không phải số lượng: {v!r}", f"not a quantity: {v!r}") from None
    milli = d * 1000
    if milli != milli.to_integral_value() or milli < 0:
        raise _Bad(f"số lượng không hợp lệ: {v!r}", f"invalid quantity: {v!r}")
    return int(milli)


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    product: ProductInput
    price_from: dt.date | None
    consigned: bool | None
    commission_bp: int
    low_milli: int | None
    has_low: bool


def _parse_row(
    conn: Connection, number: int, cells: dict[str, str], today: dt.date, problems: list[ImportProblem]
) -> _Row | None:
    start = len(problems)

    def get(name: str, parse: Any, default: Any = None) -> Any:
        value = cells.get(name, "")
        if value == "":
            if name in REQUIRED:
                problems.append(
                    ImportProblem(number, name, "thiếu giá trị bắt buộc", "required value missing")
                )
            return default
        try:
            return parse(value)
        except _Bad as exc:
            problems.append(ImportProblem(number, name, exc.vi, exc.en))
        except PosError as exc:
            problems.append(ImportProblem(number, name, exc.vi, exc.en))
        return default

    producer_code = cells.get("producer", "")
    producer_id = producer_id_by_code(conn, producer_code) if producer_code else None
    if producer_code and producer_id is None:
        problems.append(
            ImportProblem(
                number,
                "producer",
                f"không có nhà sản xuất mã {producer_code!r}",
                f"no producer with code {producer_code!r}",
            )
        )
    level = cells.get("ocop_level", "").lower() or None
    product = ProductInput(
        sku=get("sku", str, ""),
        name_vi=get("name_vi", str, ""),
        name_en=get("name_en", str, ""),
        name_zh=get("name_zh", str, ""),
        name_ko=get("name_ko", str, ""),
        unit=get("unit", str, "cái"),
        price=get("price", _money, 0),
        cost=get("cost", _money, 0),
        vat_class=get("vat_class", str, ""),
        category_code=get("category", str),
        producer_id=producer_id,
        ocop_stars=get("ocop_stars", _int),
        ocop_level=level,
        ocop_certificate_no=get("ocop_certificate_no", str),
        ocop_rated_on=get("ocop_rated_on", _date),
        trace_code=get("trace_code", str),
        weighed=get("weighed", _bool, False),
        plu=get("plu", _int),
        favourite=get("favourite", _bool, False),
        active=get("active", _bool, True),
        barcodes=tuple(c for c in _SPLIT.split(cells.get("barcodes", "")) if c),
    )
    price_from = get("price_from", _date)
    if price_from is not None and price_from < today:
        problems.append(
            ImportProblem(number, "price_from", "ngày áp dụng giá đã qua", "the price date is in the past")
        )
    consigned = get("consigned", _bool) if cells.get("consigned", "") != "" else None
    commission = get("commission_pct", parse_percent_bp, 0)
    if commission and not consigned:
        problems.append(
            ImportProblem(
                number,
                "commission_pct",
                "có hoa hồng nhưng không ký gửi",
                "a commission is given but the product is not consigned",
            )
        )
    low = get("low_stock", _qty_milli)
    if len(problems) > start:
        return None
    return _Row(number, product, price_from, consigned, commission, low, cells.get("low_stock", "") != "")


def _rows(table: list[list[str]], report: ImportReport) -> Iterator[tuple[int, dict[str, str]]]:
    if not table or not any(table[0]):
        report.problems.append(
            ImportProblem(1, "", "tệp không có dòng tiêu đề", "the file has no header row")
        )
        return
    header = [h.strip().lower() for h in table[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    for name in unknown:
        report.problems.append(ImportProblem(1, name, "cột không được hỗ trợ", "unknown column"))
    dupes = {h for h in header if h and header.count(h) > 1}
    for name in sorted(dupes):
        report.problems.append(ImportProblem(1, name, "cột bị lặp", "column appears twice"))
    for name in REQUIRED:
        if name not in header:
            report.problems.append(ImportProblem(1, name, "thiếu cột bắt buộc", "required column missing"))
    if report.problems:
        return
    if len(table) - 1 > MAX_ROWS:
        report.problems.append(ImportProblem(0, "", f"quá {MAX_ROWS} dòng", f"more than {MAX_ROWS} rows"))
        return
    for i, row in enumerate(table[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            report.problems.append(
                ImportProblem(i, "", "dòng có nhiều ô hơn tiêu đề", "row has more cells than the header")
            )
        yield i, {h: (row[j].strip() if j < len(row) else "") for j, h in enumerate(header) if h}


def _validate(conn: Connection, table: list[list[str]], report: ImportReport, now: dt.datetime) -> list[_Row]:
    today = local_date(now)
    parsed: list[_Row] = []
    seen: dict[str, dict[str, int]] = {"sku": {}, "barcodes": {}, "plu": {}, "trace_code": {}}

    def once(kind: str, key: str, number: int, label: str) -> None:
        first = seen[kind].get(key)
        if first is not None:
            report.problems.append(
                ImportProblem(number, kind, f"{label} trùng với dòng {first}", f"{label} repeats row {first}")
            )
        else:
            seen[kind][key] = number

    for number, cells in _rows(table, report):
        report.rows += 1
        row = _parse_row(conn, number, cells, today, report.problems)
        if row is None:
            continue
        p = row.product
        existing = conn.execute(text("SELECT id FROM products WHERE sku = :s"), {"s": p.sku.strip()}).scalar()
        for issue in check_product(conn, p, None if existing is None else str(existing)):
            report.problems.append(ImportProblem(number, issue.field, issue.vi, issue.en))
        if existing is None and row.price_from is not None and row.price_from != today:
            report.problems.append(
                ImportProblem(
                    number,
                    "price_from",
                    "sản phẩm mới cần giá bán ngay",
                    "a new product needs a price from today",
                )
            )
        once("sku", p.sku.strip(), number, f"SKU {p.sku}")
        for code in p.barcodes:
            with contextlib.suppress(PosError):  # a bad code was reported by check_product
                once("barcodes", barcode_key(code), number, f"mã vạch {code}")
        if p.plu is not None:
            once("plu", str(p.plu), number, f"PLU {p.plu}")
        if p.trace_code:
            once("trace_code", p.trace_code, number, f"mã truy xuất {p.trace_code}")
        parsed.append(row)
    report.problems.sort(key=lambda x: (x.row, x.column))
    return parsed


def check_file(engine: Engine, path: Path, *, now: dt.datetime | None = None) -> ImportReport:
    """Validate a catalogue file without changing anything."""
    report = ImportReport(path.name)
    table = read_rows(path)
    with engine.connect() as conn:
        _validate(conn, table, report, now or utcnow())
        conn.rollback()
    return report


def import_catalogue(
    engine: Engine,
    actor: StaffMember,
    path: Path,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> ImportReport:
    """Validate ``path`` and, only if it is clean, apply it in one transaction. Returns the report either way."""
    require(actor, Permission.EDIT_CATALOGUE, approval)
    now = now or utcnow()
    today = local_date(now)
    report = ImportReport(path.name)
    table = read_rows(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_CATALOGUE, approval)
        rows = _validate(conn, table, report, now)
        if not report.ok:
            return report
        for row in rows:
            existing = conn.execute(
                text("SELECT id, price FROM products WHERE sku = :s"), {"s": row.product.sku.strip()}
            ).first()
            if existing is None:
                product_id = write_product(
                    conn, actor, row.product, None, now=now, approver=approver, audit=False
                )
                report.created += 1
            else:
                product_id = str(existing[0])
                keep_price = row.price_from is not None and row.price_from > today
                data = row.product
                if keep_price:  # the new price waits for its date; today's price stays
                    data = ProductInput(
                        **{
                            **{f: getattr(data, f) for f in ProductInput.__dataclass_fields__},
                            "price": int(existing[1]),
                        }
                    )
                write_product(conn, actor, data, product_id, now=now, approver=approver, audit=False)
                if keep_price and row.price_from is not None:
                    schedule_price_on(
                        conn, actor, product_id, row.product.price, row.price_from, now=now, approver=approver
                    )
                report.updated += 1
            if row.consigned is not None and consignment_on(conn, product_id, today) != (
                row.consigned,
                row.commission_bp if row.consigned else 0,
            ):
                set_consignment_on(conn, product_id, row.consigned, row.commission_bp, today)
            if row.has_low:
                set_low_stock_on(conn, product_id, row.low_milli)
        report.applied = True
        record(
            conn,
            AuditEvent(
                "catalogue_import",
                actor,
                approver,
                "file",
                digest[:16],
                detail={
                    "file": path.name,
                    "sha256": digest,
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                },
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return report


# --- export ---------------------------------------------------------------------------------------------------


def _units(milli: int) -> str:
    """Thousandths as units for a file: 10000 → ``10``, 2500 → ``2.5``."""
    whole, frac = divmod(milli, 1000)
    return str(whole) if not frac else f"{whole}.{frac:03d}".rstrip("0")


def catalogue_rows(engine: Engine, *, on: dt.date) -> list[list[Any]]:
    """The catalogue as rows in ``COLUMNS`` order (header not included)."""
    with engine.connect() as conn:
        products = conn.execute(
            text(
                "SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, p.price, p.cost, p.vat_class, p.category_code, "
                "r.code, p.ocop_stars, p.ocop_level, p.ocop_certificate_no, p.ocop_rated_on, p.trace_code, p.weighed, "
                "p.plu, p.favourite, p.active, s.low_milli, p.name_zh, p.name_ko FROM products p LEFT JOIN producers r ON r.id = p.producer_id "
                "LEFT JOIN stock_rules s ON s.product_id = p.id ORDER BY p.sku"
            )
        ).all()
        codes: dict[str, list[str]] = {}
        for pid, code in conn.execute(text("SELECT product_id, code FROM barcodes ORDER BY code")):
            codes.setdefault(str(pid), []).append(str(code))
        out = []
        for r in products:
            consigned, bp = consignment_on(conn, str(r[0]), on)
            low = "" if r[19] is None else _units(int(r[19]))
            out.append(
                [
                    r[1],
                    r[2],
                    r[3] or "",
                    r[4],
                    int(r[5]),
                    "",
                    int(r[6] or 0),
                    r[7],
                    r[8] or "",
                    r[9] or "",
                    " ".join(codes.get(str(r[0]), [])),
                    "" if r[10] is None else int(r[10]),
                    r[11] or "",
                    r[12] or "",
                    str(r[13] or ""),
                    r[14] or "",
                    int(bool(r[15])),
                    "" if r[16] is None else int(r[16]),
                    int(bool(r[17])),
                    int(bool(r[18])),
                    int(consigned),
                    format_bp(bp) if consigned else "",
                    low,
                    r[20] or "",
                    r[21] or "",
                ]
            )
        conn.rollback()
    return out


def export_catalogue(engine: Engine, path: Path, *, on: dt.date | None = None) -> int:
    """Write the catalogue to ``path`` (.csv UTF-8 with BOM for Excel, or .xlsx); returns the product count."""
    rows = catalogue_rows(engine, on=on or dt.date.today())
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "products"
        ws.append(list(COLUMNS))
        text_cols = {COLUMNS.index(c) + 1 for c in ("sku", "barcodes", "trace_code", "ocop_certificate_no")}
        for row in rows:
            ws.append(row)
        for col in text_cols:
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                cell.number_format = "@"
        ws.freeze_panes = "A2"
        wb.save(path)
    else:
        raise CatalogueEditError(
            "Chỉ xuất ra .csv hoặc .xlsx", "Export to .csv or .xlsx only", code="bad_format"
        )
    return len(rows)
