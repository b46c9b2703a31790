"""A shift at the till through the real window, in a child process: the till stays alive, loses no references to
``None``, neither grows in memory nor in live QObjects, and every sale its screens completed is in the ledger.

Why: PySide6 6.12.0 dropped references to ``None`` on every model reset and repaint; on Python 3.11 (where None is
not immortal) the till died with "Fatal Python error: none_dealloc" after about 90 scans, and no test scanned more
than ten times. The child (``till_soak_child.py``) drives the real ``MainWindow`` with real key events through the
wedge filter, as ``tests/conftest_ui.py`` does, and reports in JSON; a hard abort there is a failure here quoting
its stderr, not a dead pytest.

The short form (≥ 1 000 scans) runs with the default suite and is the one that fails on 6.12.0; it also runs the
garbage collector after every sale and every dialog, so an object left to the collector (the dialogs that crashed
the till in ``gc.collect()``, docs/reliability.md) is torn down at once and crashes here. The long form
(≥ 5 000 scans, ≥ 300 sales; ``./tasks soak till``) is the gate for any lock that moves the till's packages: it writes
``docs/evidence/till-soak.json``, which ``scripts/till_lock.py --soaked`` (and ``tests/unit/test_lock.py``) compare
with ``uv.lock``. Nothing here asserts on time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest_ui import demo_template
from tests.evidence import evidence_dir, run_record
from tests.evidence import now as evidence_now
from tests.reliability.till_soak_child import FORMS

__all__ = ["demo_template"]

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE_NAME = "till-soak"  # docs/evidence/till-soak.json, or under OCOP_EVIDENCE_DIR (tests/evidence.py)

#: Resident memory may grow this much after the warm-up block (caches settle, SQLite's page cache fills).
MAX_RSS_GROWTH_MB = 20.0
#: Live QObjects may differ this much between the end of the warm-up block and the end of the shift.
QOBJECT_SLACK = 10
#: References to None gained or lost per scan of a product already on the cart: nothing new is kept there.
MAX_REPEAT_SCAN_DRIFT = 1.0
#: The till may never lose references to None; PySide gains a few with every widget it makes, which is harmless.
MIN_DRIFT = -0.5


def run_child(form: str, home: Path, report: Path, seed: int = 12) -> tuple[dict[str, Any], str]:
    """Run the shift in a child process; fail with its stderr if it died."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.reliability.till_soak_child",
            f"--form={form}",
            f"--home={home}",
            f"--report={report}",
            f"--seed={seed}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=4 * 3600,  # a hang guard, not a measure
    )
    progress = "\n".join(proc.stdout.strip().splitlines()[-3:])
    if proc.returncode != 0:
        how = (
            f"signal {signal.Signals(-proc.returncode).name}"
            if proc.returncode < 0
            else f"exit {proc.returncode}"
        )
        last = json.loads(report.read_text(encoding="utf-8")).get("progress") if report.exists() else None
        figures = (
            f"after {last['scans']} scans: {last['none_refs']} references to None left, "
            f"{last['scan_drift_so_far']:+.1f} per scan"
            if last
            else "before its first figures"
        )
        pytest.fail(
            f"the till died in the {form} soak ({how}) {figures}; last progress:\n{progress}\n"
            f"--- child's stderr (end) ---\n{quiet(proc.stderr)[-4000:]}",
            pytrace=False,
        )
    data = json.loads(report.read_text(encoding="utf-8"))
    return data, progress


def quiet(stderr: str) -> str:
    """The child's stderr without the offscreen platform's notices (one per dialog shown)."""
    return "\n".join(
        line for line in stderr.splitlines() if "does not support propagateSizeHints" not in line
    )


