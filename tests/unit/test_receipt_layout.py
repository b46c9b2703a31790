"""Receipt documents → ESC/POS bytes, decoded back and checked like a reader of the paper would."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest
from pyzbar import pyzbar

from pos.errors import BarcodeError, ConfigError
from pos.receipts.decode import (
    decode_cp1258_stream,
    decode_tcvn3_stream,
    parse,
    raster_from_stream,
    rows_from_stream,
)
from pos.receipts.document import PaymentRow, ReceiptDoc, ReceiptLine, ShelfLabel, VatRow
from pos.receipts.escpos_bytes import cut_bytes, init_bytes, text_mode_setup_bytes
from pos.receipts.formatting import format_money, key_value, wrap
from pos.receipts.layout import PAPER, compose_rows, render
from pos.receipts.preview import preview_png
from pos.receipts.rows import RuleRow, TextRow
from pos.receipts.samples import PRODUCTS, sample_label, sample_return, sample_sale, sample_x_report

TEXT_MODES = ("tcvn3", "cp1258")
WIDTHS = (58, 80)


def decode(data: bytes, mode: str) -> str:
    return decode_tcvn3_stream(data) if mode == "tcvn3" else decode_cp1258_stream(data)


def flat(text: str) -> str:
    """Whitespace collapsed: wrapped names read back as one string."""
    return " ".join(text.split())


def bytes_with_text_only(data: bytes) -> bytes:
    """The printable text bytes of a stream (no command parameters, no image data)."""
    return b"".join(c.args for c in parse(data) if c.kind == "text")


# ---------------------------------------------------------------- formatting


def test_money_is_grouped_with_dots() -> None:
    assert format_money(150_000) == "150.000"
    assert format_money(1_234_567, "₫") == "1.234.567₫"
    assert format_money(-20_000, "đ") == "-20.000đ"
    assert format_money(0) == "0"
    with pytest.raises(TypeError):
        format_money(1.5)  # type: ignore[arg-type]


def test_wrap_never_cuts_a_word_that_fits_a_row() -> None:
    assert wrap("Chả mực Hạ Long loại đặc biệt", 12) == ["Chả mực Hạ", "Long loại", "đặc biệt"]
    assert wrap("abcdefghijklmnop x", 6) == ["abcdef", "ghijkl", "mnop x"]  # only an over-long word splits
    assert wrap("  a   b  ", 5) == ["a b"]
    assert wrap("", 5) == []
    assert wrap("Mật ong hũ thủy tinh 1 lít", 22) == ["Mật ong hũ thủy tinh", "1 lít"]
    assert wrap("túi 500 g", 5) == ["túi", "500 g"]
    assert wrap("500 ml", 4) == ["500", "ml"]


def test_key_value_puts_the_value_flush_right() -> None:
    assert key_value("Tiền mặt", "500.000₫", 20) == ["Tiền mặt    500.000₫"]
    assert key_value("Chuyển khoản VietQR qua NH", "1.500.000₫", 20) == [
        "Chuyển khoản VietQR",
        "qua NH    1.500.000₫",
    ]
    rows = key_value("Chuyển khoản VietQR qua ngân hàng", "1.500.000₫", 20)
    assert rows == ["Chuyển khoản VietQR", "qua ngân hàng", "          1.500.000₫"]
    assert key_value("Mười chín ký tự dài", "123.456.789₫", 20) == [
        "Mười chín ký tự dài",
        "        123.456.789₫",
    ]


# ---------------------------------------------------------------- text modes


@pytest.mark.parametrize("width_mm", WIDTHS)
@pytest.mark.parametrize("mode", TEXT_MODES)
def test_text_modes_read_back_as_the_exact_vietnamese_receipt(width_mm: int, mode: str) -> None:
    doc = sample_sale(lines=len(PRODUCTS))
    data = render(doc, width_mm=width_mm, mode=mode)
    text = decode(data, mode)
    body = flat(text)
    for line in doc.lines:
        assert line.name.replace("—", "-") in body, line.name
        assert f"{line.qty_text} x {format_money(line.unit_price)}" in text
        assert format_money(line.amount) in text
    for expected in (
        "Cửa hàng OCOP Quảng Ninh",
        "PHIẾU THANH TOÁN",
        "MST: 5701234567",
        "Quầy 01",
        "HL01-000042",
        "15/01/2024 14:35",
        "Nguyễn Thị Ánh",
        "Mặt hàng",
        "Giảm giá",
        "Tổng tiền hàng",
        "Chiết khấu",
        "TỔNG CỘNG",
        "Thuế GTGT 8%",
        "Thuế GTGT 10%",
        "Chuyển khoản VietQR",
        "Mã GD: FT24015912345678",
        "Tiền thừa trả khách",
        "Tra cứu nguồn gốc sản phẩm OCOP",
        "Cảm ơn quý khách! Hẹn gặp lại.",
        "Đổi trả trong 7 ngày kèm hóa đơn.",
        "OCOP 4*",
    ):
        assert expected in body, expected
    currency = "₫" if mode == "cp1258" else "đ"
    assert format_money(doc.total, currency) in text
    assert format_money(doc.change, currency) in text
    assert "★" not in text
    assert b"?" not in bytes_with_text_only(data)


@pytest.mark.parametrize("width_mm", WIDTHS)
@pytest.mark.parametrize("mode", TEXT_MODES)
def test_text_rows_never_exceed_the_paper_columns(width_mm: int, mode: str) -> None:
    columns = PAPER[width_mm][0]
    for doc in (sample_sale(lines=30), sample_return(), sample_x_report(), sample_label()):
        rows = rows_from_stream(render(doc, width_mm=width_mm, mode=mode), mode)  # type: ignore[arg-type]
        text_rows = [row for row in rows if isinstance(row, TextRow)]
        assert text_rows
        for row in text_rows:
            assert row.columns <= columns, (row.text, row.columns)
        assert any(row.wide for row in text_rows)  # the shop name / total are double size


def test_stream_starts_with_init_and_leaves_chinese_mode_and_ends_with_a_cut() -> None:
    data = render(sample_sale(), width_mm=58, mode="tcvn3")
    assert data.startswith(init_bytes() + text_mode_setup_bytes())
    assert data.endswith(cut_bytes())
    raster = render(sample_sale(), width_mm=58, mode="raster")
    assert raster.startswith(init_bytes() + b"\x1dv0") and raster.endswith(cut_bytes())
    assert not render(sample_sale(), width_mm=58, mode="raster", cut=False).endswith(cut_bytes())


def test_cp1258_uses_the_configured_page() -> None:
    data = render(sample_sale(), width_mm=80, mode="cp1258", cp1258_page=27)
    pages = {c.args[0] for c in parse(data) if c.name == b"\x1bt"}
    assert pages == {27}
    assert "Quảng Ninh" in decode_cp1258_stream(data, page=27)
    with pytest.raises(ValueError, match="without ESC t 52"):
        decode_cp1258_stream(data)


def test_tcvn3_switches_pages_sparingly() -> None:
    data = render(sample_sale(lines=30), width_mm=80, mode="tcvn3")
    switches = [c.args[0] for c in parse(data) if c.name == b"\x1bt"]
    assert set(switches) == {30, 31}
    assert all(a != b for a, b in itertools.pairwise(switches))  # never a redundant switch
    letters = sum(1 for ch in decode_tcvn3_stream(data) if ord(ch) > 127)
    assert len(switches) < letters / 4


def test_stars_print_as_glyphs_in_raster_and_as_ocop_n_in_text_modes() -> None:
    doc = sample_sale(lines=3)
    raster_text = "\n".join(
        r.text for r in compose_rows(doc, width_mm=80, mode="raster") if isinstance(r, TextRow)
    )
    assert "★★★★" in raster_text and "OCOP 4*" not in raster_text
    assert "★★★★★" in raster_text  # the 5-star tea
    text = decode_tcvn3_stream(render(doc, width_mm=80, mode="tcvn3"))
    assert "OCOP 5*" in text and "★" not in text


def test_copies_carry_the_banner_top_and_bottom() -> None:
    for width_mm in WIDTHS:
        for mode in TEXT_MODES:
            copy = decode(render(sample_sale(is_copy=True), width_mm=width_mm, mode=mode), mode)
            original = decode(render(sample_sale(), width_mm=width_mm, mode=mode), mode)
            assert copy.count("BẢN SAO / COPY") == 2
            assert "BẢN SAO" not in original
        copy_image = preview_png(sample_sale(is_copy=True), width_mm, "raster")
        original_image = preview_png(sample_sale(), width_mm, "raster")
        assert copy_image.size[1] > original_image.size[1]
    rows = compose_rows(sample_sale(is_copy=True), width_mm=80, mode="raster")
    assert sum("BẢN SAO / COPY" in r.text for r in rows if isinstance(r, TextRow)) == 2


def test_english_receipt_uses_english_labels() -> None:
    text = decode_cp1258_stream(render(sample_sale(lang="en"), width_mm=80, mode="cp1258"))
    for expected in (
        "PAYMENT SLIP",
        "Tax code: 5701234567",
        "Receipt no.:",
        "Cashier:",
        "TOTAL",
        "Change",
        "VAT 8%",
    ):
        assert expected in flat(text), expected
    assert "Thu ngân" not in text


def test_return_receipt_shows_refunds_and_the_original_receipt() -> None:
    doc = sample_return()
    for mode in TEXT_MODES:
        text = decode(render(doc, width_mm=58, mode=mode), mode)
        for expected in (
            "PHIẾU TRẢ HÀNG",
            "HĐ gốc:",
            "R/HL01/42",
            "Tiền hoàn",
            "TỔNG HOÀN TRẢ",
            "Hoàn tiền qua:",
            "Hoàn về thẻ",
            "Mã GD: Mã chuẩn chi 482913",
            "Lý do: hộp quà bị móp khi vận chuyển",
        ):
            assert expected in flat(text), expected
        assert "Trà hoa vàng Ba Chẽ hộp quà tặng cao cấp" in flat(text)


def test_x_report_prints_titled_sections() -> None:
    doc = sample_x_report()
    text = decode_tcvn3_stream(render(doc, width_mm=58, mode="tcvn3"))
    for expected in (
        "BÁO CÁO X - GIỮA CA",
        "Doanh thu",
        "Số hóa đơn 42",
        "12.345.000đ",
        "-10.000đ",
        "Két tiền",
    ):
        assert expected in flat(text), expected
    assert "Ghi chú: thiếu 10.000đ do đổi tiền lẻ cho khách." in flat(text)
    assert "Số:" in text and "X-0012" in text


def test_shelf_label_renders_name_price_stars_and_a_scannable_ean() -> None:
    doc = sample_label()
    text = decode_cp1258_stream(render(doc, width_mm=58, mode="cp1258"))
    assert "Trà hoa vàng Ba Chẽ hộp quà tặng" in flat(text)
    assert "350.000₫" in text and "OCOP 4*" in text and "Xuất xứ: Ba Chẽ, Quảng Ninh" in text
    image = preview_png(doc, 58, "raster")
    found = {(s.type, s.data.decode()) for s in pyzbar.decode(image.convert("L"))}
    assert ("EAN13", "8936012345674") in found


def test_shelf_label_with_a_wrong_check_digit_is_refused() -> None:
    bad = replace(sample_label(), label=ShelfLabel("Trà", 1000, barcode="8936012345678"))
    with pytest.raises(BarcodeError):
        render(bad, width_mm=80, mode="raster")


@pytest.mark.parametrize("mode", ["raster", *TEXT_MODES])
def test_receipt_barcode_and_qr_scan(mode: str) -> None:
    doc = sample_sale(lines=2)
    image = preview_png(doc, 58, mode).convert("L")
    found = {(s.type, s.data.decode()) for s in pyzbar.decode(image)}
    assert ("CODE128", doc.barcode) in found
    assert ("QRCODE", doc.trace_qr) in found


def test_too_long_receipt_barcode_still_prints_the_number() -> None:
    doc = replace(sample_sale(lines=1), barcode="R/" + "X" * 60)
    text = decode_tcvn3_stream(render(doc, width_mm=58, mode="tcvn3"))
    assert "R/" + "X" * 30 in text  # wrapped as text; the symbol itself does not fit 384 dots


# ---------------------------------------------------------------- raster mode


@pytest.mark.parametrize("width_mm", WIDTHS)
def test_raster_stream_is_exactly_the_preview_bitmap(width_mm: int) -> None:
    doc = sample_sale(lines=12, is_copy=True)
    data = render(doc, width_mm=width_mm, mode="raster")
    image = raster_from_stream(data)
    preview = preview_png(doc, width_mm, "raster")
    assert image.size == preview.size
    assert image.size[0] == PAPER[width_mm][1]
    assert np.array_equal(np.asarray(image), np.asarray(preview))
    assert not np.asarray(image).all()  # something is printed


def test_raster_bands_are_small_and_configurable() -> None:
    doc = sample_sale(lines=10)
    for band_rows, limit in ((255, 255), (64, 64)):
        data = render(doc, width_mm=80, mode="raster", band_rows=band_rows)
        bands = [c for c in parse(data) if c.kind == "raster"]
        assert len(bands) > 3
        assert all(c.rows <= limit and c.width_bytes == 72 for c in bands)
    a = raster_from_stream(render(doc, width_mm=80, mode="raster", band_rows=64))
    b = raster_from_stream(render(doc, width_mm=80, mode="raster"))
    assert np.array_equal(np.asarray(a), np.asarray(b))


def test_raster_has_no_text_bytes_so_the_code_page_cannot_matter() -> None:
    data = render(sample_sale(), width_mm=58, mode="raster")
    assert not [c for c in parse(data) if c.kind in ("text", "lf")]


def test_raster_rows_grow_for_stacked_capital_marks() -> None:
    plain = ReceiptDoc(kind="report", shop_name="", title="", note="abc")
    tall = ReceiptDoc(kind="report", shop_name="", title="", note="ẨỄỖ")
    assert preview_png(tall, 58).size[1] > preview_png(plain, 58).size[1]


def test_render_is_deterministic() -> None:
    doc = sample_sale(lines=5)
    for mode in ("raster", *TEXT_MODES):
        assert render(doc, width_mm=58, mode=mode) == render(doc, width_mm=58, mode=mode)


# ---------------------------------------------------------------- documents and settings


def test_bad_paper_or_mode_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        render(sample_sale(), width_mm=76, mode="raster")
    with pytest.raises(ConfigError):
        render(sample_sale(), width_mm=80, mode="utf8")
    with pytest.raises(ConfigError):
        render(sample_sale(), width_mm=80, mode="raster", band_rows=300)


def test_documents_refuse_numbers_that_do_not_add_up() -> None:
    good = sample_sale(lines=2)
    with pytest.raises(ValueError, match="subtotal"):
        replace(good, subtotal=good.subtotal + 1)
    with pytest.raises(ValueError, match="total"):
        replace(good, total=good.total - 1)
    with pytest.raises(ValueError, match="payments"):
        replace(good, change=good.change + 1000)
    with pytest.raises(ValueError, match="VAT"):
        replace(good, vat=(VatRow(8, 1000, 74, 926),))
    with pytest.raises(TypeError):
        ReceiptLine("Trà", "1", 1000.0, 1000)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ReceiptLine("Trà", "1", 1000, 1000, stars=6)
    with pytest.raises(ValueError):
        ReceiptDoc(kind="label", shop_name="x")
    with pytest.raises(ValueError):
        ReceiptDoc(kind="invoice", shop_name="x")  # type: ignore[arg-type]


def test_minimal_sale_without_optional_blocks() -> None:
    doc = ReceiptDoc(
        kind="sale",
        shop_name="Quầy OCOP",
        printed_at=datetime(2024, 3, 9, 7, 5),
        lines=(ReceiptLine("Bánh gio", "1", 15_000, 15_000),),
        subtotal=15_000,
        total=15_000,
        payments=(PaymentRow("Tiền mặt", 15_000),),
    )
    text = decode_tcvn3_stream(render(doc, width_mm=58, mode="tcvn3"))
    assert "09/03/2024 07:05" in text and "Bánh gio" in text and "15.000đ" in text
    assert "Chiết khấu" not in text and "Tiền thừa" not in text and "GTGT" not in text


@pytest.mark.parametrize("width_mm", WIDTHS)
@pytest.mark.parametrize("mode", TEXT_MODES)
def test_decoded_text_is_row_for_row_what_the_layout_composed(width_mm: int, mode: str) -> None:
    columns = PAPER[width_mm][0]
    for doc in (
        sample_sale(lines=len(PRODUCTS), is_copy=True),
        sample_return(),
        sample_x_report(),
        sample_label(),
    ):
        expected = []
        for row in compose_rows(doc, width_mm=width_mm, mode=mode):
            if isinstance(row, TextRow):
                expected.append(row.text)
            elif isinstance(row, RuleRow):
                expected.append(("=" if row.double else "-") * columns)
        assert decode(render(doc, width_mm=width_mm, mode=mode), mode).split("\n") == expected
