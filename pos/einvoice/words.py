"""An amount of đồng in Vietnamese words: the invoice's "tổng tiền thanh toán bằng chữ" (TgTTTBChu)."""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")


def _three(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full``: a group after a bigger one, read with its zero hundreds and tens."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out: list[str] = []
    if hundreds or full:
        out += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and (hundreds or full):
            out.append("linh")
    elif tens == 1:
        out.append("mười")
    else:
        out += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            out.append("mốt")
        elif units == 5 and tens >= 1:
            out.append("lăm")
        else:
            out.append(_DIGITS[units])
    return out


def _below_billion_power(n: int, full: bool) -> list[str]:
    groups: list[int] = []
    while n:
        n, g = divmod(n, 1000)
        groups.append(g)
    out: list[str] = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        out += _three(g, full or bool(out))
        if _GROUPS[i]:
            out.append(_GROUPS[i])
    return out


def _words(n: int) -> list[str]:
    if n < 10**9:
        return _below_billion_power(n, False)
    high, low = divmod(n, 10**9)
    out = [*_words(high), "tỷ"]
    if low:
        out += _below_billion_power(low, True)
    return out


def amount_in_words(amount: int) -> str:
    """``150000`` → ``Một trăm năm mươi nghìn đồng``; negative amounts read ``Âm …``."""
    if amount == 0:
        return "Không đồng"
    words = _words(abs(amount))
    text = " ".join(words) + " đồng"
    if amount < 0:
        text = "âm " + text
    return text[0].upper() + text[1:]
