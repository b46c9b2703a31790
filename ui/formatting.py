"""How numbers and payment methods read on screen. Money is always Vietnamese style (``150.000 ₫``)."""

from __future__ import annotations

import datetime as dt

from pos.money import format_vnd
from ui.i18n import decimal_point
from ui.qt import QT_TR_NOOP

STAR = "★"
#: Payment methods as the payment and returns screens name them (translated where shown).
METHOD_NAMES = {
    "cash": QT_TR_NOOP("Cash"),
    "vietqr": QT_TR_NOOP("VietQR transfer"),
    "card": QT_TR_NOOP("Card"),
    "fx_cash": QT_TR_NOOP("Foreign cash"),
}


#: Staff roles as the till names them (translated where shown): header, sign-in tiles, approval prompts.
ROLE_NAMES = {
    "cashier": QT_TR_NOOP("Cashier"),
    "shift_lead": QT_TR_NOOP("Shift lead"),
    "manager": QT_TR_NOOP("Manager"),
    "admin": QT_TR_NOOP("Administrator"),
}


def money(amount: int) -> str:
    return format_vnd(amount)


def qty(qty_milli: int, lang: str, unit: str = "") -> str:
    """``3`` for whole units, ``0,453`` (vi) / ``0.453`` (en) for weights (as ``lang`` writes decimals); with the
    unit when given."""
    sign = "-" if qty_milli < 0 else ""
    whole, frac = divmod(abs(qty_milli), 1000)
    text = f"{sign}{whole}"
    if frac:
        text += decimal_point(lang) + f"{frac:03d}".rstrip("0")
    return f"{text} {unit}".strip() if unit else text


def parse_qty(text: str) -> int | None:
    """What a cashier types as a quantity (``3``, ``1,5``, ``0.453``) in thousandths; None if it is not one."""
    s = text.strip().replace(",", ".")
    whole, _, frac = s.partition(".")
    if not whole:
        whole = "0"
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 3:
        return None
    value = int(whole) * 1000 + int((frac + "000")[:3])
    return value if value > 0 else None


def stars(n: int | None) -> str:
    return STAR * n if n else ""


def local_time(utc_naive: dt.datetime) -> str:
    """A stored UTC time as the shop's local wall-clock time (HH:MM)."""
    return utc_naive.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M")
