"""Checks on the committed demo catalogue (resources/demo/catalogue.json).

The demo file seeds demos, screenshots and manual testing, so a broken barcode, a dangling producer code or a
lost real product would surface as a confusing bug far away. The EAN-13 rule is re-implemented here (and cross-
checked with python-barcode) rather than imported from the generator, so a generator bug cannot hide itself.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from barcode import EAN13

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_PATH = ROOT / "resources" / "demo" / "catalogue.json"
GENERATOR_PATH = ROOT / "scripts" / "make_demo_catalogue.py"
REFERENCE_DAY = dt.date(2026, 11, 29)
EXPIRY_CUTOFF = dt.date(2023, 11, 29)  # rated before this => older than 3 years on REFERENCE_DAY

LOCALITIES = {
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
}
UNITS = {"hộp", "chai", "gói", "cái", "kg", "lọ", "túi", "hũ", "bộ"}
VAT_CLASSES = {"reduced", "std10", "vat5", "vat0"}
PRODUCT_KEYS = [
    "sku",
    "name_vi",
    "name_en",
    "unit",
    "price",
    "cost",
    "vat_class",
    "category",
    "producer",
    "ocop",
    "barcodes",
    "traceability_code",
    "weighed",
    "plu",
    "favourite",
    "stock",
]

# The 21 real products (name, producer or None when the source does not name it, stars, year rated),
# an independent copy of the facts the generator is built on.
REAL_PRODUCTS: list[tuple[str, str | None, int, int]] = [
    ("Ngọc trai Akoya", "Công ty CP Ngọc trai Hạ Long", 5, 2021),
    ("Ngọc trai Tahiti", "Công ty CP Ngọc trai Hạ Long", 5, 2021),
    ("Ngọc trai Southsea", "Công ty CP Ngọc trai Hạ Long", 5, 2021),
    ("Trà hoa vàng Quy Hoa", "Công ty TNHH Thương mại dịch vụ và Xuất nhập khẩu Quy Hoa", 5, 2022),
    ("Thịt lợn hương", "Công ty CP khai thác khoáng sản Thiên Thuận Tường", 4, 2023),
    ("Thịt lợn hướng nạc nguồn gốc từ châu Âu", "Công ty CP khai thác khoáng sản Thiên Thuận Tường", 4, 2023),
    ("Rượu nấm lim xanh Ba Chẽ", "HTX kinh doanh dịch vụ lâm sản ngoài gỗ Ba Chẽ", 4, 2023),
    ("Rượu ba kích Ba Chẽ", "HTX kinh doanh dịch vụ lâm sản ngoài gỗ Ba Chẽ", 4, 2023),
    (
        "Rượu ba kích đặc sản Quảng Ninh",
        "Công ty CP Xây dựng và sản xuất Bia - Rượu - Nước giải khát",
        4,
        2023,
    ),
    (
        "Nước uống đóng chai Quang Hanh",
        "Công ty CP Xây dựng và sản xuất Bia - Rượu - Nước giải khát",
        4,
        2023,
    ),
    (
        "Nước khoáng thiên nhiên Quang Hanh (bổ sung ga chất lượng cao)",
        "Công ty CP nước khoáng Quang Hanh",
        4,
        2023,
    ),
    ("Nước khoáng thiên nhiên Quang Hanh Fresh", "Công ty CP nước khoáng Quang Hanh", 4, 2023),
    ("Nước khoáng Quang Hanh Fresh vị chanh muối", "Công ty CP nước khoáng Quang Hanh", 4, 2023),
    ("Rượu đông trùng hạ thảo Vietcor", "HTX Việt Hoàng", 4, 2023),
    ("Trứng vịt biển Đồng Rui", "HTX chăn nuôi và dịch vụ Đồng Tiến", 4, 2023),
    ("Rượu sim Quý Chuẩn", "HTX sản xuất kinh doanh dịch vụ Lê Minh", 4, 2023),
    ("Nấm kim châm", "Công ty TNHH Long Hải", 4, 2023),
    ("Nấm đùi gà", "Công ty TNHH Long Hải", 4, 2023),
    ("Mực ống Cô Tô khô", None, 4, 2023),
    ("Trà hoa vàng Ba Chẽ", "Công ty CP Kinh doanh lâm sản Đạp Thanh", 4, 2023),
    ("Đông trùng hạ thảo khô Phương Thùy", None, 4, 2023),
]


def ean13_is_valid(code: str) -> bool:
    """GS1 mod-10: weights 1,3,1,3… from the left over all 13 digits must sum to a multiple of 10."""
    if len(code) != 13 or not code.isdigit():
        return False
    return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code)) % 10 == 0


@pytest.fixture(scope="module")
def raw_text() -> str:
    return CATALOGUE_PATH.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def cat(raw_text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(raw_text)
    return data


@pytest.fixture(scope="module")
def products(cat: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = cat["products"]
    return items


@pytest.fixture(scope="module")
def producers_by_code(cat: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["code"]: p for p in cat["producers"]}


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo_catalogue", GENERATOR_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- file format and top-level shape


def test_file_is_utf8_indent1_with_real_diacritics(raw_text: str) -> None:
    assert raw_text.startswith('{\n "about": "Demo data:')
    assert raw_text.endswith("}\n")
    assert "Quảng Ninh" in raw_text  # stored as text, not \u escapes
    assert "\\u" not in raw_text


def test_top_level_keys_and_about(cat: dict[str, Any]) -> None:
    assert list(cat) == ["about", "shop", "categories", "producers", "products"]
    about = cat["about"]
    assert about.startswith("Demo data:")
    assert "not real" in about
    assert "https://" in about


def test_shop(cat: dict[str, Any]) -> None:
    shop = cat["shop"]
    assert list(shop) == [
        "name",
        "address",
        "tax_code",
        "phone",
        "footer_vi",
        "footer_en",
        "bank_bin",
        "bank_account",
        "bank_account_name",
    ]
    assert shop["name"] == "Trung tâm OCOP Quảng Ninh (demo)"
    assert shop["address"].endswith("Hạ Long, Quảng Ninh")
    assert re.fullmatch(r"\d{10}", shop["tax_code"])
    assert shop["bank_bin"] == "970436"
    assert re.fullmatch(r"\d{6,19}", shop["bank_account"])
    assert shop["bank_account_name"].isascii() and shop["bank_account_name"].isupper()
    assert all(shop[k].strip() for k in shop)


def test_categories(cat: dict[str, Any]) -> None:
    cats = cat["categories"]
    assert 8 <= len(cats) <= 10
    assert len({c["code"] for c in cats}) == len(cats)
    for c in cats:
        assert list(c) == ["code", "name_vi", "name_en"]
        assert re.fullmatch(r"[a-z_]+", c["code"])
        assert c["name_vi"].strip() and c["name_en"].strip()


def test_producers_shape_and_localities(cat: dict[str, Any]) -> None:
    producers = cat["producers"]
    codes = [p["code"] for p in producers]
    assert len(set(codes)) == len(codes)
    assert len({p["name"] for p in producers}) == len(producers)
    for p in producers:
        assert list(p) == ["code", "name", "kind", "commune", "district", "phone", "address"]
        assert re.fullmatch(r"P\d{3}", p["code"])
        assert p["kind"] in {"company", "cooperative", "household"}
        assert p["district"] in LOCALITIES
        assert re.match(r"(xã|phường|thị trấn) ", p["commune"]), p["commune"]
        assert p["address"].endswith(f"{p['commune']}, {p['district']}, Quảng Ninh")
        assert re.fullmatch(r"0\d{3} \d{3} \d{4}", p["phone"])
    assert {p["district"] for p in producers} == LOCALITIES
    assert {p["kind"] for p in producers} == {"company", "cooperative", "household"}


# ---------------------------------------------------------------- products


def test_product_shape(products: list[dict[str, Any]]) -> None:
    assert len(products) >= 150
    for p in products:
        # name_zh/name_ko (the tourists' names) only on the products that have them, after name_en
        keys = [k for k in p if k not in ("name_zh", "name_ko")]
        assert keys == PRODUCT_KEYS, p["sku"]
        if "name_zh" in p:
            assert list(p)[3:5] == ["name_zh", "name_ko"] and p["name_zh"] and p["name_ko"], p["sku"]
        assert re.fullmatch(r"QN-\d{4}", p["sku"])
        assert p["unit"] in UNITS
        assert p["vat_class"] in VAT_CLASSES
        assert isinstance(p["weighed"], bool) and isinstance(p["favourite"], bool)
        assert isinstance(p["barcodes"], list)
        assert p["name_vi"].strip() == p["name_vi"] and p["name_vi"]
        assert p["name_en"].strip() == p["name_en"] and p["name_en"]


def test_names_are_vietnamese_with_diacritics(products: list[dict[str, Any]]) -> None:
    with_marks = [p for p in products if not p["name_vi"].isascii()]
    assert len(with_marks) >= 0.9 * len(products)
    assert not any("\ufffd" in p["name_vi"] or "?" in p["name_vi"] for p in products)
    assert len({p["name_vi"] for p in products}) == len(products)
    assert len({p["name_en"] for p in products}) == len(products)


def test_unique_identifiers(products: list[dict[str, Any]]) -> None:
    skus = [p["sku"] for p in products]
    assert len(set(skus)) == len(skus)
    barcodes = [b for p in products for b in p["barcodes"]]
    assert len(set(barcodes)) == len(barcodes)
    plus = [p["plu"] for p in products if p["plu"] is not None]
    assert len(set(plus)) == len(plus)
    traces = [p["traceability_code"] for p in products if p["traceability_code"] is not None]
    assert len(set(traces)) == len(traces)


def test_barcodes_are_valid_vietnamese_ean13(products: list[dict[str, Any]]) -> None:
    barcodes = [b for p in products for b in p["barcodes"]]
    assert len(barcodes) >= 140
    for code in barcodes:
        assert isinstance(code, str) and re.fullmatch(r"893\d{10}", code), code
        assert ean13_is_valid(code), code
        assert EAN13(code[:12]).get_fullcode() == code  # independent library agrees
    assert 5 <= sum(len(p["barcodes"]) == 2 for p in products) <= 25
    assert all(len(p["barcodes"]) <= 2 for p in products)


def test_ean13_checker_rejects_bad_codes() -> None:
    assert ean13_is_valid("8931234567897")
    assert not ean13_is_valid("8931234567890")
    assert not ean13_is_valid("893123456789")


def test_money_is_integer_dong_with_cost_below_price(products: list[dict[str, Any]]) -> None:
    for p in products:
        price, cost = p["price"], p["cost"]
        assert type(price) is int and type(cost) is int, p["sku"]
        assert price > cost > 0, p["sku"]
        assert price % 1000 == 0 and cost % 1000 == 0, p["sku"]


def test_prices_are_plausible(products: list[dict[str, Any]]) -> None:
    by_name = {p["name_vi"]: p for p in products}
    cha_muc = [p for p in products if p["name_vi"].startswith("Chả mực") and "500 g" in p["name_vi"]]
    assert cha_muc and all(350_000 <= p["price"] <= 450_000 for p in cha_muc)
    ba_kich = [p for p in products if p["name_vi"].startswith("Rượu ba kích") and p["unit"] == "chai"]
    assert ba_kich and all(150_000 <= p["price"] <= 600_000 for p in ba_kich)
    pearls = [p for p in products if p["name_vi"].startswith("Ngọc trai")]
    assert pearls and min(p["price"] for p in pearls) > max(p["price"] for p in ba_kich)
    assert by_name["Túi quà giấy kraft OCOP (nhỏ)"]["price"] <= 20_000


def test_references_resolve(
    cat: dict[str, Any], products: list[dict[str, Any]], producers_by_code: dict[str, dict[str, Any]]
) -> None:
    category_codes = {c["code"] for c in cat["categories"]}
    for p in products:
        assert p["category"] in category_codes, p["sku"]
        assert p["producer"] in producers_by_code, p["sku"]
    used_producers = {p["producer"] for p in products}
    assert used_producers == set(producers_by_code)  # no producer without products
    assert {p["category"] for p in products} == category_codes


def test_real_products_present_with_real_producer_and_stars(
    products: list[dict[str, Any]], producers_by_code: dict[str, dict[str, Any]]
) -> None:
    for name, producer, stars, year in REAL_PRODUCTS:
        matches = [p for p in products if p["name_vi"] == name or p["name_vi"].startswith(name + " ")]
        assert matches, f"missing real product {name}"
        for p in matches:
            assert p["ocop"] is not None, name
            assert p["ocop"]["stars"] == stars, name
            assert dt.date.fromisoformat(p["ocop"]["rated_on"]).year == year, name
            if producer is not None:
                assert producers_by_code[p["producer"]]["name"] == producer, name


def test_weighed_items(products: list[dict[str, Any]]) -> None:
    weighed = [p for p in products if p["weighed"]]
    assert 6 <= len(weighed) <= 10
    for p in weighed:
        assert p["unit"] == "kg", p["sku"]
        assert isinstance(p["plu"], str) and re.fullmatch(r"\d{5}", p["plu"]), p["sku"]
    for p in products:
        if not p["weighed"]:
            assert p["plu"] is None, p["sku"]
            assert p["unit"] != "kg", p["sku"]


def test_favourites_include_unbarcoded_quick_keys(products: list[dict[str, Any]]) -> None:
    favourites = [p for p in products if p["favourite"]]
    assert 12 <= len(favourites) <= 20
    assert any(not p["barcodes"] and not p["weighed"] for p in favourites)
    assert any(p["weighed"] for p in favourites)
    assert any(p["name_vi"].startswith("Ly trà hoa vàng") for p in favourites)
    # Anything without a barcode and not weighed can only be sold via a quick key or search.
    unbarcoded = [p for p in products if not p["barcodes"] and not p["weighed"]]
    assert len(unbarcoded) <= 8


def test_ocop_ratings(products: list[dict[str, Any]]) -> None:
    rated = [p for p in products if p["ocop"] is not None]
    unrated = [p for p in products if p["ocop"] is None]
    assert len(rated) >= 0.85 * len(products)
    assert 3 <= len(unrated) <= 15
    expired = 0
    for p in rated:
        o = p["ocop"]
        assert list(o) == ["stars", "level", "certificate_no", "rated_on"]
        assert o["stars"] in (3, 4, 5)
        assert o["level"] == ("national" if o["stars"] == 5 else "provincial"), p["sku"]
        assert o["certificate_no"].strip()
        rated_on = dt.date.fromisoformat(o["rated_on"])
        assert dt.date(2018, 1, 1) <= rated_on <= REFERENCE_DAY, p["sku"]
        expired += rated_on < EXPIRY_CUTOFF
    assert 6 <= expired <= 14
    assert Counter(p["ocop"]["stars"] for p in rated).keys() == {3, 4, 5}


def test_traceability_codes(products: list[dict[str, Any]]) -> None:
    rated = [p for p in products if p["ocop"] is not None]
    with_code = [p for p in rated if p["traceability_code"] is not None]
    assert len(with_code) >= 0.75 * len(rated)
    for p in with_code:
        assert re.fullmatch(r"QN-OCOP-\d{4}-\d{4}", p["traceability_code"]), p["sku"]
    assert all(p["traceability_code"] is None for p in products if p["ocop"] is None)


def test_vat_classes(products: list[dict[str, Any]]) -> None:
    assert {p["vat_class"] for p in products} == VAT_CLASSES
    for p in products:
        if p["name_vi"].startswith("Rượu") or p["category"] == "spirits":
            assert p["vat_class"] == "std10", p["sku"]
        if p["weighed"] and p["category"] == "seafood":
            assert p["vat_class"] == "vat5", p["sku"]
    assert not any(p["vat_class"] == "std10" for p in products if p["category"] != "spirits")


def test_stock_levels(products: list[dict[str, Any]]) -> None:
    stocks = [p["stock"] for p in products]
    assert all(type(s) is int and s >= 0 for s in stocks)
    assert 2 <= stocks.count(0) <= 10
    assert sum(1 <= s <= 4 for s in stocks) >= 3
    assert sum(5 <= s <= 120 for s in stocks) >= 0.8 * len(stocks)


# ---------------------------------------------------------------- the generator reproduces the file


def test_generator_reproduces_committed_file_byte_for_byte(generator: ModuleType) -> None:
    text = generator.render_catalogue(generator.build_catalogue())
    assert text.encode("utf-8") == CATALOGUE_PATH.read_bytes()


def test_generator_check_mode_detects_drift(generator: ModuleType, tmp_path: Path) -> None:
    copy = tmp_path / "catalogue.json"
    copy.write_bytes(CATALOGUE_PATH.read_bytes())
    assert generator.main(["--check", "--out", str(copy)]) == 0
    copy.write_text(copy.read_text(encoding="utf-8").replace('"stock": 0', '"stock": 1', 1), encoding="utf-8")
    assert generator.main(["--check", "--out", str(copy)]) == 1
    out = tmp_path / "fresh" / "catalogue.json"
    assert generator.main(["--out", str(out)]) == 0
    assert out.read_bytes() == CATALOGUE_PATH.read_bytes()


def test_generator_check_digit_matches_library(generator: ModuleType) -> None:
    for first12 in ("893123456789", "893000000000", "893999999999", "893456701234"):
        assert str(generator.ean13_check_digit(first12)) == EAN13(first12).get_fullcode()[-1]
    with pytest.raises(ValueError):
        generator.ean13_check_digit("89312345678")
