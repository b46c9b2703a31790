"""What the cashier feels, measured through the real till window (offscreen Qt, a child process per window:
``bench/gui_child.py``): a scan painted, a search answered, a sale paid, the screen never frozen by sync.

Every window is the one ``ocop-pos run`` shows (``ui.app.build_window``), driven by key events into its
scanner filter; the homes are copies of the benchmark's catalogues with a cashier (PIN 4826), signed in and the
shift opened by the child before anything is timed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

from bench.stats import percentile
from bench.workspace import catalogue_home, workspace

ROOT = Path(__file__).resolve().parent.parent


def _env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def till_home(products: int, name: str | None = None) -> Path:
    """A fresh copy of the ``products`` catalogue with the benchmark's cashier (the copy takes the sales)."""
    from bench.startup_bench import ensure_cashier

    home = workspace() / (name or f"gui-{products}")
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(catalogue_home(products), home)
    ensure_cashier(home)
    return home


def child(*args: str, timeout: float = 1800) -> dict[str, Any]:
    """Run ``python -m bench.gui_child ARGS`` and return the JSON object on its last line."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.gui_child", *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"gui_child {args[0]} failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}"
        )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


class _ScanServer:
    """A child process with one window, scanning on command (``gui_child serve-scans``)."""

    def __init__(self, home: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.gui_child", "serve-scans", str(home)],
            cwd=ROOT,
            env=_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._read()  # ready

    def _read(self) -> Any:
        out: IO[str] | None = self.proc.stdout
        assert out is not None
        line = out.readline()
        if not line:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise RuntimeError(f"the scan window ended: {err.strip()[-2000:]}")
        return json.loads(line)

    def scans(self, n: int) -> list[list[float]]:
        """[wall ms, GUI-thread CPU ms] of each of ``n`` scans."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{n}\n")
        self.proc.stdin.flush()
        times: list[list[float]] = self._read()
        return times

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.write("0\n")
            self.proc.stdin.close()
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def scan_to_screen(quick: bool, big_products: int) -> dict[str, Any]:
    """``scan_to_screen_ms_p99`` — a cashier scans a product and sees it on the cart: from the scanner's first
    key event into the window's scanner filter to the cart's table painted with the line (the totals and the
    message in the same frame), 30-line sales, on a 1 000-product and a ``big_products`` catalogue.
    Target: one frame at 60 Hz (16 ms). ``scan_to_screen_growth``: p99 on the big catalogue ÷ p99 on the small
    one — the baseline, measured in the same run, in blocks of 25 scans taken in turn (each catalogue in its own
    window process), so a busy neighbour weighs on both alike."""
    scans = 200 if quick else 2000
    block = 25
    small = _ScanServer(till_home(1_000))
    big = _ScanServer(till_home(big_products))
    try:
        small.scans(40)  # warm: caches, the pool's connection, the first sale's rows
        big.scans(40)
        timed_small: list[list[float]] = []
        timed_big: list[list[float]] = []
        while len(timed_big) < scans:
            timed_small += small.scans(block)
            timed_big += big.scans(block)
    finally:
        small.close()
        big.close()
    out_small, out_big = [t[0] for t in timed_small], [t[0] for t in timed_big]
    cpu_big = [t[1] for t in timed_big]
    p99_small, p99_big = percentile(out_small, 99), percentile(out_big, 99)
    return {
        # The GUI thread's own CPU time for the same scans: what the figure would be on an idle machine.
        "scan_to_screen_cpu_ms_p50": round(percentile(cpu_big, 50), 2),
        "scan_to_screen_cpu_ms_p99": round(percentile(cpu_big, 99), 2),
        "scan_to_screen_ms_p99": round(p99_big, 2),
        "scan_to_screen_ms_p50": round(percentile(out_big, 50), 2),
        "scan_to_screen_ms_max": round(max(out_big), 2),
        "scan_to_screen_small_ms_p99": round(p99_small, 2),
        "scan_to_screen_growth": round(p99_big / p99_small, 3),
        "scan_to_screen_growth_p50": round(percentile(out_big, 50) / percentile(out_small, 50), 3),
        "scan_to_screen_scans": len(out_big),
        "scan_to_screen_baseline": "the same scans through the same window on a 1 000-product catalogue",
    }
