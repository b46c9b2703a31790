"""The bundled receipt fonts, loaded once per process.

Receipts are drawn on a fixed grid: one printer column is 12 dots, like the printers' own 12×24 font A, so a
row laid out for 32/48 columns fills 384/576 dots exactly. Noto Sans Mono has an advance of 0.6 em, so at
20 px every glyph (including all 134 Vietnamese letters) is exactly 12 dots wide; DejaVu Sans Mono supplies
the few symbols Noto lacks (★) at the size that gives it the same advance.

Chinese and Korean (a tourist's receipt) are drawn with Noto Sans Mono CJK SC from Debian's ``fonts-noto-cjk``
package (installed by ``./tasks setup``; SIL Open Font License, but 20 MB a file, so it is not copied into the
repository). A CJK character is a wide one: it takes two printer columns (24 dots), and at 22 px its ideographs
and syllables sit inside them with a dot of air on each side. Without the package no CJK character is printable
(:func:`can_print` says so, and the layout prints the labels in English instead of boxes).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from pos.errors import DeviceError

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

COLUMN_DOTS = 12

Face = Literal["text", "symbol", "cjk"]

_FILES: dict[tuple[Face, bool], str] = {
    ("text", False): "NotoSansMono-Regular.ttf",
    ("text", True): "NotoSansMono-Bold.ttf",
    ("symbol", False): "DejaVuSansMono.ttf",
    ("symbol", True): "DejaVuSansMono-Bold.ttf",
}
# Pixel sizes giving a 12-dot advance: Noto 600/1000 em, DejaVu 1233/2048 em; CJK: 22 of a wide cell's 24 dots.
_SIZES: dict[Face, float] = {"text": COLUMN_DOTS * 1000 / 600, "symbol": COLUMN_DOTS * 2048 / 1233, "cjk": 22}

#: Where Debian's fonts-noto-cjk puts its collections, and the face "Noto Sans Mono CJK SC" in each.
CJK_FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/noto-cjk"))
_CJK_FILES = {False: "NotoSansCJK-Regular.ttc", True: "NotoSansCJK-Bold.ttc"}
CJK_FACE_NAME = "Noto Sans Mono CJK SC"
CJK_PACKAGE = "fonts-noto-cjk"


def cjk_font_path(bold: bool = False) -> Path | None:
    """The installed Noto CJK collection (regular or bold), or None when the package is not installed."""
    for folder in CJK_FONT_DIRS:
        path = folder / _CJK_FILES[bold]
        if path.exists():
            return path
    return None


@lru_cache(maxsize=2)
def _cjk_index(path: Path) -> int:
    """Which face of the collection is the monospaced Simplified Chinese one (its order is the packager's)."""
    for index in range(16):
        try:
            family = ImageFont.truetype(str(path), 10, index=index).getname()[0]
        except OSError:
            break
        if family == CJK_FACE_NAME:
            return index
    raise DeviceError(f"Không thấy phông {CJK_FACE_NAME} trong {path}", f"No {CJK_FACE_NAME} in {path}")


def cjk_available() -> bool:
    """True when Chinese and Korean can be printed (Debian's fonts-noto-cjk is installed)."""
    return cjk_font_path() is not None


@lru_cache(maxsize=16)
def load_font(face: Face, bold: bool = False, scale: int = 1) -> ImageFont.FreeTypeFont:
    """The font for ``face`` at ``scale`` × the 12-dot grid (scale 2 for double-size rows)."""
    if face == "cjk":
        found = cjk_font_path(bold)
        if found is None:
            raise DeviceError(
                f"Chưa cài phông chữ Trung/Hàn để in hóa đơn (gói {CJK_PACKAGE})",
                f"The Chinese/Korean receipt font is not installed (package {CJK_PACKAGE})",
            )
        return ImageFont.truetype(
            str(found), _SIZES[face] * scale, index=_cjk_index(found), layout_engine=ImageFont.Layout.BASIC
        )
    path = FONT_DIR / _FILES[(face, bold)]
    try:
        return ImageFont.truetype(str(path), _SIZES[face] * scale, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        raise DeviceError(
            f"Thiếu phông chữ in hóa đơn: {path}",
            f"Receipt font missing or unreadable: {path}",
        ) from exc


def is_wide(ch: str) -> bool:
    """True for a character that takes two printer columns (CJK ideographs, Hangul, fullwidth forms)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _glyph_bitmap(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    image = Image.new("L", (3 * COLUMN_DOTS, 3 * COLUMN_DOTS), 0)
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
    if face == "cjk" and not cjk_available():
        return False
    return _glyph_bitmap(load_font(face), ch) != _missing_bitmap(face)


@lru_cache(maxsize=8192)
def face_for(ch: str) -> Face | None:
    """Which face draws ``ch`` (text preferred; a wide character only the CJK face), or None when none does."""
    if is_wide(ch):
        return "cjk" if has_glyph("cjk", ch) else None
    if has_glyph("text", ch):
        return "text"
    if has_glyph("symbol", ch):
        return "symbol"
    return None


def can_print(ch: str) -> bool:
    """True when raster mode can draw ``ch`` with its fonts."""
    return face_for(ch) is not None
