"""The back office where a new manager stumbled (issue #13, point 7), driven through the real till window.

VAT classes by name, an overview first, Esc that closes only an open dropdown, dropdowns in the fields' font, a
stock section (on hand, low stock, near expiry) and a printer preview of the shop's own header.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from pos.inventory.alerts import low_stock, near_expiry
from pos.inventory.receiving import ReceivingLine, receive_goods
from pos.inventory.stock import stock_levels
from pos.inventory.terms import set_low_stock
from pos.staff.auth import authenticate
from pos.text import fold
from tests.conftest_ui import FakeClock, human, press, scan
from ui.formatting import money
from ui.qt import QApplication, QComboBox, QLineEdit, Qt

CHA_MUC = "8938390707402"  # QN-0038, Chả mực Hạ Long hộp 500 g, 390.000 ₫ (VAT class "reduced")
GAT_GU = "8934656203930"  # QN-0101, Bánh gật gù Tiên Yên túi 500 g, 45.000 ₫


def manager_signed_in(qtbot, window, clock: FakeClock, lang: str = "en") -> None:  # type: ignore[no-untyped-def]
    window.signin.choose_code("M01")
    human(qtbot, window, "9999", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    window.switch_language(lang)


def open_manager(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.header.manager, Qt.MouseButton.LeftButton)
    assert window.current == "manager"


def click_section(qtbot, window, key: str):  # type: ignore[no-untyped-def]
    panel = window.manager.panel
    qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)
    assert panel.current == key
    return panel.current_screen()


def boss(window):  # type: ignore[no-untyped-def]
    return authenticate(window.till.session.engine, window.till.session.secret, "9999", staff_code="M01")


def pick(qtbot, window, combo: QComboBox, wanted: str, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """Choose ``wanted`` in a dropdown as a person does by keyboard: focus it, F4 opens it, arrows, Enter."""
    combo.setFocus()
    press(qtbot, window, Qt.Key.Key_F4, clock)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    target = combo.findText(wanted)
    assert target >= 0, [combo.itemText(i) for i in range(combo.count())]
    while combo.view().currentIndex().row() != target:
        key = Qt.Key.Key_Down if combo.view().currentIndex().row() < target else Qt.Key.Key_Up
        press(qtbot, window, key, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    qtbot.waitUntil(lambda: not combo.view().isVisible())
    assert combo.currentText() == wanted


# --- VAT classes by name ---------------------------------------------------------------------------------------------
def test_vat_classes_are_shown_by_name_and_stored_by_code(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    manager_signed_in(qtbot, window, clock)
    open_manager(qtbot, window)
    products = click_section(qtbot, window, "products")
    scan(qtbot, window, CHA_MUC, clock)  # opens the product
    combo = products.vat_class
    shown = [combo.itemText(i) for i in range(combo.count())]
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert sorted(codes) == ["reduced", "std10", "vat0", "vat5"]  # the stored values
    assert not set(shown) & set(codes)  # no raw code on screen
    on = dt.date.today()
    rate_now = window.till.session.terminal.vat.rate("reduced", on)
    assert combo.currentData() == "reduced"
    assert combo.currentText().startswith(f"Reduced VAT {rate_now} %")
    assert "10 % VAT" in shown and "5 % VAT" in shown and "0 % VAT" in shown
    pick(qtbot, window, combo, "10 % VAT", clock)
    qtbot.mouseClick(products.save_button, Qt.MouseButton.LeftButton)
    with window.till.session.engine.connect() as conn:
        stored = conn.execute(text("SELECT vat_class FROM products WHERE sku = 'QN-0038'")).scalar_one()
    assert stored == "std10"
    window.switch_language("vi")
    shown_vi = [combo.itemText(i) for i in range(combo.count())]
    assert "Thuế suất 10 %" in shown_vi and combo.currentText() == "Thuế suất 10 %"
    assert any(name.startswith(f"Giảm thuế {rate_now} %") for name in shown_vi)


# --- an overview first ------------------------------------------------------------------------------------------------
def test_the_manager_panel_opens_on_an_overview_of_the_day(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    engine = window.till.session.engine
    manager_signed_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)  # pay ...
    press(qtbot, window, Qt.Key.Key_F12, clock)  # ... exactly, in cash
    assert window.current == "sale" and window.till.session.cart.is_empty
    gat_gu = window.till.session.terminal.catalogue.resolve(GAT_GU).product
    set_low_stock(engine, boss(window), gat_gu.id, 10**9)  # always low
    cha_muc = window.till.session.terminal.catalogue.resolve(CHA_MUC).product
    soon = dt.date.today() + dt.timedelta(days=5)
    receive_goods(
        engine,
        boss(window),
        [ReceivingLine(cha_muc.id, cha_muc.sku, cha_muc.name_vi, 3_000, 200_000, "L-SOON", soon)],
    )
    open_manager(qtbot, window)
    panel = window.manager.panel
    assert panel.current == "overview"
    assert next(iter(panel.buttons)) == "overview"
    overview = panel.current_screen()
    with engine.connect() as conn:
        today_total, today_count = conn.execute(
            text("SELECT SUM(total), COUNT(*) FROM sales WHERE kind = 'sale' AND business_date = :d"),
            {"d": dt.date.today().isoformat()},
        ).one()
    assert today_count >= 1
    assert overview.figures["sales"].text() == money(int(today_total))
    assert overview.details["sales"].text() == f"{today_count} sale" + ("" if today_count == 1 else "s")
    assert "open" in overview.figures["shift"].text().lower()
    assert overview.figures["unsent"].text() == "1"  # no head office here: the sale waits to be sent
    assert overview.figures["low"].text() == str(len(low_stock(engine)))
    assert overview.figures["expiry"].text() == str(len(near_expiry(engine, today=dt.date.today())))
    assert int(overview.figures["expiry"].text()) >= 1
    assert overview.figures["printer"].text()  # the printer's state, as the status bar words it
    # a tap on the low-stock figure opens the stock section on that list
    qtbot.mouseClick(overview.links["low"], Qt.MouseButton.LeftButton)
    assert panel.current == "stock"
    stock = panel.current_screen()
    assert stock.view_kind() == "low"


# --- Esc on an open dropdown ------------------------------------------------------------------------------------------
def test_esc_on_an_open_dropdown_closes_only_the_dropdown(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    manager_signed_in(qtbot, window, clock)
    open_manager(qtbot, window)
    products = click_section(qtbot, window, "products")
    combo = products.vat_class
    combo.setFocus()
    press(qtbot, window, Qt.Key.Key_F4, clock)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    before = combo.currentIndex()
    press(qtbot, window, Qt.Key.Key_Down, clock)
    press(qtbot, window, Qt.Key.Key_Escape, clock)
    qtbot.waitUntil(lambda: not combo.view().isVisible())
    assert window.current == "manager" and window.manager.panel.current == "products"
    assert combo.currentIndex() == before  # Esc chose nothing
    press(qtbot, window, Qt.Key.Key_Escape, clock)  # with nothing open, Esc leaves as before
    assert window.current == "sale"


# --- dropdowns in the fields' font ------------------------------------------------------------------------------------
def test_dropdowns_use_the_same_font_as_the_text_fields(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    manager_signed_in(qtbot, window, clock)
    open_manager(qtbot, window)
    for key in ("products", "printer", "stock"):
        screen = click_section(qtbot, window, key)
        edit = screen.findChildren(QLineEdit)[0]
        combos = screen.findChildren(QComboBox)
        assert combos, key
        for combo in combos:
            for font in (combo.font(), combo.view().font()):
                assert (font.pointSizeF(), font.weight(), font.family()) == (
                    edit.font().pointSizeF(),
                    edit.font().weight(),
                    edit.font().family(),
                ), (key, combo.objectName())
    combo = window.manager.panel.screens["products"].vat_class
    click_section(qtbot, window, "products")
    combo.setFocus()
    press(qtbot, window, Qt.Key.Key_F4, clock)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    popup = QApplication.activePopupWidget()
    assert popup is not None
    edit_font = window.manager.panel.screens["products"].sku.font()
    assert combo.view().font().pointSizeF() == edit_font.pointSizeF()
    press(qtbot, window, Qt.Key.Key_Escape, clock)


# --- the stock section ------------------------------------------------------------------------------------------------
def test_the_stock_section_lists_on_hand_low_stock_and_near_expiry(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    engine = window.till.session.engine
    catalogue = window.till.session.terminal.catalogue
    gat_gu = catalogue.resolve(GAT_GU).product
    cha_muc = catalogue.resolve(CHA_MUC).product
    set_low_stock(engine, boss(window), gat_gu.id, 10**9)
    soon = dt.date.today() + dt.timedelta(days=4)
    later = dt.date.today() + dt.timedelta(days=400)
    receive_goods(
        engine,
        boss(window),
        [
            ReceivingLine(cha_muc.id, cha_muc.sku, cha_muc.name_vi, 2_000, 200_000, "L-SOON", soon),
            ReceivingLine(gat_gu.id, gat_gu.sku, gat_gu.name_vi, 1_000, 30_000, "L-LATER", later),
        ],
    )
    manager_signed_in(qtbot, window, clock)
    open_manager(qtbot, window)
    stock = click_section(qtbot, window, "stock")
    # every active product, with what is on hand
    levels = {s.sku: s.qty_milli for s in stock_levels(engine)}
    assert stock.view_kind() == "all"
    assert {row[0]: row[3] for row in stock.rows()} == levels
    # searching, by typing (marks not needed)
    stock.search.setFocus()
    human(qtbot, window, "banh gat gu", clock)
    wanted = {s.sku for s in stock_levels(engine) if "banh gat gu" in fold(f"{s.name_vi} {s.name_en}")}
    assert "QN-0101" in wanted and len(wanted) < len(levels)
    assert {row[0] for row in stock.rows()} == wanted
    stock.search.selectAll()
    press(qtbot, window, Qt.Key.Key_Backspace, clock)
    # low stock: exactly the core's list
    pick(qtbot, window, stock.filter, "Low stock", clock)
    assert stock.view_kind() == "low"
    assert [row[0] for row in stock.rows()] == [s.sku for s in low_stock(engine)]
    assert "QN-0101" in [row[0] for row in stock.rows()]
    # near expiry: the lots the core estimates, the soon one listed, the later one not
    pick(qtbot, window, stock.filter, "Near expiry", clock)
    assert stock.view_kind() == "expiry"
    lots = near_expiry(engine, today=dt.date.today())
    assert [(row[0], row[2]) for row in stock.rows()] == [(lot.sku, lot.batch or "") for lot in lots]
    assert ("QN-0038", "L-SOON") in [(row[0], row[2]) for row in stock.rows()]
    assert "L-LATER" not in [row[2] for row in stock.rows()]
    # sortable: a tap on the "On hand" heading of the full list sorts by quantity, again reverses it
    pick(qtbot, window, stock.filter, "All products", clock)
    header = stock.view.horizontalHeader()
    column = stock.column_of("on_hand")
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    from ui.qt import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    shown = stock.shown_column("on_hand")
    ascending = shown == sorted(shown)
    assert ascending or shown == sorted(shown, reverse=True)
    assert shown != [row[3] for row in stock.rows()]  # not the core's (SKU) order any more
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    again = stock.shown_column("on_hand")
    assert again == sorted(again, reverse=ascending) and again != shown  # the other way round


# --- the printer preview shows the shop's own header -----------------------------------------------------------------
def sample_image(printer):  # type: ignore[no-untyped-def]
    """The preview of the plain sample receipt (its made-up shop) in the page's width and mode, as the page draws it."""
    import dataclasses
    import io

    from pos.receipts.preview import preview_png
    from pos.receipts.samples import sample_sale
    from ui.i18n import current_language
    from ui.qt import QPixmap

    sample = sample_sale(lines=5, lang=current_language())
    if not printer.trace_qr.isChecked():
        sample = dataclasses.replace(sample, trace_qr=None, qr_caption=None)
    image = preview_png(sample, int(printer.paper_width.currentData() or 80), str(printer.mode.currentData()))
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue())
    return pixmap.toImage()


