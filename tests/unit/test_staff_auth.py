"""Signing in: lockout after wrong PINs, PINs stored only as salted+peppered argon2, every attempt audited."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.demo.catalogue import seed_demo
from pos.errors import PermissionDenied
from pos.staff.audit import entries
from pos.staff.auth import authenticate, sign_out
from pos.staff.directory import (
    change_own_pin,
    change_policy,
    change_role,
    create_staff,
    deactivate,
    list_staff,
    reset_pin,
    unlock,
)
from pos.staff.pins import install_secret, verify_pin
from pos.staff.policy import StorePolicy, load_policy
from pos.till.terminal import Terminal
from tests.integration.test_store_support import build_template, open_shop

NOW = dt.datetime(2026, 3, 2, 8, 0)


def _seed(t: Terminal) -> tuple[Terminal, str]:
    secret = install_secret(t.settings.home)
    seed_demo(t.engine, secret)
    return t, secret


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Terminal, str]]:
    """The demo shop, its staff's PINs hashed with real argon2id at test-speed cost (the production cost is
    checked in ``test_no_pin_is_stored_reversibly_or_unsalted``)."""
    s = open_shop(template, tmp_path, monkeypatch)
    yield s.t, s.secret
    s.t.close()


@pytest.fixture
def shop_production_cost(terminal: Terminal) -> tuple[Terminal, str]:
    return _seed(terminal)


def _fail(t: Terminal, secret: str, pin: str, **kw: object) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as info:
        authenticate(t.engine, secret, pin, **kw)  # type: ignore[arg-type]
    return info.value


def test_the_old_pin_only_call_still_works_and_is_audited(shop: tuple[Terminal, str]) -> None:
    t, secret = shop
    member = authenticate(t.engine, secret, "1111")
    assert (member.code, member.role) == ("C01", "cashier")
    sign_out(t.engine, member, terminal_code="T01")
    actions = [e.action for e in entries(t.engine)]
    assert actions[:2] == ["sign_out", "sign_in"]
    assert _fail(t, secret, "4321").code == "wrong_pin"
    assert entries(t.engine)[0].action == "sign_in_failed"


def test_five_wrong_pins_lock_the_person_until_the_time_is_up_or_a_manager_unlocks(
    shop: tuple[Terminal, str],
) -> None:
    t, secret = shop
    for attempt in range(1, 5):
        err = _fail(t, secret, "0001", staff_code="C01", now=NOW + dt.timedelta(seconds=attempt))
        assert err.code == "wrong_pin"
    err = _fail(t, secret, "0001", staff_code="c01", now=NOW + dt.timedelta(seconds=5))
    assert err.code == "locked" and "15" in err.en
    # the right PIN is refused while locked, by code and by PIN alone
    assert _fail(t, secret, "1111", staff_code="C01", now=NOW + dt.timedelta(minutes=5)).code == "locked"
    assert _fail(t, secret, "1111", now=NOW + dt.timedelta(minutes=5)).code == "locked"
    # others are not affected
    assert authenticate(t.engine, secret, "2222", staff_code="S01", now=NOW).code == "S01"
    # after the lockout it works again, and the counter starts afresh
    assert (
        authenticate(t.engine, secret, "1111", staff_code="C01", now=NOW + dt.timedelta(minutes=16)).code
        == "C01"
    )
    locked = [e for e in entries(t.engine) if e.action == "locked_out"]
    assert len(locked) == 1 and locked[0].actor_name == "Nguyễn Thị Lan"
    # a manager may unlock early
    for i in range(5):
        _fail(t, secret, "0001", staff_code="C01", now=NOW + dt.timedelta(minutes=20, seconds=i))
    manager = authenticate(t.engine, secret, "9999", staff_code="M01")
    cashier_id = next(s.id for s in list_staff(t.engine) if s.code == "C01")
    assert next(s for s in list_staff(t.engine) if s.code == "C01").locked(NOW + dt.timedelta(minutes=21))
    unlock(t.engine, manager, cashier_id)
    assert (
        authenticate(t.engine, secret, "1111", staff_code="C01", now=NOW + dt.timedelta(minutes=21)).code
        == "C01"
    )


def test_wrong_pins_without_a_code_lock_pin_only_sign_in(shop: tuple[Terminal, str]) -> None:
    t, secret = shop
    for i in range(4):
        assert _fail(t, secret, "5555", now=NOW + dt.timedelta(seconds=i)).code == "wrong_pin"
    assert _fail(t, secret, "5556", now=NOW + dt.timedelta(seconds=5)).code == "locked"
    assert _fail(t, secret, "9999", now=NOW + dt.timedelta(minutes=1)).code == "locked"
    # signing in with one's code still works (the lock is on the anonymous PIN pad, not on people)
    assert (
        authenticate(t.engine, secret, "9999", staff_code="M01", now=NOW + dt.timedelta(minutes=1)).code
        == "M01"
    )
    assert authenticate(t.engine, secret, "9999", now=NOW + dt.timedelta(minutes=16)).code == "M01"


def test_the_lockout_is_configurable(shop: tuple[Terminal, str]) -> None:
    t, secret = shop
    admin = authenticate(t.engine, secret, "0000")
    change_policy(t.engine, admin, StorePolicy(max_pin_attempts=3, lockout_minutes=2))
    assert load_policy(t.engine).max_pin_attempts == 3
    for i in range(2):
        assert (
            _fail(t, secret, "0002", staff_code="S01", now=NOW + dt.timedelta(seconds=i)).code == "wrong_pin"
        )
    assert _fail(t, secret, "0002", staff_code="S01", now=NOW + dt.timedelta(seconds=3)).code == "locked"
    assert (
        authenticate(t.engine, secret, "2222", staff_code="S01", now=NOW + dt.timedelta(minutes=3)).code
        == "S01"
    )
    manager = authenticate(t.engine, secret, "9999")
    with pytest.raises(PermissionDenied):  # only an admin sets the policy
        change_policy(t.engine, manager, StorePolicy())


def test_no_pin_is_stored_reversibly_or_unsalted(shop_production_cost: tuple[Terminal, str]) -> None:
    t, secret = shop_production_cost
    admin = authenticate(t.engine, secret, "0000")
    pin = "73914862"
    a = create_staff(t.engine, secret, admin, code="C07", name="Đỗ Văn Bình", role="cashier", pin=pin)
    reset_pin(t.engine, secret, admin, a.id, "48261937")
    b = create_staff(t.engine, secret, admin, code="C08", name="Vũ Thị Hoa", role="cashier", pin=pin)
    with t.engine.connect() as conn:
        hashes = dict(conn.execute(text("SELECT code, pin_hash FROM staff")).all())
    assert all(h.startswith("$argon2id$v=19$m=19456,t=2,p=1$") for h in hashes.values())
    assert len(set(hashes.values())) == len(hashes)  # salted: no two equal
    assert not any(p in h for p in ("73914862", "48261937") for h in hashes.values())
    assert verify_pin(pin, hashes["C08"], secret)
    assert not verify_pin(pin, hashes["C08"], "another-install")  # peppered: the DB alone is not enough
    # nowhere in the database file (rows, audit log, free pages) is the PIN in clear
    t.engine.dispose()
    raw = sqlite3.connect(t.settings.db_path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    data = t.settings.db_path.read_bytes()
    assert b"73914862" not in data and b"48261937" not in data
    assert b.code == "C08"


def test_pins_are_unique_and_well_formed(shop: tuple[Terminal, str]) -> None:
    t, secret = shop
    admin = authenticate(t.engine, secret, "0000")
    with pytest.raises(PermissionDenied) as taken:
        create_staff(t.engine, secret, admin, code="C09", name="X", role="cashier", pin="1111")
    assert taken.value.code == "pin_taken"
    with pytest.raises(PermissionDenied) as short:
        create_staff(t.engine, secret, admin, code="C09", name="X", role="cashier", pin="12a")
    assert short.value.code == "bad_pin_format"
    cashier = authenticate(t.engine, secret, "1111")
    change_own_pin(t.engine, secret, cashier, "1111", "246813")
    assert authenticate(t.engine, secret, "246813").code == "C01"
    with pytest.raises(PermissionDenied):
        change_own_pin(t.engine, secret, cashier, "1111", "135792")  # the old PIN no longer works


def test_staff_management_respects_rank_and_keeps_an_admin(shop: tuple[Terminal, str]) -> None:
    t, secret = shop
    manager = authenticate(t.engine, secret, "9999")
    admin = authenticate(t.engine, secret, "0000")
    cashier = authenticate(t.engine, secret, "1111")
    with pytest.raises(PermissionDenied):
        create_staff(t.engine, secret, cashier, code="C10", name="Y", role="cashier", pin="10101010")
    with pytest.raises(PermissionDenied) as rank:
        create_staff(t.engine, secret, manager, code="M02", name="Z", role="manager", pin="20202020")
    assert rank.value.code == "role_rank"
    lead = next(s for s in list_staff(t.engine) if s.code == "S01")
    change_role(t.engine, manager, lead.id, "cashier")
    with pytest.raises(PermissionDenied):
        change_role(t.engine, manager, lead.id, "manager")
    with pytest.raises(PermissionDenied) as last:
        change_role(t.engine, admin, admin.id, "manager")
    assert last.value.code == "last_admin"
    deactivate(t.engine, manager, lead.id, reason="nghỉ việc / left")
    assert "S01" not in {s.code for s in list_staff(t.engine)}
    with pytest.raises(PermissionDenied):
        authenticate(t.engine, secret, "2222")
    actions = {e.action for e in entries(t.engine)}
    assert {"staff_role", "staff_deactivate"} <= actions
