"""The tax-authority code of an invoice generated at the till, in its official structure.

``M{form}-{YY}-{PREFIX}-{SEQUENCE}``, 23 characters (docs/einvoice.md, *The code*):

* ``M`` marks an invoice generated from a cash register;
* ``form`` is the invoice type digit 1–6 (1 VAT invoice, 2 sales invoice, …);
* ``YY`` the last two digits of the year the invoice is made;
* ``PREFIX`` five characters the tax authority assigns to the seller when it enrols (letters and digits);
* ``SEQUENCE`` eleven digits the seller's own system generates, unique for that prefix.

One function validates (``parse_code``); one builds (``make_code``), and it goes through the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.einvoice.errors import EInvoiceError

CODE_LENGTH = 23
FORMS = ("1", "2", "3", "4", "5", "6")
SEQUENCE_DIGITS = 11
_CODE = re.compile(r"M([1-6])-([0-9]{2})-([A-Z0-9]{5})-([0-9]{11})")
_PREFIX = re.compile(r"[A-Z0-9]{5}")


@dataclass(frozen=True, slots=True)
class TaxAuthorityCode:
    form: str
    year2: str
    prefix: str
    sequence: int

    def __str__(self) -> str:
        return f"M{self.form}-{self.year2}-{self.prefix}-{self.sequence:0{SEQUENCE_DIGITS}d}"


def _bad(text: str, vi: str, en: str) -> EInvoiceError:
    return EInvoiceError(
        f"Mã của cơ quan thuế {text!r} không đúng cấu trúc: {vi}",
        f"Tax-authority code {text!r} is not in the official structure: {en}",
        code="bad_einvoice_code",
    )


def parse_code(text: str) -> TaxAuthorityCode:
    """The code's parts; ``EInvoiceError`` naming what is wrong when ``text`` is not exactly the structure."""
    if len(text) != CODE_LENGTH:
        raise _bad(
            text,
            f"cần {CODE_LENGTH} ký tự, có {len(text)}",
            f"{CODE_LENGTH} characters needed, got {len(text)}",
        )
    m = _CODE.fullmatch(text)
    if m is None:
        if not text.startswith("M"):
            raise _bad(text, "phải bắt đầu bằng M", "it must start with M")
        if text[1] not in FORMS:
            raise _bad(text, "loại hoá đơn là một chữ số 1–6", "the invoice type is one digit 1–6")
        if text[2] != "-" or text[5] != "-" or text[11] != "-":
            raise _bad(text, "các nhóm ngăn bằng dấu gạch ngang", "the groups are separated by hyphens")
        if not text[3:5].isdigit():
            raise _bad(text, "năm là hai chữ số", "the year is two digits")
        if not _PREFIX.fullmatch(text[6:11]):
            raise _bad(
                text,
                "phần cơ quan thuế cấp là 5 chữ in hoa hoặc chữ số",
                "the tax authority's part is 5 capital letters or digits",
            )
        raise _bad(text, "số thứ tự là 11 chữ số", "the sequence is 11 digits")
    return TaxAuthorityCode(m.group(1), m.group(2), m.group(3), int(m.group(4)))


def check_prefix(prefix: str) -> str:
    """The tax authority's 5-character prefix, as it must be stored (upper case)."""
    value = prefix.strip().upper()
    if not _PREFIX.fullmatch(value):
        raise EInvoiceError(
            "Chuỗi cơ quan thuế cấp gồm đúng 5 chữ cái hoặc chữ số (ví dụ A1B2C)",
            "The tax authority's prefix is exactly 5 letters or digits (e.g. A1B2C)",
            code="bad_einvoice_prefix",
        )
    return value


def make_code(form: str, year: int, prefix: str, sequence: int) -> str:
    """The code for the ``sequence``-th invoice of ``year`` (validated by ``parse_code`` before it is returned)."""
    if not 0 <= sequence < 10**SEQUENCE_DIGITS:
        raise EInvoiceError(
            "Đã hết dải số hoá đơn của quầy này",
            "This till's invoice number range is used up",
            code="range_full",
        )
    text = f"M{form}-{year % 100:02d}-{prefix}-{sequence:0{SEQUENCE_DIGITS}d}"
    parse_code(text)
    return text
