"""The office's till rules page on the real app (SQLite and PostgreSQL): a centre manager adds a staff member to
their centre (the PIN hashed with the store's pepper, never stored or in the audit log), sets an exchange rate with
an end and a discount limit, deactivates the person; not for another centre, not the network defaults (an
administrator's), and not for an accountant; every change in the office's audit log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from office_helpers import HOME, OTHER, Office, csrf_of
from sqlalchemy import select

from pos.server.db import make_engine
from pos.server.models import OfficeAudit, Store, StoreSecret, StoreStaff
from pos.server.rules import rules_document
from pos.staff.pins import verify_pin

ROOT = Path(__file__).resolve().parents[3]


def _store(office: Office, code: str) -> str:
    return str(office.scalar("SELECT id FROM stores WHERE code = :c", c=code))


def _doc(office: Office, code: str):  # type: ignore[no-untyped-def]
    with office.engine.connect() as c:
        doc = rules_document(c, _store(office, code), code)
        c.rollback()
    return doc


def test_a_centre_manager_sets_the_rules_of_their_centre(office: Office) -> None:
    hl = office.client("hl")
    page = hl.get(f"/office/rules?store={HOME}")
    assert page.status_code == 200 and "Thêm hoặc sửa nhân viên" in page.text
    r = hl.post(
        "/office/rules/staff",
        data={
            "csrf": csrf_of(hl),
            "store": HOME,
            "code": "ho-r1",
            "name": "Trần Thị Lan",
            "role": "cashier",
            "pin": "482913",
            "what": "save",
        },
    )
    assert r.status_code == 303, r.text[:800]
    with office.engine.connect() as c:
        pin_hash, active = c.execute(
            select(StoreStaff.pin_hash, StoreStaff.active).where(StoreStaff.code == "HO-R1")
        ).one()
        pepper = c.execute(
            select(StoreSecret.secret).join(Store, Store.id == StoreSecret.store_id).where(Store.code == HOME)
        ).scalar_one()
        c.rollback()
    assert active and "482913" not in pin_hash and verify_pin("482913", pin_hash, pepper)
    assert office.scalar("SELECT COUNT(*) FROM office_audit WHERE detail LIKE '%482913%'") == 0
    assert (
        office.scalar(
            "SELECT COUNT(*) FROM office_audit WHERE action = 'staff_add' AND subject = :s", s=f"{HOME} HO-R1"
        )
        == 1
    )
    # The same PIN for another person of the centre is refused (the quick sign-in is by PIN alone).
    r = hl.post(
        "/office/rules/staff",
        data={
            "csrf": csrf_of(hl),
            "store": HOME,
            "code": "HO-R2",
            "name": "Lê Văn Nam",
            "role": "cashier",
            "pin": "482913",
            "what": "save",
        },
    )
    assert r.status_code == 400 and "PIN" in r.text

    r = hl.post(
        "/office/rules/fx",
        data={
            "csrf": csrf_of(hl),
            "store": HOME,
            "currency": "usd",
            "rate": "25.450",
            "valid_until": "2030-01-31T18:00",
            "what": "save",
        },
    )
    assert r.status_code == 303, r.text[:800]
    r = hl.post(
        "/office/rules/limits",
        data={"csrf": csrf_of(hl), "store": HOME, "role": "cashier", "limit_pct": "3", "what": "save"},
    )
    assert r.status_code == 303, r.text[:800]
    doc = _doc(office, HOME)
    usd = next(x for x in doc.fx_rates if x.currency == "USD")
    assert (
        usd.rate_milli == 25_450_000 and usd.valid_until is not None and usd.valid_until.hour == 11
    )  # 18:00 ICT
    assert ("cashier", 3) in [(x.role, x.limit_pct) for x in doc.discount_limits]
    page = hl.get(f"/office/rules?store={HOME}&lang=en")
    assert "HO-R1" in page.text and "25.450" in page.text

    # Bad values: refused, nothing changed.
    before = doc.version
    for form in (
        {"role": "cashier", "limit_pct": "150", "what": "save"},
        {"role": "manager", "limit_pct": "10", "what": "save"},
    ):
        r = hl.post("/office/rules/limits", data={"csrf": csrf_of(hl), "store": HOME, **form})
        assert r.status_code == 400
    r = hl.post("/office/rules/fx", data={"csrf": csrf_of(hl), "store": HOME, "currency": "USD", "rate": "0"})
    assert r.status_code == 400
    assert _doc(office, HOME).version == before

    # Not another centre, not the network's defaults; an accountant sees nothing of it.
    r = hl.post(
        "/office/rules/limits",
        data={"csrf": csrf_of(hl), "store": OTHER, "role": "cashier", "limit_pct": "1", "what": "save"},
    )
    assert r.status_code == 403
    r = hl.post(
        "/office/rules/limits",
        data={"csrf": csrf_of(hl), "store": HOME, "scope": "network", "role": "cashier", "limit_pct": "1"},
    )
    assert r.status_code == 403
    assert office.client("kt").get(f"/office/rules?store={HOME}").status_code == 403
    admin = office.client("admin")
    r = admin.post(
        "/office/rules/limits",
        data={
            "csrf": csrf_of(admin),
            "store": HOME,
            "scope": "network",
            "role": "shift_lead",
            "limit_pct": "7",
        },
    )
    assert r.status_code == 303, r.text[:800]
    assert ("shift_lead", 7) in [(x.role, x.limit_pct) for x in _doc(office, OTHER).discount_limits]

    # Deactivated: in the document as inactive (the tills drop them at their next sync).
    r = hl.post(
        "/office/rules/staff",
        data={"csrf": csrf_of(hl), "store": HOME, "code": "HO-R1", "what": "deactivate"},
    )
    assert r.status_code == 303, r.text[:800]
    assert [s.active for s in _doc(office, HOME).staff if s.code == "HO-R1"] == [False]


def test_staff_added_with_the_server_command(tmp_path: Path) -> None:
    """``ocop-pos server add-staff`` / ``deactivate-staff`` as typed, on a real SQLite file."""
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"

    def ocop(*args: str, pin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pos.cli", "server", "--database-url", url, *args],
            cwd=ROOT,
            env={
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "OCOP_POS_HOME": str(tmp_path),
                "OCOP_POS_NEW_PIN": pin,
            },
            capture_output=True,
            text=True,
            timeout=600,
        )

    assert ocop("add-store", "--code", "QN-X1", "--name", "Trung tâm X").returncode == 0
    made = ocop(
        "add-staff", "--store", "QN-X1", "--code", "ho9", "--name", "Vũ Minh", "--role", "cashier", pin="6071"
    )
    assert made.returncode == 0, made.stderr
    assert "HO9" in made.stdout and "6071" not in made.stdout + made.stderr
    engine = make_engine(url)
    with engine.connect() as c:
        pin_hash, active = c.execute(select(StoreStaff.pin_hash, StoreStaff.active)).one()
        pepper = c.execute(select(StoreSecret.secret)).scalar_one()
        logged = c.execute(select(OfficeAudit.username, OfficeAudit.action, OfficeAudit.detail)).all()
        c.rollback()
    assert active and verify_pin("6071", pin_hash, pepper)
    assert [(u, a) for u, a, _d in logged] == [("cli", "staff_add")] and "6071" not in logged[0][2]
    refused = ocop(
        "add-staff", "--store", "QN-NONE", "--code", "A1", "--name", "A", "--role", "cashier", pin="1234"
    )
    assert refused.returncode != 0
    assert ocop("deactivate-staff", "--store", "QN-X1", "--code", "HO9").returncode == 0
    with engine.connect() as c:
        assert c.execute(select(StoreStaff.active)).scalar_one() is False
        c.rollback()
    engine.dispose()
