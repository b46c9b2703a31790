"""The running till puts a price in force when its time of day comes, without a restart and off the GUI thread:
the window's ten-minute look (``_check_new_day``) applies it on the same day, and the next scan sells at it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, PrintRecorder, human, press, scan
from ui.qt import Qt

GAT_GU = "8934656203930"  # Bánh gật gù Tiên Yên túi 500 g, 45.000 ₫


def _price(t: Terminal) -> int:
    with t.engine.connect() as c:
        v = c.execute(
            text("SELECT p.price FROM products p JOIN barcodes b ON b.product_id = p.id WHERE b.code = :c"),
            {"c": GAT_GU},
        ).scalar_one()
        c.rollback()
    return int(v)


def test_a_price_for_a_time_of_day_applies_while_the_till_runs(
    qtbot, ui_terminal: Terminal, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window, ensure_app

    ensure_app()
    window = build_window(ui_terminal, PrintRecorder(), clock=clock)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    before = _price(ui_terminal)
    with (
        ui_terminal.engine.begin() as c
    ):  # head office's price for today, from a minute ago (the till's clock)
        c.execute(
            text(
                "INSERT INTO product_prices (id, product_id, valid_from, valid_time, price, created_at, origin) "
                "SELECT 'hq-1', product_id, :d, :t, :v, :c, 'network' FROM barcodes WHERE code = :code"
            ),
            {"d": dt.date.today().isoformat(), "t": "00:00", "v": before + 5000, "c": "2026-12-01 08:00:00",
             "code": GAT_GU},
        )  # fmt: skip
    window._check_new_day()  # what the ten-minute timer calls: the same day, still it applies what has started
    qtbot.waitUntil(lambda: _price(ui_terminal) == before + 5000, timeout=20_000)
    window.signin.pin.setFocus()
    human(qtbot, window, "1111", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    scan(qtbot, window, GAT_GU, clock)
    assert [ln.unit_price for ln in window.till.session.cart.lines] == [before + 5000]
