"""Top-level commands: start the app, show where the files are, upgrade the database."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import Any

from pos.db import TERMINAL_HEAD, open_database
from pos.settings import load_settings


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="start the till (GUI)")
    p.add_argument("--demo", action="store_true", help="load the demo OCOP catalogue first if the database is empty")
    p.set_defaults(handler=_run)
    p = sub.add_parser("info", help="where the terminal keeps its files")
    p.set_defaults(handler=_info)
    p = sub.add_parser("db", help="database maintenance")
    p.add_argument("action", choices=["upgrade", "check"])
    p.set_defaults(handler=_db)


def _run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.demo:
        from pos.catalogue.demo import is_empty, seed_demo
        from pos.staff.pins import install_secret

        engine = open_database(settings.db_path)
        if is_empty(engine):
            counts = seed_demo(engine, install_secret(settings.home))
            print(f"Demo catalogue loaded: {counts['products']} products.")
        engine.dispose()
    if importlib.util.find_spec("ui.app") is None:
        print("The GUI package (ui/) is not installed.", file=sys.stderr)
        return 1
    from ui.app import run_app

    return int(run_app(settings))


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
