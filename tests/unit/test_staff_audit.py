"""The audit log is append-only in the app and hash-chained, so editing it outside the app shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from pos.staff import audit
from pos.staff.audit import ACTION_LABELS, AuditEvent, entries, log, verify_audit
from tests.integration.test_store_support import Shop, T, build_template, open_shop


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shop]:
    s = open_shop(template, tmp_path, monkeypatch)
    yield s
    s.t.close()


def _fill(shop: Shop) -> None:
    cashier = shop.staff("C01")  # a sign-in entry
    manager = shop.staff("M01")
    for i in range(3):
        log(
            shop.engine,
            AuditEvent(
                "drawer_open",
                cashier,
                manager,
                "drawer",
                T,
                f"lý do {i}",
                terminal_code=T,
                detail={"n": i, "note": "tiếng Việt"},
            ),
        )


def test_the_module_offers_no_way_to_change_or_remove_an_entry() -> None:
    public = {n for n in dir(audit) if not n.startswith("_")}
    assert not {
        n for n in public if any(w in n.lower() for w in ("update", "delete", "remove", "edit", "purge"))
    }
    assert "drawer_open" in ACTION_LABELS and "sign_in" in ACTION_LABELS


def test_entries_read_back_with_who_asked_who_approved_and_why(shop: Shop) -> None:
    _fill(shop)
    newest = entries(shop.engine, actions=("drawer_open",))
    assert [e.reason for e in newest] == ["lý do 2", "lý do 1", "lý do 0"]
    assert newest[0].actor_name == "Nguyễn Thị Lan" and newest[0].approver_name == "Phạm Thu Hà"
    assert (
        newest[0].detail == {"n": 2, "note": "tiếng Việt"} and newest[0].label("en") == "No-sale drawer open"
    )
    assert verify_audit(shop.engine).ok and verify_audit(shop.engine).entries == len(entries(shop.engine))


def test_the_database_refuses_to_update_or_delete_entries(shop: Shop) -> None:
    _fill(shop)
    with shop.engine.begin() as conn, pytest.raises(IntegrityError, match="append-only"):
        conn.execute(text("UPDATE audit_log SET reason = 'nothing happened'"))
    with shop.engine.begin() as conn, pytest.raises(IntegrityError, match="append-only"):
        conn.execute(text("DELETE FROM audit_log WHERE action = 'drawer_open'"))
    assert len(entries(shop.engine, actions=("drawer_open",))) == 3


@pytest.mark.parametrize("tamper", ["edit", "delete"])
def test_tampering_outside_the_app_breaks_the_chain(shop: Shop, tamper: str) -> None:
    _fill(shop)
    raw = sqlite3.connect(shop.t.settings.db_path)
    raw.execute("DROP TRIGGER audit_log_no_update")
    raw.execute("DROP TRIGGER audit_log_no_delete")
    victim = raw.execute("SELECT seq FROM audit_log WHERE reason = 'lý do 1'").fetchone()[0]
    if tamper == "edit":
        raw.execute("UPDATE audit_log SET reason = 'không có gì' WHERE seq = ?", (victim,))
    else:
        raw.execute("DELETE FROM audit_log WHERE seq = ?", (victim,))
    raw.commit()
    raw.close()
    report = verify_audit(shop.engine)
    assert not report.ok
    assert report.problems[0][0] == (victim if tamper == "edit" else victim + 1)
