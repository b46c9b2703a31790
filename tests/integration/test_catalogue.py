"""The catalogue on a real SQLite file built by Alembic: demo data, search, code resolution."""

from __future__ import annotations

import pytest

from pos.barcodes import with_check_digit
from pos.errors import BarcodeError, UnknownCodeError
from pos.till.terminal import Terminal


def test_demo_catalogue_covers_the_province(demo_terminal: Terminal) -> None:
    t = demo_terminal
    assert t.catalogue.count() >= 150
    with t.engine.connect() as conn:
        districts = {r[0] for r in conn.exec_driver_sql("SELECT DISTINCT district FROM producers")}
        weighed = conn.exec_driver_sql("SELECT COUNT(*) FROM products WHERE weighed = 1").scalar_one()
        shop = conn.exec_driver_sql("SELECT name, tax_code FROM store_profile").one()
    for place in (
        "Hạ Long",
        "Cẩm Phả",
        "Uông Bí",
        "Móng Cái",
        "Vân Đồn",
        "Tiên Yên",
        "Bình Liêu",
        "Ba Chẽ",
        "Đầm Hà",
        "Hải Hà",
        "Cô Tô",
        "Quảng Yên",
        "Đông Triều",
    ):
        assert place in districts
    assert weighed >= 3
    assert shop[0] and shop[1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cha muc", "Chả mực"),
        ("ruou ba kich", "Rượu ba kích"),
        ("CHẢ MỰC", "Chả mực"),
        ("tra hoa vang", "Trà hoa vàng"),
        ("dong trieu", "Đông Triều"),
    ],
)
def test_search_ignores_diacritics(demo_terminal: Terminal, query: str, expected: str) -> None:
    results = demo_terminal.catalogue.search(query)
    assert results, query
    assert any(expected.lower() in (p.name_vi.lower()) for p in results)


def test_search_by_english_name_sku_and_barcode(demo_terminal: Terminal) -> None:
    cat = demo_terminal.catalogue
    some = cat.search("ruou ba kich")[0]
    assert any(p.id == some.id for p in cat.search(some.name_en.split()[0]))
    assert cat.search(some.sku)[0].id == some.id
    with demo_terminal.engine.connect() as conn:
        codes = [
            r[0] for r in conn.exec_driver_sql("SELECT code FROM barcodes WHERE product_id = ?", (some.id,))
        ]
    assert codes  # (a product may carry more than one: each finds it)
    for code in codes:
        assert cat.search(code)[0].id == some.id
    assert cat.search("   ") == []
    assert cat.search("'; DROP TABLE products; --") == []  # just text
    assert cat.count() >= 150


def test_resolve_every_kind(demo_terminal: Terminal) -> None:
    cat = demo_terminal.catalogue
    with demo_terminal.engine.connect() as conn:
        code, pid = conn.exec_driver_sql("SELECT code, product_id FROM barcodes LIMIT 1").one()
        plu, weighed_id = conn.exec_driver_sql("SELECT plu, id FROM products WHERE weighed = 1 LIMIT 1").one()
        trace, trace_id = conn.exec_driver_sql(
            "SELECT trace_code, id FROM products WHERE trace_code IS NOT NULL LIMIT 1"
        ).one()
    assert cat.resolve(code).product.id == pid
    assert cat.resolve("0" + code).product.id == pid  # GTIN-14 form
    weight = cat.resolve(with_check_digit(f"20{plu:05d}00453"))
    assert weight.product.id == weighed_id and weight.qty_milli == 453
    price = cat.resolve(with_check_digit(f"25{plu:04d}123000"))
    assert price.product.id == weighed_id and price.amount == 123_000
    gs1 = cat.resolve(f"(01)0{code}(17)271231(10)LOT7")
    assert gs1.product.id == pid and gs1.batch == "LOT7" and gs1.expiry is not None
    assert cat.resolve(f"https://truyxuat.quangninh.gov.vn/ocop/{trace}").product.id == trace_id
    assert cat.resolve(trace).product.id == trace_id
    with pytest.raises(UnknownCodeError):
        cat.resolve(with_check_digit("893999999999"))
    with pytest.raises(BarcodeError):
        cat.resolve(code[:-1] + str((int(code[-1]) + 1) % 10))


def test_price_change_applies_from_next_scan_but_not_to_open_cart(demo_terminal: Terminal) -> None:
    t = demo_terminal
    with t.engine.connect() as conn:
        code, pid = conn.exec_driver_sql(
            "SELECT b.code, p.id FROM barcodes b JOIN products p ON p.id = b.product_id WHERE p.weighed = 0 LIMIT 1"
        ).one()
    cart = t.new_cart()
    cart.add(t.catalogue.resolve(code))
    before = cart.totals().total
    with t.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE products SET price = price + 1000 WHERE id = ?", (pid,))
    assert cart.totals().total == before
    assert t.catalogue.resolve(code).product.price == cart.lines[0].unit_price + 1000


def test_the_shops_scale_layout_is_read_from_config_toml(demo_terminal: Terminal) -> None:
    """A shop whose scale prints prices in hundreds of đồng under prefix 28 says so in config.toml."""
    from pos.settings import load_settings

    settings = demo_terminal.settings
    settings.config_path.write_text(
        settings.config_path.read_text(encoding="utf-8")
        + '\n[barcodes.in_store.28]\nmode = "price"\nitem_digits = 4\nprice_factor = 100\n',
        encoding="utf-8",
    )
    with demo_terminal.engine.connect() as conn:
        plu, weighed_id = conn.exec_driver_sql("SELECT plu, id FROM products WHERE weighed = 1 LIMIT 1").one()
    reopened = Terminal.open(load_settings(settings.home))
    try:
        price = reopened.catalogue.resolve(with_check_digit(f"28{plu:04d}001235"))
        assert price.product.id == weighed_id and price.amount == 123_500
        # 20 is no longer an in-store prefix: an ordinary (unknown) EAN-13
        with pytest.raises(UnknownCodeError):
            reopened.catalogue.resolve(with_check_digit(f"20{plu:05d}00453"))
        reopened.settings.save()  # saving the settings keeps the section
        assert "[barcodes.in_store.28]" in settings.config_path.read_text(encoding="utf-8")
    finally:
        reopened.close()


