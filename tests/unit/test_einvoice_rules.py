"""The rules e-invoices rest on: the tax-authority code's structure, the tax code's check digit, the amount in
words, the buyer's details."""

from __future__ import annotations

import pytest

from pos.einvoice.buyer import Buyer, buyer_issues, checked_buyer, normalise_buyer
from pos.einvoice.code import CODE_LENGTH, check_prefix, make_code, parse_code
from pos.einvoice.errors import BuyerError, EInvoiceError
from pos.einvoice.taxcode import check_digit, is_valid_tax_code, normalise_tax_code, tax_code_problem
from pos.einvoice.words import amount_in_words


def test_the_documented_example_code_parses() -> None:
    code = parse_code("M2-25-A1B2C-00001234567")
    assert (code.form, code.year2, code.prefix, code.sequence) == ("2", "25", "A1B2C", 1234567)
    assert str(code) == "M2-25-A1B2C-00001234567" and len(str(code)) == CODE_LENGTH


@pytest.mark.parametrize(
    "bad",
    [
        "M2-25-A1B2C-0000123456",  # 22 characters
        "M2-25-A1B2C-000012345678",  # 24
        "N2-25-A1B2C-00001234567",  # not M
        "M0-25-A1B2C-00001234567",  # type 0
        "M7-25-A1B2C-00001234567",  # type 7
        "M2_25-A1B2C-00001234567",  # separator
        "M2-2X-A1B2C-00001234567",  # year
        "M2-25-a1b2c-00001234567",  # the prefix is upper case
        "M2-25-A1B2!-00001234567",
        "M2-25-A1B2C-0000123456X",  # the sequence is digits
        "M2-25-A1B2C 00001234567",
    ],
)
def test_anything_else_is_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(EInvoiceError) as err:
        parse_code(bad)
    assert err.value.code == "bad_einvoice_code" and err.value.vi and err.value.en


def test_make_code_edges() -> None:
    assert make_code("1", 2026, "A1B2C", 0) == "M1-26-A1B2C-00000000000"
    assert make_code("1", 2100, "ZZZZZ", 10**11 - 1) == "M1-00-ZZZZZ-99999999999"
    with pytest.raises(EInvoiceError):
        make_code("1", 2026, "A1B2C", 10**11)
    with pytest.raises(EInvoiceError):
        make_code("1", 2026, "A1B2", 1)
    assert check_prefix(" a1b2c ") == "A1B2C"
    with pytest.raises(EInvoiceError):
        check_prefix("A1B2C3")


@pytest.mark.parametrize(
    "good", ["0100109106", "0314409058-002", "0314409058002", "01.00.109.106", "0100233488"]
)
def test_valid_tax_codes(good: str) -> None:
    assert is_valid_tax_code(good)


@pytest.mark.parametrize(
    "bad",
    ["0100109107", "010010910", "01001091061", "0314409058-000", "0100000006", "01001O9106", ""],
)
def test_invalid_tax_codes(bad: str) -> None:
    assert tax_code_problem(bad) is not None


def test_check_digit_rule() -> None:
    assert check_digit("010010910") == 6
    # Nine digits whose weighted sum is ≡ 0 (mod 11) have no valid check digit (10 would be needed).
    first_nine = next(f"{n:09d}" for n in range(100000000, 100001000) if check_digit(f"{n:09d}") is None)
    assert all(not is_valid_tax_code(first_nine + str(d)) for d in range(10))
    assert normalise_tax_code("0314409058002") == "0314409058-002"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (150_000, "Một trăm năm mươi nghìn đồng"),
        (1_002_003, "Một triệu không trăm linh hai nghìn không trăm linh ba đồng"),
        (21_000_000_000, "Hai mươi mốt tỷ đồng"),
        (-250_000, "Âm hai trăm năm mươi nghìn đồng"),
    ],
)
def test_amount_in_words(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_buyer_checks() -> None:
    ok = checked_buyer(Buyer("company", " Công ty  ABC ", "0100109106", "1 Phố Huế, Hà Nội", "kt@abc.vn"))
    assert ok.name == "Công ty ABC"
    with pytest.raises(BuyerError) as err:
        checked_buyer(Buyer("company", "", "0100109107", "", "not-an-email"))
    assert {f for f, *_ in err.value.issues} == {"tax_code", "name", "address", "email"}
    assert buyer_issues(normalise_buyer(Buyer("person", "Nguyễn Văn An", id_number="001 203 004 567"))) == []
    assert {f for f, *_ in buyer_issues(Buyer("person", "Nguyễn Văn An", id_number="12345"))} == {"id_number"}
    assert {f for f, *_ in buyer_issues(Buyer("person", "Nguyễn Văn An"))} == {"id_number"}
