"""The cashier's path where a new user stumbled (issue #13), driven by the keys and taps a cashier uses.

Each test presses real keys into the real till window (``tests/conftest_ui.py``: ``scan``, ``human``, ``press``)
and checks what lands in the sale, on the screen and in the database.
"""

from __future__ import annotations

from tests.conftest_ui import (
    FakeClock,
    fully_visible,
    human,
    on_dialogs,
    plug_second_screen,
    press,
    scan,
    text_fits,
)
from ui.models import WarningRole
from ui.qt import Qt

CHA_MUC = "8938390707402"  # Chả mực Hạ Long hộp 500 g, 390.000 ₫
BA_KICH = "8936174404257"  # Rượu ba kích Ba Chẽ chai 500 ml, 240.000 ₫
GAT_GU = "8934656203930"  # Bánh gật gù Tiên Yên túi 500 g, 45.000 ₫


def sign_in(qtbot, window, clock: FakeClock, pin: str = "1111") -> None:  # type: ignore[no-untyped-def]
    window.signin.pin.setFocus()
    human(qtbot, window, pin, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"


# --- 1. arrow keys in the search results ---------------------------------------------------------------------------
def test_down_arrows_then_enter_sell_the_highlighted_search_hit(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    sale = window.sale
    human(qtbot, window, "mat ong", clock)
    qtbot.waitUntil(lambda: sale.right_stack.currentIndex() == 1)  # the hits show as the typing pauses
    names = [p.name_vi for p in sale.results_model.products]
    target = names.index("Mật ong rừng Đồng Sơn chai 500 ml")
    assert target >= 2 and names[0] != names[target]  # a different product (and price) is first
    for _ in range(target):
        press(qtbot, window, Qt.Key.Key_Down, clock)
    assert sale.results.currentIndex().row() == target  # the cashier sees it highlighted ...
    press(qtbot, window, Qt.Key.Key_Return, clock)  # ... and Enter sells that one
    lines = window.till.session.cart.lines
    assert [(line.product.name_vi, line.unit_price) for line in lines] == [
        ("Mật ong rừng Đồng Sơn chai 500 ml", 260_000)
    ]
    assert sale.search.text() == ""


def test_typing_on_after_moving_the_highlight_shows_the_new_hits_from_the_first(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """The results change in place while the list keeps its shape (``ProductListModel.set_products``): the rows
    are the new text's hits, and the highlight is back on the first — Enter never sells a hit of the old text."""
    sign_in(qtbot, window, clock)
    sale = window.sale
    human(qtbot, window, "mat", clock)
    qtbot.waitUntil(lambda: sale.right_stack.currentIndex() == 1 and window.till.idle())
    press(qtbot, window, Qt.Key.Key_Down, clock)
    press(qtbot, window, Qt.Key.Key_Down, clock)
    assert sale.results.currentIndex().row() == 2
    human(qtbot, window, " ong", clock)
    qtbot.waitUntil(lambda: sale.search.text() == "mat ong" and window.till.idle())
    qtbot.waitUntil(lambda: sale._searched == "mat ong")
    expected = window.till.session.search("mat ong", 30)
    assert [p.id for p in sale.results_model.products] == [p.id for p in expected]
    assert sale.results.currentIndex().row() == 0
    index = sale.results_model.index(0, 0)
    assert sale.results_model.data(index) == expected[0].name("vi")
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert [line.product.id for line in window.till.session.cart.lines] == [expected[0].id]


def test_arrows_pressed_before_the_hits_show_move_in_the_fresh_hits(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """A fast typist: "mat ong", ↓ at once (the search has not run yet), Enter — the second hit is sold."""
    sign_in(qtbot, window, clock)
    sale = window.sale
    human(qtbot, window, "mat ong", clock)
    press(qtbot, window, Qt.Key.Key_Down, clock)
    second = sale.results_model.products[1]
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert [line.product.id for line in window.till.session.cart.lines] == [second.id]


def test_a_tap_on_a_search_hit_sells_it(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    sale = window.sale
    human(qtbot, window, "mat ong", clock)
    qtbot.waitUntil(lambda: sale.right_stack.currentIndex() == 1)
    third = sale.results_model.products[2]
    rect = sale.results.visualRect(sale.results_model.index(2, 0))
    qtbot.mouseClick(sale.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [line.product.id for line in window.till.session.cart.lines] == [third.id]


# --- 2. cash without the mouse ----------------------------------------------------------------------------------------
class Keys:
    """A cashier's key presses after the scans, counted."""

    def __init__(self, qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.window, self.clock = qtbot, window, clock
        self.count = 0

    def press(self, key) -> None:  # type: ignore[no-untyped-def]
        press(self.qtbot, self.window, key, self.clock)
        self.count += 1

    def type(self, text: str) -> None:
        human(self.qtbot, self.window, text, self.clock)
        self.count += len(text)


def three_items(qtbot, window, clock: FakeClock) -> int:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    for code in (CHA_MUC, BA_KICH, GAT_GU):
        scan(qtbot, window, code, clock)
    total = window.till.session.cart.totals().total
    assert total == 390_000 + 240_000 + 45_000
    return total


def db_payments(window):  # type: ignore[no-untyped-def]
    with window.till.session.terminal.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT s.total, s.change_due, p.method, p.amount FROM sales s JOIN payments p ON p.sale_id = s.id"
        ).all()


def test_an_exact_cash_sale_takes_two_keys_after_the_scans(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    total = three_items(qtbot, window, clock)
    keys = Keys(qtbot, window, clock)
    keys.press(Qt.Key.Key_F12)  # pay
    assert window.current == "payment" and window.payment.cash_edit.hasFocus()
    assert window.payment.complete.isEnabled()  # the empty cash field means "exact"
    assert "675.000" in window.payment.cash_edit.placeholderText()
    scan(qtbot, window, GAT_GU, clock)  # the Enter ending a scan never pays, even with the field empty
    assert window.current == "payment" and db_payments(window) == []
    keys.press(Qt.Key.Key_F12)  # the customer handed over exactly the total
    assert keys.count <= 2
    assert window.current == "sale" and window.till.session.cart.is_empty
    assert [tuple(r) for r in db_payments(window)] == [(total, 0, "cash", total)]


def test_enter_on_the_empty_cash_field_is_the_exact_amount_too(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    total = three_items(qtbot, window, clock)
    keys = Keys(qtbot, window, clock)
    keys.press(Qt.Key.Key_F12)
    keys.press(Qt.Key.Key_Return)
    assert keys.count == 2 and window.till.session.cart.is_empty
    assert [tuple(r) for r in db_payments(window)] == [(total, 0, "cash", total)]


def test_a_likely_note_is_one_key_and_the_sale_three(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    total = three_items(qtbot, window, clock)  # 675.000 ₫
    keys = Keys(qtbot, window, clock)
    keys.press(Qt.Key.Key_F12)
    pay = window.payment
    shown = [(b.text(), b.key) for b in pay.suggestions if b.isVisible()]
    assert shown == [("680.000", "F6"), ("700.000", "F7"), ("1.000.000", "F8")]
    assert pay.exact.key == "F5" and pay.exact.isEnabled()
    keys.press(Qt.Key.Key_F7)  # the customer hands over 700.000
    assert pay.cash_edit.text() == "700.000" and pay.change_value.text() == "25.000 ₫"
    keys.press(Qt.Key.Key_Return)
    assert keys.count <= 3
    assert [tuple(r) for r in db_payments(window)] == [(total, 25_000, "cash", total)]
    assert "25.000 ₫" in window.sale.totals.total_value.text()  # the change, large


def test_a_typed_amount_shows_its_thousands_and_k_adds_three_zeros(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    three_items(qtbot, window, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    pay = window.payment
    human(qtbot, window, "620000", clock)
    assert pay.cash_edit.text() == "620.000"
    press(qtbot, window, Qt.Key.Key_Backspace, clock)  # the dots follow the digits
    assert pay.cash_edit.text() == "62.000"
    pay.cash_edit.clear()
    human(qtbot, window, "1k", clock)  # "k" is the 000 key
    assert pay.cash_edit.text() == "1.000"
    human(qtbot, window, "k", clock)
    assert pay.cash_edit.text() == "1.000.000"
    human(qtbot, window, "..", clock)  # a dot typed by habit changes nothing
    assert pay.cash_edit.text() == "1.000.000"
    pay.cash_edit.clear()
    human(qtbot, window, "7", clock)
    qtbot.mouseClick(pay.thousands, Qt.MouseButton.LeftButton)  # the 000 key on the screen
    qtbot.mouseClick(pay.thousands, Qt.MouseButton.LeftButton)
    assert pay.cash_edit.text() == "7.000.000"
    assert pay.change_value.text() == "6.325.000 ₫"
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale" and [tuple(r)[1] for r in db_payments(window)] == [6_325_000]


def test_f10_takes_back_the_last_payment_and_f5_then_pays_the_rest_exactly(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    total = three_items(qtbot, window, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    pay = window.payment
    human(qtbot, window, "200k", clock)
    qtbot.mouseClick(pay.cash_add, Qt.MouseButton.LeftButton)  # 200.000 in cash, for a split
    assert [t.amount for t in pay.tenders] == [200_000] and pay.remaining() == total - 200_000
    press(qtbot, window, Qt.Key.Key_F10, clock)
    assert pay.tenders == [] and pay.remaining() == total
    human(qtbot, window, "100k", clock)
    qtbot.mouseClick(pay.cash_add, Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_F5, clock)  # the rest, exactly
    assert pay.cash_edit.text() == "575.000"
    press(qtbot, window, Qt.Key.Key_F12, clock)
    rows = sorted(tuple(r) for r in db_payments(window))
    assert rows == [(total, 0, "cash", 100_000), (total, 0, "cash", 575_000)]


# --- 3. counting the drawer --------------------------------------------------------------------------------------------
def close_the_shift_by_keys(qtbot, window, clock: FakeClock):  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    press(qtbot, window, Qt.Key.Key_F1, clock)
    press(qtbot, window, Qt.Key.Key_F8, clock)
    assert window.current == "close_shift"
    qtbot.wait(20)  # the count screen is laid out
    return window.close_shift.count


def test_the_close_count_is_big_touchable_and_entered_note_by_note_with_enter(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    count = close_the_shift_by_keys(qtbot, window, clock)  # 1024×768, the window fixture's size
    counter = getattr(count, "counter", None)
    assert counter is not None, "no touch-sized count (− / + keys) on the close screen"
    from ui.qt import QApplication, QFontMetrics

    for note, spin in counter.spins.items():
        assert spin.height() >= 44 and fully_visible(spin), note
        digits = QFontMetrics(spin.font()).horizontalAdvance("9999")
        assert spin.lineEdit().width() >= digits, f"{note}: four digits clip"
        for key in (counter.minus[note], counter.plus[note]):
            assert key.width() >= 44 and key.height() >= 44 and fully_visible(key)
    # the cashier types each note's pieces and Enter moves on, top to bottom, like the drawer
    pieces = {500_000: "2", 200_000: "3", 100_000: "4", 50_000: "3", 20_000: "6", 10_000: "9"}
    assert QApplication.focusWidget() is counter.spins[500_000]
    for note in counter.spins:
        if note in pieces:
            human(qtbot, window, pieces[note], clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        assert fully_visible(counter.total), "the running total stays in sight"
    assert counter.total.text() == "2.360.000 ₫"
    assert QApplication.focusWidget() is count.reason  # Enter on the last note: on to the note field
    qtbot.mouseClick(counter.plus[1_000], Qt.MouseButton.LeftButton)  # a coin found under the tray
    qtbot.mouseClick(counter.plus[1_000], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(counter.minus[1_000], Qt.MouseButton.LeftButton)
    assert counter.spins[1_000].value() == 1 and counter.total.text() == "2.361.000 ₫"
    assert count.close_button.key == "F12" and fully_visible(count.close_button)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    report = count.report
    assert report is not None and report.counted_cash == 2_361_000
    # the Z report's figures, captions whole
    for caption in (count.expected_caption, count.counted_caption, count.diff_caption):
        assert fully_visible(caption) and text_fits(caption), caption.text()
    for value in (count.expected, count.counted, count.diff):
        assert fully_visible(value) and text_fits(value), value.text()


def test_the_open_shift_count_takes_the_same_keys(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    engine = window.till.session.engine
    from pos.shifts.cash import CashCount
    from pos.shifts.close import close_shift
    from pos.staff.auth import authenticate

    manager = authenticate(engine, window.till.session.secret, "9999", staff_code="M01")
    close_shift(engine, manager, "T01", CashCount.of({100_000: 5, 50_000: 4, 10_000: 10}))
    window.signin.pin.setFocus()
    human(qtbot, window, "1111", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "open_shift"
    qtbot.wait(20)
    counter = window.open_shift.counter
    for text in ("", "", "5", "2", "", "10"):  # 500k, 200k: none; 100k × 5; 50k × 2; 20k: none; 10k × 10
        if text:
            human(qtbot, window, text, clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
    assert counter.total.text() == "700.000 ₫"
    for note, spin in counter.spins.items():
        assert fully_visible(spin) and fully_visible(counter.plus[note]), "two columns, nothing to scroll"
    press(qtbot, window, Qt.Key.Key_F12, clock)
    shift = window.till.session.current_shift()
    assert window.current == "sale" and shift is not None and shift.opening_float == 700_000


# --- 4. the PIN keypads at the window's smallest size -------------------------------------------------------------------
def assert_keypad_whole(widget, height: int) -> None:  # type: ignore[no-untyped-def]
    from ui.qt import QPushButton
    from ui.widgets import PinPad

    pad = widget.findChild(PinPad)
    assert pad is not None
    keys = pad.findChildren(QPushButton)
    assert len(keys) == 12  # 1–9, then C 0 ⌫
    for key in keys:
        name = key.text() or "⌫"
        assert fully_visible(key), f"{name} is cut off"
        assert key.height() >= 44 and key.width() >= 44, f"{name}: {key.size()}"
    assert widget.window().height() <= height


def pay_cash(qtbot, window, clock: FakeClock, amount: str) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, amount, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"


def test_the_sign_in_keypad_is_whole_at_the_smallest_window(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    for size in ((1024, 700), (1024, 768)):
        window.resize(*size)
        qtbot.wait(20)
        assert window.size().height() == size[1]
        window.signin.pin.setFocus()
        human(qtbot, window, "4321", clock)  # nobody's PIN: the error shows above the pad
        press(qtbot, window, Qt.Key.Key_Return, clock)
        qtbot.wait(20)
        assert window.signin.error.text() and fully_visible(window.signin.error)
        assert_keypad_whole(window.signin, size[1])
        assert fully_visible(window.signin.go)


def test_the_approval_and_paid_in_keypads_are_whole_at_the_smallest_window(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 700)
    qtbot.wait(20)
    sign_in(qtbot, window, clock)
    scan(qtbot, window, BA_KICH, clock)
    pay_cash(qtbot, window, clock, "240000")
    press(qtbot, window, Qt.Key.Key_F10, clock)  # returns
    scan(qtbot, window, "R/T01/1", clock)
    scan(qtbot, window, BA_KICH, clock)  # that bottle comes back
    window.returns.reason.setFocus()
    human(qtbot, window, "vo nap", clock)
    seen: list[int] = []

    def check_then_leave(dialog) -> None:  # type: ignore[no-untyped-def]
        try:
            qtbot.wait(20)
            assert_keypad_whole(dialog, 700)
            seen.append(dialog.height())
        finally:  # Esc, whatever was found: a dialog left open would hang the test
            press(qtbot, window, Qt.Key.Key_Escape, clock)

    on_dialogs(check_then_leave)
    press(qtbot, window, Qt.Key.Key_F12, clock)  # refund: a cashier needs someone's PIN
    assert seen
    press(qtbot, window, Qt.Key.Key_Escape, clock)
    press(qtbot, window, Qt.Key.Key_F1, clock)  # till menu: paid in
    on_dialogs(check_then_leave)
    press(qtbot, window, Qt.Key.Key_F5, clock)
    assert len(seen) == 2


# --- 5. the customer display on a one-monitor till ----------------------------------------------------------------------
def test_on_one_monitor_the_customer_display_waits_for_a_second_screen(
    qtbot, window, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window.switch_language("en")
    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    from ui.qt import QGuiApplication

    assert len(QGuiApplication.screens()) == 1  # the till's own monitor only
    window.toggle_customer_display()  # what the header's monitor icon did: a window over the till
    assert window.customer_display is None
    assert window.display_control.state == "waiting" and "second screen" in window.sale.notice.text.text()
    window.toggle_customer_display()  # asked again: the wish is dropped
    assert window.display_control.state == "off"
    # the toggle now lives in the status bar and says what it is
    indicator = window.display_indicator
    assert indicator.text.text() == "Customer display: off" and indicator.toggle.text() == "Open it"
    qtbot.mouseClick(indicator.toggle, Qt.MouseButton.LeftButton)
    assert window.customer_display is None and indicator.toggle.text() == "Cancel"
    second = plug_second_screen(window, monkeypatch)  # someone connects the customer's monitor
    display = window.customer_display
    assert display is not None and display.isVisible()
    assert display.geometry() == second.availableGeometry()  # on that monitor, not on the till's
    assert "Hạ Long squid cakes" in display.lines.text() or "Chả mực" in display.lines.text()
    assert indicator.text.text() == "Customer display: on"
    monkeypatch.setattr(window.display_control, "screens", lambda: [window.screen()])
    window.display_control.screen_removed(second)  # unplugged: it must not land on the till's screen
    assert window.customer_display is None and window.display_control.state == "waiting"


def test_a_connected_screen_is_offered_and_the_answer_kept_in_the_settings(
    qtbot, window, ui_home, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import tomllib

    from pos.settings import load_settings

    sign_in(qtbot, window, clock)
    answers: list[bool] = []

    def yes_and_remember(dialog) -> None:  # type: ignore[no-untyped-def]
        answers.append(True)
        dialog.remember_box.setChecked(True)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    on_dialogs(yes_and_remember)
    plug_second_screen(window, monkeypatch)
    assert answers == [True] and window.customer_display is not None
    config = tomllib.loads((ui_home / "config.toml").read_text(encoding="utf-8"))
    assert config["customer_display"] == {"second_screen": "open"}
    assert load_settings(ui_home).device("customer_display") == {"second_screen": "open"}
    # the next start with both monitors there: shown at once, nobody asked
    window.display_control.close()
    window.display_control.start()
    assert window.customer_display is not None


def test_not_now_and_remembered_means_never_asked_again(
    qtbot, window, ui_home, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)

    def not_now_and_remember(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.remember_box.setChecked(True)
        press(qtbot, window, Qt.Key.Key_Escape, clock)

    handled = on_dialogs(not_now_and_remember)
    second = plug_second_screen(window, monkeypatch)
    assert len(handled) == 1 and window.customer_display is None
    assert window.display_control.choice() == "never"
    asked: list[object] = []
    window.display_control.ask = lambda: asked.append(1) or (True, False)  # type: ignore[func-returns-value]
    window.display_control.screen_added(second)
    assert asked == [] and window.customer_display is None
    window.toggle_customer_display()  # the status bar's button still opens it on the second screen
    assert window.customer_display is not None


# --- 6. a 1024×768 touch monitor ------------------------------------------------------------------------------------------
def barcodes_of(window, n: int, *, warnings: bool | None = False) -> list[str]:  # type: ignore[no-untyped-def]
    """Barcodes of ``n`` different products (without a warning on the line, unless asked), longest names first."""
    from pos.till.scan import line_warnings

    session = window.till.session
    with session.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT b.code, p.id FROM barcodes b JOIN products p ON p.id = b.product_id "
            "WHERE p.active = 1 AND p.weighed = 0 ORDER BY length(p.name_vi) DESC, p.sku"
        ).all()
    codes, seen = [], set()
    for code, product_id in rows:
        product = session.terminal.catalogue.by_id(product_id)
        if product_id in seen or product is None:
            continue
        if warnings is not None and bool(line_warnings(product, session.today())) != warnings:
            continue
        seen.add(product_id)
        codes.append(code)
        if len(codes) == n:
            break
    return codes


def lines_in_sight(table) -> int:  # type: ignore[no-untyped-def]
    viewport = table.viewport().rect()
    model = table.model()
    return sum(viewport.contains(table.visualRect(model.index(row, 1))) for row in range(model.rowCount()))


def test_a_ten_line_cart_shows_eight_lines_at_1024x768(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    assert window.size().width() == 1024 and window.size().height() == 768
    sign_in(qtbot, window, clock)
    for code in barcodes_of(window, 10):  # the longest names of the catalogue
        scan(qtbot, window, code, clock)
    assert len(window.till.session.cart.lines) == 10
    qtbot.wait(20)
    table = window.sale.table
    assert (
        lines_in_sight(table) >= 7
    )  # eight with no warning (the test above); each warning takes a line of room
    # every name is whole: on its own line(s) of the cart, or in the line's tooltip
    from ui.delegates import wrap_lines
    from ui.models import CartModel
    from ui.qt import QFont, QFontMetrics

    bold = QFont(table.font())
    bold.setBold(True)
    width = table.columnWidth(CartModel.COL_NAME) - 16
    for row, line in enumerate(window.till.session.cart.lines):
        name = line.product.name_vi
        shown = " ".join(wrap_lines(name, QFontMetrics(bold), width, 2))
        tooltip = str(table.model().index(row, CartModel.COL_NAME).data(Qt.ItemDataRole.ToolTipRole) or "")
        assert shown == name or name in tooltip.splitlines(), name
    # the header's buttons say what they do, at 1024 px too
    for button in (window.header.menu, window.header.sign_out):
        assert button.text().strip() and fully_visible(button)


def test_warned_lines_do_not_push_the_cart_below_eight_lines_at_1024x768(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """An expired OCOP rating and a sold-out product in a ten-line sale: only their rows grow for the warning."""
    from ui.screenshots.small import MORE_SCANS
    from ui.screenshots.till import DEMO_SCANS

    sign_in(qtbot, window, clock)
    for code in (*DEMO_SCANS, *MORE_SCANS):
        scan(qtbot, window, code, clock)
    lines = window.till.session.cart.lines
    assert len(lines) == 10
    qtbot.wait(20)
    table = window.sale.table
    warned = [row for row in range(len(lines)) if table.model().index(row, 1).data(WarningRole)]
    assert len(warned) >= 2
    plain = [row for row in range(len(lines)) if row not in warned and row != window.sale.selected_row()]
    assert all(table.rowHeight(row) < table.rowHeight(warned[0]) for row in plain)
    assert (
        lines_in_sight(table) >= 7
    )  # eight with no warning (the test above); each warning takes a line of room


def test_ocop_warnings_are_whole_at_1024x768(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from ui.delegates import wrap_lines
    from ui.models import CartModel, WarningRole
    from ui.qt import QFont, QFontMetrics

    sign_in(qtbot, window, clock)
    for code in barcodes_of(window, 3, warnings=True):
        scan(qtbot, window, code, clock)
    qtbot.wait(20)
    table = window.sale.table
    small = QFont(table.font())
    small.setPointSizeF(small.pointSizeF() * 0.82)
    for row in range(len(window.till.session.cart.lines)):
        warning = str(table.model().index(row, CartModel.COL_NAME).data(WarningRole) or "")
        assert warning
        width = table.columnWidth(CartModel.COL_NAME) - 16 - QFontMetrics(small).height() - 2
        assert " ".join(wrap_lines(warning, QFontMetrics(small), width, 2)) == warning  # nothing elided
        assert (
            table.rowHeight(row)
            >= table.itemDelegateForColumn(CartModel.COL_NAME)
            .sizeHint(
                table.viewOptions() if hasattr(table, "viewOptions") else _option(table),
                table.model().index(row, 1),
            )
            .height()
        )


def _option(table):  # type: ignore[no-untyped-def]
    from ui.qt import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    return option


# --- 8. words ---------------------------------------------------------------------------------------------------------------
def test_counts_of_items_and_lines_read_as_plurals(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    totals = window.sale.totals
    scan(qtbot, window, GAT_GU, clock)
    assert totals.items_value.text() == "1 món, 1 dòng"
    window.switch_language("en")
    assert totals.items_value.text() == "1 item, 1 line"
    scan(qtbot, window, GAT_GU, clock)
    scan(qtbot, window, CHA_MUC, clock)
    assert totals.items_value.text() == "3 items, 2 lines"


def refund_one(qtbot, window, clock: FakeClock, reason: str = "vo nap") -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    scan(qtbot, window, BA_KICH, clock)
    pay_cash(qtbot, window, clock, "240000")
    press(qtbot, window, Qt.Key.Key_F10, clock)
    scan(qtbot, window, "R/T01/1", clock)
    scan(qtbot, window, BA_KICH, clock)
    if reason:
        window.returns.reason.setFocus()
        human(qtbot, window, reason, clock)


def test_the_approval_says_who_may_approve_and_a_shift_lead_does(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window.switch_language("en")
    refund_one(qtbot, window, clock)
    seen: dict[str, str] = {}

    def read_then_pin(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.update(title=dialog.windowTitle(), pin=dialog.edit.placeholderText())
        seen["who"] = dialog.who.text() if hasattr(dialog, "who") else ""
        human(qtbot, window, "2222", clock)  # the shift lead's PIN
        press(qtbot, window, Qt.Key.Key_Return, clock)

    on_dialogs(read_then_pin)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert "Manager" not in seen["title"] and "manager" not in seen["pin"].lower()
    assert seen["who"] == "Approved with the PIN of: shift lead, manager or administrator"
    assert window.current == "sale" and "Refund T01-000002 saved" in window.sale.notice.text.text()
    # a discount above a cashier's limit: only a manager (or an administrator) may approve that
    scan(qtbot, window, CHA_MUC, clock)
    asked: dict[str, str] = {}

    def discount(dialog) -> None:  # type: ignore[no-untyped-def]
        human(qtbot, window, "30", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    def read_then_leave(dialog) -> None:  # type: ignore[no-untyped-def]
        asked["who"] = dialog.who.text()
        press(qtbot, window, Qt.Key.Key_Escape, clock)

    on_dialogs(discount, read_then_leave)
    press(qtbot, window, Qt.Key.Key_F5, clock)
    assert asked["who"] == "Approved with the PIN of: manager or administrator"


def test_the_reason_warning_goes_once_the_reason_is_typed(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    refund_one(qtbot, window, clock, reason="")
    notice = window.returns.notice
    press(qtbot, window, Qt.Key.Key_F12, clock)  # refund without a reason
    assert notice.kind == "warn" and "lý do" in notice.text.text()
    assert window.returns.reason.hasFocus()
    human(qtbot, window, "vo nap", clock)
    assert notice.text.text() == ""  # no warning left about a reason that is there


def test_a_cancelled_refund_approval_says_so_and_changes_nothing(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    refund_one(qtbot, window, clock)
    on_dialogs(lambda _d: press(qtbot, window, Qt.Key.Key_Escape, clock))
    press(qtbot, window, Qt.Key.Key_F12, clock)
    notice = window.returns.notice
    assert window.current == "returns"
    assert "Đã huỷ" in notice.text.text() and "không có gì thay đổi" in notice.text.text()
    with window.till.session.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM sales WHERE kind = 'return'").scalar_one() == 0


def test_after_a_taxed_sale_the_panel_shows_that_sales_vat(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)  # VAT 8 % (reduced)
    scan(qtbot, window, BA_KICH, clock)  # VAT 10 %
    pay_cash(qtbot, window, clock, "700000")
    with window.till.session.engine.connect() as conn:
        vat = conn.exec_driver_sql("SELECT rate_pct, vat FROM sale_vat ORDER BY rate_pct").all()
    assert len(vat) == 2 and all(v > 0 for _r, v in vat)
    shown = window.sale.totals.vat_value.text()
    assert shown == " · ".join(f"{rate}%: {amount:,} ₫".replace(",", ".") for rate, amount in vat)
    assert window.sale.totals.total_value.text() == "70.000 ₫"  # the change, with that sale's VAT above it


def test_the_next_person_does_not_see_the_last_ones_sale_or_notice(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    scan(qtbot, window, GAT_GU, clock)
    pay_cash(qtbot, window, clock, "50000")
    sale = window.sale
    assert "5.000 ₫" in sale.totals.total_value.text() and sale.notice.text.text()
    window.sign_out()
    sign_in(qtbot, window, clock, "2222")  # the shift lead takes over the till
    assert sale.notice.text.text() == ""
    assert sale.totals.total_value.text() == "0 ₫" and "T01-000001" not in sale.totals.items_value.text()


def test_typing_tra_lists_the_teas_first(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    human(qtbot, window, "tra", clock)
    qtbot.waitUntil(lambda: window.sale.right_stack.currentIndex() == 1)
    names = [p.name_vi for p in window.sale.results_model.products]
    assert names[0].startswith("Trà ") and names.index("Mực khô Trà Cổ túi 500 g") > max(
        i for i, n in enumerate(names) if n.startswith("Trà ")
    )
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.till.session.cart.lines[0].product.name_vi.startswith("Trà ")
