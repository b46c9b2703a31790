"""The manager's "Shop" section through the real widgets: problems shown under their fields and nothing saved,
a clean form saved and audited, a shift lead asked for a manager's PIN, and a till that never had a profile."""

from __future__ import annotations

from sqlalchemy import text

from pos.selling.transfer import request_transfer
from pos.shop.profile import ShopProfile, load_profile
from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, on_dialogs, type_into
from tests.integration.test_shop_profile import add_staff
from tests.integration.test_ui_manager_sections import manager_signed_in
from ui.manager.shop import ShopScreen
from ui.qt import Qt


def test_the_shop_section_shows_problems_inline_then_saves(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    manager_signed_in(qtbot, window, clock)
    window.go("manager")
    screen = window.manager.go_section("shop")
    assert isinstance(screen, ShopScreen)
    engine = window.till.session.engine
    before = load_profile(engine)
    assert screen.edits["name"].text() == before.name  # the saved profile fills the form
    screen.set_field("tax_code", "57012")
    screen.set_field("bank_account", "10199 ABC")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    errors = {k: f.error.text() for k, f in screen.fields.items() if not f.error.isHidden()}
    assert set(errors) == {"tax_code", "bank_account"}
    assert "10 digits" in errors["tax_code"]
    assert load_profile(engine) == before  # nothing saved

    screen.set_field("name", "Cửa hàng OCOP Bãi Cháy")
    screen.set_field("tax_code", "5701234567-002")
    screen.set_field("bank_bin", "970415")  # VietinBank
    screen.set_field("bank_account", "1010 2020 3030")
    screen.set_field("bank_account_name", "Trần Thị Bích Ngọc")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert all(f.error.isHidden() for f in screen.fields.values()) and screen.message.isHidden()
    saved = load_profile(engine)
    assert (saved.name, saved.tax_code, saved.bank_bin, saved.bank_account, saved.bank_account_name) == (
        "Cửa hàng OCOP Bãi Cháy",
        "5701234567-002",
        "970415",
        "101020203030",
        "TRAN THI BICH NGOC",
    )
    assert screen.edits["bank_account_name"].text() == "TRAN THI BICH NGOC"  # the form shows what was stored
    assert not screen.qr.isHidden() and "TRAN THI BICH NGOC" in screen.qr_note.text()
    assert request_transfer(engine, "T01", 90_000).account.bank_bin == "970415"
    with engine.connect() as conn:
        who = conn.execute(text("SELECT actor_name FROM audit_log WHERE action = 'shop_profile'")).all()
    assert [w[0] for w in who] == ["Phạm Thu Hà"]

    # a shift lead may not change where the money goes without a manager's PIN
    window.sign_out()
    manager_signed_in(qtbot, window, clock, "S01", "2222")
    lead = ShopScreen(
        window.till.session.terminal, window.till.session.staff, window.approval_asker("approve")
    )
    qtbot.addWidget(lead)
    lead.set_field("phone", "0912 345 678")
    on_dialogs(type_into(qtbot, window, clock, "9999"))
    assert lead.save() is not None
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT actor_name, approver_name FROM audit_log WHERE action = 'shop_profile' ORDER BY seq DESC"
            )
        ).first()
    assert tuple(row) == ("Trần Văn Hùng", "Phạm Thu Hà") and load_profile(engine).phone == "0912 345 678"


def test_a_till_without_a_profile_gets_one_from_the_section(qtbot, terminal: Terminal) -> None:  # type: ignore[no-untyped-def]
    manager = add_staff(terminal, "M01", "Phạm Thu Hà", "manager", "9999")
    screen = ShopScreen(terminal, manager)
    qtbot.addWidget(screen)
    assert screen.edits["name"].text() == "" and screen.qr.isHidden()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert not screen.fields["name"].error.isHidden() and load_profile(terminal.engine) == ShopProfile()
    screen.set_field("name", "Quầy OCOP sân bay Vân Đồn")
    screen.set_field("address", "Cảng hàng không Vân Đồn, Quảng Ninh")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert load_profile(terminal.engine) == ShopProfile(
        name="Quầy OCOP sân bay Vân Đồn", address="Cảng hàng không Vân Đồn, Quảng Ninh"
    )
