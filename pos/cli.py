"""The ``ocop-pos`` command line: one entry point, sub-commands registered by their own modules.

Each area keeps its commands next to its code in a ``commands.py`` exposing ``register(subparsers)``;
a sub-command's handler takes the parsed ``argparse.Namespace`` and returns the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from importlib import metadata

from pos.errors import PosError

# Modules that add sub-commands, in the order they appear in --help.
COMMAND_MODULES = [
    "pos.app_commands",
    "pos.catalogue.commands",
    "pos.selling.commands",
    "pos.ledger.commands",
    "pos.receipts.commands",
    "pos.devices.camera_commands",
    "pos.sync.commands",
    "pos.server.commands",
    "pos.staff.commands",
    "pos.shifts.commands",
    "pos.inventory.commands",
    "pos.reports.commands",
    "pos.backup_commands",
]
#: Packages outside the core (the GUI) add commands through this entry-point group, so pos/ never imports ui/.
ENTRY_POINT_GROUP = "ocop_pos.commands"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ocop-pos", description="OCOP POS — offline-first till for OCOP shops"
    )
    parser.add_argument("--lang", choices=["vi", "en"], default=None, help="language of messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        entry.load()(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    lang = args.lang or "vi"
    try:
        return int(args.handler(args) or 0)
    except PosError as exc:
        print(f"ocop-pos: {exc.message(lang)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
