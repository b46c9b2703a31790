"""Render the soak evidence (``docs/evidence/*.json``) into ``docs/reliability.md`` and a combined summary.

Every soak writes its own JSON (``tests/evidence.py``); this script writes ``docs/evidence/soak-summary.json`` (one
line per soak: passed, duration, the headline figures, the machine) and replaces the text between
``<!-- reliability-soak:start -->`` and ``<!-- reliability-soak:end -->`` in ``docs/reliability.md`` with tables made
from those files alone — no figure in that section is typed by hand. ``./tasks soak`` runs it after the soaks;
``--check`` exits 1 when the document is not what the evidence renders to (a test runs that).

    python scripts/render_evidence.py [--evidence DIR] [--doc FILE] [--check] [--pytest-exit N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START = "<!-- reliability-soak:start -->"
END = "<!-- reliability-soak:end -->"
SUMMARY = "soak-summary.json"

#: How each soak is shown: its title and a function of its figures giving the result column.
ORDER = (
    "sigkill",
    "pg-kill",
    "restore-kill",
    "sync-soak-sqlite",
    "sync-soak-postgresql",
    "journal-tamper",
    "journal-tamper-parallel",
    "schemathesis-sqlite",
    "schemathesis-postgresql",
    "import-fuzz",
    "till-soak",
)


def _n(value: Any) -> str:
    """Thousands with a thin space, as the rest of the docs write them."""
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    return f"{value:,}".replace(",", " ")


def _kinds(counts: dict[str, Any]) -> str:
    return ", ".join(f"{_n(v)} {k.replace('_', ' ')}" for k, v in counts.items())


def _duration(seconds: float) -> str:
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def _result(name: str, f: dict[str, Any]) -> str:
    if name == "sigkill":
        return (
            f"{_n(f.get('kills'))} SIGKILLs during checkouts; {_n(f.get('sales_reported_committed'))} sales reported "
            f"committed, {_n(f.get('sales_in_database'))} in the file at the end (the rest reached the disk as a kill "
            "struck, before the child could print them); after every kill each reported sale present and complete, "
            "no partial sale, integrity ok; the journal verifies"
        )
    if name == "pg-kill":
        return (
            f"PostgreSQL killed {_n(f.get('kills'))} times mid-ingest ({_kinds(f.get('kills_by_kind', {}))}; "
            f"{_n(f.get('kills_mid_upload'))} with an upload on the wire), durable settings; "
            f"{_n(f.get('sales'))} sales; {_n(f.get('failed_rounds'))} of {_n(f.get('upload_rounds'))} upload rounds "
            "failed (answered 503 while PostgreSQL was down or recovering: the till retries every 50 ms, so most "
            "rounds fall in those seconds) and were retried; after each restart every sale the till was told was held was on the server "
            f"({_n(f.get('held_sales_checked'))} checks in all); recovery {f.get('recovery_s_mean')} s on average, "
            f"{f.get('recovery_s_max')} s at most; at the end the server held exactly the till's sales"
        )
    if name == "restore-kill":
        landed = f.get("landed", {})
        return (
            f"{_n(f.get('kills'))} restores killed: {_n(landed.get('before_copy', 0))} before the copy, "
            f"{_n(landed.get('mid_copy', 0))} mid-copy, {_n(landed.get('after_swap', 0))} after the swap, "
            f"{_n(landed.get('finished', 0))} too late; each left the old database "
            f"({_n(landed.get('old', 0))}) or the restored one ({_n(landed.get('new', 0))}), intact, journal verifying"
        )
    if name.startswith("sync-soak"):
        return (
            f"{_n(f.get('sales'))} sales ({_n(f.get('returns'))} returns, {_n(f.get('lines'))} lines, "
            f"{_n(f.get('total_dong'))} ₫) on {f.get('database')}: the server held exactly the till's sales "
            f"({f.get('compared')}); requests through the proxy: {_kinds(f.get('requests_by_fault', {}))}; "
            f"redelivered: {_kinds(f.get('redeliveries', {}))}; {_n(f.get('failed_rounds'))} rounds failed and were "
            "retried"
        )
    if name.startswith("journal-tamper"):
        kinds = f.get("by_kind", {})
        low = min((v["tried"] for v in kinds.values()), default=0)
        high = max((v["tried"] for v in kinds.values()), default=0)
        return (
            f"{_n(f.get('cases'))} mutations ({len(kinds)} kinds, {_n(low)}–{_n(high)} each) of a "
            f"{_n(f.get('journal_entries'))}-entry journal, {f.get('path')}: {_n(f.get('caught'))} caught, "
            f"{_n(f.get('missed'))} missed, {_n(f.get('crashed'))} crashed the verifier; "
            f"{_n(f.get('refused_by_schema'))} refused by the schema and {_n(f.get('no_ops_redrawn'))} no-ops redrawn"
        )
    if name.startswith("schemathesis"):
        return (
            f"{_n(f.get('requests'))} requests over {_n(f.get('operations'))} operations on {f.get('database')}: "
            f"{_n(f.get('failures'))} failures, {_n(f.get('server_errors'))} server errors (5xx), "
            f"{_n(f.get('undocumented'))} undocumented status codes"
        )
    if name == "import-fuzz":
        return (
            f"{_n(f.get('files_per_importer'))} random files into each importer — server: "
            f"{_kinds(f.get('server', {}))}; till: {_kinds(f.get('till', {}))}; no crash, no partial import"
        )
    if name == "till-soak":
        none, rss, q = f.get("none_refcount", {}), f.get("rss_mb", {}), f.get("qobjects", {})
        sales, counts = f.get("sales", {}), f.get("counts", {})
        warm, end = q.get("after_warmup", {}), q.get("end", {})
        return (
            f"{f.get('form')} form: {_n(f.get('scans'))} scans and {_n(sales.get('total'))} sales (cash "
            f"{_n(sales.get('cash'))}, VietQR {_n(sales.get('vietqr'))}, split {_n(sales.get('split'))}) through the "
            f"real window, {_n(f.get('returns'))} returns, {_n(counts.get('parks'))} parks, "
            f"{_n(f.get('sign_ins'))} sign-ins; references to None per scan {none.get('scan_drift', 0):+.2f} "
            f"({none.get('repeat_scan_drift', 0):+.2f} re-scanning a line); resident memory after warm-up "
            f"{rss.get('growth_after_warmup', 0):+.1f} MB; live QObjects {_n(warm.get('tree'))} → "
            f"{_n(end.get('tree'))}; `journal verify` exit {f.get('journal_verify_cli', {}).get('exit')} "
            '(details: "Shift-long soak through the window")'
        )
    return ", ".join(f"{k}: {v}" for k, v in f.items() if not isinstance(v, (dict, list)))


_META = {
    "name",
    "test",
    "passed",
    "started_at",
    "finished_at",
    "duration_s",
    "commit",
    "argv",
    "machine",
    "versions",
}


def load(folder: Path) -> dict[str, dict[str, Any]]:
    """Every soak's evidence by name: files ``tests/evidence.py`` wrote (``"kind": "soak"``) and the soaks named in
    ``ORDER``; other evidence in the folder (benchmarks) is left out. A file written by another harness (no
    ``figures``: e.g. the till soak's own report) is shown with its top-level values as figures."""
    found = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == SUMMARY:
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("kind") != "soak" and path.stem not in ORDER:
            continue
        if "figures" not in doc:
            doc["figures"] = {k: v for k, v in doc.items() if k not in _META}
        found[str(doc.get("name") or path.stem)] = doc
    return found


def _ordered(docs: dict[str, dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    known = [(n, docs[n]) for n in ORDER if n in docs]
    return known + sorted((n, d) for n, d in docs.items() if n not in ORDER)


def summary(docs: dict[str, dict[str, Any]], pytest_exit: int | None) -> dict[str, Any]:
    rows = _ordered(docs)
    return {
        "pytest_exit": pytest_exit,
        "all_passed": all(d.get("passed") for _, d in rows) and bool(rows),
        "total_duration_s": round(sum(float(d.get("duration_s", 0)) for _, d in rows), 1),
        "soaks": [
            {
                "name": n,
                "test": d.get("test"),
                "passed": d.get("passed"),
                "started_at": d.get("started_at"),
                "duration_s": d.get("duration_s"),
                "commit": d.get("commit"),
                "result": _result(n, d.get("figures", {})),
            }
            for n, d in rows
        ],
    }


def _version(raw: str) -> str:
    """``15.18`` from ``15.18`` or from the Debian package version an earlier harness recorded."""
    found = re.match(r"\d+(\.\d+)*", str(raw))
    return found.group(0) if found else str(raw)


def _loads(rows: list[tuple[str, dict[str, Any]]]) -> str:
    """The 1-minute load average as each soak started: the machine is shared, and load stretches the times."""
    loads = [d.get("machine", {}).get("load_average") for _, d in rows]
    first = [x[0] for x in loads if x]
    return f"{min(first)}–{max(first)} at the soaks' starts" if first else "not recorded"


def render(docs: dict[str, dict[str, Any]]) -> str:
    rows = _ordered(docs)
    if not rows:
        return "No soak evidence yet: run `./tasks soak`.\n"
    first = min(d.get("started_at", "") for _, d in rows)
    last = max(d.get("finished_at", "") for _, d in rows)
    commits = sorted({str(d.get("commit"))[:10] for _, d in rows})
    m = rows[0][1].get("machine", {})
    v = rows[0][1].get("versions", {})
    pg = sorted(
        {_version(d["versions"]["postgresql"]) for _, d in rows if "postgresql" in d.get("versions", {})}
    )
    out = [
        "Generated by `scripts/render_evidence.py` from `docs/evidence/*.json` (written by `./tasks soak`); do not "
        "edit by hand.",
        "",
        f"Run {first} – {last} (UTC) on commit {', '.join(commits)}: {m.get('cpus')} × {m.get('cpu')}, "
        f"{m.get('memory_gib')} GiB, {m.get('system')}, shared (load average {_loads(rows)}); "
        f"Python {v.get('python')}, SQLite {v.get('sqlite')}"
        + (f", PostgreSQL {', '.join(pg)}" if pg else "")
        + ".",
        "",
        "| soak | test | result | passed | time |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, d in rows:
        result = _result(name, d.get("figures", {})).replace("|", "\\|")
        out.append(
            f"| {name} | `{d.get('test')}` | {result} | {'yes' if d.get('passed') else '**NO**'} | "
            f"{_duration(float(d.get('duration_s', 0)))} |"
        )
    return "\n".join(out) + "\n"


def replace_section(doc: str, body: str) -> str:
    if START not in doc or END not in doc:
        raise SystemExit(f"markers {START} … {END} not found")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--evidence", type=Path, default=ROOT / "docs" / "evidence")
    p.add_argument("--doc", type=Path, default=ROOT / "docs" / "reliability.md")
    p.add_argument("--check", action="store_true", help="exit 1 if the document differs from the evidence")
    p.add_argument(
        "--pytest-exit",
        type=int,
        default=None,
        help="the whole soak run's exit code, for the summary (left as it was when not given)",
    )
    args = p.parse_args(argv)
    docs = load(args.evidence)
    text = args.doc.read_text(encoding="utf-8")
    rendered = replace_section(text, render(docs))
    if args.check:
        if rendered != text:
            print(
                f"{args.doc} is not what {args.evidence} renders to: run scripts/render_evidence.py",
                file=sys.stderr,
            )
            return 1
        return 0
    args.doc.write_text(rendered, encoding="utf-8")
    pytest_exit = args.pytest_exit
    summary_path = args.evidence / SUMMARY
    if pytest_exit is None and summary_path.exists():
        # one soak run alone (``./tasks soak till``) leaves the last full run's exit code in place
        pytest_exit = json.loads(summary_path.read_text(encoding="utf-8")).get("pytest_exit")
    result = summary(docs, pytest_exit)
    summary_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for row in result["soaks"]:
        print(
            f"{'ok ' if row['passed'] else 'FAIL'} {row['name']:<26} {_duration(float(row['duration_s'] or 0))}"
        )
    return 0 if result["all_passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
