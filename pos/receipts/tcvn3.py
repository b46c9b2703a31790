"""TCVN 5712:1993 "VN3" (the ABC code) as Epson-compatible printers carry it: two code pages.

Vietnamese printers that speak TCVN3 keep it as two ESC t tables: page 30 holds the lower-case letters
(``ă â ê ô ơ ư đ`` at 0xA8–0xAE and the 60 toned vowels at 0xB5–0xFE), page 31 holds the capitals at the same
byte values (a TCVN3 "H" font: the byte for ``ấ`` prints ``Ấ``). ESC t only changes 0x80–0xFF, so ASCII prints
the same on both pages and a switch is needed only between a lower-case and an upper-case Vietnamese letter.

The toneless capitals are placed where both readings of page 31 agree: the standard VN3 positions for Ă, Â, Đ
(0xA1, 0xA2, 0xA7) and the lower-case positions for Ê, Ô, Ơ, Ư (0xAA–0xAD), which is what Epson's published
page-31 table shows. The decoder also accepts the other positions, so a stream from any TCVN3 writer reads back.
"""

from __future__ import annotations

from pos.receipts.escpos_bytes import select_code_page
from pos.receipts.vietnamese import TONE_MARKS, VIETNAMESE_LETTERS, split_tone

LOWER_PAGE = 30
UPPER_PAGE = 31

# Toned forms in TCVN3 order (grave, hook, tilde, acute, dot below) for each of the twelve vowels.
_TONED_BYTES: dict[str, tuple[int, int, int, int, int]] = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_LOWER_BASES: dict[str, int] = {"ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE}
_UPPER_BASES: dict[str, int] = {"Ă": 0xA1, "Â": 0xA2, "Đ": 0xA7, "Ê": 0xAA, "Ô": 0xAB, "Ơ": 0xAC, "Ư": 0xAD}
# Positions other TCVN3 tables use for the toneless capitals (standard VN3 0xA3–0xA6, H-font 0xA8/0xA9/0xAE).
_UPPER_ALIASES: dict[int, str] = {0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA8: "Ă", 0xA9: "Â", 0xAE: "Đ"}
_LOWER_ALIASES: dict[int, str] = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}


def _build() -> tuple[dict[str, int], dict[str, int]]:
    lower: dict[str, int] = dict(_LOWER_BASES)
    upper: dict[str, int] = dict(_UPPER_BASES)
    for letter in VIETNAMESE_LETTERS:
        base, tone = split_tone(letter)
        if not tone:
            continue
        code = _TONED_BYTES[base.lower()][TONE_MARKS.index(tone)]
        (lower if letter.islower() else upper)[letter] = code
    return lower, upper


#: Unicode letter -> byte on the lower-case page (67 letters).
LOWER_TABLE: dict[str, int]
#: Unicode letter -> byte on the upper-case page (67 letters).
UPPER_TABLE: dict[str, int]
LOWER_TABLE, UPPER_TABLE = _build()

#: Byte -> letter for decoding each page; the encoder's choices first, then the tolerated aliases.
LOWER_DECODE: dict[int, str] = {**_LOWER_ALIASES, **{code: ch for ch, code in LOWER_TABLE.items()}}
UPPER_DECODE: dict[int, str] = {**_UPPER_ALIASES, **{code: ch for ch, code in UPPER_TABLE.items()}}

# Letter -> (on the upper-case page?, byte), for the encoder's inner loop.
_CODES: dict[str, tuple[bool, int]] = {
    **{ch: (False, code) for ch, code in LOWER_TABLE.items()},
    **{ch: (True, code) for ch, code in UPPER_TABLE.items()},
}


def can_print(ch: str) -> bool:
    """True when TCVN3 (with its two pages) prints ``ch`` as itself."""
    return " " <= ch <= "~" or ch in LOWER_TABLE or ch in UPPER_TABLE


class Tcvn3Encoder:
    """Encodes cleaned text rows, inserting ``ESC t`` only where the page has to change.

    One encoder per print job: it remembers the page the printer is on between rows.
    """

    def __init__(self, lower_page: int = LOWER_PAGE, upper_page: int = UPPER_PAGE) -> None:
        self.lower_page = lower_page
        self.upper_page = upper_page
        self.page: int | None = None

    def encode(self, text: str) -> bytes:
        """Bytes for ``text`` (already cleaned with :func:`can_print`), with any page switches it needs."""
        if text.isascii():
            return text.encode("ascii")
        out = bytearray()
        for ch in text:
            found = _CODES.get(ch)
            if found is None:
                if " " <= ch <= "~":
                    out.append(ord(ch))
                    continue
                raise ValueError(f"{ch!r} is not printable in TCVN3; clean the text first")
            upper, code = found
            page = self.upper_page if upper else self.lower_page
            if page != self.page:
                out += select_code_page(page)
                self.page = page
            out.append(code)
        return bytes(out)
