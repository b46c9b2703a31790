"""docs/office.md's measurement is rendered from docs/evidence/office-bench.json, never typed by hand."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.render_office_bench import END, START, main

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {
    "cores": 2,
    "python": "3.11.7",
    "load_avg_start": [3.0, 2.0, 1.0],
    "load_avg_end": [4.5, 2.0, 1.0],
    "office_page_ms_p95": 612.5,
    "office_page_ms_p50": 40.0,
    "office_worst_page_ms_p95": 900.0,
    "office_pages": 33,
    "office_requests": 165,
    "office_slowest_pages_ms_p95": {"/office/stock": 900.0},
    "office_level": "real HTTP",
    "office_seed_sales": 3001329,
    "office_seed_lines": 5354627,
    "office_seed_stores": 30,
    "office_seed_tills": 60,
    "office_seed_days": 365,
    "office_seed_s": 1487.5,
    "command": "python -m bench --only office --json x.json",
}


def test_the_office_doc_is_what_the_evidence_renders_to() -> None:
    assert main(["--check"]) == 0, "run scripts/render_office_bench.py after the bench and commit the result"


def test_figures_come_from_the_json(tmp_path: Path) -> None:
    evidence = tmp_path / "office-bench.json"
    evidence.write_text(json.dumps(FIGURES), encoding="utf-8")
    doc = tmp_path / "office.md"
    doc.write_text(f"# O\n{START}\nhand-typed 1 ms\n{END}\nafter\n", encoding="utf-8")
    args = ["--evidence", str(evidence), "--doc", str(doc)]
    assert main([*args, "--check"]) == 1
    assert main(args) == 0
    text = doc.read_text(encoding="utf-8")
    assert "hand-typed" not in text and text.endswith(f"{END}\nafter\n")
    assert "**`office_page_ms_p95` 612.5 ms** (**over** the 500 ms target)" in text
    assert "3 001 329 sales" in text and "`/office/stock` 900.0 ms" in text and "load average 3.0" in text
    assert main([*args, "--check"]) == 0
