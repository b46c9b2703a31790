"""Previews: raster previews are the printed bitmap; text previews are drawn from the decoded bytes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pos.receipts.layout import PAPER
from pos.receipts.preview import preview_png
from pos.receipts.raster import GlyphAtlas, paint
from pos.receipts.rows import TextRow
from pos.receipts.samples import sample_sale
from pos.receipts.vietnamese import VIETNAMESE_LETTERS


@pytest.mark.parametrize("width_mm", [58, 80])
@pytest.mark.parametrize("mode", ["raster", "tcvn3", "cp1258"])
def test_preview_is_as_wide_as_the_paper_and_saves_as_png(width_mm: int, mode: str, tmp_path: Path) -> None:
    image = preview_png(sample_sale(lines=6), width_mm, mode)
    assert image.mode == "1"
    assert image.size[0] == PAPER[width_mm][1]
    assert image.size[1] > 1000
    path = tmp_path / f"receipt-{width_mm}-{mode}.png"
    image.save(path)
    with Image.open(path) as reread:
        assert np.array_equal(np.asarray(reread.convert("1")), np.asarray(image))


def test_text_preview_shows_what_the_code_page_can_print() -> None:
    doc = sample_sale(lines=3)
    raster = np.asarray(preview_png(doc, 80, "raster"))
    tcvn3 = np.asarray(preview_png(doc, 80, "tcvn3"))
    # Same layout grid, but ★★★★ becomes "OCOP 4*" and ₫ becomes đ: the pictures differ.
    assert raster.shape[1] == tcvn3.shape[1]
    assert not np.array_equal(raster[: min(len(raster), len(tcvn3))], tcvn3[: min(len(raster), len(tcvn3))])


@pytest.mark.parametrize("bold", [False, True])
def test_letters_in_the_last_column_are_never_cut(bold: bool) -> None:
    """ư and ơ have horns reaching past their 12-dot cell; at the paper edge they must still print whole."""
    for ch in [*VIETNAMESE_LETTERS, *"WMm@₫★"]:
        alone = paint([TextRow(ch, bold=bold)], 384)
        at_edge = paint([TextRow(" " * 31 + ch, bold=bold)], 384)
        assert at_edge.sum() == alone.sum(), ch
        assert at_edge[:, :360].sum() == 0  # and it really is in the last column


def test_stacked_marks_never_touch_the_row_above() -> None:
    """Every row keeps a blank dot row at its top and bottom, however high its marks or low its descenders,
    and stacking rows is plain concatenation, so marks can never touch the row above."""
    rows = [
        TextRow("gjpqyỵỹ" * 4),
        TextRow("ẨẪỄỖỂỔẮẲ" * 4),
        TextRow("ẩẫễỗểổ" * 5, bold=True),
        TextRow("ẨỄ ỵ", bold=True, tall=True),
        TextRow("ẨỄ ỵ", bold=True, tall=True, wide=True),
    ]
    solo = [paint([row], 384) for row in rows]
    for row, ink in zip(rows, solo, strict=True):
        assert ink.any(), row
        assert not ink[0].any() and not ink[-1].any(), row
    assert np.array_equal(paint(rows, 384), np.vstack(solo))
    plain = paint([TextRow("abc")], 384)
    assert solo[1].shape[0] > plain.shape[0]  # the row with stacked capitals grew instead of colliding


def test_glyph_atlas_fills_safely_from_several_threads() -> None:
    """The print queue and a preview may paint at once: a shared atlas must give every thread the right cells."""
    letters = "".join(VIETNAMESE_LETTERS)
    texts = [letters, letters[::-1], letters[1::2] + letters[::2], letters[::3] * 2]
    shared = GlyphAtlas(bold=True, variant="normal")
    with ThreadPoolExecutor(max_workers=4) as pool:
        strips = list(pool.map(lambda text: shared.strip(shared.indices(text)), texts))
    for text, strip in zip(texts, strips, strict=True):
        alone = GlyphAtlas(bold=True, variant="normal")
        assert np.array_equal(strip, alone.strip(alone.indices(text)))
