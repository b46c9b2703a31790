"""How commands print for people: tables as aligned text, documents as the receipt printer lays them out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pos.money import format_vnd
from pos.receipts.document import ReceiptDoc
from pos.receipts.layout import compose_rows
from pos.reports.table import Table


def print_table(table: Table, lang: str) -> None:
    """A table as aligned text: money with dots, quantities in units."""

    def cell(kind: str, v: Any) -> str:
        if v is None or v == "":
            return ""
        if kind == "money":
            return format_vnd(int(v), symbol=False)
        if kind == "qty":
            return (
                f"{Decimal(int(v)) / 1000:f}".rstrip("0").rstrip(".")
                if int(v) % 1000
                else str(int(v) // 1000)
            )
        if isinstance(v, dt.date):
            return f"{v:%d/%m/%Y}"
        return str(v)

    rows = [[c.title(lang) for c in table.columns]]
    body = list(table.rows) + ([table.totals] if table.totals is not None else [])
    rows += [[cell(c.kind, v) for c, v in zip(table.columns, r, strict=True)] for r in body]
    widths = [min(40, max(len(r[i]) for r in rows)) for i in range(len(table.columns))]
    print(table.title(lang))
    for r in rows:
        out = []
        for i, (c, v) in enumerate(zip(table.columns, r, strict=True)):
            v = v[:40]
            out.append(v.rjust(widths[i]) if c.kind in ("money", "qty", "int", "pct") else v.ljust(widths[i]))
        print("  ".join(out).rstrip())


def print_doc(doc: ReceiptDoc) -> None:
    """A printable document as the receipt printer lays it out (text rows only)."""
    for row in compose_rows(doc, width_mm=80, mode="raster"):
        line = getattr(row, "text", None)
        if line is not None:
            print(line.rstrip())
