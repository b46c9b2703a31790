"""The till's settlement screen and the store's statement (issue 18, item 5): the real screen (pytest-qt, offscreen)
over a real till registered with the real server (SQLite and PostgreSQL). "Whole store (head office)" fetches the
statement of every till of the store off the GUI thread and names the tills; offline, the till's own statement
stays on screen, labelled as covering only this till."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sync_helpers import LiveServer, drain, manager, register
from test_sync_settlement import busiest_producer, consign, own_opening

from pos.reports.table import Period
from pos.sync.rounds import client_for
from pos.till.terminal import Terminal
from ui.i18n import set_language
from ui.manager.settlement import SettlementScreen

MakeTill = Callable[..., Terminal]
SHOTS = Path("/tmp/settle-shots")


def test_the_screen_shows_the_store_statement_and_says_which_tills(
    qtbot, server: LiveServer, make_till: MakeTill
) -> None:  # type: ignore[no-untyped-def]
    t1 = make_till("T01")
    t2 = make_till("T02")
    own_opening(t2, keep=False)
    register(t1, server)
    register(t2, server)
    producer = busiest_producer([t1, t2])
    consign(server.engine, [t1, t2], producer)
    for till in (t1, t2):
        with client_for(till.engine) as client:
            drain(till.engine, client)
    with t1.engine.connect() as c:
        code = str(c.execute(text("SELECT code FROM producers WHERE id = :r"), {"r": producer}).scalar_one())
        today = dt.date.fromisoformat(
            str(c.execute(text("SELECT MAX(business_date) FROM sales")).scalar_one())
        )
        c.rollback()
    set_language("en")
    screen = SettlementScreen(t1, manager(t1), period=Period(today.replace(day=1), today), today=today)
    qtbot.addWidget(screen)
    screen.resize(1100, 720)
    screen.show()
    screen.select_producer(code)
    own = screen.statement
    assert own is not None and not own.store_wide
    assert screen.coverage.text() == "This till only (T01): not the store's statement"

    screen.store_button.click()  # asks head office on its own thread; the screen says so meanwhile
    qtbot.waitUntil(screen.idle, timeout=30_000)
    st = screen.statement
    assert st is not None and st.store_wide and [t.code for t in st.tills] == ["T01", "T02"]
    assert st.net > own.net  # T02's sales of the producer are in it too
    lines = screen.coverage.text().splitlines()
    assert lines[0].startswith("Whole store QN-HL01: tills T01, T02")
    assert "T01: last sale received" in lines[1] and "T02: last sale received" in lines[1]
    assert not screen.issue_button.isEnabled()  # view only: issued from a till's own figures
    SHOTS.mkdir(exist_ok=True)
    screen.grab().save(str(SHOTS / f"store-statement-{server.db.dialect}.png"))

    server.stop()  # head office out of reach: this till's own statement, said plainly
    screen.refresh()
    qtbot.waitUntil(screen.idle, timeout=60_000)
    st = screen.statement
    assert st is not None and not st.store_wide and [t.code for t in st.tills] == ["T01"]
    assert st.net == own.net
    text_ = screen.coverage.text().splitlines()
    assert text_[0] == "This till only (T01): not the store's statement"
    assert text_[1].startswith("Head office could not give the store's statement:")
    set_language("vi")  # the screen re-labels itself (and asks head office once more)
    qtbot.waitUntil(lambda: screen.heading.text() == "Quyết toán hàng ký gửi", timeout=10_000)
    qtbot.waitUntil(screen.idle, timeout=60_000)
    assert screen.coverage.text().startswith("Chỉ máy này (T01): không phải bảng của cả cửa hàng")
    screen.grab().save(str(SHOTS / f"offline-{server.db.dialect}.png"))
