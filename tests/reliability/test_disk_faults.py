"""A full disk or a read-only database at checkout: a clear CheckoutError, the cart kept, nothing partial written,
and once the fault is gone the same cart checks out with the next receipt number and the journal verifies.

The faults are real: the database sits on a small tmpfs that is filled up (root can mount one), or SQLite's own
page cap makes the file unable to grow; a read-only database is a read-only bind mount of the file (root) or a
file without write permission (any other user).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from pos.demo.generate import generate_catalogue
from pos.demo.simulate import simulate
from pos.errors import CheckoutError
from pos.ledger.verify import verify_journal
from pos.payments.tenders import Tender
from pos.selling.cart import Cart
from pos.selling.checkout import SaleContext, checkout
from pos.settings import load_settings
from pos.till.terminal import Terminal


def is_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0


TABLES = ("sales", "sale_lines", "sale_vat", "payments", "stock_moves", "journal", "outbox")


def snapshot(db: Path) -> dict[str, Any]:
    """Row counts of every table a checkout writes, the receipt counter and the journal head (read-only)."""
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        state: dict[str, Any] = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
        state["last_no"] = con.execute(
            "SELECT last_no FROM receipt_counters WHERE terminal_code = 'T01'"
        ).fetchone()[0]
        state["head"] = con.execute("SELECT hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()[0]
        return state
    finally:
        con.close()


def integrity_ok(db: Path) -> bool:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


def sqlite_cause(exc: BaseException) -> str:
    """The SQLite error name at the bottom of ``exc``'s chain (proves the fault really happened)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.Error):
            return str(getattr(seen, "sqlite_errorname", type(seen).__name__))
        seen = seen.__cause__ or getattr(seen, "orig", None)
    return ""


def open_traded(home: Path) -> Terminal:
    home.mkdir(parents=True, exist_ok=True)
    t = Terminal.open(load_settings(home))
    generate_catalogue(t.engine, 120, seed=2)
    simulate(t, 8, seed=6)
    return t


def big_cart(t: Terminal, lines: int = 30) -> Cart:
    """A cart whose sale needs new pages (its outbox document alone is larger than a page)."""
    with t.engine.connect() as conn:
        codes = [str(r[0]) for r in conn.exec_driver_sql("SELECT code FROM barcodes ORDER BY code LIMIT 200")]
        conn.rollback()
    cart = t.new_cart()
    for code in codes[:lines]:
        cart.add(t.catalogue.resolve(code))
    return cart


def cart_state(cart: Cart) -> tuple[Any, ...]:
    totals = cart.totals()
    return (
        totals.total,
        totals.subtotal,
        tuple((p.line.product.sku, p.line.qty_milli, p.amount) for p in totals.lines),
    )


def fail_then_recover(t: Terminal, cart: Cart, fault: str, lift: Any) -> None:
    """Checkout under the fault (twice: the cashier retries), check nothing moved, lift the fault, check out."""
    db = t.settings.db_path
    before, kept = snapshot(db), cart_state(cart)
    ctx = SaleContext(t.code, cashier_name="disk fault test")
    tenders = [Tender.cash(cart.totals().total)]
    for _attempt in range(2):
        with pytest.raises(CheckoutError) as info:
            checkout(t.engine, cart, tenders, ctx)
        err = info.value
        assert err.code == "checkout"
        assert "nothing was written" in err.message("en") and "chưa có gì được ghi" in err.message("vi")
        assert sqlite_cause(err).startswith(fault), sqlite_cause(err)
        assert snapshot(db) == before  # no sale, line, payment, move, journal or outbox row; no number burnt
        assert cart_state(cart) == kept  # the cart is still on screen, unchanged
    lift()
    sale = checkout(t.engine, cart, tenders, ctx)
    assert sale.receipt_no == before["last_no"] + 1 and sale.total == kept[0]
    after = snapshot(db)
    assert after["sales"] == before["sales"] + 1 and after["sale_lines"] == before["sale_lines"] + len(
        kept[2]
    )
    assert after["journal"] == before["journal"] + 1 and after["outbox"] == before["outbox"] + 1
    report = verify_journal(t.engine)
    assert report.ok, report.first
    assert integrity_ok(db)


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


