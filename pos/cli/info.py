"""Top-level commands: where the files are, database maintenance. (``run`` is the GUI's: ui/commands.py.)"""

from __future__ import annotations

import argparse
from typing import Any

from pos.db import TERMINAL_HEAD, open_database
from pos.settings import load_settings


def register(sub: Any) -> None:
    p = sub.add_parser("info", help="where the terminal keeps its files")
    p.set_defaults(handler=_info)
    p = sub.add_parser("db", help="database maintenance")
    p.add_argument("action", choices=["upgrade", "check"])
    p.set_defaults(handler=_db)


def _info(_args: argparse.Namespace) -> int:
    s = load_settings()
    print(f"home      {s.home}\nconfig    {s.config_path}\ndatabase  {s.db_path}\nlogs      {s.log_dir}")
    print(f"terminal  {s.terminal.code} (store {s.terminal.store_code})\nschema    {TERMINAL_HEAD}")
    return 0


def _db(args: argparse.Namespace) -> int:
    s = load_settings()
    engine = open_database(s.db_path, migrate=args.action == "upgrade")
    engine.dispose()
    print(f"{s.db_path}: ok (schema {TERMINAL_HEAD})")
    return 0
