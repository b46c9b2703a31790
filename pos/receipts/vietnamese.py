"""Vietnamese letters and the fallbacks that keep a receipt free of ``?``.

Every printing mode starts by cleaning text the same way: NFC, one code point per printed column, and any
character the target cannot show replaced by a readable stand-in (₫ → đ → d, ★ → *, “ → "). A printer's own
"unknown character" glyph is a ``?``, which on a Vietnamese receipt reads as a wrong letter, so nothing
unprintable is ever passed through.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

#: Combining tone marks, in the order TCVN3 tables list the toned forms: grave, hook, tilde, acute, dot below.
TONE_MARKS: tuple[str, ...] = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

#: The twelve vowels and their toneless shapes (base letter plus breve/circumflex/horn).
VOWELS: str = "aăâeêioôơuưy"


def _build_letters() -> tuple[str, ...]:
    letters: list[str] = []
    for case in (str.lower, str.upper):
        for vowel in VOWELS:
            for mark in ("", *TONE_MARKS):
                letter = unicodedata.normalize("NFC", case(vowel) + mark)
                if len(letter) != 1:
                    raise AssertionError(f"no precomposed form for {vowel!r}+{mark!r}")
                if ord(letter) > 127:
                    letters.append(letter)
        letters.append(case("đ"))
    return tuple(letters)


#: All 134 precomposed Vietnamese letters that are not plain ASCII (67 lower case, 67 upper case).
VIETNAMESE_LETTERS: tuple[str, ...] = _build_letters()
VIETNAMESE_SET: frozenset[str] = frozenset(VIETNAMESE_LETTERS)

#: Readable stand-ins, tried in order until one the target can print is found.
_FALLBACKS: dict[str, tuple[str, ...]] = {
    "₫": ("đ", "d"),
    "★": ("*",),
    "☆": ("*",),
    "✩": ("*",),
    "“": ('"',),
    "”": ('"',),
    "„": ('"',),
    "«": ('"',),
    "»": ('"',),
    "‘": ("'",),
    "’": ("'",),
    "‚": ("'",),
    "‹": ("'",),
    "›": ("'",),
    "–": ("-",),
    "—": ("-",),
    "‐": ("-",),
    "‑": ("-",),
    "−": ("-",),
    "…": ("...",),
    "×": ("x",),
    "÷": (":",),
    "·": (".",),
    "•": ("*",),
    "€": ("EUR",),
    "©": ("(c)",),
    "®": ("(R)",),
    "™": ("TM",),
    "№": ("No.",),
    "°": ("o",),
    "Đ": ("D",),
    "đ": ("d",),
    "ð": ("d",),
    "Ð": ("D",),
    "ß": ("ss",),
    "æ": ("ae",),
    "Æ": ("AE",),
    "ø": ("o",),
    "Ø": ("O",),
}

#: What is printed for a character with no sensible stand-in (a CJK ideograph on a Latin-only printer). A
#: receipt that needs CJK is printed in raster mode instead (``pos.receipts.layout.mode_for``), so this shows
#: only where no font at all can draw a character.
PLACEHOLDER = "_"

#: The second column of a wide (CJK) character: cleaning puts one after each, so one code point is still one
#: printed column and every width computation stays ``len()``; the raster draws the wide glyph across both and
#: nothing for the filler. A format character (U+2060 WORD JOINER), so cleaning a cleaned text again drops the old
#: filler and adds a new one: cleaning stays idempotent.
WIDE_FILLER = "\u2060"

_SPACES = frozenset(
    "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)


def split_tone(letter: str) -> tuple[str, str]:
    """Split a precomposed letter into (toneless base, combining tone mark or "").

    The base keeps its breve/circumflex/horn/stroke (``ấ`` → ``â`` + acute), which is how Windows-1258
    spells Vietnamese.
    """
    decomposed = unicodedata.normalize("NFD", letter)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    return base, (tones[0] if tones else "")


def _strip_marks(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def clean_text(text: str, can_print: Callable[[str], bool]) -> str:
    """Return ``text`` as one printable line: NFC, no controls, every character printable.

    ``can_print(ch)`` says whether the target shows ``ch`` correctly. Characters it rejects are replaced by the
    first stand-in it accepts (explicit fallbacks, then the letter without its marks, then
    :data:`PLACEHOLDER`). Line breaks and tabs become spaces; callers split paragraphs first. Cached: receipts
    repeat the same labels and product names.
    """
    if text.isascii() and text.isprintable():
        return text
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _SPACES or ch in "\r\n\v\f":
            out.append(" ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn") or unicodedata.combining(ch):
            # Controls, format characters and stray combining marks take no column; a lone mark after NFC has
            # no precomposed partner and would print as a separate cell.
            continue
        if can_print(ch):
            out.append(ch + WIDE_FILLER if unicodedata.east_asian_width(ch) in ("W", "F") else ch)
        else:
            out.append(_substitute(ch, can_print))
    return "".join(out)


def needs_placeholder(ch: str, can_print: Callable[[str], bool]) -> bool:
    """True when a target that cannot print ``ch`` has no readable stand-in for it either."""
    return _substitute(ch, can_print) == PLACEHOLDER


def _substitute(ch: str, can_print: Callable[[str], bool]) -> str:
    candidates = [*_FALLBACKS.get(ch, ()), _strip_marks(ch)]
    for candidate in candidates:
        # A stand-in may never bring a "?" of its own (NFKD turns ⁇ into "??").
        if candidate and "?" not in candidate and all(can_print(c) for c in candidate):
            return candidate
    return PLACEHOLDER


def is_vietnamese_letter(ch: str) -> bool:
    """True for the 134 precomposed non-ASCII Vietnamese letters."""
    return ch in VIETNAMESE_SET
