"""Shared set-up for the store-management tests (no tests here).

Migrating a fresh database through Alembic takes about half a second on the CI machines, so each test module
builds one demo-shop database through ``pos.db.open_database`` (Alembic) and ``seed_demo``, and every test gets
its own copy of that file. PINs are hashed with real argon2id at a test-speed cost; the production cost is
checked by ``tests/unit/test_staff_auth.py``.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from pos.db import open_database
from pos.demo.catalogue import seed_demo
from pos.settings import HOME_ENV, load_settings
from pos.shifts.cash import CashCount
from pos.shifts.shift import open_shift
from pos.staff import pins
from pos.staff.auth import authenticate
from pos.staff.member import StaffMember
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal

T = "T01"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
DB_NAME = "terminal.sqlite3"


def build_template(folder: Path) -> Path:
    """A migrated, demo-seeded terminal home in ``folder`` (database + install secret)."""
    saved = pins._hasher
    pins._hasher = FAST_HASHER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        secret = install_secret(folder)
        engine = open_database(folder / DB_NAME)
        seed_demo(engine, secret)
        engine.dispose()
    finally:
        pins._hasher = saved
    con = sqlite3.connect(folder / DB_NAME)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return folder


@dataclass
class Shop:
    t: Terminal
    secret: str

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        return self.t.engine

    def staff(self, code: str) -> StaffMember:
        pin = {"C01": "1111", "S01": "2222", "M01": "9999", "A01": "0000"}[code]
        return authenticate(self.t.engine, self.secret, pin, staff_code=code, terminal_code=T)

    def code(self, sku: str) -> str:
        """A barcode of the product ``sku``."""
        with self.t.engine.connect() as conn:
            return str(
                conn.execute(
                    text(
                        "SELECT MIN(b.code) FROM barcodes b JOIN products p ON p.id = b.product_id "
                        "WHERE p.sku = :s"
                    ),
                    {"s": sku},
                ).scalar_one()
            )

    def product_id(self, sku: str) -> str:
        with self.t.engine.connect() as conn:
            return str(conn.execute(text("SELECT id FROM products WHERE sku = :s"), {"s": sku}).scalar_one())

    def open_shift(self, float_count: CashCount | None = None) -> None:
        open_shift(self.t.engine, self.staff("C01"), T, float_count or CashCount.of({100_000: 5}))


def open_shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shop:
    """A copy of the template shop as this test's terminal home."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(template / DB_NAME, home / DB_NAME)
    shutil.copy(template / pins.SECRET_NAME, home / pins.SECRET_NAME)
    monkeypatch.setenv(HOME_ENV, str(home))
    monkeypatch.setattr(pins, "_hasher", FAST_HASHER)
    t = Terminal.open(load_settings(home))
    return Shop(t, install_secret(home))
