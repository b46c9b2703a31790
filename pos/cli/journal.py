"""``ocop-pos journal verify``: prove no sale was edited, deleted or inserted behind the till's back."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pos.db import open_database
from pos.ledger.verify import verify_journal
from pos.settings import load_settings


def register(sub: Any) -> None:
    journal = sub.add_parser("journal", help="the tamper-evident sales journal").add_subparsers(
        dest="journal_cmd", metavar="ACTION"
    )
    p = journal.add_parser("verify", help="exit 0 if intact; otherwise name the first bad receipt")
    p.set_defaults(handler=_verify)


def _verify(args: argparse.Namespace) -> int:
    settings = load_settings()
    engine = open_database(settings.db_path)
    report = verify_journal(engine)
    lang = args.lang or "en"
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
