"""Commands that need the GUI: ``ocop-pos run`` and ``ocop-pos screenshots``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ui.languages import LANGUAGES

if TYPE_CHECKING:  # the real imports wait until the command runs: see start_till
    from pos.integrity import IntegrityCheck
    from pos.settings import Settings
    from ui.main_window import MainWindow


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="start the till (GUI)")
    p.add_argument(
        "--demo", action="store_true", help="load the demo OCOP catalogue first if the database is empty"
    )
    p.set_defaults(handler=_run)
    p = sub.add_parser(
        "screenshots", help="render the till's screens to PNG files (offscreen), in each language"
    )
    p.add_argument("--out", default="screenshots", help="folder for the PNG files")
    p.add_argument(
        "--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES), help="languages to render"
    )
    p.set_defaults(handler=_screenshots)


def start_till(args: argparse.Namespace) -> MainWindow:
    """What ``ocop-pos run`` does before Qt's event loop: the run marker and the fault log (``pos.last_run``:
    how the last run ended), the database's integrity check (started early, so it runs beside the imports of Qt
    and SQLAlchemy), the log file, the demo catalogue if asked, then the window (which ends the run when it
    closes)."""
    import logging

    from pos.integrity import IntegrityCheck
    from pos.last_run import begin_run
    from pos.logs import setup_logging
    from pos.settings import load_settings

    settings = load_settings()
    run = begin_run(settings.home, settings.log_dir)
    # the full check after a run that did not end cleanly, or once a day (pos.integrity.check_due)
    integrity = IntegrityCheck.start(settings.db_path, clean_stop=run.previous is None)
    setup_logging(settings.log_dir)
    startup = logging.getLogger("ocop_pos.startup")
    if integrity.skipped:
        startup.info(
            "integrity check skipped on %s: passed within a day, last run ended cleanly", settings.db_path
        )
    else:
        startup.info("integrity check started on %s (%s)", settings.db_path, integrity.reason)
    if run.previous is not None:
        stopped = logging.getLogger("ocop_pos.last_run")
        stopped.warning("%s", run.previous.summary())
        if run.previous.dump:
            stopped.warning("its fault dump (%s):\n%s", run.previous.log_path, run.previous.dump)
    if args.demo:
        _load_demo(settings, integrity)
    from ui.app import open_till

    return open_till(settings, integrity=integrity, run=run)


def _load_demo(settings: Settings, integrity: IntegrityCheck) -> None:
    from pos.db import open_database
    from pos.demo.catalogue import is_empty, seed_demo
    from pos.staff.pins import install_secret

    engine = open_database(settings.db_path, integrity=integrity)
    try:
        if is_empty(engine):
            counts = seed_demo(engine, install_secret(settings.home))
            print(
                f"Demo catalogue loaded: {counts['products']} products. "
                "Demo PINs: cashier 1111, shift lead 2222, manager 9999, admin 0000."
            )
    finally:
        engine.dispose()


def _run(args: argparse.Namespace) -> int:
    import logging

    from pos.errors import PosError
    from pos.last_run import end_run
    from pos.settings import home_dir
    from ui.start_failure import offer_restore, show_start_error

    log = logging.getLogger("ocop_pos.startup")
    for attempt in (1, 2):  # a second try only on a backup restored after the first failure
        try:
            window = start_till(args)
            break
        except PosError as exc:  # a corrupt or newer database, a bad config: say so where the cashier looks
            log.error("the till could not start: %s", exc.en)
            if attempt == 1 and offer_restore(exc):  # a corrupt database, a good backup, and yes
                continue
            show_start_error(exc)
            end_run(home_dir())  # a start that failed and said why is not an unexpected stop
            raise  # the command line prints it too and exits 1
    from ui.app import run_event_loop

    return run_event_loop(window)


def _screenshots(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.screenshots import render_all

    files = render_all(Path(args.out), tuple(args.lang))
    for path in files:
        print(path)
    return 0
