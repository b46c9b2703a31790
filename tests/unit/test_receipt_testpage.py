"""The printer test page: the same Vietnamese sample in every mode, labelled with the mode."""

from __future__ import annotations

import numpy as np
import pytest

from pos.receipts.decode import decode_cp1258_stream, decode_tcvn3_stream, parse, raster_from_stream
from pos.receipts.layout import PAPER
from pos.receipts.preview import preview_png
from pos.receipts.testpage import PANGRAM, test_page, test_page_doc
from pos.receipts.vietnamese import VIETNAMESE_LETTERS


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("width_mm", [58, 80])
def test_every_mode_prints_the_pangram_and_names_itself(width_mm: int) -> None:
    pages = test_page(width_mm)
    assert set(pages) == {"raster", "tcvn3", "cp1258"}
    texts = {"tcvn3": decode_tcvn3_stream(pages["tcvn3"]), "cp1258": decode_cp1258_stream(pages["cp1258"])}
    for mode, text in texts.items():
        # The em dash is the one character neither code page has: it prints as "-".
        assert PANGRAM.replace("—", "-") in flat(text), mode
        assert "TRANG IN THỬ" in text
        for letter in VIETNAMESE_LETTERS:
            assert letter in text, (mode, letter)
        ruler = "".join(str(i % 10) for i in range(1, PAPER[width_mm][0] + 1))
        assert ruler in text.split("\n")
        printed = b"".join(c.args for c in parse(pages[mode]) if c.kind == "text")
        assert b"?" not in printed
    assert "TCVN3 (ESC t 30/31)" in texts["tcvn3"]
    assert "Windows-1258 (ESC t 52)" in texts["cp1258"]
    assert raster_from_stream(pages["raster"]).size[0] == PAPER[width_mm][1]


def test_raster_test_page_is_its_preview() -> None:
    page = test_page(80)["raster"]
    preview = preview_png(test_page_doc(80, "raster"), 80, "raster")
    assert np.array_equal(np.asarray(raster_from_stream(page)), np.asarray(preview))


def test_test_page_names_custom_code_pages_and_english() -> None:
    doc = test_page_doc(58, "cp1258", lang="en", cp1258_page=94)
    assert "Windows-1258 (ESC t 94)" in doc.note
    assert doc.lang == "en"
