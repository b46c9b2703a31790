"""Every barcode kind, valid and invalid; properties over generated codes."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.barcodes import (
    DEFAULT_IN_STORE,
    Gs1Code,
    GtinCode,
    InStoreCode,
    InStoreLayout,
    InternalCode,
    ReceiptCode,
    TraceCode,
    expand_upce,
    gs1_check_digit,
    in_store_layouts,
    parse_code,
    receipt_barcode,
    with_check_digit,
)
from pos.errors import BarcodeError, ConfigError, PosError

digits = st.text("0123456789", min_size=1, max_size=1)


def test_ean13_vietnam() -> None:
    code = parse_code("8934588012228")
    assert isinstance(code, GtinCode)
    assert code.symbology == "EAN13" and code.key == "8934588012228"
    assert code.country_prefix_vietnam


def test_bad_check_digit_is_rejected_with_that_reason() -> None:
    with pytest.raises(BarcodeError) as info:
        parse_code("8934588012229")
    assert info.value.code == "bad_check_digit"
    assert "check digit" in info.value.en and "kiểm tra" in info.value.vi


def test_ean8_upca_upce_and_gtin14_share_keys() -> None:
    ean8 = parse_code("96385074")
    assert isinstance(ean8, GtinCode) and ean8.symbology == "EAN8" and ean8.key == "96385074"
    upca = parse_code("036000291452")
    assert isinstance(upca, GtinCode) and upca.symbology == "UPCA" and upca.key == "0036000291452"
    # UPC-E 04252614 expands to UPC-A 042100005264
    assert expand_upce("04252614") == "042100005264"
    upce = parse_code("04252614")
    assert isinstance(upce, GtinCode) and upce.symbology == "UPCE" and upce.key == "0042100005264"
    gtin14 = parse_code("08934588012228")
    assert isinstance(gtin14, GtinCode) and gtin14.key == "8934588012228"
    for bad in ("036000291453", "96385075", "08934588012227"):
        with pytest.raises(BarcodeError):
            parse_code(bad)


def test_weight_embedded_code() -> None:
    code = parse_code(with_check_digit("200001200453"))
    assert isinstance(code, InStoreCode)
    assert code.item == 12 and code.weight_g == 453 and code.price is None


def test_price_embedded_code_and_custom_layout() -> None:
    code = parse_code(with_check_digit("250012123450"))
    assert isinstance(code, InStoreCode)
    assert code.item == 12 and code.price == 123_450
    layouts = {**DEFAULT_IN_STORE, "21": InStoreLayout("price", 5, 5, price_factor=100)}
    code = parse_code(with_check_digit("210004501234"), layouts)
    assert isinstance(code, InStoreCode) and code.item == 45 and code.price == 123_400
    with pytest.raises(BarcodeError):
        InStoreLayout("weight", 6, 6)


def test_gs1_element_strings() -> None:
    fnc1 = "0108934588012228" + "17261231" + "10LO-42\x1d" + "3103000453"
    code = parse_code(fnc1)
    assert isinstance(code, Gs1Code)
    assert code.gtin is not None and code.gtin.key == "8934588012228"
    assert code.expiry == dt.date(2026, 12, 31)
    assert code.batch == "LO-42"
    assert code.net_weight_g == 453
    human = parse_code("(01)08934588012228(17)270200(10)B7")
    assert isinstance(human, Gs1Code)
    assert human.expiry == dt.date(2027, 2, 28)  # day 00 = end of month
    assert parse_code("]d2" + fnc1).batch == "LO-42"  # type: ignore[union-attr]
    with pytest.raises(BarcodeError):
        parse_code("(01)08934588012229")  # bad check digit inside GS1
    with pytest.raises(BarcodeError):
        parse_code("(17)261331")  # month 13


def test_the_shops_scale_layout_comes_from_config() -> None:
    layouts = in_store_layouts(
        {
            "in_store": {
                "21": {"mode": "weight", "item_digits": 5},
                "28": {"mode": "price", "item_digits": 4, "price_factor": 100},
            }
        }
    )
    assert set(layouts) == {"21", "28"}
    price = parse_code(with_check_digit("28" + "0042" + "001235"), layouts)
    assert isinstance(price, InStoreCode) and price.item == 42 and price.price == 123_500
    weight = parse_code(with_check_digit("21" + "00042" + "01250"), layouts)
    assert isinstance(weight, InStoreCode) and weight.weight_g == 1250
    assert isinstance(parse_code(with_check_digit("25" + "0042" + "001235"), layouts), GtinCode)  # not listed
    assert in_store_layouts({}) is DEFAULT_IN_STORE
    for bad in (
        {"in_store": {"31": {"mode": "weight"}}},
        {"in_store": {"21": {"mode": "volume"}}},
        {"in_store": {"21": {"mode": "price", "item_digits": 12}}},
        {"in_store": {"21": {"mode": "price", "price_factor": 0.5}}},
        {"in_store": {"21": {"mode": "price", "colour": "red"}}},
        {"in_store": "20-29"},
        {"layouts": {}},
    ):
        with pytest.raises(ConfigError):
            in_store_layouts(bad)


def test_bare_gs1_data_as_a_scanner_types_it() -> None:
    """DataMatrix/QR GS1 data from a keyboard-wedge scanner: no brackets, no ]d2, no separator before a final
    variable-length element. A valid GTIN after "01" is what makes it GS1; otherwise it stays an internal code."""
    digits = parse_code("0108934588012228" + "17261231" + "3103000453")
    assert isinstance(digits, Gs1Code) and digits.gtin is not None and digits.gtin.key == "8934588012228"
    assert digits.expiry == dt.date(2026, 12, 31) and digits.net_weight_g == 453
    batch_last = parse_code("0108934588012228" + "17261231" + "10LO-42")
    assert isinstance(batch_last, Gs1Code) and batch_last.batch == "LO-42"
    gtin_only = parse_code("0108934588012228")
    assert isinstance(gtin_only, Gs1Code) and gtin_only.gtin is not None
    assert isinstance(parse_code("0108934588012229" + "17261231"), InternalCode)  # bad GTIN check digit
    assert isinstance(parse_code("01-INTERNAL-CODE-77"), InternalCode)
    assert isinstance(parse_code("01234567890123456789"), InternalCode)


def test_ocop_traceability_urls() -> None:
    code = parse_code("https://truyxuat.quangninh.gov.vn/ocop/QN-OCOP-2023-0142")
    assert isinstance(code, TraceCode)
    assert code.candidates[0] == "QN-OCOP-2023-0142"
    q = parse_code("https://check.vn/p?code=QN-OCOP-2022-0007&lang=vi")
    assert isinstance(q, TraceCode) and q.candidates[0] == "QN-OCOP-2022-0007"


def test_receipt_and_internal_codes() -> None:
    code = parse_code(receipt_barcode("T01", 123))
    assert isinstance(code, ReceiptCode) and code.terminal == "T01" and code.number == 123
    assert isinstance(parse_code("QN-0001"), InternalCode)
    assert isinstance(parse_code("12345"), InternalCode)
    with pytest.raises(BarcodeError):
        parse_code("")
    with pytest.raises(BarcodeError):
        parse_code("ab\x07c")


@given(st.text("0123456789", min_size=12, max_size=12))
def test_any_ean13_with_its_check_digit_parses(body: str) -> None:
    code = parse_code(with_check_digit(body))
    assert isinstance(code, GtinCode | InStoreCode)


@given(st.text("0123456789", min_size=12, max_size=12), st.integers(0, 12), st.integers(1, 9))
def test_any_single_digit_error_is_caught(body: str, pos: int, delta: int) -> None:
    good = with_check_digit(body)
    changed = good[:pos] + str((int(good[pos]) + delta) % 10) + good[pos + 1 :]
    with pytest.raises(BarcodeError):
        parse_code(changed)


@given(st.text(max_size=80))
def test_parser_never_fails_with_anything_but_a_pos_error(text: str) -> None:
    with contextlib.suppress(PosError):
        parse_code(text)


def test_check_digit_known_value() -> None:
    assert gs1_check_digit("893458801222") == 8
