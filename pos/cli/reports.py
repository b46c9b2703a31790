"""``ocop-pos report …`` and ``ocop-pos settlement …``: reports and producer settlements from a shell,
printed as text or written to CSV/XLSX."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from pos.cli.staff import add_actor_argument, sign_in
from pos.errors import PosError
from pos.money import format_vnd
from pos.receipts.document import ReceiptDoc
from pos.receipts.layout import compose_rows
from pos.reports import sales
from pos.reports.export import export
from pos.reports.table import Period, Table
from pos.settlement.statement import build_statement, issue_statement, mark_paid, statement_table
from pos.staff.permissions import Permission, require
from pos.till.terminal import Terminal


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


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


def _period_args(p: argparse.ArgumentParser) -> None:
    today = dt.date.today()
    p.add_argument(
        "--from", dest="start", type=_date, default=today.replace(day=1), help="first day (YYYY-MM-DD)"
    )
    p.add_argument("--to", dest="end", type=_date, default=today, help="last day (YYYY-MM-DD)")
    p.add_argument("--out", type=Path, help="write to this .csv or .xlsx instead of printing")


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="sales reports (print, or --out .csv/.xlsx)")
    p.add_argument("kind", choices=[*sales.REPORTS, "all"], help="which report ('all': every one, to .xlsx)")
    add_actor_argument(p)
    _period_args(p)
    p.add_argument("--top", type=int, default=10, help="how many for 'top'")
    p.set_defaults(handler=_report)

    st = sub.add_parser("settlement", help="consignment settlements").add_subparsers(
        dest="st_cmd", metavar="ACTION"
    )
    for name, helptext in (
        ("show", "what is owed to a producer for a period"),
        ("issue", "issue (store) the statement for a period"),
    ):
        p = st.add_parser(name, help=helptext)
        p.add_argument("producer", help="producer code")
        add_actor_argument(p)
        _period_args(p)
        p.set_defaults(handler=_settlement, issue=name == "issue")
    p = st.add_parser("paid", help="record that an issued statement was paid")
    p.add_argument("statement_id")
    p.add_argument("reference", help="bank transfer reference or voucher number")
    add_actor_argument(p)
    p.set_defaults(handler=_paid)


def _report(args: argparse.Namespace) -> int:
    t = Terminal.open()
    require(sign_in(t, args), Permission.VIEW_REPORTS)
    lang = args.lang or "vi"
    period = Period(args.start, args.end)
    kinds = list(sales.REPORTS) if args.kind == "all" else [args.kind]
    tables = []
    for kind in kinds:
        fn: Any = sales.REPORTS[kind]
        tables.append(fn(t.engine, period, n=args.top) if kind == "top" else fn(t.engine, period))
    if args.out:
        export(tables, args.out, lang=lang, subtitle=period.label())
        print(args.out)
        return 0
    for table in tables:
        print_table(table, lang)
        print()
    return 0


def _producer_id(t: Terminal, code: str) -> str:
    with t.engine.connect() as conn:
        pid = conn.execute(text("SELECT id FROM producers WHERE code = :c"), {"c": code}).scalar()
        conn.rollback()
    if pid is None:
        raise PosError(f"Không có nhà sản xuất mã {code}", f"No producer with code {code}")
    return str(pid)


def _settlement(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    require(actor, Permission.SETTLE_PRODUCERS)
    lang = args.lang or "vi"
    period = Period(args.start, args.end)
    pid = _producer_id(t, args.producer)
    st = (
        issue_statement(t.engine, actor, pid, period)
        if args.issue
        else build_statement(t.engine, pid, period)
    )
    if args.out:
        export([statement_table(st)], args.out, lang=lang, subtitle=period.label())
    else:
        print_table(statement_table(st), lang)
    if st.id:
        print(f"id {st.id}")
    return 0


def _paid(args: argparse.Namespace) -> int:
    t = Terminal.open()
    mark_paid(t.engine, sign_in(t, args), args.statement_id, args.reference)
    return 0
