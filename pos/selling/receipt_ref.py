"""Reading which receipt a cashier means when a customer brings goods back.

They scan the barcode printed on the receipt (``R/T01/123``), or type what they read: the label ``T01-000123``
or just the number ``123`` (this terminal). All three name the same sale.
"""

from __future__ import annotations

import re

from pos.barcodes import RECEIPT_RE
from pos.errors import ReturnError

_LABEL_RE = re.compile(r"^(?P<terminal>[A-Za-z0-9_]{1,20})[-/ ](?P<number>\d{1,10})$")


def parse_receipt_ref(raw: str, default_terminal: str) -> tuple[str, int]:
    """``(terminal code, receipt number)`` for a scanned or typed receipt reference."""
    s = raw.strip()
    m = RECEIPT_RE.match(s) or _LABEL_RE.match(s)
    if m:
        terminal, number = m["terminal"], int(m["number"])
        if terminal.casefold() == default_terminal.casefold():
            terminal = default_terminal
    elif s.isdigit() and len(s) <= 10:
        terminal, number = default_terminal, int(s)
    else:
        raise ReturnError(
            f"Không hiểu số hoá đơn {raw!r}: quét mã trên hoá đơn hoặc gõ số như {default_terminal}-000123",
            f"Cannot read receipt {raw!r}: scan the receipt's barcode or type a number like "
            f"{default_terminal}-000123",
        )
    if number <= 0:
        raise ReturnError("Số hoá đơn phải lớn hơn 0", "The receipt number must be above 0")
    return terminal, number
