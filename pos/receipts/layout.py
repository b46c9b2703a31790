"""``render``: a receipt document → the ESC/POS bytes for one printer, as a pure function.

Three ways to get Vietnamese onto thermal paper, chosen per printer:

* ``raster`` (default) — the whole receipt is drawn with the bundled TTF into a bitmap exactly as wide as the
  paper and sent as GS v 0 bands. Works on every ESC/POS printer, prints every letter, looks the same
  everywhere. Costs more bytes and a little CPU.
* ``tcvn3`` — text in TCVN3 on the printer's code pages 30 (lower case) / 31 (capitals), switching with ESC t
  only where needed. Fast and small, for printers that carry those pages (most Epson and Epson-compatible
  models sold in Vietnam).
* ``cp1258`` — text in Windows-1258 with tone marks sent as combining bytes, ESC t 52 on Epson.

A receipt with characters a text mode has no code for and no readable stand-in (Chinese, Korean: a tourist's
receipt) is printed in raster mode whatever the printer's mode (:func:`mode_for`): the printer draws what it is
sent, so a text mode would print ``_`` where the customer's words belong.

Barcodes and QR codes are bitmaps in every mode. Nothing here touches a device: the print queue sends the
bytes. The bytes are collected with python-escpos's ``Dummy`` printer, so the output is exactly what a
python-escpos connection would send.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
import numpy.typing as npt
from escpos.printer import Dummy

from pos.errors import ConfigError
from pos.receipts import cp1258, fonts, tcvn3
from pos.receipts.compose import Target, compose
from pos.receipts.document import ReceiptDoc
from pos.receipts.escpos_bytes import (
    ESC,
    LF,
    MAX_BAND_ROWS,
    cut_bytes,
    init_bytes,
    raster_bands_bytes,
    style_bytes,
    text_mode_setup_bytes,
)
from pos.receipts.raster import paint
from pos.receipts.rows import GapRow, ImageRow, Row, RuleRow, TextRow
from pos.receipts.vietnamese import needs_placeholder

Mode = Literal["raster", "tcvn3", "cp1258"]
MODES: tuple[str, ...] = get_args(Mode)

#: Paper width in mm -> (text columns, printable dots) at 203 dpi with the printers' 12-dot font A.
PAPER: dict[int, tuple[int, int]] = {58: (32, 384), 80: (48, 576)}


def paper(width_mm: int) -> tuple[int, int]:
    """(columns, dots) for a supported paper width."""
    try:
        return PAPER[width_mm]
    except KeyError:
        raise ConfigError(
            f"Khổ giấy {width_mm} mm không được hỗ trợ (chỉ 58 hoặc 80 mm)",
            f"Unsupported paper width {width_mm} mm (58 or 80 only)",
        ) from None


def check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ConfigError(
            f"Chế độ in không hợp lệ: {mode!r} (raster, tcvn3 hoặc cp1258)",
            f"Unknown print mode {mode!r} (raster, tcvn3 or cp1258)",
        )


def target_for(width_mm: int, mode: str) -> Target:
    """The paper and character repertoire of ``mode`` on ``width_mm`` paper."""
    check_mode(mode)
    columns, dots = paper(width_mm)
    can_print = {"raster": fonts.can_print, "tcvn3": tcvn3.can_print, "cp1258": cp1258.can_print}[mode]
    return Target(columns=columns, dots=dots, can_print=can_print)


def mode_for(doc: ReceiptDoc, mode: str, width_mm: int = 80) -> str:
    """The mode ``doc`` is printed in on a printer set to ``mode``: raster when a text mode would have to print a
    placeholder for a character raster mode draws (CJK), else ``mode`` itself."""
    check_mode(mode)
    if mode == "raster":
        return mode
    can_print = target_for(width_mm, mode).can_print
    for row in compose_rows(doc, width_mm=width_mm, mode="raster"):
        if isinstance(row, TextRow) and not row.text.isascii():
            for ch in row.text:
                if not can_print(ch) and fonts.can_print(ch) and needs_placeholder(ch, can_print):
                    return "raster"
    return mode


def compose_rows(doc: ReceiptDoc, *, width_mm: int, mode: str = "raster") -> list[Row]:
    """The laid-out rows of ``doc`` for ``mode`` (what :func:`render` encodes)."""
    return compose(doc, target_for(width_mm, mode))


def raster_ink(doc: ReceiptDoc, *, width_mm: int) -> npt.NDArray[np.bool_]:
    """The raster-mode bitmap of ``doc`` (True = black dot), exactly as it is sent to the printer."""
    _, dots = paper(width_mm)
    return paint(compose_rows(doc, width_mm=width_mm, mode="raster"), dots)


def render(
    doc: ReceiptDoc,
    *,
    width_mm: int,
    mode: str = "raster",
    cp1258_page: int = cp1258.EPSON_PAGE,
    tcvn3_pages: tuple[int, int] = (tcvn3.LOWER_PAGE, tcvn3.UPPER_PAGE),
    band_rows: int = MAX_BAND_ROWS,
    cut: bool = True,
) -> bytes:
    """ESC/POS bytes printing ``doc`` on ``width_mm`` (58/80) paper in ``mode``, ending with feed and cut.

    ``cp1258_page`` / ``tcvn3_pages`` are the ESC t numbers of the printer's Vietnamese tables (Epson: 52 and
    30/31); ``band_rows`` caps each raster band for printers with small buffers.
    """
    check_mode(mode)
    columns, dots = paper(width_mm)
    for page in (cp1258_page, *tcvn3_pages):
        if not 0 <= page <= 255:
            raise ConfigError(f"Số bảng mã không hợp lệ: {page}", f"Invalid code page number: {page}")
    if not 1 <= band_rows <= MAX_BAND_ROWS:
        raise ConfigError(
            f"Chiều cao dải ảnh phải từ 1 đến {MAX_BAND_ROWS}", f"band_rows must be 1..{MAX_BAND_ROWS}"
        )
    mode = mode_for(doc, mode, width_mm)
    rows = compose_rows(doc, width_mm=width_mm, mode=mode)
    printer = Dummy()
    printer._raw(init_bytes())
    if mode == "raster":
        printer._raw(raster_bands_bytes(paint(rows, dots), band_rows))
    else:
        encoder: tcvn3.Tcvn3Encoder | cp1258.Cp1258Encoder = (
            tcvn3.Tcvn3Encoder(*tcvn3_pages) if mode == "tcvn3" else cp1258.Cp1258Encoder(cp1258_page)
        )
        printer._raw(text_mode_setup_bytes())
        printer._raw(_text_body(rows, columns, encoder, band_rows))
    if cut:
        printer._raw(cut_bytes())
    output: bytes = printer.output
    return output


def _text_body(
    rows: list[Row], columns: int, encoder: tcvn3.Tcvn3Encoder | cp1258.Cp1258Encoder, band_rows: int
) -> bytes:
    out = bytearray()
    style = (False, False, False)
    for row in rows:
        if isinstance(row, TextRow | RuleRow):
            if isinstance(row, TextRow):
                wanted, text = (row.bold, row.tall, row.wide), row.text
            else:
                wanted, text = (False, False, False), ("=" if row.double else "-") * columns
            if wanted != style:
                out += style_bytes(bold=wanted[0], tall=wanted[1], wide=wanted[2])
                style = wanted
            out += encoder.encode(text.rstrip()) + LF
        elif isinstance(row, GapRow):
            out += ESC + b"J" + bytes((row.dots,))
        elif isinstance(row, ImageRow):
            out += raster_bands_bytes(row.ink, band_rows)
    if style != (False, False, False):
        out += style_bytes()
    return bytes(out)
