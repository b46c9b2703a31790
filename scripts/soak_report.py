"""Write the till soak's figures into the docs, from the JSON reports that produced them.

* ``docs/evidence/till-soak.json`` (the long soak, ``./tasks soak till``) → the "Shift-long soak" section of
  ``docs/reliability.md``;
* ``docs/evidence/pyside-none-refcount.json`` (``scripts/repro_pyside_none_refcount.py --record``) and
  ``docs/evidence/till-soak-short-pyside-6.12.0.json`` (the soak's child run on 6.12.0 with
  ``--report`` there) → the part of ``docs/dependencies.md`` that says why PySide6 6.12.0 is excluded.

Each goes between its marker comments (``<!-- till-soak:start -->`` … ``:end -->``); the rest of the page is
left alone.

    python scripts/soak_report.py           rewrite both sections
    python scripts/soak_report.py --check   exit 1 if either section differs from what its JSON says
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOAK_JSON = ROOT / "docs" / "evidence" / "till-soak.json"
REPRO_JSON = ROOT / "docs" / "evidence" / "pyside-none-refcount.json"
DEAD_SOAK_JSON = ROOT / "docs" / "evidence" / "till-soak-short-pyside-6.12.0.json"
RELIABILITY = ROOT / "docs" / "reliability.md"
DEPENDENCIES = ROOT / "docs" / "dependencies.md"

CHECK_NAMES = {
    "finished": "the till stayed alive to the end",
    "scans_at_least_target": "scans at least the target",
    "sales_at_least_target": "sales at least the target",
    "every_kind_of_work_done": "every kind of work done at least once",
    "screens_did_what_was_asked": "every screen did what the keys asked",
    "no_python_errors": "no Python exception in a slot",
    "none_not_lost_over_the_shift": "no reference to None lost over the shift",
    "none_not_lost_in_scans": "no reference to None lost in scans",
    "none_steady_in_repeat_scans": "None steady in scans of a product already on the cart",
    "rss_growth_within_limit": "memory growth after warm-up within 20 MB",
    "qobjects_steady": "live QObjects steady",
    "no_dialog_outlives_its_action": "no dialog outlives its action",
    "collector_ran_after_every_sale": "the collector ran after every sale and dialog (short form)",
    "ledger_sales_match": "ledger sales = what the screens took",
    "ledger_returns_match": "ledger returns = what the screens refunded",
    "ledger_payments_match": "payments by method = what was paid",
    "every_receipt_printed": "a receipt for every sale and return",
    "journal_verifies": "journal verifies (code and `ocop-pos journal verify`)",
    "installed_packages_are_the_locked_ones": "installed packages = the lock's till set",
}


def _n(value: float | int) -> str:
    """Thousands with a thin space, as the other tables here (1 000)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".replace(",", " ")
    return f"{int(value):,}".replace(",", " ")


