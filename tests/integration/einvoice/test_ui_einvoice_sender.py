"""The till's e-invoice sender runs beside the window: a sale paid with real keys is sent to the provider (the
stand-in) on the sender's own thread within seconds, and the status bar says so; a provider that cannot be reached
or an account that is missing is said in words, nothing is rejected, and the till keeps selling."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest

from pos.backoff import Backoff
from pos.einvoice.config import EInvoiceConfig
from pos.einvoice.providers.base import Outcome, Submission
from pos.einvoice.providers.sepay import SePayProvider
from pos.einvoice.queue import counts
from pos.einvoice.worker import default_factory
from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, PrintRecorder, human, press, scan
from tests.integration.einvoice.helpers import enrol
from tests.integration.einvoice.sepay_standin import ACCOUNT, CLIENT_ID, CLIENT_SECRET, SePayStandIn
from ui.qt import Qt

CHA_MUC = "8938390707402"


@pytest.fixture
def standin() -> Iterator[SePayStandIn]:
    s = SePayStandIn().start()
    yield s
    s.stop()


class Recording(SePayProvider):
    """The SePay adapter, noting the thread each invoice is offered on."""

    threads: ClassVar[list[str]] = []

    def submit(self, item: Submission) -> Outcome:
        Recording.threads.append(threading.current_thread().name)
        return super().submit(item)


def _window(qtbot, terminal: Terminal, clock: FakeClock, printer: PrintRecorder, factory):  # type: ignore[no-untyped-def]
    from ui.app import build_window, ensure_app
    from ui.einvoice_bridge import EInvoiceBridge

    ensure_app()
    bridge = EInvoiceBridge(
        terminal.engine, factory, interval_s=30, backoff=Backoff(0.05, 0.2), nudge_gap_s=0.05
    )
    window = build_window(terminal, printer, clock=clock, einvoice=bridge)
    qtbot.addWidget(window)
    window.show()
    window.switch_language("en")
    return window


def _sell(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window.signin.pin.setFocus()
    human(qtbot, window, "1111", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, "400000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"


def test_a_sale_is_sent_in_the_background_and_the_status_bar_says_so(
    qtbot, ui_terminal: Terminal, clock: FakeClock, printer: PrintRecorder, standin: SePayStandIn
) -> None:  # type: ignore[no-untyped-def]
    enrol(ui_terminal)
    Recording.threads.clear()
    window = _window(
        qtbot,
        ui_terminal,
        clock,
        printer,
        lambda _config: Recording(standin.url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=5),
    )
    try:
        indicator = window.einvoice_indicator
        assert indicator is not None
        qtbot.waitUntil(lambda: indicator.text.text() == "E-invoices: all sent", timeout=10_000)
        _sell(qtbot, window, clock)
        qtbot.waitUntil(lambda: len(standin.created) == 1, timeout=15_000)
        qtbot.waitUntil(lambda: counts(ui_terminal.engine)["accepted"] == 1, timeout=15_000)
        qtbot.waitUntil(lambda: indicator.text.text() == "E-invoices: all sent", timeout=10_000)
        assert indicator.level == "ok"
        assert Recording.threads == ["ocop-einvoice"]  # never the GUI thread
    finally:
        window.shutdown()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_provider_is_said_and_nothing_is_rejected(
    qtbot, ui_terminal: Terminal, clock: FakeClock, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    enrol(ui_terminal)
    dead = f"http://127.0.0.1:{free_port()}"
    window = _window(
        qtbot,
        ui_terminal,
        clock,
        printer,
        lambda _c: SePayProvider(dead, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=2),
    )
    try:
        indicator = window.einvoice_indicator
        assert indicator is not None
        _sell(qtbot, window, clock)
        qtbot.waitUntil(lambda: "not sending" in indicator.text.text(), timeout=15_000)
        assert indicator.text.text() == "E-invoices: 1 waiting · not sending" and indicator.level == "warn"
        assert "cannot be sent" in indicator.toolTip() and "unreachable" in indicator.toolTip()
        assert counts(ui_terminal.engine)["rejected"] == 0
        _sell_again = window.current == "sale"
        assert _sell_again  # the till keeps selling
    finally:
        window.shutdown()


def test_a_missing_account_is_said_with_where_to_set_it(
    qtbot, ui_terminal: Terminal, clock: FakeClock, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    enrol(ui_terminal)
    window = _window(
        qtbot, ui_terminal, clock, printer, default_factory({})
    )  # no [einvoice.sepay] in config.toml
    try:
        indicator = window.einvoice_indicator
        assert indicator is not None
        _sell(qtbot, window, clock)
        qtbot.waitUntil(lambda: "not sending" in indicator.text.text(), timeout=15_000)
        assert "[einvoice.sepay]" in indicator.toolTip() and "config.toml" in indicator.toolTip()
        assert counts(ui_terminal.engine) == {**counts(ui_terminal.engine), "pending": 1, "rejected": 0}
    finally:
        window.shutdown()


def test_a_relaying_store_sends_nothing_from_the_till(
    qtbot, ui_terminal: Terminal, clock: FakeClock, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from pos.einvoice.setup import save_config
    from pos.sync import state
    from tests.integration.einvoice.helpers import ENROLLED, manager

    state.save_registration(  # registered with head office (which is not reached in this test)
        ui_terminal.engine,
        state.Registration("http://127.0.0.1:9", "t", "till-1", "T01", "QN-HL01", "OCOP Hạ Long"),
        reset_cursor=False,
    )
    save_config(ui_terminal.engine, manager(ui_terminal), dataclasses.replace(ENROLLED, send_via="relay"))
    asked: list[EInvoiceConfig] = []

    def factory(config: EInvoiceConfig):  # type: ignore[no-untyped-def]
        asked.append(config)
        raise AssertionError("a relaying till needs no provider")

    window = _window(qtbot, ui_terminal, clock, printer, factory)
    try:
        indicator = window.einvoice_indicator
        assert indicator is not None
        _sell(qtbot, window, clock)
        qtbot.waitUntil(
            lambda: indicator.text.text() == "E-invoices at head office: 1 waiting", timeout=15_000
        )
        assert not indicator.send_now.isVisibleTo(indicator) and asked == []
    finally:
        window.shutdown()
