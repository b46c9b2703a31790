"""The head-office sync in the status bar: the real sync worker (its own thread) reports through a Qt signal; the
till shows offline, the number of sales waiting to be sent and the last sync, and "Sync now" starts a round."""

from __future__ import annotations

import socket

from pos.backoff import Backoff
from pos.sync import state
from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, PrintRecorder, human, press, scan
from ui.qt import Qt


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_offline_queue_length_and_sync_now(
    qtbot, ui_terminal: Terminal, clock: FakeClock, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window, ensure_app
    from ui.sync_bridge import SyncBridge

    ensure_app()
    engine = ui_terminal.engine
    sync = SyncBridge(engine, interval_s=30, backoff=Backoff(0.05, 0.2), nudge_gap_s=0.05)
    window = build_window(ui_terminal, printer, clock=clock, sync=sync)
    qtbot.addWidget(window)
    window.show()
    window.switch_language("en")
    try:
        indicator = window.sync_indicator
        assert indicator is not None
        qtbot.waitUntil(lambda: "not registered" in indicator.text.text(), timeout=10_000)
        assert indicator.level == "off"

        # registered with head office, whose server cannot be reached (nothing listens on the port)
        dead = f"http://127.0.0.1:{free_port()}"
        state.save_registration(
            engine,
            state.Registration(dead, "token", "till-1", "T01", "QN-HL01", "OCOP Hạ Long"),
            reset_cursor=False,
        )
        qtbot.mouseClick(indicator.sync_now, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: indicator.text.text().startswith("Offline"), timeout=10_000)
        assert indicator.level == "error" and "never synced" in indicator.text.text()
        assert indicator.toolTip()  # why: the worker's own words
        before = sync.status.queued

        # a sale made meanwhile waits in the outbox and the count says so
        window.signin.choose_code("C01")
        human(qtbot, window, "1111", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        scan(qtbot, window, "8934656203930", clock)
        press(qtbot, window, Qt.Key.Key_F12, clock)
        human(qtbot, window, "50000", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        qtbot.waitUntil(lambda: sync.status.queued == before + 1, timeout=10_000)
        qtbot.waitUntil(lambda: f"{before + 1} to send" in indicator.text.text(), timeout=5000)
    finally:
        window.shutdown()
    assert not sync.worker.running