def test_quick_keys_are_the_favourites_then_the_products_nobody_can_scan(demo_terminal: Terminal) -> None:
    """The demo has 16 favourites and 9 more products without a barcode: all 25 get a key, favourites first;
    a withdrawn product loses its key; the unbarcoded product sold most comes first among them."""
    from pos.payments.tenders import Tender
    from pos.selling.checkout import SaleContext, checkout

    t = demo_terminal
    cat = t.catalogue
    with t.engine.connect() as conn:
        barcoded = {r[0] for r in conn.exec_driver_sql("SELECT DISTINCT product_id FROM barcodes")}
    favourites = cat.favourites(48)
    keys = cat.quick_keys(30)
    assert len(favourites) == 16
    assert [p.id for p in keys[:16]] == [p.id for p in favourites]
    rest = keys[16:]
    assert len(rest) == 9
    assert not any(p.id in barcoded or p.favourite for p in rest)
    assert [p.name_vi for p in rest] == sorted(p.name_vi for p in rest)  # nothing sold yet: by name
    assert "Bánh gio Móng Cái túi 10 cái" in [p.name_vi for p in rest]
    assert len(cat.quick_keys(20)) == 20 and cat.quick_keys(10) == favourites[:10]  # favourites win the room

    # Sell the last of them alphabetically: it moves to the front of the unbarcoded keys.
    last = rest[-1]
    cart = t.new_cart()
    cart.add(cat.resolve(last.sku), 1000 if not last.weighed else 500)
    checkout(t.engine, cart, [Tender.cash(cart.totals().total)], SaleContext("T01", cashier_name="Lan"))
    assert cat.quick_keys(30)[16].id == last.id

    with t.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE products SET active = 0 WHERE id = ?", (last.id,))
    assert last.id not in [p.id for p in cat.quick_keys(30)]
    assert len(cat.quick_keys(30)) == 24


def test_search_ranks_whole_word_and_name_start_matches_first(demo_terminal: Terminal) -> None:
    """ "tra" is a tea to a cashier: every *Trà …* before *Mực khô Trà Cổ*, and those before *Tranh …*."""
    names = [p.name_vi for p in demo_terminal.catalogue.search("tra")]
    teas = [i for i, n in enumerate(names) if n.startswith("Trà ")]
    tra_co = names.index("Mực khô Trà Cổ túi 500 g")
    painting = next(i for i, n in enumerate(names) if n.startswith("Tranh "))
    assert len(teas) >= 9 and teas == list(range(len(teas)))
    assert max(teas) < tra_co < painting
    # with room for only a few, the few are teas
    assert all(p.name_vi.startswith("Trà ") for p in demo_terminal.catalogue.search("tra", 5))


def _copies(t: Terminal, names: list[str]) -> list[str]:
    """Products named ``names`` (in that order, so with rising row ids), each a copy of a demo product."""
    from pos.catalogue.indexing import search_text

    ids = []
    with t.engine.begin() as conn:
        cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(products)")]
        template = conn.exec_driver_sql("SELECT rowid FROM products WHERE active = 1 LIMIT 1").scalar_one()
        for i, name in enumerate(names):
            new: dict[str, object] = {"id": f"copy-{i}", "sku": f"COPY-{i}", "name_vi": name, "name_en": ""}
            new.update(trace_code=None, trace_url=None, plu=None, favourite=0)
            new["search_text"] = search_text(name, "", f"COPY-{i}", [])
            select = ", ".join(f":{c}" if c in new else c for c in cols)
            conn.exec_driver_sql(
                f"INSERT INTO products ({', '.join(cols)}) SELECT {select} FROM products WHERE rowid = :r",
                {**new, "r": template},
            )
            ids.append(new["id"])
    return ids


def test_search_puts_the_shorter_name_first_among_equally_good_matches(demo_terminal: Terminal) -> None:
    """Every word whole and the name starting with the first: the name the words cover more of comes first."""
    long, short = _copies(demo_terminal, ["Kẹo lạc Xuyên hộp quà lớn", "Kẹo lạc Xuyên"])
    assert [p.id for p in demo_terminal.catalogue.search("keo lac xuyen")] == [short, long]


def test_search_keeps_a_kinds_best_match_that_comes_late_in_the_catalogue(demo_terminal: Terminal) -> None:
    """Only the last of 80 products has ``xuy`` as a whole word: it is the first hit of ``xuy qu``, though the 79
    weaker ones (prefixes only) come before it in the catalogue and the search keeps 5 of that kind of match."""
    names = [f"Bánh xuyên quế số {i}" for i in range(79)] + ["Bánh xuy quế"]
    best = _copies(demo_terminal, names)[-1]
    hits = demo_terminal.catalogue.search("xuy qu", 5)
    assert hits[0].id == best and len(hits) == 5
    assert [p.name_vi for p in hits[1:]] == [f"Bánh xuyên quế số {i}" for i in range(4)]


def test_search_never_shows_an_inactive_product(demo_terminal: Terminal) -> None:
    (gone,) = _copies(demo_terminal, ["Kẹo lạc Xuyên"])
    with demo_terminal.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE products SET active = 0 WHERE id = ?", (gone,))
    assert demo_terminal.catalogue.search("keo lac xuyen") == []
