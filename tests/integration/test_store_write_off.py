"""Writing goods off at the till: the back office's Write-offs screen on the real core, offscreen, in both
languages — a cashier's write-off approved by a manager's PIN, a manager's own, the refusals (no approval, a
reason without a note), the ``waste`` move queued for head office and the audit entry; and a picture to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from pos.inventory.stock import stock_of
from pos.staff.approval import approve
from pos.staff.audit import entries
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from tests.integration.test_store_support import Shop, build_template, open_shop
from ui.i18n import set_language
from ui.manager.panel import ManagerPanel
from ui.manager.write_off import WriteOffScreen


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[Shop]:
    s = open_shop(template, tmp_path, monkeypatch)
    yield s
    set_language("vi")
    s.t.close()


def _asker(shop: Shop, requester: StaffMember, calls: list[frozenset[Permission]], pin: str = "9999"):  # type: ignore[no-untyped-def]
    def ask(permissions: frozenset[Permission]) -> Approval | None:
        calls.append(permissions)
        if not pin:
            return None
        return approve(shop.engine, shop.secret, pin, permissions, requested_by=requester)

    return ask


def _pid(shop: Shop, sku: str) -> str:
    with shop.engine.connect() as c:
        return str(c.execute(text("SELECT id FROM products WHERE sku = :s"), {"s": sku}).scalar())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_cashier_writes_off_with_a_managers_approval(shop: Shop, qtbot: QtBot, lang: str) -> None:
    set_language(lang)
    cashier = shop.staff("C01")
    calls: list[frozenset[Permission]] = []
    screen = WriteOffScreen(shop.t, cashier, _asker(shop, cashier, calls))
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    pid = _pid(shop, "QN-0007")
    before = stock_of(shop.engine, pid)
    assert not screen.post_button.isEnabled()
    screen.scan_code(shop.code("QN-0007"))
    assert screen.post_button.isEnabled()
    screen.qty.setText("2")
    screen.reason.setCurrentIndex(screen.reason.findData("damaged"))
    screen.note.setText("rơi vỡ khi xếp kệ")
    move = screen.post()
    assert move is not None, screen.message.text()
    assert calls == [frozenset({Permission.ADJUST_STOCK})]
    assert stock_of(shop.engine, pid) == before - 2000
    with shop.engine.connect() as c:
        kind, qty, reason, cost = c.execute(
            text("SELECT kind, qty_milli, reason, unit_cost FROM stock_moves WHERE id = :i"), {"i": move}
        ).one()
        queued = c.execute(text("SELECT payload FROM outbox WHERE entity_id = :i"), {"i": move}).scalar()
    assert (kind, qty, reason) == ("waste", -2000, "damaged: rơi vỡ khi xếp kệ") and cost > 0
    assert queued is not None and '"kind":"waste"' in queued.replace(" ", "")
    audit = [e for e in entries(shop.engine) if e.action == "write_off"]
    assert len(audit) == 1 and audit[0].approver_name
    shown = screen.model.index(0, 1).data()
    assert shown == "QN-0007"
    assert ("Written off" if lang == "en" else "Đã huỷ") in screen.summary.text()
    path = Path(f"/tmp/ocop-write-off-{lang}.png")
    assert screen.grab().save(str(path))


def test_refusals_leave_the_stock_alone(shop: Shop, qtbot: QtBot) -> None:
    set_language("en")
    cashier = shop.staff("C01")
    calls: list[frozenset[Permission]] = []
    screen = WriteOffScreen(shop.t, cashier, _asker(shop, cashier, calls, pin=""))
    qtbot.addWidget(screen)
    pid = _pid(shop, "QN-0008")
    before = stock_of(shop.engine, pid)
    screen.scan_code(shop.code("QN-0008"))
    screen.reason.setCurrentIndex(screen.reason.findData("lost"))
    assert screen.post() is None  # the manager did not approve
    assert "Not approved" in screen.message.text()
    manager = shop.staff("M01")
    own = WriteOffScreen(shop.t, manager)
    qtbot.addWidget(own)
    own.scan_code(shop.code("QN-0008"))
    own.reason.setCurrentIndex(own.reason.findData("other"))
    assert own.post() is None  # "other" needs a note
    assert "note" in own.message.text()
    own.qty.setText("-1")
    own.note.setText("x")
    assert own.post() is None
    assert stock_of(shop.engine, pid) == before
    own.qty.setText("1")
    assert own.post() is not None  # a manager needs nobody's approval
    assert stock_of(shop.engine, pid) == before - 1000


def test_the_section_is_in_the_back_office_for_a_cashier(shop: Shop, qtbot: QtBot) -> None:
    panel = ManagerPanel(shop.t, shop.staff("C01"), lambda p: None)
    qtbot.addWidget(panel)
    assert "writeoff" in panel.buttons
