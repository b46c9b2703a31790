"""docs/reliability.md's soak figures are rendered from the committed evidence, never typed by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.render_evidence import END, START, SUMMARY, main
from tests.evidence import now, run_record, write_evidence

ROOT = Path(__file__).resolve().parents[2]


def test_the_reliability_doc_is_what_the_evidence_renders_to() -> None:
    assert main(["--check"]) == 0, "run scripts/render_evidence.py (after ./tasks soak) and commit the result"


def test_a_soak_report_is_rendered_and_summarised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCOP_EVIDENCE_DIR", str(tmp_path))
    write_evidence(
        "pg-kill",
        "tests/reliability/test_pg_crash.py::test_postgres_kill_soak",
        now(),
        {
            "kills": 100,
            "kills_by_kind": {"sigkill": 50, "immediate": 50},
            "kills_mid_upload": 61,
            "sales": 12345,
            "upload_rounds": 6000,
            "failed_rounds": 300,
            "held_sales_checked": 400000,
            "recovery_s_mean": 0.4,
            "recovery_s_max": 1.2,
        },
        passed=True,
        postgresql="15.9",
    )
    (tmp_path / "bench-thing.json").write_text('{"what": "a benchmark, not a soak"}', encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text(f"# R\n\n{START}\nhand-typed 999 kills\n{END}\n\nafter\n", encoding="utf-8")
    assert main(["--evidence", str(tmp_path), "--doc", str(doc), "--pytest-exit", "0"]) == 0
    text = doc.read_text(encoding="utf-8")
    assert "hand-typed" not in text and text.endswith(f"{END}\n\nafter\n")
    assert "PostgreSQL killed 100 times mid-ingest (50 sigkill, 50 immediate; 61 with an upload" in text
    assert "12 345 sales" in text and "PostgreSQL 15.9" in text and "benchmark" not in text
    summary = json.loads((tmp_path / SUMMARY).read_text(encoding="utf-8"))
    assert summary["all_passed"] and summary["soaks"][0]["name"] == "pg-kill"
    assert main(["--evidence", str(tmp_path), "--doc", str(doc), "--check"]) == 0
    doc.write_text(text.replace("12 345", "12 346"), encoding="utf-8")
    assert main(["--evidence", str(tmp_path), "--doc", str(doc), "--check"]) == 1


def test_the_till_soak_has_its_row_and_one_soak_alone_keeps_the_full_runs_exit(tmp_path: Path) -> None:
    """The till soak writes its own report (``test_till_soak.py``) with the run record every soak carries; a run
    of that soak alone (``./tasks soak till``, no ``--pytest-exit``) leaves the last full run's exit code as it was."""
    started = now()
    report = {
        "form": "long",
        "passed": True,
        "scans": 5201,
        "sales": {"total": 621, "cash": 370, "vietqr": 134, "split": 117},
        "returns": 27,
        "sign_ins": 54,
        "counts": {"parks": 27},
        "none_refcount": {"scan_drift": 6.39, "repeat_scan_drift": 0.0},
        "rss_mb": {"growth_after_warmup": 11.25},
        "qobjects": {"after_warmup": {"tree": 530}, "end": {"tree": 530}},
        "journal_verify_cli": {"exit": 0},
        **run_record("till-soak", "tests/reliability/test_till_soak.py::test_long", started),
    }
    (tmp_path / "till-soak.json").write_text(json.dumps(report), encoding="utf-8")
    (tmp_path / SUMMARY).write_text(json.dumps({"pytest_exit": 1}), encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text(f"{START}\n{END}\n", encoding="utf-8")
    assert main(["--evidence", str(tmp_path), "--doc", str(doc)]) == 0
    text = doc.read_text(encoding="utf-8")
    assert (
        "| till-soak | `tests/reliability/test_till_soak.py::test_long` | long form: 5 201 scans and 621 sales"
        in text
    )
    assert "references to None per scan +6.39 (+0.00 re-scanning a line)" in text and "530 → 530" in text
    assert json.loads((tmp_path / SUMMARY).read_text(encoding="utf-8"))["pytest_exit"] == 1
