"""The printer test page: the same Vietnamese sample in every mode, so a shop can see which one its printer
gets right.

Each mode's page is labelled with the mode and the ESC t numbers it used. In the right mode every mark in the
sample sentence and alphabet prints in place; in a wrong one the printer shows other letters, boxes or
Chinese characters. Raster always works but is slower on old serial printers; a text mode that prints
correctly is the lighter choice.
"""

from __future__ import annotations

from datetime import datetime

from pos.receipts import cp1258, tcvn3
from pos.receipts.document import ReceiptDoc, ReceiptLine, ReportRow, ReportSection
from pos.receipts.layout import MODES, paper, render
from pos.receipts.vietnamese import VIETNAMESE_LETTERS

PANGRAM = (
    "Cửa hàng OCOP Quảng Ninh: Chả mực Hạ Long, Rượu ba kích Ba Chẽ, Trà hoa vàng, Sá sùng Vân Đồn — "
    "ĂÂÊÔƠƯĐ ăâêôơưđ áàảãạ ấầẩẫậ ắằẳẵặ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ýỳỷỹỵ"
)

_MODE_NAMES = {
    "raster": ("Ảnh (raster, GS v 0)", "Image (raster, GS v 0)"),
    "tcvn3": ("TCVN3 (ESC t {lower}/{upper})", "TCVN3 (ESC t {lower}/{upper})"),
    "cp1258": ("Windows-1258 (ESC t {page})", "Windows-1258 (ESC t {page})"),
}


def test_page_doc(
    width_mm: int,
    mode: str,
    *,
    shop_name: str = "OCOP Quảng Ninh",
    lang: str = "vi",
    printed_at: datetime | None = None,
    cp1258_page: int = cp1258.EPSON_PAGE,
    tcvn3_pages: tuple[int, int] = (tcvn3.LOWER_PAGE, tcvn3.UPPER_PAGE),
) -> ReceiptDoc:
    """The test page document for one mode (labelled with that mode)."""
    columns, dots = paper(width_mm)
    vi = lang == "vi"
    name = _MODE_NAMES[mode][0 if vi else 1].format(
        lower=tcvn3_pages[0], upper=tcvn3_pages[1], page=cp1258_page
    )
    lower = "".join(ch for ch in VIETNAMESE_LETTERS if ch.islower())
    upper = "".join(ch for ch in VIETNAMESE_LETTERS if ch.isupper())
    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    line = ReceiptLine("Chả mực Hạ Long loại đặc biệt", "2", 150_000, 300_000, stars=4, discount=20_000)
    mode_label = "Chế độ" if vi else "Mode"
    paper_label = "cột" if vi else "columns"
    dots_label = "điểm" if vi else "dots"
    return ReceiptDoc(
        kind="test",
        lang="vi" if vi else "en",
        shop_name=shop_name,
        printed_at=printed_at,
        note=f"{mode_label}: {name}\n{width_mm} mm: {columns} {paper_label}, {dots} {dots_label}",
        lines=(line,),
        subtotal=line.net,
        total=line.net,
        sections=(
            ReportSection("Câu mẫu" if vi else "Sample", (ReportRow(PANGRAM),)),
            ReportSection("Bảng chữ" if vi else "Alphabet", (ReportRow(lower), ReportRow(upper))),
            ReportSection("Thước cột" if vi else "Column ruler", (ReportRow(ruler),)),
            ReportSection(
                None,
                (
                    ReportRow(
                        "Chọn chế độ in mà mọi dấu ở trên đều đúng chỗ."
                        if vi
                        else "Choose the mode in which every mark above prints in place."
                    ),
                ),
            ),
        ),
        barcode="TEST-0001",
        trace_qr="https://ocop.example.vn/truy-xuat/TEST-0001",
        footer="Kết thúc trang in thử" if vi else "End of test page",
    )


def test_page(
    width_mm: int,
    *,
    lang: str = "vi",
    printed_at: datetime | None = None,
    cp1258_page: int = cp1258.EPSON_PAGE,
    tcvn3_pages: tuple[int, int] = (tcvn3.LOWER_PAGE, tcvn3.UPPER_PAGE),
) -> dict[str, bytes]:
    """ESC/POS bytes of the test page for every mode: ``{"raster": ..., "tcvn3": ..., "cp1258": ...}``."""
    pages: dict[str, bytes] = {}
    for mode in MODES:
        doc = test_page_doc(
            width_mm, mode, lang=lang, printed_at=printed_at, cp1258_page=cp1258_page, tcvn3_pages=tcvn3_pages
        )
        pages[mode] = render(
            doc, width_mm=width_mm, mode=mode, cp1258_page=cp1258_page, tcvn3_pages=tcvn3_pages
        )
    return pages


# Not pytest tests, despite the names.
test_page.__test__ = False  # type: ignore[attr-defined]
test_page_doc.__test__ = False  # type: ignore[attr-defined]
