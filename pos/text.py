"""Text folding for diacritic-insensitive search.

Vietnamese has ``đ``/``Đ``, which Unicode does not decompose into ``d`` + a mark, so plain NFD stripping is not
enough: ``Đông Triều`` must fold to ``dong trieu``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"})
_NON_WORD = re.compile(r"[^0-9a-z]+")
_TAX_CODE = re.compile(r"[0-9]{10}(-?[0-9]{3})?")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case ASCII form of ``text``: marks removed, đ→d, punctuation collapsed to single spaces.

    Kept for the last 8 192 texts: a search ranks each product it matches by its folded names
    (``pos.catalogue.lookup.match_rank``), and the products a word matches come back keystroke after
    keystroke; folding them again was a tenth of a search's time, all of it holding the GIL."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def tokens(text: str) -> list[str]:
    """Folded words of ``text``, for building search queries."""
    return [t for t in fold(text).split(" ") if t]


def is_tax_code(text: str) -> bool:
    """A Vietnamese tax code (MST): 10 digits, or 13 for a branch, written ``0101234567-001`` (dash optional)."""
    return _TAX_CODE.fullmatch(text) is not None
