"""Render the office benchmark (``docs/evidence/office-bench.json``, written by
``python -m bench --only office --json docs/evidence/office-bench.json``) into ``docs/office.md``.

The text between ``<!-- office-bench:start -->`` and ``<!-- office-bench:end -->`` is made from that file alone, so
no figure of the office's measurement is typed by hand; ``--check`` exits 1 when the document is not what the JSON
renders to (a unit test runs it).

    python scripts/render_office_bench.py [--evidence FILE] [--doc FILE] [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START = "<!-- office-bench:start -->"
END = "<!-- office-bench:end -->"
TARGET_MS = 500


def _n(value: Any) -> str:
    """Thousands with a thin space, as the rest of the docs write them."""
    return f"{int(value):,}".replace(",", " ")


def render(f: dict[str, Any]) -> str:
    p95 = f.get("office_page_ms_p95")
    if p95 is None:
        return f"The last run did not measure the office: {f.get('errors', {}).get('office', 'no figure')}.\n"
    verdict = "within" if p95 <= TARGET_MS else "**over**"
    slowest = ", ".join(f"`{path}` {ms} ms" for path, ms in f.get("office_slowest_pages_ms_p95", {}).items())
    loads = f"{f['load_avg_start'][0]:.1f} at the start and {f['load_avg_end'][0]:.1f} at the end"
    return (
        f"The last full run (`{f.get('command', 'python -m bench --only office')}`, "
        f"`docs/evidence/office-bench.json`): a network of {f['office_seed_stores']} centres, "
        f"{f['office_seed_tills']} tills and {f['office_seed_days']} days — {_n(f['office_seed_sales'])} sales, "
        f"{_n(f['office_seed_lines'])} lines, seeded in {_n(round(f['office_seed_s']))} s — served by "
        f"{f['office_level']}. **`office_page_ms_p95` {p95} ms** ({verdict} the {TARGET_MS} ms target) over "
        f"{f['office_requests']} requests to {f['office_pages']} pages; p50 {f['office_page_ms_p50']} ms, the "
        f"slowest page's p95 {f['office_worst_page_ms_p95']} ms. Slowest pages (p95): {slowest}. "
        f"Machine: {f['cores']} cores shared with other work (load average {loads}), Python {f['python']}.\n"
    )


def replace_section(doc: str, body: str) -> str:
    if START not in doc or END not in doc:
        raise SystemExit(f"markers {START} … {END} not found")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--evidence", type=Path, default=ROOT / "docs" / "evidence" / "office-bench.json")
    p.add_argument("--doc", type=Path, default=ROOT / "docs" / "office.md")
    p.add_argument("--check", action="store_true", help="exit 1 if the document differs from the evidence")
    args = p.parse_args(argv)
    figures = json.loads(args.evidence.read_text(encoding="utf-8"))
    text = args.doc.read_text(encoding="utf-8")
    rendered = replace_section(text, render(figures))
    if args.check:
        if rendered != text:
            print(
                f"{args.doc} is not what {args.evidence} renders to: run {Path(__file__).name}",
                file=sys.stderr,
            )
            return 1
        return 0
    args.doc.write_text(rendered, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
