"""The manager's "Producers" section through the real widgets: search without marks, problems under their
fields and nothing saved, a new producer added and an existing one edited (audited), a shift lead asked for a
manager's PIN."""

from __future__ import annotations

from sqlalchemy import text

from pos.inventory.producers import get_producer, list_producers
from tests.conftest_ui import FakeClock, human, on_dialogs, press, type_into
from tests.integration.test_ui_manager_sections import manager_signed_in
from ui.manager.producers import ProducersScreen
from ui.qt import Qt


def test_the_producers_section_finds_adds_and_edits(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    manager_signed_in(qtbot, window, clock)
    window.go("manager")
    screen = window.manager.go_section("producers")
    assert isinstance(screen, ProducersScreen)
    engine = window.till.session.engine
    everyone = len(list_producers(engine))
    assert screen.results.rowCount() == everyone and not screen.synced and screen.sync_note.isHidden()
    screen.search.setFocus()
    human(qtbot, window, "ngoc trai ha long", clock)  # no marks, as a hurried manager types
    assert [p.data.code for p in screen.shown] == ["P001"]
    press(qtbot, window, Qt.Key.Key_Return, clock)  # opens the first match
    assert screen.producer_id == screen.shown[0].id and screen.edits["code"].text() == "P001"

    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert screen.producer_id is None and screen.edits["code"].text() == ""
    screen.set_field("code", "P001")  # taken
    screen.set_field("name", "HTX Chè hoa vàng Đồng Văn")
    screen.set_field("bank_account", "8000205123456")  # an account without a bank
    screen.set_field("email", "htx@")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    errors = {k for k, f in screen.fields.items() if not f.error.isHidden()}
    assert errors == {"code", "bank_account", "email"} and len(list_producers(engine)) == everyone

    screen.set_field("code", "P901")
    screen.set_field("email", "")
    screen.set_field("kind", "household")
    screen.set_field("district", "Bình Liêu")
    screen.set_field("bank_bin", "970405")
    screen.set_field("bank_account_name", "Hoàng Văn Sơn")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert all(f.error.isHidden() for f in screen.fields.values()) and screen.message.isHidden()
    assert screen.producer_id is not None and len(list_producers(engine)) == everyone + 1
    stored = get_producer(engine, screen.producer_id).data
    assert (stored.kind, stored.district, stored.bank_account_name) == (
        "household",
        "Bình Liêu",
        "HOANG VAN SON",
    )
    assert "P901" in screen.status.text()

    screen.set_field("phone", "0203 3879 111")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert get_producer(engine, screen.producer_id).data.phone == "0203 3879 111"
    with engine.connect() as conn:
        audit = conn.execute(
            text("SELECT actor_name, detail FROM audit_log WHERE action = 'producer_edit' ORDER BY seq")
        ).all()
    assert [a[0] for a in audit] == ["Phạm Thu Hà", "Phạm Thu Hà"] and '"changed": ["phone"]' in audit[-1][1]

    window.sign_out()
    manager_signed_in(qtbot, window, clock, "S01", "2222")
    lead = ProducersScreen(
        window.till.session.terminal, window.till.session.staff, window.approval_asker("approve")
    )
    qtbot.addWidget(lead)
    lead.select_producer("P901")
    lead.set_field("contact_name", "Anh Sơn")
    on_dialogs(type_into(qtbot, window, clock, "9999"))
    assert lead.save() is not None
    assert get_producer(engine, lead.producer_id).data.contact_name == "Anh Sơn"
