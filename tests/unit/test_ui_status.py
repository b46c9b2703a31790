"""What the status bar says for each printer and head-office state, in English and Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest

from pos.receipts.printer_status import PrinterStatus
from pos.receipts.queue import QueueState
from pos.sync.status import SyncStatus
from ui.printing import PrinterState


@pytest.fixture
def lang(qapp):  # type: ignore[no-untyped-def]
    from ui.i18n import set_language

    def use(code: str) -> None:
        set_language(code)
        qapp.processEvents()

    yield use
    use("vi")


def test_printer_levels() -> None:
    assert PrinterState(False).level == "off"
    assert PrinterState(False, False, 0, "hỏng", "broken").level == "error"  # settings that do not load
    assert PrinterState(True).level == "ok"
    assert PrinterState(True, pending=2).level == "busy"
    assert PrinterState(True, online=False, pending=2).level == "error"
    low = PrinterStatus(paper_near_end=True)
    assert PrinterState(True, status=low).level == "warn"
    out = PrinterStatus(online=False, paper_end=True)
    state = PrinterState.from_queue(QueueState(False, 3, "Đang chờ máy in", "Waiting", out), "127.0.0.1:9100")
    assert state.problem("en") == "Out of paper" and state.problem("vi") == "Hết giấy"
    assert state.where == "127.0.0.1:9100" and state.pending == 3


def test_printer_sentences(qapp, lang) -> None:  # type: ignore[no-untyped-def]
    from ui.status_bar import PrinterIndicator

    indicator = PrinterIndicator()
    lang("en")
    cases = [
        (PrinterState(False), "No receipt printer set up"),
        (PrinterState(True), "Printer ready"),
        (PrinterState(True, pending=2), "Printing… · 2 receipts waiting"),
        (
            PrinterState(True, False, 1, "Không kết nối được", "Cannot connect"),
            "Printer not printing: Cannot connect · 1 receipt waiting",
        ),
        (PrinterState(True, status=PrinterStatus(paper_near_end=True)), "Printer: Paper is running low"),
    ]
    for state, sentence in cases:
        indicator.set_state(state)
        assert indicator.text.text() == sentence
    indicator.set_state(PrinterState(True, False, 4, status=PrinterStatus(online=False, cover_open=True)))
    assert indicator.retry.isVisibleTo(indicator)
    lang("vi")
    assert indicator.text.text() == "Máy in không in được: Nắp máy in đang mở · 4 hoá đơn chờ in"
    assert indicator.retry.text() == "Thử lại"


def test_head_office_sentences(qapp, lang) -> None:  # type: ignore[no-untyped-def]
    from ui.status_bar import SyncIndicator

    indicator = SyncIndicator()
    lang("en")
    assert indicator.text.text() == "Head office: starting…"
    indicator.set_status(SyncStatus(online=False, queued=0, last_success_at=None, registered=False))
    assert indicator.text.text() == "Head office: this till is not registered" and indicator.level == "off"
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    indicator.set_status(
        SyncStatus(
            online=False,
            queued=12,
            last_success_at=yesterday,
            last_error_vi="Không tới được máy chủ",
            last_error_en="Cannot reach the server",
        )
    )
    text = indicator.text.text()
    assert text.startswith("Offline · 12 to send · last sync ") and "/" in text  # a day and month: not today
    assert indicator.level == "error" and indicator.toolTip() == "Cannot reach the server"
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    indicator.set_status(SyncStatus(online=True, queued=0, last_success_at=now))
    assert indicator.text.text() == f"Online · last sync {now.replace(tzinfo=dt.UTC).astimezone():%H:%M}"
    indicator.set_status(SyncStatus(online=True, queued=3, last_success_at=now, syncing=True))
    assert indicator.text.text().startswith("Syncing… · 3 to send") and not indicator.sync_now.isEnabled()
    lang("vi")
    assert indicator.text.text().startswith("Đang đồng bộ… · 3 giao dịch chờ gửi")


def test_einvoice_sentences(qapp, lang) -> None:  # type: ignore[no-untyped-def]
    from pos.einvoice.worker import SenderStatus
    from ui.status_bar import EInvoiceIndicator

    indicator = EInvoiceIndicator()
    assert indicator.isHidden()  # a store that makes no e-invoices has nothing to show
    lang("en")
    cases = [
        (SenderStatus(enrolled=True), "ok", "E-invoices: all sent"),
        (SenderStatus(enrolled=True, waiting=3), "busy", "E-invoices: 3 waiting"),
        (
            SenderStatus(True, "till", 3, last_error_vi="Không gửi được", last_error_en="Cannot send"),
            "warn",
            "E-invoices: 3 waiting · not sending",
        ),
        (
            SenderStatus(True, "till", 2, rejected=1, overdue=2),
            "error",
            "E-invoices: 2 waiting · 1 rejected · 2 late",
        ),
        (SenderStatus(True, "relay", 4), "busy", "E-invoices at head office: 4 waiting"),
    ]
    for status, level, sentence in cases:
        indicator.set_status(status)
        assert (indicator.level, indicator.text.text()) == (level, sentence)
        assert not indicator.isHidden()
    indicator.set_status(cases[2][0])
    assert indicator.toolTip() == "Cannot send" and indicator.send_now.isVisibleTo(indicator)
    indicator.set_status(cases[4][0])
    assert not indicator.send_now.isVisibleTo(indicator)  # head office sends them: nothing to press here
    lang("vi")
    indicator.set_status(cases[3][0])
    assert indicator.text.text() == "Hoá đơn điện tử: 2 chờ gửi · 1 bị từ chối · 2 quá hạn"
    indicator.set_status(SenderStatus(enrolled=True))
    assert indicator.text.text() == "Hoá đơn điện tử: đã gửi hết"
