"""The public page's words and language choice (``pos.server.public.words``), and its JSON-LD text inside HTML."""

from __future__ import annotations

import re

import pytest

from pos.server.public.jsonld import dumps
from pos.server.public.render import money, qty
from pos.server.public.words import LANGS, WORDS, choose_lang, word


def test_every_word_in_four_languages() -> None:
    for key, texts in WORDS.items():
        assert len(texts) == len(LANGS) == 4, key
        assert all(t.strip() for t in texts), key
        fields = [set(re.findall(r"\{(\w+)\}", t)) for t in texts]
        assert all(f == fields[0] for f in fields), key  # the same placeholders in every language
    assert word("stars_value", "ko", n=4) == "4성"


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ("en", "ko", "en"),
        ("ZH-cn", None, "zh"),
        ("xx", "ko-KR,ko;q=0.9,en;q=0.8", "ko"),
        (None, "fr-FR,en;q=0.5,vi;q=0.9", "vi"),
        (None, "fr, de", "vi"),
        (None, "en;q=abc, zh;q=0.2", "zh"),
        (None, None, "vi"),
        (None, "," * 5000, "vi"),
    ],
)
def test_choose_lang(query: str | None, header: str | None, expected: str) -> None:
    assert choose_lang(query, header) == expected


def test_formats_and_safe_json() -> None:
    assert money(1950000) == "1.950.000 ₫"
    assert qty(24000) == "24" and qty(1500) == "1,5"
    text = dumps({"name": "</script><script>alert(1)</script>", "a": "&"})
    assert "<" not in text and ">" not in text and "&" not in text
