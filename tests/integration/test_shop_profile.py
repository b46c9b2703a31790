"""The shop's profile on a till that never saw the demo seed: checked, guarded, audited; set from the command line
it turns VietQR transfers on and puts the shop's name, address and tax code on the receipt."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import insert, text

from pos.cli import main
from pos.errors import PaymentError, PermissionDenied
from pos.ids import new_id
from pos.models import Staff
from pos.models.values import utcnow
from pos.payments import vietqr
from pos.payments.tenders import Tender
from pos.receipts.from_sale import receipt_doc
from pos.selling.checkout import SaleContext, checkout
from pos.selling.transfer import request_transfer
from pos.shop.profile import (
    ShopProfile,
    ShopProfileError,
    check_profile,
    load_profile,
    normalise,
    save_profile,
)
from pos.staff.audit import entries, verify_audit
from pos.staff.member import StaffMember
from pos.staff.pins import hash_pin, install_secret
from pos.till.terminal import Terminal

GOOD = ShopProfile(
    name="Cửa hàng OCOP Hạ Long",
    address="12 Hạ Long, Bãi Cháy, Quảng Ninh",
    tax_code="5701234567",
    phone="0203 3812 345",
    bank_bin="VCB",
    bank_account="0071 0012 34567",
    bank_account_name="Nguyễn Văn Đức",
)


def add_staff(t: Terminal, code: str, name: str, role: str, pin: str) -> StaffMember:
    """A staff row as a fresh till's installer would leave it (there is no demo seed here)."""
    sid = new_id()
    row = {"id": sid, "code": code, "name": name, "role": role, "active": True, "failed_attempts": 0}
    row |= {
        "pin_hash": hash_pin(pin, install_secret(t.settings.home)),
        "locked_until": None,
        "created_at": utcnow(),
    }
    with t.engine.begin() as conn:
        conn.execute(insert(Staff), [row])
    return StaffMember(sid, code, name, role)


def issues(data: ShopProfile) -> dict[str, str]:
    return {field: en for field, _vi, en in check_profile(normalise(data))}


def test_normalising_and_checking_a_profile() -> None:
    n = normalise(GOOD)
    assert (n.bank_bin, n.bank_account, n.bank_account_name) == (
        "970436",
        "007100123456" + "7",
        "NGUYEN VAN DUC",
    )
    assert check_profile(n) == []
    assert issues(dataclasses.replace(GOOD, tax_code="0101234567-001")) == {}
    assert issues(dataclasses.replace(GOOD, tax_code="0101234567001")) == {}
    for bad in ("570123456", "57012345678", "5701234567-01", "57O1234567"):
        assert set(issues(dataclasses.replace(GOOD, tax_code=bad))) == {"tax_code"}, bad
    assert "not a bank on the VietQR list" in issues(dataclasses.replace(GOOD, bank_bin="123456"))["bank_bin"]
    assert set(issues(dataclasses.replace(GOOD, bank_account="0071-ABC"))) == {"bank_account"}
    assert set(issues(dataclasses.replace(GOOD, bank_account_name="Lan @ Hạ Long"))) == {"bank_account_name"}
    assert set(issues(dataclasses.replace(GOOD, phone="12"))) == {"phone"}
    # the bank, the account and its holder come together or not at all
    assert set(issues(dataclasses.replace(GOOD, bank_bin="", bank_account_name=""))) == {
        "bank_bin",
        "bank_account_name",
    }
    assert issues(ShopProfile(name="Quầy OCOP")) == {}
    assert set(issues(ShopProfile(name="  "))) == {"name"}


