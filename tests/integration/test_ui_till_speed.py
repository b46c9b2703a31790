"""What makes the till fast without changing what the cashier sees (``python -m bench`` measures the speed; these
check the behaviour the speed-ups must keep): the cart's rows told to the view one by one, each cell drawn once
until it changes, the newest search only, the payment screen ready before the first F12, and a checkout whose
checks are read once and whose transaction holds everything it held before.
"""

from __future__ import annotations

from sqlalchemy import text

from pos.catalogue.lookup import ProductInfo, _row_to_info, match_rank, ranked_params, ranked_sql
from pos.errors import PermissionDenied
from pos.payments.tenders import Tender
from pos.text import tokens
from pos.till import guarded
from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, human, press, scan, settle
from ui.qt import QApplication, Qt

CHA_MUC = "8938390707402"
BA_KICH = "8936174404257"
GAT_GU = "8934656203930"


def sign_in(qtbot, window, clock: FakeClock, pin: str = "1111") -> None:  # type: ignore[no-untyped-def]
    window.signin.pin.setFocus()
    human(qtbot, window, pin, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"


def test_a_scan_inserts_a_row_and_a_rescan_changes_it_never_a_reset(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    model = window.sale.cart_model
    seen: list[str] = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.rowsInserted.connect(lambda _p, first, last: seen.append(f"insert {first}-{last}"))
    model.dataChanged.connect(lambda top, bottom, *_: seen.append(f"change {top.row()}-{bottom.row()}"))
    scan(qtbot, window, CHA_MUC, clock)
    scan(qtbot, window, BA_KICH, clock)
    assert seen == ["insert 0-0", "insert 1-1"]
    seen.clear()
    scan(qtbot, window, CHA_MUC, clock)  # the same product again: its line's quantity goes up
    assert "reset" not in seen and not any(s.startswith("insert") for s in seen)
    assert "change 0-0" in seen
    assert window.sale.selected_row() == 0  # the line just scanned is the picked one
    assert window.sale.cart_model.totals.lines[0].line.qty_milli == 2000


def test_a_cell_is_drawn_again_when_what_it_shows_changes(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    window.resize(1024, 768)
    window.show()
    scan(qtbot, window, CHA_MUC, clock)
    scan(qtbot, window, BA_KICH, clock)
    table = window.sale.table
    QApplication.processEvents()
    first = table.viewport().grab().toImage()
    scan(qtbot, window, CHA_MUC, clock)  # line 1's quantity and amount change, and it becomes the picked line
    QApplication.processEvents()
    second = table.viewport().grab().toImage()
    assert first != second
    delegate = window.sale.name_delegate
    # the picked line's background is the selection's colour, the other line's is not
    row0 = table.rowViewportPosition(0) + 2
    row1 = table.rowViewportPosition(1) + 2
    assert second.pixelColor(3, row0) == delegate.selected
    assert second.pixelColor(3, row1) != delegate.selected


def test_a_repeat_scan_keeps_nothing_new(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """One more of a product already on the cart changes a line and repaints the cart: nothing of it is kept.
    References to ``None`` count what Python keeps (PySide 6.11's ``QPainter.begin`` keeps six a call, so a cell
    drawn into a pixmap of its own each scan shows here), the collector's objects what a per-scan cache keeps."""
    import gc
    import sys

    from tests.reliability.till_soak_child import Keys

    sign_in(qtbot, window, clock)
    keys = Keys()  # QTest's own key events: pytest-qt's keep references to None of their own
    window.resize(1024, 768)
    window.show()
    for code in (CHA_MUC, BA_KICH, GAT_GU):
        scan(qtbot, window, code, clock)
    for code in (CHA_MUC, BA_KICH, GAT_GU) * 2:  # every cache the repeat path has is warm
        scan(keys, window, code, clock)
    # The payment screen is built a moment after the sale screen first shows (``PREPARE_PAYMENT_AFTER_MS``): a
    # start-up step, over before the scans measured here.
    qtbot.waitUntil(lambda: "payment" in window.screens, timeout=5_000)
    from pos.models import load_all  # and the table models, as the till loads them after its first frame

    load_all()
    gc.collect()
    gc.disable()
    try:
        none_before, objects_before = sys.getrefcount(None), len(gc.get_objects())
        for code in (CHA_MUC, BA_KICH, GAT_GU) * 5:
            scan(keys, window, code, clock)
        gc.collect()
        none_change = sys.getrefcount(None) - none_before
        objects_change = len(gc.get_objects()) - objects_before
    finally:
        gc.enable()
    assert window.sale.cart_model.totals.lines[0].line.qty_milli == 8000
    assert abs(none_change) < 15, none_change  # fewer than one a scan
    assert objects_change < 15 * 15, objects_change  # the amounts' text layouts (a bounded cache), no more


def test_a_scan_paints_the_cart_alone_and_the_empty_cart_looks_as_the_stylesheet_draws_it(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """The cart paints every pixel of its viewport itself (nothing under it is painted for a new line), its
    header stays as it was while the picked line moves, and below the last line the table is white inside its
    rounded border, on the screen's background outside it."""
    from ui.qt import QColor, QEvent, QObject
    from ui.theme import COLORS

    sign_in(qtbot, window, clock)
    window.resize(1024, 768)
    window.show()
    table = window.sale.table
    viewport = table.viewport()
    assert viewport.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
    scan(qtbot, window, CHA_MUC, clock)
    QApplication.processEvents()

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            self.count += event.type() == QEvent.Type.Paint
            return False

    header, cells = Paints(), Paints()
    table.horizontalHeader().viewport().installEventFilter(header)
    viewport.installEventFilter(cells)
    try:
        scan(qtbot, window, BA_KICH, clock)  # a new line, and the picked line moves to it
        QApplication.processEvents()
        QApplication.processEvents()
    finally:
        table.horizontalHeader().viewport().removeEventFilter(header)
        viewport.removeEventFilter(cells)
    assert cells.count >= 1 and header.count == 0
    image = viewport.grab().toImage()
    below = table.rowViewportPosition(1) + table.rowHeight(1) + 20
    assert below < image.height() - 20
    assert image.pixelColor(image.width() // 2, below) == QColor(COLORS["card"])
    assert image.pixelColor(0, image.height() - 1) == QColor(COLORS["bg"])  # outside the rounded corner
    row1 = table.rowViewportPosition(1) + 2
    assert image.pixelColor(3, row1) == window.sale.name_delegate.selected  # drawn by the cart's delegate


def test_only_the_newest_searchs_answer_is_shown(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    sale = window.sale
    shown: list[str] = []
    sale.search_shown.connect(lambda: shown.append(sale.search.text()))
    sale.search.setText("ruou")
    sale.run_search()  # its answer arrives after the box says something else
    sale.search.setText("cha muc")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: bool(shown) and window.till.idle())
    settle(qtbot, window)
    assert shown[-1] == "cha muc" and "ruou" not in shown
    names = [p.name_vi for p in sale.results_model.products]
    assert names and all("Chả mực" in n or "cha muc" in n.lower() for n in names[:1])


def test_the_payment_screen_is_ready_before_the_first_f12(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    assert "payment" not in window.screens
    sign_in(qtbot, window, clock)
    qtbot.waitUntil(lambda: "payment" in window.screens)
    assert window.current == "sale"  # built, not shown
    scan(qtbot, window, GAT_GU, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "payment"


def full_ranking(t: Terminal, query: str, limit: int = 30) -> list[str]:
    """The search as it was before a later kind of match could be skipped: all four kinds ranked, then merged."""
    words = tokens(query)
    prefix = " ".join(f'"{w}"*' for w in words)
    whole = " ".join(f'"{w}"' for w in words)
    pool: dict[str, tuple[int, ProductInfo]] = {}
    raw = t.engine.raw_connection()
    try:
        cur = raw.cursor()
        for match in (f"^{whole}", whole, f"^{prefix}", prefix):
            for row in cur.execute(ranked_sql(words), ranked_params(words, match, limit)).fetchall():
                info = _row_to_info(row)
                pool.setdefault(info.id, (len(pool), info))
    finally:
        raw.close()
    ranked = sorted(
        pool.values(), key=lambda item: (-match_rank(words, item[1].name_vi, item[1].name_en), item[0])
    )
    return [info.id for _order, info in ranked[:limit]]


def test_search_answers_as_if_every_kind_of_match_were_ranked(demo_terminal: Terminal) -> None:
    from pos.demo.generate import generate_catalogue

    t = demo_terminal
    generate_catalogue(t.engine, 3000, seed=3)  # broad prefixes match more than RANK_AT_MOST
    for query in (
        "tra",
        "tr",
        "t",
        "cha muc",
        "cha m",
        "ruou ba kich",
        "ha long",
        "mat ong",
        "h",
        "nuoc mam c",
    ):
        for limit in (30, 5, 1):
            assert [p.id for p in t.catalogue.search(query, limit)] == full_ranking(t, query, limit), (
                query,
                limit,
            )


def test_a_checkout_refuses_a_seller_made_inactive_and_drops_the_open_cart_with_the_sale(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    session = window.till.session
    scan(qtbot, window, CHA_MUC, clock)
    settle(qtbot, window)
    engine = session.terminal.engine

    def open_cart_rows() -> int:
        with engine.connect() as conn:
            return int(
                conn.execute(text("SELECT COUNT(*) FROM terminal_state WHERE key = 'open_cart'")).scalar_one()
            )

    assert open_cart_rows() == 1
    checked = guarded.seller(engine, session.staff, session.code)
    assert checked.actor.id == session.staff.id and checked.shift is not None
    sale = session.pay([Tender.cash(session.cart.totals().total)])
    assert open_cart_rows() == 0  # in the sale's own transaction
    with engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT COUNT(*) FROM outbox WHERE entity_id = :i"), {"i": sale.id}
            ).scalar_one()
            == 1
        )
        assert (
            conn.execute(text("SELECT COUNT(*) FROM journal WHERE sale_id = :i"), {"i": sale.id}).scalar_one()
            == 1
        )
        assert (
            conn.execute(text("SELECT shift_id FROM sales WHERE id = :i"), {"i": sale.id}).scalar_one()
            == checked.shift.id
        )
    settle(qtbot, window)
    with engine.begin() as conn:
        conn.execute(text("UPDATE staff SET active = 0 WHERE id = :i"), {"i": session.staff.id})
    try:
        guarded.seller(engine, session.staff, session.code)
    except PermissionDenied as exc:
        assert exc.code == "inactive"
    else:
        raise AssertionError("an inactive seller was let through")


def test_the_outbox_total_counts_quarantined_entries_too(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from pos.sync import outbox

    sign_in(qtbot, window, clock)
    session = window.till.session
    engine = session.terminal.engine
    before = outbox.total(engine)
    for code in (CHA_MUC, GAT_GU):
        scan(qtbot, window, code, clock)
        settle(qtbot, window)
        session.pay([Tender.cash(session.cart.totals().total)])
        settle(qtbot, window)
    assert outbox.total(engine) == before + 2 == outbox.counts(engine).total
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE outbox SET last_error = 'quarantined:bad: x / y' WHERE id = (SELECT MIN(id) FROM outbox)"
            )
        )
    assert outbox.total(engine) == outbox.counts(engine).total and outbox.counts(engine).quarantined == 1