def test_the_printer_preview_prints_the_shop_profile(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from pos.receipts.samples import SHOP_NAME

    manager_signed_in(qtbot, window, clock)
    open_manager(qtbot, window)
    shop = click_section(qtbot, window, "shop")
    shop.set_field("name", "Cửa hàng OCOP Tiên Yên")
    shop.set_field("address", "Khu 2, thị trấn Tiên Yên, Quảng Ninh")
    shop.set_field("tax_code", "5702000111")
    qtbot.mouseClick(shop.save_button, Qt.MouseButton.LeftButton)
    assert shop.saved is not None
    printer = click_section(qtbot, window, "printer")
    assert printer.preview_pixmap.toImage() != sample_image(printer)  # not the sample shop's receipt
    doc = printer.preview_doc
    assert (doc.shop_name, doc.shop_address, doc.tax_code) == (
        "Cửa hàng OCOP Tiên Yên",
        "Khu 2, thị trấn Tiên Yên, Quảng Ninh",
        "5702000111",
    )
    assert doc.shop_name != SHOP_NAME
    # a change of the profile shows the next time the printer section is opened
    shop = click_section(qtbot, window, "shop")
    shop.set_field("name", "OCOP Bình Liêu")
    qtbot.mouseClick(shop.save_button, Qt.MouseButton.LeftButton)
    assert shop.saved.name == "OCOP Bình Liêu", shop.message.text()
    printer = click_section(qtbot, window, "printer")
    assert printer.preview_doc.shop_name == "OCOP Bình Liêu"