def _unmount(path: Path) -> None:
    if subprocess.run(["umount", str(path)], capture_output=True, check=False).returncode != 0:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MB file system (tmpfs) to fill up."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if not is_root():
        pytest.skip("a tmpfs can only be mounted by root; test_full_database_file covers SQLITE_FULL")
    done = _mount("-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs", str(mnt))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); test_full_database_file covers it")
    try:
        yield mnt
    finally:
        _unmount(mnt)


def fill(path: Path) -> int:
    """Write zeros to ``path`` until the file system says it is full; return the bytes written."""
    written = 0
    with open(path, "wb", buffering=0) as f:
        for chunk in (1 << 16, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    written += f.write(b"\0" * chunk)
    return written


def test_full_disk_at_checkout(small_disk: Path) -> None:
    t = open_traded(small_disk / "home")
    try:
        cart = big_cart(t)
        con = sqlite3.connect(t.settings.db_path)
        assert con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0  # the WAL has no spare room
        con.close()
        filler = small_disk / "filler"
        assert fill(filler) > 0
        assert os.statvfs(small_disk).f_bavail == 0
        t.catalogue.resolve(cart.lines[0].code)  # lookups keep working on a full disk
        fail_then_recover(t, cart, "SQLITE_FULL", filler.unlink)
    finally:
        t.close()


def test_full_database_file(tmp_path: Path) -> None:
    """SQLite's ``max_page_count`` stops the file growing: the same SQLITE_FULL, on any machine and any user."""
    t = open_traded(tmp_path / "home")
    try:
        cart = big_cart(t)
        con = sqlite3.connect(t.settings.db_path)
        con.execute("VACUUM")  # no free pages left inside the file
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.close()

        def cap(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

        event.listen(t.engine, "connect", cap)
        t.engine.dispose()

        def lift() -> None:
            event.remove(t.engine, "connect", cap)
            t.engine.dispose()

        fail_then_recover(t, cart, "SQLITE_FULL", lift)
    finally:
        t.close()


@contextlib.contextmanager
def read_only(db: Path) -> Iterator[Any]:
    """Make the database file read-only for real; yield the function that makes it writable again."""
    if not is_root():
        mode = db.stat().st_mode
        db.chmod(0o444)
        try:
            yield lambda: db.chmod(mode)
        finally:
            db.chmod(mode)
        return
    # root ignores permission bits: bind-mount the file onto itself and make that mount read-only
    done = _mount("--bind", str(db), str(db))
    if done.returncode != 0:
        pytest.skip(f"root here cannot bind-mount ({done.stderr.strip()}), and permissions don't bind root")
    try:
        remount = _mount("-o", "remount,bind,ro", str(db))
        assert remount.returncode == 0, remount.stderr
        yield lambda: _mount("-o", "remount,bind,rw", str(db))
    finally:
        _unmount(db)


def test_read_only_database_at_checkout(tmp_path: Path) -> None:
    t = open_traded(tmp_path / "home")
    try:
        cart = big_cart(t, lines=4)
        t.engine.dispose()  # the till (re)opens the database while it is read-only
        with read_only(t.settings.db_path) as make_writable:
            t.catalogue.resolve(cart.lines[0].code)  # reading still works

            def lift() -> None:
                make_writable()
                # SQLite keeps a file it opened read-only read-only; the till must reopen it (see below)
                t.engine.dispose()

            fail_then_recover(t, cart, "SQLITE_READONLY", lift)
    finally:
        t.close()


def test_read_only_recovers_without_a_restart(tmp_path: Path) -> None:
    t = open_traded(tmp_path / "home")
    try:
        cart = big_cart(t, lines=4)
        t.engine.dispose()
        with read_only(t.settings.db_path) as make_writable:
            fail_then_recover(t, cart, "SQLITE_READONLY", make_writable)
    finally:
        t.close()


def test_checkout_error_names_the_storage_fault(tmp_path: Path) -> None:
    t = open_traded(tmp_path / "home")
    try:
        cart = big_cart(t)
        con = sqlite3.connect(t.settings.db_path)
        con.execute("VACUUM")
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.close()
        event.listen(t.engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count = {pages}"))
        t.engine.dispose()
        with pytest.raises(CheckoutError) as info:
            checkout(t.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(t.code))
        assert "full" in info.value.message("en") and "đầy" in info.value.message("vi")
    finally:
        t.close()
