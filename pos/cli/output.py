"""How commands print: text for people, or ``--tsv`` / ``--json`` for scripts; data on stdout, trouble on stderr.

For people: tables as aligned text, documents as the receipt printer lays them out, names in ``--lang``.
For scripts (``docs/cli.md``): ``--tsv`` is a header line of column names, then one line per row, fields split by
tabs (a tab or line break inside a value becomes a space); ``--json`` is one document — an array of objects for a
listing, an object for a single record. Both carry raw values: money in đồng and quantities in thousandths
(``qty_milli``) as integers, dates as ISO 8601, nothing translated, so a script reads the same whatever the
language.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pos.money import format_vnd
from pos.reports.table import Table

if TYPE_CHECKING:
    from pos.receipts.document import ReceiptDoc

Row = Mapping[str, Any]


def add_format_options(parser: argparse.ArgumentParser) -> None:
    """``--tsv`` or ``--json`` instead of the text for people."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--tsv", dest="fmt", action="store_const", const="tsv", help="tab-separated values with a header line"
    )
    group.add_argument("--json", dest="fmt", action="store_const", const="json", help="one JSON document")
    parser.set_defaults(fmt="text")


def for_script(args: argparse.Namespace) -> bool:
    """Whether the command was asked for ``--tsv`` or ``--json``."""
    return getattr(args, "fmt", "text") != "text"


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _tsv(value: Any) -> str:
    value = _scalar(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).replace("\t", " ").splitlines())


def emit_rows(args: argparse.Namespace, columns: Sequence[str], rows: Iterable[Row]) -> None:
    """A listing for a script, as ``--tsv`` or ``--json`` asked; ``columns`` is the header and the keys."""
    if args.fmt == "tsv":
        print("\t".join(columns))
        for row in rows:
            print("\t".join(_tsv(row.get(c)) for c in columns))
    else:
        emit_json([{c: _scalar(row.get(c)) for c in columns} for row in rows])


def emit_record(args: argparse.Namespace, record: Row) -> None:
    """One record for a script: a header line and one line (``--tsv``), or an object (``--json``)."""
    if args.fmt == "tsv":
        emit_rows(args, list(record), [record])
    else:
        emit_json(record)


def emit_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=_scalar)
    print()


def table_rows(table: Table) -> list[dict[str, Any]]:
    """A report's rows by column key (its totals row left out: a script sums what it needs)."""
    return table.as_dicts()


def table_document(table: Table) -> dict[str, Any]:
    """A report as one JSON object: its key, its title in both languages, its columns, rows and totals."""
    keys = [c.key for c in table.columns]
    return {
        "report": table.key,
        "title_vi": table.title_vi,
        "title_en": table.title_en,
        "columns": [{"key": c.key, "kind": c.kind, "vi": c.vi, "en": c.en} for c in table.columns],
        "rows": [{k: _scalar(v) for k, v in row.items()} for row in table.as_dicts()],
        "totals": None
        if table.totals is None
        else {k: _scalar(v) for k, v in zip(keys, table.totals, strict=True)},
    }


def emit_table(args: argparse.Namespace, table: Table) -> None:
    """A report for a script: its rows as TSV, or the whole table as a JSON object."""
    if args.fmt == "tsv":
        emit_rows(args, [c.key for c in table.columns], table_rows(table))
    else:
        emit_json(table_document(table))


def error(message: str) -> None:
    """A refusal or a problem, for the person or the script's log: on stderr, never mixed into the data."""
    print(message, file=sys.stderr)


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
    from pos.receipts.layout import compose_rows  # the printer stack (escpos): only for commands that print

    for row in compose_rows(doc, width_mm=80, mode="raster"):
        line = getattr(row, "text", None)
        if line is not None:
            print(line.rstrip())
