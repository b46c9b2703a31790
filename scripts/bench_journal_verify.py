"""Journal verification alone, the way ``bench.core_bench.journal_verify`` times it, with CPU time beside wall time.

``python scripts/bench_journal_verify.py [--home DIR] [--runs N] [--out FILE] [--profile FILE]``: verifies a copy
of a till home (default: the bench's 100 000-sale backlog, ``bench.backlog.sales_home``; set
``OCOP_BENCH_WORKSPACE`` to reuse a built one) ``N`` times with every sale unsent, then ``N`` times after the outbox
is emptied as a sync round empties it. Prints one JSON object (and writes it to FILE): per run the wall seconds and
the process CPU seconds (every thread), medians, and both scaled to 100 000 sales as the bench reports them. Other
work on the machine shows in wall time more than in CPU time; ``loadavg`` is recorded before the runs.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.core_bench import _acknowledge_all
from pos.ledger.verify import verify_journal
from pos.settings import load_settings
from pos.till.terminal import Terminal


def _runs(t: Terminal, runs: int, profile: cProfile.Profile | None) -> dict[str, Any]:
    wall: list[float] = []
    cpu: list[float] = []
    entries = 0
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        if profile is not None:
            profile.enable()
        report = verify_journal(t.engine)
        if profile is not None:
            profile.disable()
        wall.append(round(time.perf_counter() - w0, 3))
        cpu.append(round(time.process_time() - c0, 3))
        if not report.ok:
            raise RuntimeError(f"the journal does not verify: {report.first}")
        entries = report.entries
    return {
        "entries": entries,
        "wall_s": wall,
        "cpu_s": cpu,
        "wall_s_median": statistics.median(wall),
        "cpu_s_median": statistics.median(cpu),
        "wall_s_100k": round(statistics.median(wall) * 100_000 / entries, 3),
        "cpu_s_100k": round(statistics.median(cpu) * 100_000 / entries, 3),
    }


def main() -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--profile", type=Path, help="cProfile stats of the unsent runs")
    parser.add_argument(
        "--label", default="", help="what is measured (e.g. the commit of a checkout outside git)"
    )
    args = parser.parse_args()
    if args.home is None:
        from bench.backlog import sales_home

        args.home = sales_home(100_000)
    copy = args.home.with_name(args.home.name + "-verify-copy")
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    for name in ("config.toml", "terminal.sqlite3"):
        shutil.copy(args.home / name, copy / name)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=Path(__file__).parent
    ).stdout.strip()
    out: dict[str, Any] = {
        "commit": commit,
        "label": args.label,
        "verify_py": str(Path(verify_journal.__code__.co_filename).resolve()),
        "home": str(args.home),
        "loadavg": os.getloadavg(),
    }
    profile = cProfile.Profile() if args.profile else None
    t = Terminal.open(load_settings(copy))
    try:
        with t.engine.connect() as conn:
            out["outbox_sales"] = conn.exec_driver_sql(
                "SELECT COUNT(*) FROM outbox WHERE entity='sale'"
            ).scalar()
            conn.rollback()
        out["unsent"] = _runs(t, args.runs, profile)
        _acknowledge_all(t)
        out["sent"] = _runs(t, args.runs, None)
    finally:
        t.close()
        shutil.rmtree(copy, ignore_errors=True)
    if profile is not None:
        profile.dump_stats(str(args.profile))
    if args.out is not None:
        args.out.write_text(json.dumps(out, indent=1) + "\n")
    return out


if __name__ == "__main__":
    json.dump(main(), sys.stdout)
    print()
