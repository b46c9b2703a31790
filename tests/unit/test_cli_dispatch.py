"""The command line imports only the module of the command it runs, and its map of commands stays true."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from importlib import metadata

import pytest

from pos.cli import COMMAND_MODULES, ENTRY_POINT_GROUP, build_parser, command_name, installed_entry_points


def _registered(register: object) -> tuple[str, ...]:
    sub = argparse.ArgumentParser().add_subparsers()
    register(sub)  # type: ignore[operator]
    return tuple(sub.choices)


@pytest.mark.parametrize("module", list(COMMAND_MODULES))
def test_each_module_registers_exactly_the_commands_the_map_names(module: str) -> None:
    assert _registered(importlib.import_module(module).register) == COMMAND_MODULES[module]


def test_each_entry_point_is_named_after_a_command_its_register_adds() -> None:
    entry_points = list(metadata.entry_points(group=ENTRY_POINT_GROUP))
    assert {ep.name for ep in entry_points} == {"run", "screenshots"}
    for ep in entry_points:
        assert ep.name in _registered(ep.load())


@pytest.mark.parametrize("group", [ENTRY_POINT_GROUP, "console_scripts", "pytest11"])
def test_the_command_line_finds_the_entry_points_importlib_metadata_finds(group: str) -> None:
    expected = sorted((ep.name, ep.value.split("[")[0].strip()) for ep in metadata.entry_points(group=group))
    assert expected  # each group has some in the dev install
    assert sorted(installed_entry_points(group)) == expected


def test_parsing_the_command_line_of_run_does_not_import_importlib_metadata() -> None:
    """Measured: importing it and walking every installed package's metadata was ~0.05 s of every start."""
    probe = "import sys; from pos.cli import build_parser; build_parser('run'); print('importlib.metadata' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["run"], "run"),
        (["--lang", "en", "journal", "verify"], "journal"),
        (["--lang=en", "sync", "--once"], "sync"),
        (["-h"], None),
        ([], None),
    ],
)
def test_the_command_is_the_first_word_after_the_global_options(argv: list[str], name: str | None) -> None:
    assert command_name(argv) == name


def test_one_command_gets_a_parser_with_only_its_module_and_an_unknown_one_gets_all() -> None:
    def choices(parser: argparse.ArgumentParser) -> set[str]:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(action.choices)

    assert choices(build_parser("journal")) == {"journal"}
    assert choices(build_parser("shop")) == {"shop"}
    assert choices(build_parser("screenshots")) == {"run", "screenshots"}
    everything = {name for names in COMMAND_MODULES.values() for name in names} | {"run", "screenshots"}
    assert choices(build_parser("no-such-command")) == everything
    assert choices(build_parser(None)) == everything


def test_starting_the_till_does_not_import_the_printer_camera_or_network_stacks() -> None:
    """Measured: building every command's parser imported escpos (0.4 s of printer profiles), OpenCV and httpx."""
    probe = (
        "import sys; from pos.cli import build_parser; build_parser('run'); "
        "print(' '.join(m for m in ('escpos', 'cv2', 'httpx', 'numpy', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""


def test_the_tills_window_does_not_import_what_only_some_shops_or_later_steps_need() -> None:
    """Start-up loads what the sale screen needs. Measured: pydantic (through the sync's wire models) added ~0.35 s,
    the printer, camera and HTTP stacks more; they load with the first print, camera start or sync round. The
    e-invoice's XML (``xml.etree``, also read for a tourist's receipt words) loads with the first invoice, the
    tourist's VAT refund forms with the first one. SQLAlchemy's ORM and the table models (~0.2 s of class building)
    load on the executor once the window is up (``ui.app.load_after_start``)."""
    probe = (
        "import sys; import ui.app, ui.main_window, ui.commands, ui.daily_backup, ui.printing, ui.sync_bridge; "
        "import pos.till.terminal, ui.einvoice_bridge, pos.einvoice.worker, pos.inventory.prices; "
        "print(' '.join(m for m in ('pydantic', 'httpx', 'escpos', 'cv2', 'numpy', 'PIL', 'qrcode', 'openpyxl', "
        "'fastapi', 'alembic', 'xml.etree.ElementTree', 'pos.einvoice.xml', 'pos.vat_refund', 'sqlalchemy.orm', "
        "'pos.models.sales', 'pos.models.store_ops') if m in sys.modules))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120, env=env
    )
    assert out.stdout.strip() == ""
