"""The handful of ESC/POS commands the receipt code emits, as plain bytes.

Kept in one place so the layout, the print queue (drawer kick, cut) and the test decoders agree on the exact
byte sequences. Only commands that Epson and the common Epson-compatible 58/80 mm printers share are used.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
LF = b"\n"

#: ESC ! bits: emphasised (bold), double height, double width.
STYLE_BOLD = 0x08
STYLE_TALL = 0x10
STYLE_WIDE = 0x20

#: Largest band height a GS v 0 header can carry in its low byte; also keeps each band small enough
#: (at most 72 × 255 bytes on 80 mm paper) for printers with small receive buffers.
MAX_BAND_ROWS = 255


def init_bytes() -> bytes:
    """ESC @: reset the printer to its power-on modes (styles, code page, line spacing)."""
    return ESC + b"@"


def text_mode_setup_bytes() -> bytes:
    """Leave Chinese/Kanji double-byte mode (FS .) and select the USA character set (ESC R 0).

    Many cheap printers sold in Vietnam boot into GB2312 mode, where bytes 0x80–0xFF pair up into Chinese
    characters; single-byte Vietnamese code pages only work after FS . is sent.
    """
    return FS + b"." + ESC + b"R\x00"


def select_code_page(page: int) -> bytes:
    """ESC t n: choose the table used for bytes 0x80–0xFF."""
    if not 0 <= page <= 255:
        raise ValueError(f"code page must be 0..255, got {page}")
    return ESC + b"t" + bytes((page,))


def style_bytes(*, bold: bool = False, tall: bool = False, wide: bool = False) -> bytes:
    """ESC ! n: one command that sets bold, double height and double width together."""
    n = (STYLE_BOLD if bold else 0) | (STYLE_TALL if tall else 0) | (STYLE_WIDE if wide else 0)
    return ESC + b"!" + bytes((n,))


def feed_lines_bytes(lines: int) -> bytes:
    """ESC d n: print the buffer and feed ``lines`` lines."""
    if not 0 <= lines <= 255:
        raise ValueError(f"feed must be 0..255 lines, got {lines}")
    return ESC + b"d" + bytes((lines,))


def cut_bytes(*, partial: bool = False, feed_lines: int = 4) -> bytes:
    """Feed the last printed line past the cutter, then cut (GS V 0 full, GS V 1 partial).

    Printers without a cutter ignore GS V, so this is safe to send to every model.
    """
    return feed_lines_bytes(feed_lines) + GS + b"V" + (b"\x01" if partial else b"\x00")


def kick_drawer_bytes(pin: int = 0, *, on_ms: int = 100, off_ms: int = 500) -> bytes:
    """ESC p m t1 t2: pulse the cash-drawer solenoid.

    ``pin`` 0 drives connector pin 2 (nearly every drawer), 1 drives pin 5 (a second drawer). The pulse times
    are in milliseconds and sent in the printer's 2 ms units.
    """
    if pin not in (0, 1):
        raise ValueError(f"drawer pin must be 0 (connector pin 2) or 1 (pin 5), got {pin}")
    t1 = max(1, min(255, on_ms // 2))
    t2 = max(t1, min(255, off_ms // 2))
    return ESC + b"p" + bytes((pin, t1, t2))


def raster_bands_bytes(ink: npt.NDArray[np.bool_], band_rows: int = MAX_BAND_ROWS) -> bytes:
    """GS v 0 commands printing ``ink`` (True = black dot) in horizontal bands of at most ``band_rows`` rows."""
    if not 1 <= band_rows <= MAX_BAND_ROWS:
        raise ValueError(f"band_rows must be 1..{MAX_BAND_ROWS}, got {band_rows}")
    if ink.ndim != 2:
        raise ValueError("ink must be a 2-D array")
    height = ink.shape[0]
    packed = np.packbits(ink, axis=1)  # pads each row to whole bytes with white
    width_bytes = packed.shape[1]
    out = bytearray()
    for top in range(0, height, band_rows):
        band = packed[top : top + band_rows]
        rows = band.shape[0]
        out += GS + b"v0\x00"
        out += bytes((width_bytes & 0xFF, width_bytes >> 8, rows & 0xFF, rows >> 8))
        out += band.tobytes()
    return bytes(out)
