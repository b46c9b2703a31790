"""A return without the original receipt, driven through the real till window with real keys.

The till is registered with head office, which cannot be reached (nothing listens on its port): another till's
receipt cannot be read, the returns screen says so and offers the manager-approved return without the original.
The cashier gathers it in the dialog (a scan, a search, a lower refund price, the reason), the manager's PIN
approves it, and the return is recorded: stock back, cash out of the drawer, the slip printed, the audit entry,
and the return waiting for its original (``remote_returns`` ``pending``, outbox held back).
"""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

from sqlalchemy import text

from pos.shifts.shift import current_shift, expected_cash
from pos.sync import state
from pos.sync.state import Registration, save_registration
from tests.conftest_ui import FakeClock, PrintRecorder, human, on_dialogs, press, scan, settle
from ui.i18n import current_language
from ui.qt import QApplication, QImage, QPainter, QPoint, Qt

CHA_MUC = "8938390707402"  # Chả mực Hạ Long hộp 500 g, 390.000 ₫ (QN-0038)
BA_KICH_SKU = "QN-0012"  # Rượu ba kích Ba Chẽ chai 500 ml, 240.000 ₫
SHOTS = Path("/tmp")


def sign_in(qtbot, window, clock: FakeClock, pin: str = "1111") -> None:  # type: ignore[no-untyped-def]
    window.signin.pin.setFocus()
    human(qtbot, window, pin, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"


def offline_head_office(window) -> None:  # type: ignore[no-untyped-def]
    """Registered with a head office nobody answers for (a port nothing listens on)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    engine = window.till.session.engine
    save_registration(
        engine,
        Registration(f"http://127.0.0.1:{port}", "token", "tid", "T01", "S01", "Trung tâm OCOP"),
        reset_cursor=False,
    )
    assert state.read(engine, state.TOKEN)


def rows(window, sql: str, **params):  # type: ignore[no-untyped-def]
    with window.till.session.engine.connect() as conn:
        found = conn.execute(text(sql), params).all()
        conn.rollback()
    return found


def stock_of(window, sku: str) -> int:  # type: ignore[no-untyped-def]
    return int(
        rows(
            window,
            "SELECT COALESCE(SUM(m.qty_milli), 0) FROM stock_moves m JOIN products p ON p.id = m.product_id "
            "WHERE p.sku = :s",
            s=sku,
        )[0][0]
    )


def drawer(window) -> int:  # type: ignore[no-untyped-def]
    engine = window.till.session.engine
    info = current_shift(engine, "T01")
    assert info is not None
    with engine.connect() as conn:
        cash = expected_cash(
            conn, info, dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=1)
        )
        conn.rollback()
    return cash


def shot(window, dialog, name: str) -> Path:  # type: ignore[no-untyped-def]
    """What the cashier sees at 1024×768: the window with the dialog over it, centred as the system places it."""
    settle_paint()
    screen = QImage(1024, 768, QImage.Format.Format_ARGB32)
    painter = QPainter(screen)
    painter.drawPixmap(QPoint(0, 0), window.grab())
    top = dialog.grab()
    painter.drawPixmap(QPoint(max(0, (1024 - top.width()) // 2), max(0, (768 - top.height()) // 2)), top)
    painter.end()
    path = SHOTS / f"noorig-{name}.png"
    screen.save(str(path))
    return path


def tap_field(dialog) -> None:  # type: ignore[no-untyped-def]
    """A person taps the field of a dialog opened over another dialog (the offscreen platform activates it only
    once its events are processed)."""
    dialog.activateWindow()
    QApplication.processEvents()
    dialog.edit.setFocus()
    dialog.edit.selectAll()


def settle_paint() -> None:
    for _ in range(3):
        QApplication.processEvents()


def find_unknown_receipt(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_F10, clock)
    assert window.current == "returns"
    returns = window.returns
    returns.ref.setFocus()
    human(qtbot, window, "T02-000007", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert returns.model.sale is None
    assert returns.without.isVisible()
    assert returns.notice.kind == "warn"
    assert "T02-000007" in returns.notice.text.text() and "F7" in returns.notice.text.text()
    assert "T02-000007" in returns.sale_info.text()  # why, in full
    settle_paint()
    window.grab().save(str(SHOTS / f"noorig-offer-{current_language()}.png"))


def test_a_manager_approves_a_return_without_the_original_while_head_office_is_offline(
    qtbot, window, clock: FakeClock, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    window.switch_language("en")
    sign_in(qtbot, window, clock)
    offline_head_office(window)
    find_unknown_receipt(qtbot, window, clock)
    assert "head office cannot be reached" in window.returns.sale_info.text()
    cha_before, ba_before, cash_before = (
        stock_of(window, "QN-0038"),
        stock_of(window, BA_KICH_SKU),
        drawer(window),
    )
    seen: dict[str, object] = {}

    def gather(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["claimed"] = dialog.claimed.text()
        scan(qtbot, window, CHA_MUC, clock)  # the scanner works in the dialog
        assert [ln.product.sku for ln in dialog.draft.lines] == ["QN-0038"]
        human(qtbot, window, "ruou ba kich", clock)  # a search, as on the sale screen
        press(qtbot, window, Qt.Key.Key_Return, clock)
        hits = [p.sku for p in dialog._found]
        assert dialog.found.isVisible() and BA_KICH_SKU in hits  # the 500 ml bottle among the Ba Kích spirits
        for _ in range(hits.index(BA_KICH_SKU)):  # down the list to it, as a cashier would
            press(qtbot, window, Qt.Key.Key_Down, clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        assert [ln.product.sku for ln in dialog.draft.lines] == ["QN-0038", BA_KICH_SKU]
        press(qtbot, window, Qt.Key.Key_Plus, clock)  # two bottles come back
        assert dialog.draft.lines[1].qty_milli == 2000
        on_dialogs(lower_price, skip=(dialog,))
        press(qtbot, window, Qt.Key.Key_F4, clock)  # the refund price dialog
        assert dialog.draft.lines[1].price == 200_000
        dialog.reason.setFocus()
        human(qtbot, window, "leaking bottles", clock)
        seen["shot"] = shot(window, dialog, "dialog-en")
        seen["summary"] = dialog.summary.text()
        on_dialogs(manager, skip=(dialog,))
        press(qtbot, window, Qt.Key.Key_F12, clock)

    def lower_price(dialog) -> None:  # type: ignore[no-untyped-def]
        tap_field(dialog)
        human(qtbot, window, "200000", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    def manager(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["approval"] = dialog.what.text()
        seen["approval_shot"] = shot(window, dialog, "approval-en")
        human(qtbot, window, "9999", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    on_dialogs(gather)
    press(qtbot, window, Qt.Key.Key_F7, clock)
    settle(qtbot, window)

    assert seen["claimed"] == "T02-000007"
    assert seen["summary"] == "Refund 790.000 ₫ in cash"  # 390.000 + 2 × 200.000
    assert "Approving actions" in str(seen["approval"]) and "Refund" in str(seen["approval"])
    back = rows(window, "SELECT id, kind, total, note, approved_by FROM sales WHERE kind = 'return'")
    assert len(back) == 1 and back[0][2] == -790_000 and back[0][3] == "leaking bottles" and back[0][4]
    return_id = back[0][0]
    assert rows(window, "SELECT method, amount FROM payments WHERE sale_id = :s", s=return_id) == [
        ("cash", -790_000)
    ]
    assert stock_of(window, "QN-0038") == cha_before + 1000
    assert stock_of(window, BA_KICH_SKU) == ba_before + 2000
    assert drawer(window) == cash_before - 790_000
    assert rows(
        window,
        "SELECT original_terminal, original_receipt_no, original_sale_id, status FROM remote_returns "
        "WHERE return_sale_id = :s",
        s=return_id,
    ) == [("T02", 7, None, "pending")]
    audit = rows(
        window,
        "SELECT a.actor_name, a.approver_name, a.amount, a.reason FROM audit_log a "
        "WHERE a.action = 'return_without_original'",
    )
    assert audit == [("Nguyễn Thị Lan", "Phạm Thu Hà", -790_000, "leaking bottles")]
    held = rows(window, "SELECT last_error FROM outbox WHERE entity_id = :s", s=return_id)
    assert held and held[0][0].startswith("waiting")  # not uploaded until reconciled
    qtbot.waitUntil(lambda: return_id in printer.sale_ids)  # the slip printed as for any return
    assert window.current == "sale"
    told = window.sale.notice.text.text()
    assert "recorded without the original receipt T02-000007" in told and "790.000 ₫" in told

    # The list of returns without the original shows it waiting.
    press(qtbot, window, Qt.Key.Key_F10, clock)
    listed: dict[str, object] = {}

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        model = dialog.table.model()
        listed["row"] = [model.index(0, c).data() for c in range(5)]
        listed["shot"] = shot(window, dialog, "list-en")
        press(qtbot, window, Qt.Key.Key_Escape, clock)

    on_dialogs(look)
    press(qtbot, window, Qt.Key.Key_F6, clock)
    assert listed["row"] == [
        "T01-000001",
        "T02-000007",
        "790.000 ₫",
        "Waiting for the original",
        "leaking bottles",
    ]


def test_a_wrong_pin_and_a_cashiers_pin_approve_nothing(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    offline_head_office(window)
    find_unknown_receipt(qtbot, window, clock)
    assert "không liên lạc được văn phòng" in window.returns.sale_info.text()
    stock_before = stock_of(window, "QN-0038")
    refusals: list[str] = []

    def gather(dialog) -> None:  # type: ignore[no-untyped-def]
        settle(qtbot, window)
        assert [ln.product.sku for ln in dialog.draft.lines] == ["QN-0038"]  # scanned on the screen
        on_dialogs(zero, skip=(dialog,))
        press(qtbot, window, Qt.Key.Key_F3, clock)  # a quantity of 0 is refused in the quantity dialog
        reason_then_ok(dialog)

    def zero(dialog) -> None:  # type: ignore[no-untyped-def]
        tap_field(dialog)
        human(qtbot, window, "0", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        refusals.append(dialog.error.text())
        press(qtbot, window, Qt.Key.Key_Escape, clock)

    def reason_then_ok(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.draft.lines[0].qty_milli == 1000
        shot(window, dialog, "dialog-vi")
        press(qtbot, window, Qt.Key.Key_F12, clock)  # no reason yet: asked for, the dialog stays
        refusals.append(dialog.error.text())
        dialog.reason.setFocus()
        human(qtbot, window, "hop bi mop", clock)
        on_dialogs(pins, skip=(dialog,))
        press(qtbot, window, Qt.Key.Key_Return, clock)

    def pins(dialog) -> None:  # type: ignore[no-untyped-def]
        for pin in ("9998", "1111"):  # a wrong PIN, then the cashier's own: both refused inline
            human(qtbot, window, pin, clock)
            press(qtbot, window, Qt.Key.Key_Return, clock)
            assert QApplication.activeModalWidget() is dialog
            refusals.append(dialog.error.text())
        shot(window, dialog, "refused-vi")
        press(qtbot, window, Qt.Key.Key_Escape, clock)

    on_dialogs(gather)
    scan(qtbot, window, CHA_MUC, clock)  # a product scanned while the offer shows opens it with that product
    settle(qtbot, window)
    assert len(refusals) == 4 and all(refusals), refusals
    assert "lớn hơn" in refusals[0] or "trên 0" in refusals[0] or refusals[0]
    assert "lý do" in refusals[1]
    assert "PIN" in refusals[2]
    assert rows(window, "SELECT COUNT(*) FROM sales WHERE kind = 'return'")[0][0] == 0
    assert rows(window, "SELECT COUNT(*) FROM remote_returns")[0][0] == 0
    assert stock_of(window, "QN-0038") == stock_before
    assert window.current == "returns" and "Đã huỷ" in window.returns.notice.text.text()
    assert window.returns.without.isVisible()  # the offer stays, with what was gathered
    assert window.returns._offer is not None and len(window.returns._offer.lines) == 1
