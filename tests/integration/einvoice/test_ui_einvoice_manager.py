"""The manager's E-invoices section inside the till: each invoice's state and the reason of a rejection, filtered
by state; a rejected invoice offered again, or with the buyer corrected through the buyer dialog typed with real
keys (audited, the invoice as made untouched); the month's tax report shown and exported (XLSX: both tables,
CSV: the invoice list) with figures equal to the ledger's."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from pos.backoff import Backoff
from pos.einvoice.providers.sepay import SePayProvider
from pos.einvoice.queue import counts, invoices, send_round, xml_of
from pos.einvoice.xml import read_document
from pos.models.values import utcnow
from pos.staff.audit import entries
from tests.conftest_ui import FakeClock, human, on_dialogs, press
from tests.integration.einvoice.helpers import enrol
from tests.integration.einvoice.sepay_standin import ACCOUNT, CLIENT_ID, CLIENT_SECRET, SePayStandIn
from tests.integration.einvoice.test_einvoice_sending import _sell_many
from tests.integration.test_ui_manager_sections import manager_signed_in
from ui.qt import Qt


@pytest.fixture
def standin() -> Iterator[SePayStandIn]:
    s = SePayStandIn().start()
    yield s
    s.stop()


def _sent_with_one_rejected(window, standin: SePayStandIn) -> tuple[list[str], str]:  # type: ignore[no-untyped-def]
    """Three sales with invoices; the provider refuses the second."""
    t = window.till.session.terminal
    enrol(t)
    ids = _sell_many(t, 3)
    standin.refuse.add(ids[1])
    provider = SePayProvider(standin.url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=5)
    clock = [utcnow()]
    try:
        for _ in range(20):
            c = counts(t.engine)
            if not c["pending"] and not c["sent"]:
                break
            send_round(t.engine, provider, backoff=Backoff(0.01, 0.05), now=lambda: clock[0])
            clock[0] += dt.timedelta(seconds=10)
    finally:
        provider.close()
    standin.refuse.clear()
    assert counts(t.engine)["accepted"] == 2 and counts(t.engine)["rejected"] == 1
    return ids, ids[1]


def _open_section(qtbot, window, clock: FakeClock):  # type: ignore[no-untyped-def]
    manager_signed_in(qtbot, window, clock)
    window.go("manager")
    return window.manager.go_section("einvoices")


def test_states_and_a_rejected_invoice_offered_again(
    qtbot, window, clock: FakeClock, standin: SePayStandIn
) -> None:  # type: ignore[no-untyped-def]
    _ids, rejected = _sent_with_one_rejected(window, standin)
    screen = _open_section(qtbot, window, clock)
    assert screen.model.rowCount() == 3
    assert "1 rejected" in screen.summary.text() and "2 accepted" in screen.summary.text()
    screen.select("rejected")
    assert [r.sale_id for r in screen.rows] == [rejected] and screen.model.rowCount() == 1
    assert not screen.retry_button.isEnabled()  # nothing chosen yet
    screen.view.selectRow(0)
    assert screen.retry_button.isEnabled() and screen.correct_button.isEnabled()
    assert "Rejected:" in screen.reason.text() and screen.rows[0].last_error in screen.reason.text()
    fired: list[bool] = []
    screen.states_changed.connect(lambda: fired.append(True))
    qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    assert fired == [True] and "offered again" in screen.reason.text()
    assert [r.state for r in invoices(window.till.session.engine) if r.sale_id == rejected] == ["pending"]
    assert screen.model.rowCount() == 0  # the filter still shows the rejected: none now
    screen.select("open")
    assert [r.sale_id for r in screen.rows] == [rejected]
    screen.view.selectRow(0)
    assert not screen.retry_button.isEnabled()  # only a rejected invoice is offered again
    audit = entries(window.till.session.engine, actions=("einvoice_retry",))
    assert [(a.subject_id, a.actor_name) for a in audit] == [(rejected, "Phạm Thu Hà")]


def test_the_buyer_of_a_rejected_invoice_corrected_with_the_dialog(
    qtbot, window, clock: FakeClock, standin: SePayStandIn
) -> None:  # type: ignore[no-untyped-def]
    _ids, rejected = _sent_with_one_rejected(window, standin)
    engine = window.till.session.engine
    as_made = xml_of(engine, rejected)
    screen = _open_section(qtbot, window, clock)
    screen.select("rejected")
    screen.view.selectRow(0)

    def type_buyer(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.kind == "company"
        for value in ("0100109106", "Công ty TNHH Hạ Long Xanh", "18 Bãi Cháy, Hạ Long", ""):
            human(qtbot, window, value, clock)
            press(qtbot, window, Qt.Key.Key_Return, clock)

    handled = on_dialogs(type_buyer)
    qtbot.mouseClick(screen.correct_button, Qt.MouseButton.LeftButton)
    assert len(handled) == 1 and "buyer is corrected" in screen.reason.text()
    row = next(r for r in invoices(engine) if r.sale_id == rejected)
    assert (row.state, row.buyer_name, row.buyer_tax_code, row.corrected) == (
        "pending",
        "Công ty TNHH Hạ Long Xanh",
        "0100109106",
        True,
    )
    assert xml_of(engine, rejected) == as_made  # the invoice as made stays in the journal
    assert read_document(xml_of(engine, rejected, as_sent=True)).buyer["MST"] == "0100109106"
    screen.select("all")
    assert "(corrected)" in screen.model.index([r.sale_id for r in screen.rows].index(rejected), 7).data()


def test_the_months_tax_report_is_shown_and_exported(
    qtbot, window, clock: FakeClock, standin: SePayStandIn, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _sent_with_one_rejected(window, standin)
    engine = window.till.session.engine
    screen = _open_section(qtbot, window, clock)
    assert screen.period.currentData() == f"{dt.date.today():%Y-%m}"
    with engine.connect() as conn:
        total, vat = conn.execute(
            text("SELECT (SELECT SUM(total) FROM sales), (SELECT SUM(vat) FROM sale_vat)")
        ).one()
    assert screen.report is not None
    totals = screen.report[0].totals
    assert totals is not None and totals[2:4] == (vat, total)  # VAT, with VAT: the ledger's, to the đồng
    assert screen.rates_model.rowCount() == len(screen.report[0].rows) + 1  # the rates and the totals row
    screen.ask_save_path = lambda suggested: tmp_path / suggested  # type: ignore[method-assign]
    path = screen.export()
    assert path is not None and path.suffix == ".xlsx" and "Saved" in screen.saved.text()
    book = load_workbook(path)
    assert len(book.sheetnames) == 2
    screen.ask_save_path = lambda suggested: tmp_path / "list.csv"  # type: ignore[method-assign]
    path = screen.export()
    assert path is not None
    with path.open(encoding="utf-8-sig") as f:
        body = list(csv.reader(f))
    codes = {r.code for r in invoices(engine)}
    assert codes and codes <= {cell for line in body for cell in line}
