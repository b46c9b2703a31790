"""Money, dates and column fitting as Vietnamese receipts write them.

Everything here counts in printer columns, one per character: the text has already been cleaned to one code
point per column (see :mod:`pos.receipts.vietnamese`).
"""

from __future__ import annotations

import re
from datetime import datetime

from pos.money import format_vnd
from pos.receipts.vietnamese import WIDE_FILLER

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def format_money(amount: int, currency: str = "") -> str:
    """``1234567`` → ``"1.234.567"`` (dots group thousands, as in Vietnam), with ``currency`` appended."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"money must be int đồng, got {amount!r}")
    # No space before the sign: on 32 columns every column counts.
    return format_vnd(amount, symbol=False) + currency


def format_count(value: int) -> str:
    """A count with thousands grouped the same way as money (no currency)."""
    return format_money(value)


def format_datetime(moment: datetime) -> str:
    """dd/mm/yyyy HH:MM, the form Vietnamese receipts and invoices use."""
    return moment.strftime("%d/%m/%Y %H:%M")


def _words(text: str) -> list[str]:
    """Words, with a number kept together with a short unit after it ("1 lít", "500 ml", "2 hộp")."""
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1] if i + 1 < len(words) else ""
        if _NUMBER.fullmatch(word) and following.isalpha() and len(following) <= 4:
            out.append(f"{word} {following}")
            i += 2
        else:
            out.append(word)
            i += 1
    return out


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to ``width`` columns; a word longer than a whole row is split, nothing else is.

    Runs of spaces collapse; an empty text gives no rows. A quantity stays on the row of its unit.
    """
    if width < 1:
        raise ValueError("width must be at least one column")
    rows: list[str] = []
    current = ""
    words = [part for group in _words(text) for part in (group.split() if len(group) > width else [group])]
    for word in words:
        while len(word) > width:
            if current:
                rows.append(current)
                current = ""
            cut = (
                width - 1 if width > 1 and word[width] == WIDE_FILLER else width
            )  # never split a wide character's columns
            rows.append(word[:cut])
            word = word[cut:]
        if not word:
            continue
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current = f"{current} {word}"
        else:
            rows.append(current)
            current = word
    if current:
        rows.append(current)
    return rows


def center(text: str, width: int) -> str:
    """``text`` centred in ``width`` columns (left padding only; trailing spaces are never printed)."""
    return " " * max(0, (width - len(text)) // 2) + text


def right(text: str, width: int) -> str:
    """``text`` right-aligned in ``width`` columns."""
    return text.rjust(width)


def key_value(label: str, value: str, width: int, *, indent: int = 0) -> list[str]:
    """``label`` on the left and ``value`` flush right, on one row when both fit.

    A long label wraps (continuation rows keep ``indent``); the value then goes at the end of the label's last
    row if it fits there, else on a row of its own. A value wider than the paper wraps right-aligned.
    """
    pad = " " * indent
    label_rows = [pad + row for row in wrap(label, width - indent)] if label.strip() else []
    value_rows = wrap(value, width) if value.strip() else []
    if not value_rows:
        return label_rows
    if len(value_rows) == 1 and label_rows and len(label_rows[-1]) + 1 + len(value_rows[0]) <= width:
        last = label_rows.pop()
        return [*label_rows, last + right(value_rows[0], width - len(last))]
    return [*label_rows, *(right(row, width) for row in value_rows)]
