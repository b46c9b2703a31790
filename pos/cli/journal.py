"""``ocop-pos journal verify``: prove no sale was edited, deleted or inserted behind the till's back."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy import Engine

from pos.cli.output import add_format_options, emit_record, emit_rows, for_script
from pos.db import open_database
from pos.ledger.verify import verify_journal
from pos.settings import load_settings


def register(sub: Any) -> None:
    journal = sub.add_parser("journal", help="the tamper-evident sales journal").add_subparsers(
        dest="journal_cmd", metavar="ACTION"
    )
    p = journal.add_parser("verify", help="exit 0 if intact; otherwise name the first bad receipt")
    p.add_argument(
        "--against-server",
        action="store_true",
        help="also compare the journal with the anchors the central server kept (catches a recomputed chain)",
    )
    add_format_options(p)
    p.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = open_database(settings.db_path)
    report = verify_journal(engine)
    lang = args.lang or "en"
    if report.ok and getattr(args, "against_server", False):
        return _against_server(engine, report.entries, lang)
    if for_script(args):
        problems = [
            {"terminal": p.terminal_code, "receipt_no": p.receipt_no, "vi": p.vi, "en": p.en}
            for p in report.problems
        ]
        if args.fmt == "tsv":  # one line per problem: an intact journal is the header alone
            emit_rows(args, ["terminal", "receipt_no", "vi", "en"], problems)
        else:
            emit_record(args, {"ok": report.ok, "entries": report.entries, "problems": problems})
        return 0 if report.ok else 1
    if report.ok:
        print(f"journal ok: {report.entries} entries")
        return 0
    first = report.first
    assert first is not None
    print(f"journal BROKEN at receipt {first.message(lang)}", file=sys.stderr)
    for problem in report.problems[1:20]:
        print(f"  also {problem.message(lang)}", file=sys.stderr)
    if len(report.problems) > 20:
        print(f"  … {len(report.problems) - 20} more", file=sys.stderr)
    return 1


def _against_server(engine: Engine, entries: int, lang: str) -> int:
    from pos.sync.anchors import verify_against_server
    from pos.sync.errors import SyncError
    from pos.sync.rounds import client_for

    try:
        with client_for(engine, timeout=30) as client:
            anchors, problems = verify_against_server(engine, client)
    except SyncError as exc:
        print(
            f"journal ok locally ({entries} entries), but not checked against the server: {exc}",
            file=sys.stderr,
        )
        return 1  # not proven: a failed check, not a usage error
    if not problems:
        print(f"journal ok: {entries} entries, {anchors} server anchors match")
        return 0
    print(f"journal BROKEN against the server at entry {problems[0].message(lang)}", file=sys.stderr)
    for problem in problems[1:20]:
        print(f"  also {problem.message(lang)}", file=sys.stderr)
    return 1
