"""The ``ocop-pos`` command line: one entry point, sub-commands registered by their own modules.

Every command group is one module of this package exposing ``register(subparsers)`` (``pos/cli/inventory.py`` …);
a sub-command's handler takes the parsed ``argparse.Namespace`` and returns the process exit code. The core's
packages know nothing of argparse: the command modules call them, never the other way round.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from pos.errors import PosError

# Modules that add sub-commands, in the order they appear in --help, with the sub-commands each registers (a test
# holds this to what they register). Running one command imports only its module: ``ocop-pos run`` must not pay
# for the printer profiles, OpenCV and the HTTP client that other commands use (1.7 s, measured).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "pos.cli.info": ("info", "db"),
    "pos.cli.catalogue": ("catalog",),
    "pos.cli.simulate": ("simulate",),
    "pos.cli.journal": ("journal",),
    "pos.cli.receipt": ("receipt",),
    "pos.cli.returns": ("return",),
    "pos.cli.camera": ("scan-image", "camera-test"),
    "pos.cli.sync": ("register", "sync"),
    "pos.cli.server": ("server",),
    "pos.cli.staff": ("staff", "audit"),
    "pos.cli.shop": ("shop",),
    "pos.cli.einvoice": ("einvoice",),
    "pos.cli.vat_refund": ("vat-refund",),
    "pos.cli.shift": ("shift",),
    "pos.cli.inventory": ("stock", "products"),
    "pos.cli.reports": ("report", "settlement"),
    "pos.cli.backup": ("backup", "restore"),
}
EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C
EXIT_PIPE = 141  # 128 + SIGPIPE, as a shell reports a writer whose reader went away

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
    entry_points = installed_entry_points(ENTRY_POINT_GROUP)
    chosen = [(name, value) for name, value in entry_points if name == command]
    if not modules and not chosen:
        modules, chosen = list(COMMAND_MODULES), entry_points
    for name in modules:
        importlib.import_module(name).register(sub)
    registered: set[str] = set()
    for _name, value in chosen:
        if value not in registered:  # one register() may add several commands
            registered.add(value)
            load_entry_point(value)(sub)
    return parser


def installed_entry_points(group: str) -> list[tuple[str, str]]:
    """Each entry point of ``group`` as (name, "module:attribute"), read from the ``entry_points.txt`` of every
    distribution on ``sys.path``, the first distribution of a name winning — what ``importlib.metadata`` finds,
    without importing it: its imports (``email``, ``zipfile``, ``csv`` …) and its walk of every installed
    package's metadata were a tenth of the time ``ocop-pos run`` took to parse its command line.
    ``tests/unit/test_cli_dispatch.py`` holds the two to the same answer."""
    import configparser

    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for folder in sys.path:
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:  # a zip file, a folder that is not there
            continue
        for name in names:
            stem, dot, kind = name.rpartition(".")
            if not dot or kind not in ("dist-info", "egg-info"):
                continue
            project = re.sub(r"[-_.]+", "-", stem.split("-")[0]).lower()
            if project in seen:
                continue
            seen.add(project)
            parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
            parser.optionxform = str  # type: ignore[assignment,method-assign]
            try:
                parser.read(os.path.join(folder or ".", name, "entry_points.txt"), encoding="utf-8")
            except configparser.Error:
                continue
            if parser.has_section(group):
                found.extend((key, value.split("[")[0].strip()) for key, value in parser.items(group))
    return found


def load_entry_point(value: str) -> Callable[..., Any]:
    """The object an entry point's "module:attribute" names."""
    module, _, attribute = value.partition(":")
    target: Any = importlib.import_module(module.strip())
    for part in filter(None, attribute.strip().split(".")):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit code (``docs/cli.md``): 0 done, 1 refused or failed (the reason on stderr),
    2 a usage error, 130 interrupted, 141 the reader of the output went away (``ocop-pos … | head``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_name(argv))
    args = parser.parse_args(argv)  # a usage error: argparse says why on stderr and exits 2
    if not getattr(args, "handler", None):
        _help_for(parser, args.command).print_help(sys.stderr)
        return EXIT_USAGE
    lang = args.lang or "vi"
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a reader that went away is found here, not in Python's last flush at exit
        return code
    except BrokenPipeError:
        _stdout_gone()
        return EXIT_PIPE
    except PosError as exc:
        print(f"ocop-pos: {exc.message(lang)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _help_for(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command`` when it was named without its action (``ocop-pos stock``), else the main one."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            chosen: argparse.ArgumentParser = action.choices[command]
            return chosen
    return parser


def _stdout_gone() -> None:
    """``ocop-pos stock levels | head``: the pipe closed after what the reader wanted. Nothing more goes out, and
    no traceback: stdout points at /dev/null so Python's own flush at exit finds nowhere to fail (the way the
    Python documentation advises; SIGPIPE itself stays ignored, so a closed socket in ``sync`` is an error the
    code handles, not a silent death)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