def journal_cli(home: Path) -> tuple[int, str]:
    """``ocop-pos journal verify`` on the shift's terminal, as an operator would run it."""
    env = {**os.environ, "OCOP_POS_HOME": str(home), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "pos.cli", "journal", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.returncode, (proc.stdout + proc.stderr).strip()[-500:]


def checks(report: dict[str, Any], journal_exit: int, long: bool) -> dict[str, bool]:
    """Every condition of a passing soak, by name (the evidence records each)."""
    counts = report["counts"]
    targets = report["targets"]
    none = report["none_refcount"]
    q_warm, q_end = report["qobjects"]["after_warmup"], report["qobjects"]["end"]
    ledger = report["ledger"]
    sold = ledger["sales"].get("sale", {"count": 0, "total": 0})
    refunded = ledger["sales"].get("return", {"count": 0, "total": 0})
    paid = report["paid"]
    result = {
        "finished": bool(report["finished"]),
        "scans_at_least_target": report["scans"] >= targets["scans"],
        "sales_at_least_target": report["sales"]["total"] >= targets["sales"],
        "every_kind_of_work_done": all(
            counts.get(k, 0) >= 1
            for k in (
                "sales_cash",
                "sales_vietqr",
                "sales_split",
                "parks",
                "recalls",
                "returns",
                "qty_dialog",
                "qty_prefix",
                "qty_plus",
                "price_overrides",
                "line_discounts",
                "sale_discounts",
                "approvals",
                "manager_panel_visits",
                "customer_language",
            )
        )
        and counts.get("language_switches", 0) >= 2
        and counts.get("sign_ins", 0) >= 3,
        "screens_did_what_was_asked": report["problem_count"] == 0,
        "no_python_errors": report["error_count"] == 0,
        "none_not_lost_over_the_shift": none["drift_per_scan"] >= MIN_DRIFT,
        "none_not_lost_in_scans": none["scan_drift"] >= MIN_DRIFT,
        "none_steady_in_repeat_scans": abs(none["repeat_scan_drift"]) < MAX_REPEAT_SCAN_DRIFT,
        "rss_growth_within_limit": report["rss_mb"]["growth_after_warmup"] <= MAX_RSS_GROWTH_MB,
        "qobjects_steady": all(
            q_end[k] - q_warm[k] <= QOBJECT_SLACK for k in ("tree", "widgets", "python_objects")
        ),
        # on the sign-in screen no dialog is open, so none may exist: one that does outlived its action
        "no_dialog_outlives_its_action": q_warm["dialogs"] == 0 and q_end["dialogs"] == 0,
        "collector_ran_after_every_sale": not targets.get("collect_often")
        or counts.get("collections", 0) >= report["sales"]["total"],
        "ledger_sales_match": sold["count"] == report["sales"]["total"]
        and sold["total"] == paid["sales_total"],
        "ledger_returns_match": refunded["count"] == report["returns"]
        and refunded["total"] == -paid["refunds_total"],
        "ledger_payments_match": {k: v for k, v in ledger["payments_by_method"].items() if v}
        == {k: v for k, v in paid["by_method"].items() if v},
        "every_receipt_printed": report["receipts_printed"] == report["sales"]["total"] + report["returns"],
        "journal_verifies": bool(ledger["journal_verify"]["ok"]) and journal_exit == 0,
    }
    if long:
        result["installed_packages_are_the_locked_ones"] = not report["installed_differs_from_lock"]
    return result


def soak(form: str, tmp_path: Path, template: Path) -> tuple[dict[str, Any], dict[str, bool], str]:
    home = tmp_path / "home"
    shutil.copytree(template, home)
    report, progress = run_child(form, home, tmp_path / "report.json")
    journal_exit, journal_text = journal_cli(home)
    report["journal_verify_cli"] = {"exit": journal_exit, "output": journal_text}
    return report, checks(report, journal_exit, long=form == "long"), progress


def explain(report: dict[str, Any], results: dict[str, bool]) -> str:
    failed = [name for name, ok in results.items() if not ok]
    keys = ("scans", "sales", "none_refcount", "rss_mb", "qobjects", "problems", "errors", "ledger", "paid")
    return (
        f"failed: {failed}\n"
        + json.dumps({k: report.get(k) for k in keys}, indent=1, ensure_ascii=False)[:6000]
    )


def test_short_soak_a_thousand_scans_through_the_window(tmp_path: Path, demo_template: Path) -> None:
    report, results, _ = soak("short", tmp_path, demo_template)
    assert report["scans"] >= FORMS["short"]["scans"]
    assert all(results.values()), explain(report, results)


@pytest.mark.soak
def test_long_soak_a_shift_through_the_window(
    tmp_path: Path, demo_template: Path, request: pytest.FixtureRequest
) -> None:
    """≥ 5 000 scans and ≥ 300 sales; the report becomes docs/evidence/till-soak.json, passed or not, with the
    run's record (test, times, commit, machine) that every soak's evidence carries (``tests/evidence.py``)."""
    started = evidence_now()
    report, results, _ = soak("long", tmp_path, demo_template)
    evidence = {
        "form": "long",
        "passed": all(results.values()),
        "checks": results,
        **report,
        **run_record(EVIDENCE_NAME, request.node.nodeid, started),
    }
    evidence["form"] = "long"
    path = evidence_dir() / f"{EVIDENCE_NAME}.json"
    path.write_text(json.dumps(evidence, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert all(results.values()), explain(report, results)
