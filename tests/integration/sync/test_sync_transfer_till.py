"""The receiving till (issue 18, item 3): a till of the receiving store sees the transfers in transit to its store,
receives one (9 of 10 arrived), and head office applies that receipt exactly once — a resend of the same receipt
(a lost answer) changes nothing, another receipt is refused; the store's stock at head office and on the till
shows +9, the sender's −10, the discrepancy of 1 on the document. Real till against the real server on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sync_helpers import STORE, LiveServer
from test_sync_store_stock import levels, store_levels, sync

from pos.errors import PermissionDenied
from pos.ids import new_id
from pos.server import transfers as server_transfers
from pos.server.db import write_tx
from pos.server.provisioning import add_store
from pos.staff.audit import entries
from pos.staff.member import StaffMember
from pos.sync import transfers_in
from pos.sync.errors import RejectedError
from pos.sync.registration import register_terminal
from pos.sync.rounds import client_for
from pos.sync.wire import IncomingTransferDoc, ReceivedLineDoc, TransferLineDoc, TransferReceiptDoc
from pos.till.terminal import Terminal
from ui.i18n import set_language
from ui.manager.transfers_in import TransfersInScreen
from ui.qt import QLineEdit

MakeTill = Callable[..., Terminal]
SENDER = "QN-MC01"


def test_a_till_receives_a_transfer_once(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register_terminal(till.settings, till.engine, server.url, server.provision("T01"), send_stock=True)
    sync(till)
    add_store(server.engine, SENDER, "Trung tâm OCOP Móng Cái", district="Móng Cái")
    before = store_levels(server.engine, STORE)
    pid = sorted(before)[0]
    with write_tx(server.engine) as conn:
        ids = dict(conn.execute(text("SELECT code, id FROM stores")).all())
        tid = server_transfers.send(
            conn,
            from_store_id=str(ids[SENDER]),
            to_store_id=str(ids[STORE]),
            lines=[server_transfers.LineIn(pid, 10_000)],
            by="admin",
        )
    assert store_levels(server.engine, SENDER)[pid] == -10_000

    cashier = StaffMember(new_id(), "C01", "Nguyễn Thị Lan", "cashier")
    lead = StaffMember(new_id(), "S01", "Trần Văn Minh", "shift_lead")
    with client_for(till.engine) as client:
        shown = transfers_in.incoming(client)
        assert [t.id for t in shown] == [tid] and shown[0].from_store_code == SENDER
        doc = shown[0]
        assert [(ln.line_no, ln.product_id, ln.qty_sent_milli) for ln in doc.lines] == [(1, pid, 10_000)]
        with pytest.raises(PermissionDenied):
            transfers_in.receive(till.engine, client, cashier, doc, {1: 9_000})
        answer = transfers_in.receive(till.engine, client, lead, doc, {1: 9_000})
        assert answer.first and answer.discrepancy_milli == 1_000 and answer.label == doc.label
        # The same receipt again (its answer lost): the same receipt, nothing moves twice.
        receipt = next(e.detail["receipt_id"] for e in entries(till.engine) if e.action == "transfer_receive")
        again = client.receive_transfer(
            tid, TransferReceiptDoc(receipt_id=receipt, lines=[ReceivedLineDoc(line_no=1, qty_milli=9_000)])
        )
        assert not again.first
        # Another receipt of the same transfer: refused.
        with pytest.raises(transfers_in.TransferError) as refused:
            transfers_in.receive(till.engine, client, lead, doc, {1: 10_000})
        assert refused.value.code == "already_received"
        assert transfers_in.incoming(client) == []
    expected = before.get(pid, 0) + 9_000
    assert store_levels(server.engine, STORE)[pid] == expected
    assert store_levels(server.engine, SENDER)[pid] == -10_000
    sync(till)
    assert levels(till)[pid] == expected
    with server.engine.connect() as c:
        got = c.execute(
            text("SELECT qty_sent_milli, qty_received_milli FROM transfer_lines WHERE transfer_id = :t"),
            {"t": tid},
        ).one()
        by = c.execute(text("SELECT received_by FROM transfers WHERE id = :t"), {"t": tid}).scalar()
        c.rollback()
    assert tuple(got) == (10_000, 9_000)
    assert str(by).startswith(f"{STORE}/T01")


def test_the_back_office_screen_receives_a_transfer(
    server: LiveServer, make_till: MakeTill, qtbot: QtBot
) -> None:
    """The Incoming transfers section on a registered till (pytest-qt, offscreen): head office is asked off the GUI
    thread, 9 of 10 are entered, the discrepancy is said; a picture is saved to be looked at."""
    set_language("vi")
    till = make_till("T01")
    register_terminal(till.settings, till.engine, server.url, server.provision("T01"), send_stock=True)
    sync(till)
    add_store(server.engine, SENDER, "Trung tâm OCOP Móng Cái", district="Móng Cái")
    pid = sorted(store_levels(server.engine, STORE))[1]
    with write_tx(server.engine) as conn:
        ids = dict(conn.execute(text("SELECT code, id FROM stores")).all())
        server_transfers.send(
            conn,
            from_store_id=str(ids[SENDER]),
            to_store_id=str(ids[STORE]),
            lines=[server_transfers.LineIn(pid, 10_000)],
            by="admin",
            note="Hàng cho hội chợ",
        )
    lead = StaffMember(new_id(), "S01", "Trần Văn Minh", "shift_lead")
    screen = TransfersInScreen(till, lead)
    qtbot.addWidget(screen)
    screen.resize(1100, 600)
    screen.show()  # asks head office once
    qtbot.waitUntil(lambda: screen.choice.count() == 1 and screen.receive_button.isEnabled(), timeout=30_000)
    assert "CK-" in screen.choice.currentText() and SENDER in screen.choice.currentText()
    field = screen.findChild(QLineEdit, "received_1")
    assert field is not None and field.text() == "10"
    field.setText("9")
    screen.grab().save("/tmp/ocop-transfers-in-before.png")
    screen.receive()
    qtbot.waitUntil(lambda: "chênh lệch 1" in screen.summary.text(), timeout=30_000)
    qtbot.waitUntil(lambda: screen.choice.count() == 0 and screen.job is None, timeout=30_000)
    assert "Không có phiếu chuyển" in screen.facts.text()
    screen.grab().save("/tmp/ocop-transfers-in-after.png")
    with server.engine.connect() as c:
        got = c.execute(text("SELECT qty_received_milli FROM transfer_lines")).scalars().all()
        c.rollback()
    assert list(got) == [9_000]


def test_offline_the_till_says_so_and_records_nothing(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register_terminal(till.settings, till.engine, server.url, server.provision("T01"), send_stock=True)
    doc = IncomingTransferDoc(
        id=new_id(),
        label="CK-000009",
        from_store_code=SENDER,
        sent_at=dt.datetime.now(dt.UTC),
        lines=[TransferLineDoc(line_no=1, product_id=new_id(), qty_sent_milli=1000)],
    )
    server.stop()  # head office unreachable
    lead = StaffMember(new_id(), "S01", "Trần Văn Minh", "shift_lead")
    with client_for(till.engine, timeout=3.0) as client:
        with pytest.raises(transfers_in.TransferError) as listed:
            transfers_in.incoming(client)
        assert listed.value.code == "transfer_offline"
        with pytest.raises(transfers_in.TransferError) as received:
            transfers_in.receive(till.engine, client, lead, doc, {1: 1000})
        assert received.value.code == "transfer_offline" and "Nothing was recorded" in received.value.en
    assert not [e for e in entries(till.engine) if e.action == "transfer_receive"]
    with till.engine.connect() as c:  # the receipt id stays: a retry is the same receipt
        kept = c.execute(
            text("SELECT value FROM terminal_state WHERE key = :k"), {"k": f"transfer_receipt:{doc.id}"}
        ).scalar()
    assert kept


def test_two_receipts_at_once_one_wins(server: LiveServer, make_till: MakeTill) -> None:
    """Two receipts of one transfer at the same moment (two counters, or a till and the office): head office
    decides them one after the other — one is recorded, the other refused, the goods come in once."""
    till = make_till("T01")
    register_terminal(till.settings, till.engine, server.url, server.provision("T01"), send_stock=True)
    add_store(server.engine, SENDER, "Trung tâm OCOP Móng Cái", district="Móng Cái")
    with write_tx(server.engine) as conn:
        pid = str(conn.execute(text("SELECT id FROM products ORDER BY sku LIMIT 1")).scalar())
        ids = dict(conn.execute(text("SELECT code, id FROM stores")).all())
        tid = server_transfers.send(
            conn,
            from_store_id=str(ids[SENDER]),
            to_store_id=str(ids[STORE]),
            lines=[server_transfers.LineIn(pid, 4_000)],
            by="admin",
        )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def post(qty: int) -> None:
        body = TransferReceiptDoc(receipt_id=new_id(), lines=[ReceivedLineDoc(line_no=1, qty_milli=qty)])
        with client_for(till.engine) as client:
            barrier.wait()
            try:
                client.receive_transfer(tid, body)
                outcomes.append("received")
            except RejectedError as exc:
                outcomes.append(exc.code)

    threads = [threading.Thread(target=post, args=(q,)) for q in (4_000, 3_000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["already_received", "received"]
    with server.engine.connect() as c:
        n = c.execute(
            text("SELECT COUNT(*) FROM stock_moves WHERE kind = 'transfer_in' AND product_id = :p"),
            {"p": pid},
        ).scalar()
        c.rollback()
    assert n == 1
