"""Journal verification alone, the way ``bench.core_bench.journal_verify`` times it, with CPU time beside wall time.

``python scripts/bench_journal_verify.py [--home DIR] [--runs N] [--out FILE] [--profile FILE]``: verifies a copy
of a till home (default: the bench's 100 000-sale backlog, ``bench.backlog.sales_home``; set
``OCOP_BENCH_WORKSPACE`` to reuse a built one) ``N`` times with every sale unsent, then ``N`` times after the outbox
is emptied as a sync round empties it. Prints one JSON object (and writes it to FILE): per run the wall seconds and
the process CPU seconds (every thread), medians, and both scaled to 100 000 sales as the bench reports them. Other
work on the machine shows in wall time more than in CPU time; ``loadavg`` is recorded before the runs.

``--baseline OLD_VERIFY_PY``: another version of ``pos/ledger/verify.py`` (e.g. ``git show main:pos/ledger/verify.py
> /tmp/old.py``) is loaded beside this one and the two are run alternately, call by call (the first of each pair
alternating too), so a machine whose other load comes and goes weighs on both alike; reported under ``baseline``
with the same keys, plus the medians of the per-pair ratios (this version / baseline).
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine

from bench.core_bench import _acknowledge_all
from pos.ledger.verify import verify_journal
from pos.settings import load_settings
from pos.till.terminal import Terminal

Verify = Callable[[Engine], Any]


def _load_baseline(path: Path) -> Verify:
    spec = importlib.util.spec_from_file_location("baseline_verify", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return cast(Verify, module.verify_journal)


def _one(t: Terminal, verify: Verify, profile: cProfile.Profile | None) -> tuple[float, float, int]:
    c0, w0 = time.process_time(), time.perf_counter()
    if profile is not None:
        profile.enable()
    report = verify(t.engine)
    if profile is not None:
        profile.disable()
    wall, cpu = round(time.perf_counter() - w0, 3), round(time.process_time() - c0, 3)
    if not report.ok:
        raise RuntimeError(f"the journal does not verify: {report.first}")
    return wall, cpu, int(report.entries)


def _summary(wall: list[float], cpu: list[float], entries: int) -> dict[str, Any]:
    return {
        "entries": entries,
        "wall_s": wall,
        "cpu_s": cpu,
        "wall_s_median": statistics.median(wall),
        "cpu_s_median": statistics.median(cpu),
        "wall_s_100k": round(statistics.median(wall) * 100_000 / entries, 3),
        "cpu_s_100k": round(statistics.median(cpu) * 100_000 / entries, 3),
    }


def _runs(
    t: Terminal, runs: int, profile: cProfile.Profile | None, baseline: Verify | None
) -> dict[str, Any]:
    times: dict[str, tuple[list[float], list[float]]] = {"this": ([], []), "baseline": ([], [])}
    entries = 0
    for i in range(runs):
        order = ["this", "baseline"] if i % 2 == 0 else ["baseline", "this"]
        for which in order if baseline is not None else ["this"]:
            verify = verify_journal if which == "this" else baseline
            assert verify is not None
            wall, cpu, entries = _one(t, verify, profile if which == "this" else None)
            times[which][0].append(wall)
            times[which][1].append(cpu)
    out = _summary(*times["this"], entries)
    if baseline is not None:
        out["baseline"] = _summary(*times["baseline"], entries)
        (w_this, c_this), (w_base, c_base) = times["this"], times["baseline"]
        out["wall_ratio_median"] = round(
            statistics.median(a / b for a, b in zip(w_this, w_base, strict=True)), 3
        )
        out["cpu_ratio_median"] = round(
            statistics.median(a / b for a, b in zip(c_this, c_base, strict=True)), 3
        )
    return out


def main() -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--profile", type=Path, help="cProfile stats of the unsent runs")
    parser.add_argument(
        "--label", default="", help="what is measured (e.g. the commit of a checkout outside git)"
    )
    parser.add_argument("--baseline", type=Path, help="another verify.py, run alternately with this one")
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
    baseline = _load_baseline(args.baseline) if args.baseline else None
    if args.baseline:
        out["baseline_verify_py"] = str(args.baseline)
    t = Terminal.open(load_settings(copy))
    try:
        with t.engine.connect() as conn:
            out["outbox_sales"] = conn.exec_driver_sql(
                "SELECT COUNT(*) FROM outbox WHERE entity='sale'"
            ).scalar()
            conn.rollback()
        out["unsent"] = _runs(t, args.runs, profile, baseline)
        _acknowledge_all(t)
        out["sent"] = _runs(t, args.runs, None, baseline)
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
