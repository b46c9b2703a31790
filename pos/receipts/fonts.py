"""The bundled receipt fonts, loaded once per process.

Receipts are drawn on a fixed grid: one printer column is 12 dots, like the printers' own 12×24 font A, so a
row laid out for 32/48 columns fills 384/576 dots exactly. Noto Sans Mono has an advance of 0.6 em, so at
20 px every glyph (including all 134 Vietnamese letters) is exactly 12 dots wide; DejaVu Sans Mono supplies
the few symbols Noto lacks (★) at the size that gives it the same advance.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from pos.errors import DeviceError

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

COLUMN_DOTS = 12

Face = Literal["text", "symbol"]

_FILES: dict[tuple[Face, bool], str] = {
    ("text", False): "NotoSansMono-Regular.ttf",
    ("text", True): "NotoSansMono-Bold.ttf",
    ("symbol", False): "DejaVuSansMono.ttf",
    ("symbol", True): "DejaVuSansMono-Bold.ttf",
}
# Pixel sizes giving a 12-dot advance: Noto 600/1000 em, DejaVu 1233/2048 em.
_SIZES: dict[Face, float] = {"text": COLUMN_DOTS * 1000 / 600, "symbol": COLUMN_DOTS * 2048 / 1233}


@lru_cache(maxsize=16)
def load_font(face: Face, bold: bool = False, scale: int = 1) -> ImageFont.FreeTypeFont:
    """The font for ``face`` at ``scale`` × the 12-dot grid (scale 2 for double-size rows)."""
    path = FONT_DIR / _FILES[(face, bold)]
    try:
        return ImageFont.truetype(str(path), _SIZES[face] * scale, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        raise DeviceError(
            f"Thiếu phông chữ in hóa đơn: {path}",
            f"Receipt font missing or unreadable: {path}",
        ) from exc


def _glyph_bitmap(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    image = Image.new("L", (2 * COLUMN_DOTS, 3 * COLUMN_DOTS), 0)
    ImageDraw.Draw(image).text((0, 2 * COLUMN_DOTS), ch, font=font, fill=255, anchor="ls")
    return image.tobytes()


@lru_cache(maxsize=4)
def _missing_bitmap(face: Face) -> bytes:
    # U+10FFFD is a private-use code point no font maps: what it draws is the font's "missing glyph" box.
    return _glyph_bitmap(load_font(face), "\U0010fffd")


@lru_cache(maxsize=8192)
def has_glyph(face: Face, ch: str) -> bool:
    """True when ``face`` draws ``ch`` itself rather than its missing-glyph box."""
    if " " <= ch <= "~":
        return True
    return _glyph_bitmap(load_font(face), ch) != _missing_bitmap(face)


@lru_cache(maxsize=8192)
def face_for(ch: str) -> Face | None:
    """Which bundled face draws ``ch`` (text preferred), or None when neither does."""
    if has_glyph("text", ch):
        return "text"
    if has_glyph("symbol", ch):
        return "symbol"
    return None


def can_print(ch: str) -> bool:
    """True when raster mode can draw ``ch`` with the bundled fonts."""
    return face_for(ch) is not None
