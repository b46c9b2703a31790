"""Product pictures: a phone photo becomes a small PNG under the till's home, shown on the quick keys; a bad file
changes nothing; head office's sync keeps the till's picture unless it sends one of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text

from pos.inventory.pictures import MAX_SIDE, import_picture, set_picture
from pos.inventory.prices import CatalogueEditError
from pos.staff.member import StaffMember
from pos.sync.catalogue_apply import _apply_products
from pos.sync.wire import ProductDoc
from pos.till.terminal import Terminal

BA_KICH = "8936174404257"  # QN-0012


def photo(
    path: Path, size: tuple[int, int] = (2000, 1500), colour: tuple[int, int, int] = (200, 30, 40)
) -> Path:
    Image.new("RGB", size, colour).save(path, format="JPEG", quality=90)
    return path


def manager(t: Terminal) -> StaffMember:
    with t.engine.connect() as conn:
        row = conn.execute(text("SELECT id, code, name, role FROM staff WHERE code = 'M01'")).one()
    return StaffMember(str(row[0]), str(row[1]), str(row[2]), str(row[3]))


def picture_of(t: Terminal, sku: str) -> str | None:
    with t.engine.connect() as conn:
        return conn.execute(text("SELECT picture FROM products WHERE sku = :s"), {"s": sku}).scalar()


def test_a_photo_is_kept_small_and_a_bad_file_changes_nothing(
    demo_terminal: Terminal, tmp_path: Path
) -> None:
    home = demo_terminal.settings.home
    stored = import_picture(home, "QN-0012", photo(tmp_path / "ruou.jpg"))
    assert stored == "pictures/QN-0012.png"
    with Image.open(home / stored) as saved:
        assert max(saved.size) == MAX_SIDE and saved.size == (320, 240)
    product_id = demo_terminal.catalogue.resolve(BA_KICH).product.id
    set_picture(demo_terminal.engine, manager(demo_terminal), product_id, stored)
    assert picture_of(demo_terminal, "QN-0012") == stored
    assert demo_terminal.catalogue.resolve(BA_KICH).product.picture == stored

    junk = tmp_path / "not-a-photo.jpg"
    junk.write_text("this is text")
    with pytest.raises(CatalogueEditError) as refused:
        import_picture(home, "QN-0012", junk)
    assert refused.value.code == "bad_picture" and "not-a-photo.jpg" in refused.value.en
    with Image.open(home / stored) as kept:  # the picture already there is untouched
        assert kept.size == (320, 240)
    assert not list((home / "pictures").glob(".*"))  # no half-written file left


def test_head_office_keeps_the_tills_picture_unless_it_sends_its_own(
    demo_terminal: Terminal, tmp_path: Path
) -> None:
    t = demo_terminal
    product = t.catalogue.resolve(BA_KICH).product
    stored = import_picture(t.settings.home, product.sku, photo(tmp_path / "p.jpg"))
    set_picture(t.engine, manager(t), product.id, stored)
    doc = ProductDoc(
        id=product.id,
        sku=product.sku,
        name_vi=product.name_vi,
        price=product.price + 5000,
        vat_class=product.vat_class,
        barcodes=[BA_KICH],
    )
    with t.engine.begin() as conn:
        _apply_products(conn, [doc], "2026-11-29T05:00:00+00:00")
    assert picture_of(t, product.sku) == stored  # head office has none: the till's own stays
    assert t.catalogue.resolve(BA_KICH).product.price == product.price + 5000  # the rest did change
    with t.engine.begin() as conn:
        _apply_products(
            conn,
            [doc.model_copy(update={"picture": "pictures/from-head-office.png"})],
            "2026-11-29T05:01:00+00:00",
        )
    assert picture_of(t, product.sku) == "pictures/from-head-office.png"


def test_the_products_screen_sets_and_removes_a_picture(qtbot, window, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_ui_manager_sections import manager_signed_in
    from ui.theme import product_pixmap

    manager_signed_in(qtbot, window, clock)
    window.go("manager")
    screen = window.manager.go_section("products")
    screen.scan_code(BA_KICH)
    assert screen.product_id is not None and screen.picture_button.isEnabled()
    assert not screen.no_picture_button.isEnabled()
    screen.ask_open_path = lambda _title, _filter: photo(tmp_path / "red.jpg")
    assert screen.choose_picture() == "pictures/QN-0012.png"
    assert screen.no_picture_button.isEnabled()
    shown = screen.picture.pixmap().toImage()
    centre = shown.pixelColor(shown.width() // 2, shown.height() // 2)
    assert centre.red() > 150 and centre.green() < 80  # the photo, not the category pictogram
    home = window.till.session.terminal.settings.home
    tile = product_pixmap("pictures/QN-0012.png", None, 32, home).toImage()
    assert tile.pixelColor(16, 16).red() > 150  # what the quick key draws
    screen.ask_open_path = lambda _title, _filter: None  # cancelled: nothing happens
    assert screen.choose_picture() is None
    screen.change_picture(None)
    with window.till.session.engine.connect() as conn:
        assert conn.execute(text("SELECT picture FROM products WHERE sku = 'QN-0012'")).scalar() is None
    assert not screen.no_picture_button.isEnabled()
