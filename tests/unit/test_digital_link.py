"""GS1 Digital Link URI syntax (``pos.digital_link``) and the till reading such a URI offline (``pos.barcodes``)."""

from __future__ import annotations

import pytest

from pos.barcodes import Gs1Code, TraceCode, parse_code, with_check_digit
from pos.digital_link import DigitalLink, LinkError, find_in_uri, gtin14, gtin_keys, parse_path
from pos.errors import BarcodeError

EAN13 = with_check_digit("893130670537")  # 8931306705370, a demo product's barcode
GTIN = "0" + EAN13


def test_gtin_forms_are_padded_to_14_digits() -> None:
    assert gtin14(EAN13) == GTIN
    assert gtin14(GTIN) == GTIN
    ean8 = with_check_digit("9638507")
    assert gtin14(ean8) == "000000" + ean8
    upca = with_check_digit("03600029145")
    assert gtin14(upca) == "00" + upca
    assert gtin_keys(GTIN)[0] == EAN13
    assert ean8 in gtin_keys("000000" + ean8)


@pytest.mark.parametrize(
    "bad", ["8931306705371", "123", "89313067053700000", "８９３１３０６７０５３７０", "abc"]
)
def test_bad_gtins_are_refused(bad: str) -> None:
    with pytest.raises(LinkError):
        gtin14(bad)


def test_path_with_qualifiers_in_order() -> None:
    link = parse_path(f"/01/{EAN13}/22/V1/10/L241201/21/S%2F9")
    assert link == DigitalLink(GTIN, cpv="V1", lot="L241201", serial="S/9")
    assert link.path() == f"/01/{GTIN}/22/V1/10/L241201/21/S%2F9"
    assert parse_path(link.path()) == link
    assert parse_path(f"/01/{GTIN}/") == DigitalLink(GTIN)


@pytest.mark.parametrize(
    ("path", "code", "status"),
    [
        (f"/01/{EAN13[:-1]}9", "dl_check_digit", 400),
        (f"/01/{GTIN}/17/261231", "dl_unknown_ai", 404),
        (f"/01/{GTIN}/10/L1/22/V1", "dl_order", 400),
        (f"/01/{GTIN}/10/L1/10/L2", "dl_order", 400),
        (f"/01/{GTIN}/10/L1/extra", "dl_extra", 404),
        (f"/01/{GTIN}/10", "dl_extra", 404),
        (f"/01/{GTIN}/10/", "dl_extra", 404),
        (f"/01/{GTIN}/10/" + "A" * 21, "dl_value", 400),
        (f"/01/{GTIN}/10/%C3%A9", "dl_value", 400),  # é is not GS1 set 82
        (f"/01/{GTIN}/10/%FF", "dl_encoding", 400),
        ("/01/../../etc/passwd", "dl_gtin_format", 400),
        ("/02/" + GTIN, "dl_primary", 404),
        ("/01/" + "9" * 500, "dl_too_long", 414),
    ],
)
def test_malformed_paths(path: str, code: str, status: int) -> None:
    with pytest.raises(LinkError) as err:
        parse_path(path)
    assert err.value.code == code
    assert err.value.status == status


def test_percent_decoded_once() -> None:
    assert parse_path(f"/01/{GTIN}/10/%252F").lot == "%2F"
    assert parse_path(f"/01/{GTIN}/10/%2e%2e%2f").lot == "../"  # set 82 allows it: a lot, never a file path
    assert parse_path(f"/01/{GTIN}/10/%3Cscript%3E").lot == "<script>"


def test_find_in_uri() -> None:
    assert find_in_uri(f"https://ocop.example.vn/01/{EAN13}/10/L1") == DigitalLink(GTIN, lot="L1")
    assert find_in_uri(f"https://ocop.example.vn/dl/01/{GTIN}?linkType=all") == DigitalLink(GTIN)
    assert find_in_uri("https://truyxuat.quangninh.gov.vn/ocop/QN-OCOP-2023-0142") is None
    with pytest.raises(LinkError):
        find_in_uri(f"https://ocop.example.vn/01/{EAN13[:-1]}1")


def test_till_reads_a_digital_link_as_gs1_data() -> None:
    code = parse_code(f"https://ocop.quangninh.demo.vn/01/{GTIN}/10/L241201")
    assert isinstance(code, Gs1Code)
    assert code.gtin is not None and code.gtin.key == EAN13
    assert code.batch == "L241201"
    assert code.elements["01"] == GTIN
    # A traceability URL of the province stays one.
    assert isinstance(parse_code("https://truyxuat.quangninh.gov.vn/ocop/QN-OCOP-2023-0142"), TraceCode)
    with pytest.raises(BarcodeError) as err:
        parse_code(f"https://ocop.quangninh.demo.vn/01/{EAN13[:-1]}1")
    assert err.value.code == "dl_check_digit"
