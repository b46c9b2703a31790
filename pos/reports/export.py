"""Writing report tables to CSV (one table) or XLSX (one sheet per table), headings in the chosen language.

CSV is UTF-8 with a byte-order mark so Excel opens Vietnamese text correctly; money is written as plain
integer đồng and quantities as decimal units, so the numbers stay numbers in any spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from pos.reports.table import Column, ReportError, Table

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def cell_value(column: Column, value: Any) -> Any:
    """A cell as written to a file: quantities in units (Decimal, exact), dates as dates, the rest as is."""
    if value is None:
        return ""
    if column.kind == "qty" and isinstance(value, int):
        return Decimal(value) / 1000
    return value


def _csv_text(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_text(table: Table, *, lang: str = "vi") -> str:
    """The table as CSV text (headings, rows, the totals row), without the byte-order mark."""
    fh = io.StringIO()
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow([c.title(lang) for c in table.columns])
    rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
    for row in rows:
        writer.writerow([_csv_text(cell_value(c, v)) for c, v in zip(table.columns, row, strict=True)])
    return fh.getvalue()


def write_csv(table: Table, path: Path, *, lang: str = "vi") -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(csv_text(table, lang=lang))


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", title)[:31].strip() or "Sheet"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def write_xlsx(
    tables: Sequence[Table], path: Path | IO[bytes], *, lang: str = "vi", subtitle: str = ""
) -> None:
    """One sheet per table: a title row, an optional subtitle (the period), headings, rows, a bold totals row."""
    if not tables:
        raise ReportError("Không có bảng nào để xuất", "No table to export", code="empty_export")
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    default = wb.active
    used: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.title(lang), used))
        ws.append([table.title(lang)])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([subtitle] if subtitle else [])
        ws.append([c.title(lang) for c in table.columns])
        for cell in ws[3]:
            cell.font = bold
        rows = list(table.rows) + ([table.totals] if table.totals is not None else [])
        for row in rows:
            ws.append([cell_value(c, v) for c, v in zip(table.columns, row, strict=True)])
        for i, c in enumerate(table.columns, start=1):
            fmt = {"money": "#,##0", "qty": "#,##0.###", "int": "0", "pct": "0.0", "date": "yyyy-mm-dd"}.get(
                c.kind
            )
            width = max([len(c.title(lang))] + [len(_csv_text(r[i - 1])) for r in rows[:200]]) + 2
            ws.column_dimensions[ws.cell(row=3, column=i).column_letter].width = min(width, 60)
            if fmt:
                for (cell,) in ws.iter_rows(min_row=4, min_col=i, max_col=i):
                    cell.number_format = fmt
        if table.totals is not None:
            for cell in ws[ws.max_row]:
                cell.font = bold
        ws.freeze_panes = "A4"
    if default is not None:
        wb.remove(default)
    wb.save(path)


def xlsx_bytes(tables: Sequence[Table], *, lang: str = "vi", subtitle: str = "") -> bytes:
    buf = io.BytesIO()
    write_xlsx(tables, buf, lang=lang, subtitle=subtitle)
    return buf.getvalue()


def export(tables: Sequence[Table], path: Path, *, lang: str = "vi", subtitle: str = "") -> None:
    """By the file's suffix: ``.csv`` (exactly one table) or ``.xlsx``."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if len(tables) != 1:
            raise ReportError(
                "Tệp CSV chỉ chứa được một bảng; hãy dùng .xlsx",
                "A CSV file holds one table; use .xlsx",
                code="csv_one_table",
            )
        write_csv(tables[0], path, lang=lang)
    elif suffix == ".xlsx":
        write_xlsx(tables, path, lang=lang, subtitle=subtitle)
    else:
        raise ReportError("Chỉ xuất .csv hoặc .xlsx", "Export to .csv or .xlsx only", code="bad_format")