def _vnd(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " ₫"


def _qobjects(q: dict[str, int]) -> str:
    # "dialogs" is counted since the soak walks the trees with children(); older reports have no such figure
    return f"{q['tree']} · {q['widgets']} · {q['python_objects']} · {q.get('dialogs', '–')}"


def render_soak(r: dict[str, Any]) -> str:
    none, rss, q = r["none_refcount"], r["rss_mb"], r["qobjects"]
    counts, sales, versions = r["counts"], r["sales"], r["versions"]
    ledger = r["ledger"]["sales"]
    passed = "passed" if r["passed"] else "FAILED"
    lines = [
        f"Run of {r['ended_at'][:10]} ({r['ended_at'][11:16]} UTC) on a shared 2-core VM: Python {versions['python']}, "
        f"PySide6 {versions['pyside6']} (Qt {versions['qt']}), till set `{r['till_set']['fingerprint']}` "
        f"({len(r['till_set']['packages'])} packages of `uv.lock`). Long form, seed {r['seed']}: **{passed}** in "
        f"{r['minutes']:.1f} minutes (reported, not asserted).",
        "",
        "| what | figure |",
        "| --- | --- |",
        f"| scans through the wedge filter | {_n(r['scans'])} (+ {_n(counts.get('returns_scans', 0))} on the "
        f"returns screen; {_n(counts.get('repeat_scans', 0))} of a product already on the cart) |",
        f"| sales | {_n(sales['total'])}: cash {_n(sales['cash'])}, VietQR {_n(sales['vietqr'])}, "
        f"split {_n(sales['split'])}; {_vnd(r['paid']['sales_total'])} taken |",
        f"| lines on a cart paid for | {r['basket_lines']['min']}–{r['basket_lines']['max']}, "
        f"{r['basket_lines']['mean']:.1f} on average |",
        f"| returns | {_n(r['returns'])} (refunds {_vnd(r['paid']['refunds_total'])}) |",
        f"| parked and recalled | {_n(counts.get('parks', 0))} / {_n(counts.get('recalls', 0))} |",
        f"| quantity changes (F3, `n*`, +, −) | {_n(counts.get('qty_dialog', 0))}, "
        f"{_n(counts.get('qty_prefix', 0))}, {_n(counts.get('qty_plus', 0))}, {_n(counts.get('qty_minus', 0))} |",
        f"| price overrides · line / sale discounts · manager approvals by PIN | "
        f"{_n(counts.get('price_overrides', 0))} · {_n(counts.get('line_discounts', 0))} / "
        f"{_n(counts.get('sale_discounts', 0))} · {_n(counts.get('approvals', 0))} |",
        f"| language switches · sign-ins · manager side opened | {_n(r['language_switches'])} · "
        f"{_n(r['sign_ins'])} · {_n(counts.get('manager_panel_visits', 0))} |",
        f"| references to `None` (start → after warm-up → end) | {_n(none['start'])} → {_n(none['after_warmup'])} "
        f"→ {_n(none['end'])} |",
        f"| … change per scan after warm-up: whole shift · across scans · across repeat scans | "
        f"{none['drift_per_scan']:+.2f} · {none['scan_drift']:+.2f} · {none['repeat_scan_drift']:+.2f} |",
        f"| resident memory (start → after warm-up → end) | {rss['start']:.1f} → {rss['after_warmup']:.1f} → "
        f"{rss['end']:.1f} MB (growth after warm-up {rss['growth_after_warmup']:+.1f} MB) |",
        f"| live QObjects after warm-up → end (trees, hidden children included · widgets · the till's own Python "
        f"objects · dialogs) | {_qobjects(q['after_warmup'])} → {_qobjects(q['end'])} |",
        f"| ledger | {_n(ledger.get('sale', {}).get('count', 0))} sales, "
        f"{_n(ledger.get('return', {}).get('count', 0))} returns; `journal verify` exit "
        f"{r['journal_verify_cli']['exit']} |",
        "",
        "Checks: "
        + "; ".join(f"{CHECK_NAMES.get(name, name)} {'✓' if ok else '✗'}" for name, ok in r["checks"].items())
        + ".",
    ]
    return "\n".join(lines)


def render_dead_soak(r: dict[str, Any]) -> str:
    """A short soak run on a PySide that loses references: its report stops where the child did."""
    v, last = r["versions"], r.get("progress") or {}
    state = (
        "finished"
        if r["finished"]
        else "never finished (`finished: false`): the child aborted before its shift was over"
    )
    moved = "; ".join(r["installed_differs_from_lock"]) or "none"
    return (
        f"The short soak run on PySide6 {v['pyside6']} (Python {v['python']}; installed against the lock: {moved}) "
        f"left a report that {state}. Its last figures, at scan {_n(last.get('scans', 0))} "
        f"({_n(last.get('sales', 0))} sales): {_n(last.get('none_refs', 0))} references to `None` left, "
        f"{last.get('scan_drift_so_far', 0):+.1f} per scan across scans "
        f"(`docs/evidence/{DEAD_SOAK_JSON.name}`)."
    )


def render_repro(data: dict[str, Any]) -> str:
    lines = [
        "| PySide6 (Qt) | Python | `None` per model reset + repaint | `None` per widget made and deleted | loses references |",
        "| --- | --- | --- | --- | --- |",
    ]
    for run in data["runs"].values():
        lines.append(
            f"| {run['pyside6']} ({run['qt']}) | {run['python']} | {run['model_reset_repaint']:+.2f} | "
            f"{run['widget_create_delete']:+.2f} | {'**yes**' if run['loses_references'] else 'no'} |"
        )
    return "\n".join(lines)


def replace_between(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise SystemExit(f"markers {start} … {end} not found")
    _old, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}\n{end}{tail}"


def updated() -> dict[Path, str]:
    """Each page as it should read."""
    soak = json.loads(SOAK_JSON.read_text(encoding="utf-8"))
    repro = json.loads(REPRO_JSON.read_text(encoding="utf-8"))
    dead = json.loads(DEAD_SOAK_JSON.read_text(encoding="utf-8"))
    return {
        RELIABILITY: replace_between(RELIABILITY.read_text(encoding="utf-8"), "till-soak", render_soak(soak)),
        DEPENDENCIES: replace_between(
            DEPENDENCIES.read_text(encoding="utf-8"),
            "pyside-none-refcount",
            render_repro(repro) + "\n\n" + render_dead_soak(dead),
        ),
    }


def main(argv: list[str]) -> int:
    pages = updated()
    if "--check" in argv:
        stale = [p.relative_to(ROOT) for p, text in pages.items() if p.read_text(encoding="utf-8") != text]
        for page in stale:
            print(f"{page} is not what its JSON says: run python scripts/soak_report.py")
        return 1 if stale else 0
    for page, text in pages.items():
        page.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
