"""``ocop-pos`` as a Unix tool, run as real processes: a pipe into ``head`` ends quietly, ``--tsv``/``--json``
read back with ordinary parsers, trouble goes to stderr and the exit code says what happened (docs/cli.md)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.barcodes import with_check_digit
from pos.cli import EXIT_PIPE, EXIT_REFUSED, EXIT_USAGE
from pos.demo.catalogue import seed_demo
from pos.demo.generate import generate_catalogue
from pos.demo.simulate import simulate
from pos.inventory.importexport import COLUMNS
from pos.settings import load_settings
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal

OCOP_POS = Path(sys.executable).with_name("ocop-pos")  # the installed command, as a shell finds it


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo shop plus 2 500 synthetic products (a stock listing of ~150 kB, twice what a pipe holds) and a
    few sales."""
    home = tmp_path_factory.mktemp("cli-home")
    terminal = Terminal.open(load_settings(home))
    try:
        seed_demo(terminal.engine, install_secret(home))
        generate_catalogue(terminal.engine, 2500, seed=3)
        simulate(terminal, 12, seed=5)
    finally:
        terminal.close()
    yield home


def env_for(home: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "OCOP_POS_HOME": str(home), **more}


def ocop(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    assert OCOP_POS.exists(), f"{OCOP_POS} is missing: install the project (./tasks setup dev)"
    return subprocess.run(
        [str(OCOP_POS), *args], env=env_for(home, **env), capture_output=True, text=True, timeout=300
    )


def into_head(home: Path, *args: str) -> tuple[str, str, int]:
    """``ocop-pos ARGS | head -1``: what head printed, what ocop-pos said on stderr, and its exit code."""
    writer = subprocess.Popen(
        [str(OCOP_POS), *args], env=env_for(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    head = subprocess.Popen(["head", "-1"], stdin=writer.stdout, stdout=subprocess.PIPE)
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.close()  # head alone holds the pipe's reading end now
    shown, _ = head.communicate(timeout=300)
    errors = writer.stderr.read()
    writer.wait(timeout=300)
    return shown.decode(), errors.decode(), writer.returncode


def tsv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_a_pipe_into_head_ends_quietly(home: Path) -> None:
    shown, errors, code = into_head(home, "stock", "levels")
    assert shown.startswith("GEN-") or shown.startswith("QN-")
    assert errors == "" and code == EXIT_PIPE  # no BrokenPipeError traceback, and a shell can tell why
    shown, errors, code = into_head(home, "products", "list", "--tsv")
    assert shown.rstrip("\n").split("\t") == list(COLUMNS)
    assert errors == "" and code == EXIT_PIPE


def test_listings_read_back_as_tsv_with_a_header_line(home: Path) -> None:
    levels = ocop(home, "stock", "levels", "--tsv")
    assert levels.returncode == 0 and levels.stderr == ""
    rows = tsv(levels.stdout)
    assert len(rows) > 2500
    assert list(rows[0]) == [
        "sku",
        "name_vi",
        "name_en",
        "unit",
        "qty_milli",
        "low_milli",
        "is_low",
        "price",
        "cost",
    ]
    assert all(int(r["price"]) > 0 and r["is_low"] in ("true", "false") for r in rows)
    assert {int(r["qty_milli"]) for r in rows} != {0}  # thousandths, as integers
    listed = tsv(ocop(home, "products", "list", "--tsv").stdout)
    assert len(listed) == len(rows) and list(listed[0]) == list(COLUMNS)
    found = tsv(ocop(home, "--lang", "en", "catalog", "search", "ruou", "ba", "kich", "--tsv").stdout)
    assert found and found[0]["name_vi"].startswith("Rượu ba kích")  # raw values, whatever --lang says


def test_records_and_reports_read_back_as_json(home: Path) -> None:
    info = json.loads(ocop(home, "info", "--json").stdout)
    assert info["home"] == str(home) and info["terminal"] == "T01"
    journal = ocop(home, "journal", "verify", "--json")
    assert journal.returncode == 0 and json.loads(journal.stdout)["ok"] is True
    status = json.loads(ocop(home, "sync", "--status", "--json").stdout)
    assert status["queued"] >= 12 and status["last_success_utc"] is None
    report = ocop(home, "report", "method", "--staff", "M01", "--json", OCOP_POS_PIN="9999")
    assert report.returncode == 0, report.stderr
    table = json.loads(report.stdout)
    assert table["report"] and table["rows"] and isinstance(table["totals"]["net"], int)  # đồng, not text
    assert all(isinstance(row["received"], int) for row in table["rows"])
    by_method = tsv(ocop(home, "report", "method", "--staff", "M01", "--tsv", OCOP_POS_PIN="9999").stdout)
    assert [r["method"] for r in by_method] == [r["method"] for r in table["rows"]]


def test_trouble_goes_to_stderr_and_the_exit_code_says_what_happened(home: Path) -> None:
    unknown = ocop(home, "--lang", "en", "catalog", "lookup", with_check_digit("893000000000"))
    assert (unknown.returncode, unknown.stdout) == (EXIT_REFUSED, "")
    assert unknown.stderr.startswith("ocop-pos: ") and "No product" in unknown.stderr
    wrong_pin = ocop(home, "report", "day", "--staff", "M01", OCOP_POS_PIN="0001")
    assert (wrong_pin.returncode, wrong_pin.stdout) == (EXIT_REFUSED, "") and wrong_pin.stderr
    no_shift = ocop(home, "shift", "status", "--json")
    assert no_shift.returncode == EXIT_REFUSED and json.loads(no_shift.stdout)["open"] is False
    for usage in (["no-such-command"], ["stock"], ["stock", "levels", "--bogus"]):
        wrong = ocop(home, *usage)
        assert (wrong.returncode, wrong.stdout) == (EXIT_USAGE, ""), usage
        assert "usage: ocop-pos" in wrong.stderr
    both = ocop(home, "report", "all", "--staff", "M01", "--tsv", OCOP_POS_PIN="9999")
    assert (both.returncode, both.stdout) == (EXIT_USAGE, "") and "--json" in both.stderr
