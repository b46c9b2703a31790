"""Soak evidence: each soak writes what it did into ``docs/evidence/<name>.json``, with the machine and versions.

``docs/reliability.md`` is rendered from these files (``scripts/render_evidence.py``), so every figure there comes
from a run anyone can repeat with ``./tasks soak``. ``OCOP_EVIDENCE_DIR`` writes them elsewhere (tests of the
report itself, or a trial run that should not touch the committed ones).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("fastapi", "uvicorn", "sqlalchemy", "psycopg", "httpx", "pydantic", "hypothesis", "schemathesis")


def evidence_dir() -> Path:
    folder = Path(os.environ.get("OCOP_EVIDENCE_DIR") or ROOT / "docs" / "evidence")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _git_commit() -> str | None:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() or None


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "cpu": _cpu(),
        "memory_gib": _memory_gib(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def versions(**extra: str) -> dict[str, str]:
    found = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    found.update(extra)
    return found


def run_record(name: str, test: str, started: dt.datetime) -> dict[str, Any]:
    """What every soak's evidence says of its run: which test, when and how long, on which commit and machine.

    A harness with its own report (the till soak) adds these to it, so ``scripts/render_evidence.py`` can place it
    in the table with the others."""
    finished = dt.datetime.now(dt.UTC)
    return {
        "name": name,
        "test": test,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds"),
        "duration_s": round((finished - started).total_seconds(), 1),
        "commit": _git_commit(),
        "argv": sys.argv[1:],
        "machine": machine(),
    }


def write_evidence(
    name: str,
    test: str,
    started: dt.datetime,
    figures: dict[str, Any],
    *,
    passed: bool,
    **extra_versions: str,
) -> Path:
    """Write ``<name>.json``: the test's node id, when and how long, whether it passed, its figures."""
    doc = {
        "kind": "soak",
        **run_record(name, test, started),
        "passed": passed,
        "versions": versions(**extra_versions),
        "figures": figures,
    }
    path = evidence_dir() / f"{name}.json"
    tmp = path.with_suffix(".json.partial")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@contextlib.contextmanager
def recording(name: str, request: Any, **extra_versions: str) -> Iterator[dict[str, Any]]:
    """``with recording("sigkill", request) as figures: …``: fill ``figures``; the file is written at the end,
    ``passed`` false if the body raised (a failed soak leaves its evidence too)."""
    started = now()
    figures: dict[str, Any] = {}
    passed = False
    try:
        yield figures
        passed = True
    finally:
        write_evidence(name, request.node.nodeid, started, figures, passed=passed, **extra_versions)


def postgres_version() -> str:
    from tests.pg import find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        return "missing"
    done = subprocess.run(
        [str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=False
    )
    found = re.search(r"\(PostgreSQL\) (\S+)", done.stdout)  # "postgres (PostgreSQL) 15.18 (Debian …)"
    return found.group(1) if found else bin_dir.parent.name
