"""Commands that need the GUI: ``ocop-pos run`` and ``ocop-pos screenshots``."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="start the till (GUI)")
    p.add_argument(
        "--demo", action="store_true", help="load the demo OCOP catalogue first if the database is empty"
    )
    p.set_defaults(handler=_run)
    p = sub.add_parser("screenshots", help="render the till's screens to PNG files (offscreen), in vi and en")
    p.add_argument("--out", default="screenshots", help="folder for the PNG files")
    p.add_argument(
        "--lang", nargs="+", choices=["vi", "en"], default=["vi", "en"], help="languages to render"
    )
    p.set_defaults(handler=_screenshots)


def _run(args: argparse.Namespace) -> int:
    from pos.catalogue.demo import is_empty, seed_demo
    from pos.db import open_database
    from pos.settings import load_settings
    from pos.staff.pins import install_secret

    settings = load_settings()
    if args.demo:
        engine = open_database(settings.db_path)
        if is_empty(engine):
            counts = seed_demo(engine, install_secret(settings.home))
            print(
                f"Demo catalogue loaded: {counts['products']} products. "
                "Demo PINs: cashier 1111, shift lead 2222, manager 9999, admin 0000."
            )
        engine.dispose()
    from ui.app import run_app

    return int(run_app(settings))


def _screenshots(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.screenshots import render_all

    files = render_all(Path(args.out), tuple(args.lang))
    for path in files:
        print(path)
    return 0
