"""Top-level commands: where the files are, database maintenance. (``run`` is the GUI's: ui/commands.py.)"""

from __future__ import annotations

import argparse
from typing import Any

from pos.cli.output import add_format_options, emit_record, for_script
from pos.db import TERMINAL_HEAD, open_database
from pos.settings import load_settings


def register(sub: Any) -> None:
    p = sub.add_parser("info", help="where the terminal keeps its files")
    add_format_options(p)
    p.set_defaults(handler=_info)
    p = sub.add_parser("db", help="database maintenance")
    p.add_argument("action", choices=["upgrade", "check"])
    p.set_defaults(handler=_db)


def _info(args: argparse.Namespace) -> int:
    s = load_settings()
    if for_script(args):
        emit_record(
            args,
            {
                "home": str(s.home),
                "config": str(s.config_path),
                "database": str(s.db_path),
                "logs": str(s.log_dir),
                "terminal": s.terminal.code,
                "store": s.terminal.store_code,
                "schema": TERMINAL_HEAD,
            },
        )
        return 0
    print(f"home      {s.home}\nconfig    {s.config_path}\ndatabase  {s.db_path}\nlogs      {s.log_dir}")
    print(f"terminal  {s.terminal.code} (store {s.terminal.store_code})\nschema    {TERMINAL_HEAD}")
    return 0


def _db(args: argparse.Namespace) -> int:
    s = load_settings()
    engine = open_database(s.db_path, migrate=args.action == "upgrade")
    engine.dispose()
    print(f"{s.db_path}: ok (schema {TERMINAL_HEAD})")
    return 0