def test_saving_is_guarded_audited_and_all_or_nothing(terminal: Terminal) -> None:
    cashier = add_staff(terminal, "C01", "Nguyễn Thị Lan", "cashier", "1111")
    manager = add_staff(terminal, "M01", "Phạm Thu Hà", "manager", "9999")
    with pytest.raises(PermissionDenied) as refused:
        save_profile(terminal.engine, cashier, GOOD)
    assert refused.value.code == "needs_approval" and load_profile(terminal.engine) == ShopProfile()
    with pytest.raises(ShopProfileError) as bad:
        save_profile(terminal.engine, manager, dataclasses.replace(GOOD, tax_code="12", bank_account=""))
    assert set(bad.value.field_messages("en")) == {"tax_code", "bank_account"}
    assert load_profile(terminal.engine) == ShopProfile()  # nothing written
    saved = save_profile(terminal.engine, manager, GOOD, terminal_code="T01")
    assert load_profile(terminal.engine) == saved and saved.bank_bin == "970436"
    save_profile(terminal.engine, manager, dataclasses.replace(saved, phone="0912 345 678"))
    log = [e for e in entries(terminal.engine) if e.action == "shop_profile"]
    assert [(e.actor_name, e.detail["created"], sorted(e.detail["changed"])) for e in log] == [
        ("Phạm Thu Hà", False, ["phone"]),
        ("Phạm Thu Hà", True, sorted(dataclasses.asdict(saved))),
    ]
    assert verify_audit(terminal.engine).ok


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, pin: str = ""
) -> tuple[int, str]:
    monkeypatch.setenv("OCOP_POS_PIN", pin)
    code = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_fresh_till_set_up_from_the_command_line_takes_transfers_and_prints_its_header(
    stocked_terminal: Terminal, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    t = stocked_terminal  # ``catalog generate``: products, no store profile
    add_staff(t, "M01", "Phạm Thu Hà", "manager", "9999")
    add_staff(t, "C01", "Nguyễn Thị Lan", "cashier", "1111")
    with pytest.raises(PaymentError) as off:
        request_transfer(t.engine, t.code, 150_000)
    assert off.value.code == "no_bank_account"
    code, out = run(monkeypatch, capsys, "shop", "show")
    assert code == 0 and "VietQR transfers\toff" in out

    code, out = run(monkeypatch, capsys, "shop", "set", "--staff", "C01", "--name", "Quầy OCOP", pin="1111")
    assert code == 1 and "manager's PIN" in out and load_profile(t.engine) == ShopProfile()
    code, out = run(
        monkeypatch,
        capsys,
        "shop",
        "set",
        "--staff",
        "M01",
        "--name",
        "Quầy OCOP",
        "--tax-code",
        "12",
        pin="9999",
    )
    assert code == 1 and "tax code" in out and load_profile(t.engine) == ShopProfile()
    argv = [
        "--name",
        GOOD.name,
        "--address",
        GOOD.address,
        "--tax-code",
        GOOD.tax_code,
        "--phone",
        GOOD.phone,
    ]
    argv += [
        "--bank",
        "Vietcombank",
        "--account-no",
        GOOD.bank_account,
        "--account-name",
        GOOD.bank_account_name,
    ]
    code, out = run(monkeypatch, capsys, "shop", "set", "--staff", "M01", *argv, pin="9999")
    assert code == 0, out
    code, out = run(monkeypatch, capsys, "shop", "show")
    assert "Bank\t970436 Vietcombank" in out and "Account holder\tNGUYEN VAN DUC" in out
    assert "VietQR transfers\ton" in out and f"Tax code\t{GOOD.tax_code}" in out

    request = request_transfer(t.engine, t.code, 150_000)
    parsed = vietqr.parse(request.payload)
    assert (parsed["bank_bin"], parsed["account"], parsed["amount"]) == ("970436", "0071001234567", 150_000)
    assert request.account.account_name == "NGUYEN VAN DUC"

    cart = t.new_cart()
    product = next(p for p in t.catalogue.search("gen", 20) if not p.weighed)
    cart.add(t.catalogue.resolve(product.sku))
    total = cart.totals().total
    sale = checkout(t.engine, cart, [Tender.vietqr(total, request.reference)], SaleContext(t.code))
    doc = receipt_doc(t.engine, sale.id)
    assert (doc.shop_name, doc.shop_address, doc.tax_code) == (GOOD.name, GOOD.address, GOOD.tax_code)

    code, out = run(monkeypatch, capsys, "shop", "set", "--staff", "M01", "--clear-bank", pin="9999")
    assert code == 0 and "VietQR transfers\toff" in out
    with t.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT COUNT(*) FROM audit_log WHERE action = 'shop_profile'")).scalar() == 2
        )
