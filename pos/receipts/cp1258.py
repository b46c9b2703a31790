"""Windows-1258 with decomposed tones, the way Vietnamese code pages in ESC/POS printers expect it.

CP1258 has room for only the toneless Vietnamese bases (ă â ê ô ơ ư đ) and five combining tone marks, so every
toned letter is sent as base byte + tone byte (``ế`` → ``ê`` 0xEA, acute 0xEC). The printer overprints the tone
on the previous cell: the pair takes one column, which is how the layout counts it. Even letters that CP1258
happens to hold precomposed (á, È...) are sent decomposed so every vowel is drawn the same way.

Epson lists this table as "WPC1258" on ESC t 52; some Chinese-made printers use 27 or 94 instead.
"""

from __future__ import annotations

from functools import lru_cache

from pos.receipts.escpos_bytes import select_code_page
from pos.receipts.vietnamese import is_vietnamese_letter, split_tone

EPSON_PAGE = 52

#: Combining tone mark -> its CP1258 byte.
TONE_BYTES: dict[str, int] = {"\u0300": 0xCC, "\u0301": 0xEC, "\u0303": 0xDE, "\u0309": 0xD2, "\u0323": 0xF2}

# Typographic characters CP1258 technically holds (0x80–0x9F) but many printer tables leave blank or fill
# differently; they are transliterated instead so nothing depends on that corner of the table.
_AVOID = frozenset("‚ƒ„…†‡ˆ‰‹Œ‘’“”•–—˜™›œŸ€")


@lru_cache(maxsize=1024)
def encode_char(ch: str) -> bytes | None:
    """The CP1258 bytes for one character (base + tone for toned letters), or None if it has none."""
    if " " <= ch <= "~":
        return ch.encode("ascii")
    if is_vietnamese_letter(ch):
        base, tone = split_tone(ch)
        encoded = base.encode("cp1258")
        return encoded + bytes((TONE_BYTES[tone],)) if tone else encoded
    if ch in _AVOID or ord(ch) < 0xA0:
        return None
    try:
        encoded = ch.encode("cp1258")
    except UnicodeEncodeError:
        return None
    # A single byte that is itself a combining tone would attach to the previous letter.
    return None if encoded[0] in TONE_BYTES.values() else encoded


def can_print(ch: str) -> bool:
    """True when the CP1258 page prints ``ch`` as itself."""
    return encode_char(ch) is not None


class Cp1258Encoder:
    """Encodes cleaned text rows; selects the code page once, before the first byte that needs it."""

    def __init__(self, page: int = EPSON_PAGE) -> None:
        self.page = page
        self.selected = False

    def encode(self, text: str) -> bytes:
        """Bytes for ``text`` (already cleaned with :func:`can_print`)."""
        out = bytearray()
        for ch in text:
            encoded = encode_char(ch)
            if encoded is None:
                raise ValueError(f"{ch!r} is not printable in CP1258; clean the text first")
            if max(encoded) >= 0x80 and not self.selected:
                out += select_code_page(self.page)
                self.selected = True
            out += encoded
        return bytes(out)
