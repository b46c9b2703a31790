"""Head office's rules at a till (``pos.sync.rules_apply``): a document is applied whole in one transaction, or —
with anything the till refuses — not at all, every problem reported; PINs hashed with the store's pepper sign in."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import Engine, text

from pos.errors import PaymentError, PermissionDenied
from pos.ids import new_id
from pos.payments.tenders import Tender
from pos.selling.fx_rates import load_fx_rates, set_fx_rate
from pos.staff.auth import authenticate
from pos.staff.directory import change_policy, create_first_admin, deactivate, reset_pin
from pos.staff.pins import hash_pin, install_secret, save_store_secret, store_secret_path
from pos.staff.policy import load_policy
from pos.sync import state
from pos.sync.rules_apply import VERSION_KEY, take
from pos.sync.rules_wire import FxRule, LimitRule, RulesDoc, StaffRule
from pos.till.guarded import check_fx_tenders
from pos.till.terminal import Terminal

PEPPER = "ab" * 32
NOW = dt.datetime(2026, 12, 7, 10, 0)


def staff(
    code: str, pin: str, role: str = "cashier", *, active: bool = True, sid: str | None = None
) -> StaffRule:
    return StaffRule(
        id=sid or new_id(),
        code=code,
        name=f"Người {code}",
        role=role,
        pin_hash=hash_pin(pin, PEPPER),
        active=active,
        version=1,
    )


def doc(version: int, **lists: object) -> RulesDoc:
    return RulesDoc(
        store_code="QN-HL01", version=version, changed=True, issued_at=NOW.replace(tzinfo=dt.UTC), **lists
    )  # type: ignore[arg-type]


def snapshot(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as c:
        rows = c.execute(text("SELECT * FROM staff ORDER BY id")).all()
        kv = c.execute(text("SELECT key, value FROM terminal_state ORDER BY key")).all()
        c.rollback()
    return tuple(map(tuple, rows)), tuple(map(tuple, kv))


@pytest.fixture
def till(terminal: Terminal) -> Terminal:
    state.write(terminal.engine, state.STORE_CODE, "QN-HL01")
    create_first_admin(
        terminal.engine, install_secret(terminal.settings.home), code="M01", name="Hà", pin="9999"
    )
    save_store_secret(terminal.engine, PEPPER)
    return terminal


def test_a_document_is_applied_whole(till: Terminal) -> None:
    path = store_secret_path(till.engine)
    assert path is not None and path.parent == till.settings.db_path.resolve().parent
    assert path.stat().st_mode & 0o777 == 0o600
    lan = staff("HO1", "4321")
    until = NOW + dt.timedelta(days=1)
    report = take(
        till.engine,
        doc(
            5,
            staff=[lan],
            fx_rates=[
                FxRule(currency="USD", rate_milli=25_400_000, valid_until=until.replace(tzinfo=dt.UTC))
            ],
            discount_limits=[LimitRule(role="cashier", limit_pct=2)],
        ),
        now=NOW,
    )
    assert report.applied and report.version == 5 and not report.problems
    secret = install_secret(till.settings.home)
    who = authenticate(till.engine, secret, "4321", staff_code="HO1")
    assert who.id == lan.id and who.role == "cashier"
    assert (
        authenticate(till.engine, secret, "9999", staff_code="M01").code == "M01"
    )  # the till's own still works
    usd = load_fx_rates(till.engine)["USD"]
    assert (usd.rate_milli, usd.source, usd.valid_until) == (25_400_000, "office", until)
    assert load_policy(till.engine).discount_limit_pct_cashier == 2
    assert state.read(till.engine, VERSION_KEY) == "5"
    admin = authenticate(till.engine, install_secret(till.settings.home), "9999", staff_code="M01")
    change_policy(till.engine, admin, replace(load_policy(till.engine), discount_limit_pct_shift_lead=12))
    policy = load_policy(till.engine)  # the till's own change kept, head office's limit still on top
    assert (policy.discount_limit_pct_cashier, policy.discount_limit_pct_shift_lead) == (2, 12)

    # Head office wins for what it sets: the till cannot change its rate or its person.
    with pytest.raises(PaymentError):
        set_fx_rate(till.engine, "USD", 1_000, "M01")
    admin = authenticate(till.engine, secret, "9999", staff_code="M01")
    with pytest.raises(PermissionDenied) as refused:
        reset_pin(till.engine, secret, admin, lan.id, "5555")
    assert refused.value.code == "office_staff"
    with pytest.raises(PermissionDenied):
        deactivate(till.engine, admin, lan.id)

    # Deactivated at head office: no longer signs in; the rate withdrawn, the limit back to the till's own.
    take(till.engine, doc(6, staff=[lan.model_copy(update={"active": False})]), now=NOW)
    with pytest.raises(PermissionDenied):
        authenticate(till.engine, secret, "4321", staff_code="HO1")
    assert "USD" not in load_fx_rates(till.engine)
    assert load_policy(till.engine).discount_limit_pct_cashier == 5


def test_an_invalid_document_changes_nothing(till: Terminal) -> None:
    take(till.engine, doc(3, fx_rates=[FxRule(currency="CNY", rate_milli=3_500_000)]), now=NOW)
    before = snapshot(till.engine)
    bad = doc(
        4,
        staff=[staff("HO2", "2468"), staff("M01", "1357"), staff("HO3", "1122", role="boss")],
        fx_rates=[FxRule(currency="USD", rate_milli=0), FxRule(currency="KRW", rate_milli=18_350)],
        discount_limits=[LimitRule(role="cashier", limit_pct=3), LimitRule(role="manager", limit_pct=50)],
    )
    report = take(till.engine, bad, now=NOW)
    assert not report.applied and report.version == 3
    got = {(p.kind, p.key, p.code) for p in report.problems}
    assert got == {
        ("staff", "M01", "local_staff_clash"),
        ("staff", "HO3", "unknown_role"),
        ("fx_rate", "USD", "bad_rate"),
        ("discount_limit", "manager", "unknown_role"),
    }
    after = snapshot(till.engine)
    assert after[0] == before[0]  # not one staff row written
    changed = {k for (k, v) in set(after[1]) ^ set(before[1])}
    assert changed == {"rules.problems"}  # only the note of what was refused
    with pytest.raises(PermissionDenied):
        authenticate(till.engine, install_secret(till.settings.home), "2468", staff_code="HO2")


def test_head_office_staff_need_the_store_pepper(terminal: Terminal) -> None:
    state.write(terminal.engine, state.STORE_CODE, "QN-HL01")
    report = take(terminal.engine, doc(1, staff=[staff("HO1", "4321")]), now=NOW)
    assert [(p.code) for p in report.problems] == ["no_store_secret"]


def test_an_expired_rate_is_refused_at_the_tender(till: Terminal) -> None:
    until = NOW - dt.timedelta(minutes=1)
    take(
        till.engine,
        doc(2, fx_rates=[FxRule(currency="USD", rate_milli=25_000_000, valid_until=until)]),
        now=NOW,
    )
    tender = Tender.fx_cash("USD", 10, 25_000_000)
    check_fx_tenders(till.engine, [tender], until - dt.timedelta(seconds=1))
    with pytest.raises(PaymentError) as refused:
        check_fx_tenders(till.engine, [tender], NOW)
    assert refused.value.code == "fx_rate_expired"
    assert "hết hạn" in refused.value.vi and "expired" in refused.value.en
    check_fx_tenders(till.engine, [Tender.cash(100_000)], NOW)  # đồng is always taken


def test_a_clash_found_only_on_writing_changes_nothing(till: Terminal) -> None:
    """Another head-office person already holds the code here (e.g. from the store the till belonged to before)."""
    take(till.engine, doc(1, staff=[staff("HO5", "2580")]), now=NOW)
    before = snapshot(till.engine)
    report = take(
        till.engine,
        doc(2, staff=[staff("HO5", "3690")], discount_limits=[LimitRule(role="cashier", limit_pct=1)]),
        now=NOW,
    )
    assert not report.applied and report.version == 1
    assert [(p.kind, p.code) for p in report.problems] == [("document", "conflict")]
    assert snapshot(till.engine) == before
