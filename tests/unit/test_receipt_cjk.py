"""Chinese and Korean on receipts: labels from the translation files, glyphs from Debian's Noto CJK (which the tests
need: without fonts-noto-cjk they fail), two printer columns per wide character, and text modes that hand a CJK
receipt over to raster rather than print ``_``."""

from __future__ import annotations

import numpy as np
import pytest

from pos.receipts import fonts
from pos.receipts.decode import raster_from_stream
from pos.receipts.document import PaymentRow, ReceiptDoc, ReceiptLine, as_lang
from pos.receipts.formatting import wrap
from pos.receipts.layout import compose_rows, mode_for, raster_ink, render
from pos.receipts.preview import preview_png
from pos.receipts.rows import TextRow
from pos.receipts.vietnamese import PLACEHOLDER, WIDE_FILLER, clean_text
from pos.receipts.wording import _WORDS, word
from pos.translations import CUSTOMER_LANGUAGES, TRANSLATED_LANGUAGES, has_translation, translate


def _doc(lang: str, name: str = "下龙湾鱿鱼饼（500克）") -> ReceiptDoc:
    return ReceiptDoc(
        kind="sale",
        shop_name="Trung tâm OCOP Quảng Ninh",
        lang=as_lang(lang),
        receipt_no="T01-000007",
        cashier="Nguyễn Thị Lan",
        lines=(ReceiptLine(name, "2", 195_000, 390_000, stars=4),),
        subtotal=390_000,
        total=390_000,
        payments=(PaymentRow(word("method.cash", lang), 500_000),),
        change=110_000,
    )


def _text(rows: list[object]) -> str:
    return "\n".join(r.text for r in rows if isinstance(r, TextRow))


def test_the_cjk_font_is_installed() -> None:
    """fonts-noto-cjk is part of ./tasks setup: a till (and CI) without it fails here, not quietly later."""
    assert fonts.cjk_available(), "install Debian's fonts-noto-cjk (./tasks setup does)"
    assert fonts.face_for("合") == fonts.face_for("한") == "cjk"
    assert fonts.face_for("ả") == "text" and fonts.face_for("★") == "symbol"


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_receipt_label_is_translated(lang: str) -> None:
    for key, (_vi, en) in _WORDS.items():
        assert has_translation(lang, en), f"{lang}: {key} ({en!r})"
        assert word(key, lang) != en or en.isdigit(), key
    assert CUSTOMER_LANGUAGES == ("vi", "en", "zh", "ko")


def test_labels_read_in_the_customers_language() -> None:
    assert [word("total.sale", lang) for lang in CUSTOMER_LANGUAGES] == ["TỔNG CỘNG", "TOTAL", "合计", "합계"]
    assert word("vat_rate", "zh", rate=8) == "增值税 8%" and word("vat_rate", "ko", rate=8) == "부가세 8%"
    assert translate("ko", "No such string") == "No such string"  # English for what has no translation


@pytest.mark.parametrize("lang", ["zh", "ko"])
def test_raster_draws_cjk_two_columns_a_character_and_never_a_placeholder(lang: str) -> None:
    doc = _doc(lang, "하롱 오징어 어묵 500g" if lang == "ko" else "下龙湾鱿鱼饼（500克）")
    rows = compose_rows(doc, width_mm=58, mode="raster")
    text = _text(rows)
    assert PLACEHOLDER not in text
    assert word("title.sale", lang) in text.replace(WIDE_FILLER, "")
    for row in rows:
        if isinstance(row, TextRow):
            columns = len(row.text) * (2 if row.wide else 1)
            assert columns <= 32, row.text
            # a wide character is always followed by its second column
            for i, ch in enumerate(row.text):
                if fonts.is_wide(ch):
                    assert row.text[i + 1] == WIDE_FILLER
    ink = raster_ink(doc, width_mm=58)
    assert ink.shape[1] == 384 and ink.any()
    image = raster_from_stream(render(doc, width_mm=58, mode="raster"))
    assert image.tobytes() == preview_png(doc, 58, "raster").tobytes()


def test_a_wide_character_fills_its_two_columns_and_leaves_the_next_free() -> None:
    from pos.receipts.raster import paint

    one = paint([TextRow(clean_text("中", fonts.can_print) + "A")], 384)
    cols = np.flatnonzero(one.any(axis=0))
    assert cols.min() < 12 and cols.max() > 12  # 中 reaches into the second column…
    glyph = np.flatnonzero(one[:, :24].any(axis=0))
    latin = np.flatnonzero(one[:, 24:36].any(axis=0))
    assert glyph.max() < 24 and latin.size  # …and the A after it is in the third, untouched


@pytest.mark.parametrize("mode", ["tcvn3", "cp1258"])
def test_text_modes_hand_a_cjk_receipt_to_raster(mode: str) -> None:
    doc = _doc("zh")
    assert mode_for(doc, mode, 80) == "raster"
    assert render(doc, width_mm=80, mode=mode) == render(doc, width_mm=80, mode="raster")
    assert preview_png(doc, 80, mode).tobytes() == preview_png(doc, 80, "raster").tobytes()
    vietnamese = _doc("vi", "Chả mực Hạ Long hộp 500 g")
    assert mode_for(vietnamese, mode, 80) == mode  # a Vietnamese receipt keeps the printer's mode


def test_a_chinese_name_only_on_a_vietnamese_receipt_also_goes_raster() -> None:
    assert mode_for(_doc("vi"), "tcvn3", 58) == "raster"


def test_wrapping_never_splits_a_wide_character() -> None:
    cleaned = clean_text("下龙湾鱿鱼饼下龙湾鱿鱼饼下龙湾鱿鱼饼", fonts.can_print)
    assert len(cleaned) == 36
    rows = wrap(cleaned, 7)
    assert all(not row.startswith(WIDE_FILLER) and row[-1] == WIDE_FILLER for row in rows)
    assert "".join(rows) == cleaned
    assert clean_text(cleaned, fonts.can_print) == cleaned  # cleaning twice changes nothing


def test_a_target_without_the_script_prints_the_layouts_labels_in_english() -> None:
    """The layout's own labels; what the document already holds in Korean (its payment labels) cannot be helped."""
    from dataclasses import replace

    from pos.receipts.compose import Target, compose

    latin = Target(columns=32, dots=384, can_print=lambda ch: ch.isascii())
    doc = replace(_doc("ko", "Cha muc"), payments=(PaymentRow("Cash", 500_000),))
    text = _text(compose(doc, latin))  # type: ignore[arg-type]
    assert "PAYMENT SLIP" in text and "TOTAL" in text and "Change" in text and "_" not in text
