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

# Modules that add sub-commands, in the order they appear in --help, with the sub-commands each registers (a test
# holds this to what they register). Running one command imports only its module: ``ocop-pos run`` must not pay
# for the printer profiles, OpenCV and the HTTP client that other commands use (1.7 s, measured).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "pos.app_commands": ("info", "db"),
    "pos.catalogue.commands": ("catalog",),
    "pos.selling.commands": ("simulate",),
    "pos.ledger.commands": ("journal",),
    "pos.receipts.commands": ("receipt",),
    "pos.devices.camera_commands": ("scan-image", "camera-test"),
    "pos.sync.commands": ("register", "sync"),
    "pos.server.commands": ("server",),
    "pos.staff.commands": ("staff", "audit"),
    "pos.shop.commands": ("shop",),
    "pos.einvoice.commands": ("einvoice",),
    "pos.shifts.commands": ("shift",),
    "pos.inventory.commands": ("stock", "products"),
    "pos.reports.commands": ("report", "settlement"),
    "pos.backup_commands": ("backup", "restore"),
}
#: Packages outside the core (the GUI) add commands through this entry-point group, so pos/ never imports ui/.
#: Each entry point is named after the sub-command it adds; several may share one ``register``.
ENTRY_POINT_GROUP = "ocop_pos.commands"


def command_name(argv: Sequence[str]) -> str | None:
    """The sub-command named in ``argv`` (the first word that is not a global option), if any."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every sub-command, or only with ``command`` when a module or entry point is known to
    add it (an unknown name gets the full parser, so argparse lists the choices)."""
    parser = argparse.ArgumentParser(
        prog="ocop-pos", description="OCOP POS — offline-first till for OCOP shops"
    )
    parser.add_argument("--lang", choices=["vi", "en"], default=None, help="language of messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [m for m, names in COMMAND_MODULES.items() if command in names]
    entry_points = list(metadata.entry_points(group=ENTRY_POINT_GROUP))
    chosen = [ep for ep in entry_points if ep.name == command]
    if not modules and not chosen:
        modules, chosen = list(COMMAND_MODULES), entry_points
    for name in modules:
        importlib.import_module(name).register(sub)
    registered: set[str] = set()
    for entry in chosen:
        if entry.value not in registered:  # one register() may add several commands
            registered.add(entry.value)
            entry.load()(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_name(argv))
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
