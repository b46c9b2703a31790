"""Migration 0003 (store management) and the head: the head matches the models exactly; 0003 goes down and up."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from pos.db import TERMINAL_HEAD, alembic_config, current_revision, known_revisions, open_database
from pos.models import Base

STORE_TABLES = {
    "audit_log", "shifts", "cash_movements", "cash_counts", "z_reports", "sale_voids", "product_prices",
    "consignment_terms", "stock_rules", "producer_details", "goods_receipts", "goods_receipt_lines", "stock_counts",
    "stock_count_lines", "settlements",
}  # fmt: skip


def test_the_head_matches_the_models(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "t.sqlite3")
    assert current_revision(engine) == TERMINAL_HEAD and {"0003", TERMINAL_HEAD} <= set(known_revisions())
    assert set(inspect(engine).get_table_names()) >= STORE_TABLES
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the FTS5 search index is made by hand in 0001 and has no model
    assert [d for d in diff if "product_search" not in str(d)] == []
    engine.dispose()


def test_0003_downgrades_and_upgrades(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "t.sqlite3")
    with engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0002")
    assert current_revision(engine) == "0002"
    assert not STORE_TABLES & set(inspect(engine).get_table_names())
    engine.dispose()
    engine = open_database(tmp_path / "t.sqlite3")  # an older database is migrated on open
    assert current_revision(engine) == TERMINAL_HEAD
    with engine.connect() as conn:
        triggers = {
            r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert {
        "audit_log_no_update",
        "audit_log_no_delete",
        "z_reports_no_update",
        "z_reports_no_delete",
    } <= triggers
    engine.dispose()
