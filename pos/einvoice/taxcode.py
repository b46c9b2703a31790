"""A buyer's tax code (mã số thuế, MST): 10 digits with a check digit, or 13 for a dependent unit.

Structure (Circular 105/2020/TT-BTC on tax registration): N1N2 province, N3–N9 sequence, N10 check digit,
N11–N13 the dependent unit's number (001–999). The check digit rule — N10 = 10 − (Σ wᵢ·Nᵢ mod 11) with weights
31, 29, 23, 19, 17, 13, 7, 5, 3, and no valid code when that gives 10 — is the one the python-stdnum library
documents for Vietnamese MSTs (docs/einvoice.md, *The buyer's tax code*, for sources and what is uncertain).
"""

from __future__ import annotations

import re

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_SEPARATORS = re.compile(r"[\s.\-]")


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for these nine, or None when no digit makes a valid code."""
    total = sum(w * int(d) for w, d in zip(WEIGHTS, first_nine, strict=True))
    digit = 10 - total % 11
    return None if digit == 10 else digit


def tax_code_problem(text: str) -> tuple[str, str] | None:
    """Why ``text`` is not a valid MST, as (vi, en); None when it is."""
    digits = _SEPARATORS.sub("", text)
    if not digits.isdigit() or len(digits) not in (10, 13):
        return ("Mã số thuế gồm 10 hoặc 13 chữ số", "A tax code is 10 or 13 digits")
    if digits[2:9] == "0000000":
        return ("Mã số thuế không có số thứ tự", "The tax code has no sequence number")
    if len(digits) == 13 and digits[10:] == "000":
        return ("Ba số đơn vị phụ thuộc là 001–999", "The dependent unit's number is 001–999")
    if check_digit(digits[:9]) != int(digits[9]):
        return (
            "Mã số thuế sai chữ số kiểm tra — hãy xem lại",
            "The tax code's check digit is wrong — check it again",
        )
    return None


def normalise_tax_code(text: str) -> str:
    """``0101234567`` or ``0101234567-001``: the form invoices print (call after ``tax_code_problem``)."""
    digits = _SEPARATORS.sub("", text)
    return digits if len(digits) == 10 else f"{digits[:10]}-{digits[10:]}"


def is_valid_tax_code(text: str) -> bool:
    return tax_code_problem(text) is None
