"""Before/after of the till's start (``startup_s``) on a shared, noisy machine: the start-up benchmark's own child
(``bench.startup_child``: ``ocop-pos run`` to the sale screen, the PIN check left out) run from two source trees
in turn, so both see the same load, and the median of each — of the wall clock, and of the CPU time the child
used to get there (every thread, the sign-in's left out), which a busy machine disturbs less. Also each tree's
``python -X importtime`` total (the sum of every module's own import time, one start).

    python -m bench.startup_compare --home SHOP --runs 9 --json out.json BEFORE_TREE AFTER_TREE

``SHOP`` is a shop the start-up benchmark built (``OCOP_BENCH_WORKSPACE=… python -m bench --only startup`` keeps
it: ``shop-100000-100000``). Each tree is byte-compiled first, as ``bench.startup_bench`` does, and started with
THIS tree's ``bench/startup_child.py`` (copied over the other's: an older child does not report its CPU time).
The integrity check's record is left as it is: the first start of each tree is not counted, so every measured
start is a restart.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.startup_bench import PIN


def start_once(tree: Path, env: dict[str, str], importtime: bool = False) -> dict[str, Any]:
    """One start of the till from ``tree``: seconds to the sale screen (PIN check left out) and each step."""
    flags = ["-X", "importtime"] if importtime else []
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, *flags, "-m", "bench.startup_child", PIN, "0"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the app did not start from {tree}: {proc.stderr.strip()[-1500:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    marks: dict[str, float] = out["marks"]
    steps, before = {}, t0
    for name, at in marks.items():
        steps[name] = at - before
        before = at
    steps["sale_screen"] -= out["pin_s"]
    result: dict[str, Any] = {
        "ready": marks["sale_screen"] - t0 - out["pin_s"],
        "cpu": out["cpu_s"],
        "steps": steps,
    }
    if importtime:
        own = [int(m[1]) for m in re.finditer(r"^import time:\s+(\d+) \|", proc.stderr, re.M)]
        result["importtime_self_total_s"] = sum(own) / 1e6
        result["modules_imported"] = len(own)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", type=Path, help="source trees to start the till from, in turn")
    parser.add_argument("--home", required=True, type=Path, help="the shop's folder (OCOP_POS_HOME)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    env = {**os.environ, "OCOP_POS_HOME": str(args.home), "QT_QPA_PLATFORM": "offscreen"}
    trees = [t.resolve() for t in args.trees]
    child = Path(__file__).resolve().parent / "startup_child.py"
    for tree in trees:
        if (tree / "bench" / "startup_child.py").resolve() != child:
            shutil.copyfile(child, tree / "bench" / "startup_child.py")
        for package in ("pos", "ui", "bench"):
            compileall.compile_dir(tree / package, quiet=2)
    runs: dict[Path, list[dict[str, Any]]] = {t: [] for t in trees}
    imports: dict[Path, list[dict[str, Any]]] = {t: [] for t in trees}
    for tree in trees:  # a first start each: files into the page cache, the integrity check's record written
        start_once(tree, env)
    for _ in range(args.runs):
        for tree in trees:
            runs[tree].append(start_once(tree, env))
    for _ in range(3):
        for tree in trees:
            imports[tree].append(start_once(tree, env, importtime=True))
    results: dict[str, Any] = {
        "home": str(args.home),
        "runs": args.runs,
        "load_avg_at_end": os.getloadavg(),
        "cpus": os.cpu_count(),
        "trees": {},
    }
    for tree in trees:
        rs = runs[tree]
        results["trees"][str(tree)] = {
            "startup_s_median": round(statistics.median(r["ready"] for r in rs), 3),
            "startup_s_min": round(min(r["ready"] for r in rs), 3),
            "startup_s_all": [round(r["ready"], 3) for r in rs],
            "startup_cpu_s_median": round(statistics.median(r["cpu"] for r in rs), 3),
            "startup_cpu_s_all": [round(r["cpu"], 3) for r in rs],
            "steps_s_median": {
                k: round(statistics.median(r["steps"][k] for r in rs), 3) for k in rs[0]["steps"]
            },
            "importtime_self_total_s_median": round(
                statistics.median(r["importtime_self_total_s"] for r in imports[tree]), 3
            ),
            "modules_imported": imports[tree][0]["modules_imported"],
        }
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
