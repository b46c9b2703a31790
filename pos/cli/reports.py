"""``ocop-pos report …`` and ``ocop-pos settlement …``: reports and producer settlements from a shell,
printed as text or written to CSV/XLSX."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import text

from pos.cli import EXIT_USAGE
from pos.cli.actor import add_actor_argument, sign_in
from pos.cli.output import (
    add_format_options,
    emit_json,
    emit_table,
    error,
    print_table,
    table_document,
)
from pos.errors import PosError
from pos.reports import sales
from pos.reports.export import export
from pos.reports.table import Period
from pos.settlement.statement import (
    SettlementStatement,
    build_statement,
    coverage_rows,
    issue_statement,
    mark_paid,
    statement_table,
)
from pos.staff.permissions import Permission, require
from pos.till.terminal import Terminal


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
    add_format_options(p)


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
        if name == "show":
            p.add_argument(
                "--store",
                action="store_true",
                help="the whole store's statement (every till), asked of head office; without it: this till only",
            )
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
    if args.fmt == "json":
        emit_json(
            [table_document(table) for table in tables] if args.kind == "all" else table_document(tables[0])
        )
        return 0
    if args.fmt == "tsv":
        if len(tables) > 1:
            error("ocop-pos: --tsv is one table; use --json or --out FILE.xlsx for 'all'")
            return EXIT_USAGE
        emit_table(args, tables[0])
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
    code = t.settings.terminal.code
    if getattr(args, "store", False):
        from pos.settlement.store import fetch_store_statement

        st = fetch_store_statement(t.engine, pid, period)
    elif args.issue:
        st = issue_statement(t.engine, actor, pid, period, terminal_code=code)
    else:
        st = build_statement(t.engine, pid, period, terminal_code=code)
    if args.out:
        export([statement_table(st)], args.out, lang=lang, subtitle=f"{period.label()} · {_covers(st, lang)}")
    elif args.fmt == "json":
        emit_json(
            {
                **table_document(statement_table(st)),
                "statement_id": st.id or None,
                "store": st.store_code or None,
                "tills": [
                    {
                        "code": x.code,
                        "last_sale_at": x.last_sale_at.isoformat() if x.last_sale_at else None,
                        "last_received_at": x.last_received_at.isoformat() if x.last_received_at else None,
                    }
                    for x in st.tills
                ],
            }
        )
        return 0
    elif args.fmt == "tsv":  # the rows alone (``--json`` carries the issued statement's id)
        emit_table(args, statement_table(st))
        return 0
    else:
        for row in coverage_rows(st, lang):
            print(f"{row.label}: {row.value}" if row.value is not None else row.label)
        print_table(statement_table(st), lang)
    if st.id:
        print(f"id {st.id}")
    return 0


def _covers(st: SettlementStatement, lang: str) -> str:
    """The tills a statement counts, for an export's subtitle."""
    if st.store_wide:
        head = "Cả cửa hàng" if lang != "en" else "Whole store"
        return f"{head} {st.store_code}: {st.tills_label()}"
    return ("Chỉ máy này" if lang != "en" else "This till only") + f" ({st.tills_label()})"


def _paid(args: argparse.Namespace) -> int:
    t = Terminal.open()
    mark_paid(t.engine, sign_in(t, args), args.statement_id, args.reference)
    return 0
