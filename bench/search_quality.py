"""``python -m bench.search_quality [--products N] [--json PATH]``: the search's answers against the ranking it
replaced (bm25 over each kind of match's first 2 000 matches), for every prefix a cashier types of the search
benchmark's words (``bench.gui_child.WORDS``) on the benchmark catalogue and on the demo catalogue.

For each query: whether the two lists show products as good by ``match_rank`` (the list of their ranks, best
first, the same), better (a higher sum) or worse, and each one's CPU time (the whole process's: the search
ranks one kind on a helper thread). Not a timed target: a check that a faster search did not buy its speed
with worse answers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.gui_child import WORDS
from pos.catalogue.lookup import _PRODUCT_COLUMNS, _row_to_info, match_rank
from pos.settings import load_settings
from pos.text import tokens
from pos.till.terminal import Terminal

_BM25_AT_MOST = 2000
_BM25_FIRST = "SELECT rowid FROM product_search WHERE product_search MATCH :q LIMIT :k"
_BM25_RANKED = (
    f"SELECT {_PRODUCT_COLUMNS} FROM product_search s JOIN products p ON p.rowid = s.rowid "
    "WHERE product_search MATCH :q AND s.rowid <= :bound AND p.active = 1 ORDER BY s.rank LIMIT :n"
)


def bm25_search(t: Terminal, query: str, limit: int = 30) -> list[tuple[int, str]]:
    """The search before this ranking: all four kinds, each by bm25 among its first 2 000 matches, merged."""
    words = tokens(query)
    prefix = " ".join(f'"{w}"*' for w in words)
    whole = " ".join(f'"{w}"' for w in words)
    pool: dict[str, tuple[int, Any]] = {}
    raw = t.engine.raw_connection()
    try:
        cur = raw.cursor()
        for match in (f"^{whole}", whole, f"^{prefix}", prefix):
            first = cur.execute(_BM25_FIRST, {"q": match, "k": _BM25_AT_MOST + 1}).fetchall()
            if not first:
                continue
            bound = first[_BM25_AT_MOST - 1][0] if len(first) > _BM25_AT_MOST else 2**62
            for row in cur.execute(_BM25_RANKED, {"q": match, "bound": bound, "n": limit}).fetchall():
                info = _row_to_info(row)
                pool.setdefault(info.id, (len(pool), info))
    finally:
        raw.close()
    ranked = sorted(pool.values(), key=lambda it: (-match_rank(words, it[1].name_vi, it[1].name_en), it[0]))
    return [(match_rank(words, i.name_vi, i.name_en), i.id) for _o, i in ranked[:limit]]


def compare(t: Terminal, queries: list[str]) -> dict[str, Any]:
    same = better = worse = same_first = 0
    old_ms: list[float] = []
    new_ms: list[float] = []
    worse_queries = []
    for q in queries:
        start = time.process_time()
        old = bm25_search(t, q)
        old_ms.append((time.process_time() - start) * 1000)
        start = time.process_time()
        words = tokens(q)
        new = [(match_rank(words, p.name_vi, p.name_en), p.id) for p in t.catalogue.search(q, 30)]
        new_ms.append((time.process_time() - start) * 1000)
        same_first += old[:1] == new[:1]
        a, b = [r for r, _ in old], [r for r, _ in new]
        if a == b:
            same += 1
        elif sum(b) > sum(a) and len(b) >= len(a):
            better += 1
        else:
            worse += 1
            worse_queries.append(q)
    return {
        "queries": len(queries),
        "ranks_same": same,
        "ranks_better": better,
        "ranks_worse": worse,
        "worse_queries": worse_queries,
        "same_first_hit": same_first,
        "bm25_cpu_ms_median": round(statistics.median(old_ms), 2),
        "bm25_cpu_ms_max": round(max(old_ms), 2),
        "search_cpu_ms_median": round(statistics.median(new_ms), 2),
        "search_cpu_ms_max": round(max(new_ms), 2),
    }


def main(argv: list[str] | None = None) -> int:
    from bench.workspace import catalogue_home
    from pos.demo.catalogue import seed_demo
    from pos.staff.pins import install_secret

    parser = argparse.ArgumentParser(prog="python -m bench.search_quality", description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    queries = sorted({w[:i] for w in WORDS for i in range(1, len(w) + 1) if w[:i].strip()})
    results: dict[str, Any] = {"baseline": "bm25 over each kind's first 2000 matches (the ranking before)"}
    big = Terminal.open(load_settings(catalogue_home(args.products)))
    try:
        big.catalogue.search("a")  # warm the caches as a till that has been searching
        results[f"catalogue_{args.products}"] = compare(big, queries)
    finally:
        big.close()
    with tempfile.TemporaryDirectory() as tmp:
        demo = Terminal.open(load_settings(Path(tmp)))
        try:
            seed_demo(demo.engine, install_secret(Path(tmp)))
            results["demo_catalogue"] = compare(demo, queries)
        finally:
            demo.close()
    line = json.dumps(results, ensure_ascii=False)
    if args.json:
        Path(args.json).write_text(line + "\n", encoding="utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
