"""A test that needs PostgreSQL fails when PostgreSQL cannot run; nothing in the suite skips quietly for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tests.pg as pg
from tests.pg import PgUnavailable, start_postgres

TESTS = Path(__file__).resolve().parent.parent
SKIP_CALL = re.compile(
    r"(pytest\.skip\(|pytest\.mark\.skipif\(|pytest\.importorskip\()(?P<args>[^\n]*(\n[^\n]*){0,3})"
)
ABOUT_POSTGRES = re.compile(r"postgres|psycopg|\bpg\b|PG_", re.IGNORECASE)


def test_postgres_missing_is_an_error_not_a_skip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg, "find_bin_dir", lambda: None)
    with pytest.raises(PgUnavailable, match="not skipped"):
        start_postgres()


def test_no_test_skips_for_want_of_postgres() -> None:
    offenders = []
    for path in TESTS.rglob("*.py"):
        if path == Path(__file__).resolve():
            continue
        source = path.read_text(encoding="utf-8")
        for m in SKIP_CALL.finditer(source):
            if m.group(1) == "pytest.importorskip(" or ABOUT_POSTGRES.search(m.group("args")):
                line = source[: m.start()].count("\n") + 1
                offenders.append(f"{path.relative_to(TESTS)}:{line}: {m.group(0)[:80]}")
    assert not offenders, "tests that skip instead of failing without PostgreSQL:\n" + "\n".join(offenders)
