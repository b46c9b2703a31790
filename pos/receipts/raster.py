"""Paints layout rows into a 1-bit bitmap exactly as wide as the paper.

Used for raster mode (the bitmap is what the printer gets) and for every preview (text-mode previews paint the
rows decoded back from the byte stream).

Receipts sit on a fixed 12-dot column grid, so instead of asking FreeType to lay out every row (about a
millisecond a call with a hinted font), each distinct character is rendered once into a fixed-size cell — anti-
aliased, kept in a per-process atlas — and a whole row is assembled from its cells with a few numpy operations.
Cells are a little wider than a column, so parts of a glyph reaching into the next column (the horn of ư) are
kept; even and odd columns are placed in two passes so neighbouring cells can overlap. The grey is thresholded
once at the end: no per-pixel Python anywhere.

A wide (CJK) character is followed in the text by :data:`~pos.receipts.vietnamese.WIDE_FILLER` (it takes two
columns): its cell spans both columns and the filler's is blank. So every cell is two columns wide (the pitch of
one parity pass); a narrow glyph fills the first column and its margins, as before, and leaves the rest blank.

Row heights follow the ink: a row is 29 dots (about the printers' 24-dot font plus line gap) unless its letters
reach further; capitals with stacked marks (Ẩ, Ễ) get the extra dots they need, and every row keeps a blank dot
row above and below its ink, so marks never touch the descenders of the row above.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from pos.receipts.fonts import COLUMN_DOTS, face_for, load_font
from pos.receipts.rows import GapRow, ImageRow, Row, RuleRow, TextRow
from pos.receipts.vietnamese import WIDE_FILLER

#: Dots above / below the baseline of a plain row: lower-case marks (ẩ) reach 23 above, descenders 5 below.
ROW_ABOVE = 23
ROW_BELOW = 6
RULE_HEIGHT = 12
#: Anti-aliased coverage above this (of 255) becomes a printed dot; a little under half keeps thin marks.
INK_THRESHOLD = 105

Variant = Literal["normal", "tall", "big"]


class GlyphAtlas:
    """Every character drawn so far in one style, as equal-sized coverage cells (0 = paper, 255 = ink).

    A cell is 2 × ``step`` dots wide with its column starting at ``margin`` (a narrow glyph inks at most ``step`` +
    2 × ``margin`` of it, a wide one both columns), and ``ascent`` + ``descent`` dots high with the baseline at ``ascent``. ``tops``/``bottoms`` hold each cell's ink extent
    relative to the baseline (blank cells: 0/0).
    """

    def __init__(self, bold: bool, variant: Variant) -> None:
        self.bold = bold
        self.variant = variant
        scale = 1 if variant == "normal" else 2  # font size (vertical) scale
        across = 2 if variant == "big" else 1  # horizontal scale
        self.step = COLUMN_DOTS * across
        self.margin = 2 * across
        self.ascent = 3 * COLUMN_DOTS * scale
        self.descent = COLUMN_DOTS * scale
        self.width = 2 * self.step
        self.height = self.ascent + self.descent
        self.index: dict[str, int] = {" ": 0, WIDE_FILLER: 0}
        self._cells: list[npt.NDArray[np.uint8]] = [np.zeros((self.height, self.width), dtype=np.uint8)]
        self._tops: list[int] = [0]
        self._bottoms: list[int] = [0]
        self._inked: list[bool] = [False]
        self._lock = threading.Lock()
        self._frozen: (
            tuple[npt.NDArray[np.uint8], npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.bool_]]
            | None
        ) = None

    def _draw(self, ch: str) -> npt.NDArray[np.uint8]:
        scale = 1 if self.variant == "normal" else 2
        advance = COLUMN_DOTS * scale
        margin = 2 * scale
        face = face_for(ch) or "text"
        font = load_font(face, self.bold, scale)
        image = Image.new("L", (4 * advance, self.height), 0)
        # A CJK glyph is centred in a cell's whole width, two columns, shifted left by the margin so no ink is cut
        # (its 22-dot advance then sits a dot left of the column pair's middle).
        x = advance - margin + (2 * advance - int(font.getlength(ch))) // 2 if face == "cjk" else advance
        ImageDraw.Draw(image).text((x, self.ascent), ch, font=font, fill=255, anchor="ls")
        pixels = np.asarray(image, dtype=np.uint8)
        if face == "cjk":
            cell = pixels[:, advance - margin : 3 * advance - margin]
        else:
            cell = pixels[:, advance - margin : 2 * advance + margin]
        if self.variant == "tall":
            # Double height only: the double-size glyph squeezed to single width, as the printer's font does.
            cell = cell.reshape(self.height, -1, 2).mean(axis=2).astype(np.uint8)
        full = np.zeros((self.height, self.width), dtype=np.uint8)
        full[:, : min(cell.shape[1], self.width)] = cell[:, : self.width]
        return full

    def indices(self, text: str) -> npt.NDArray[np.intp]:
        """Atlas indices of the characters of ``text``, drawing any not seen before."""
        out = []
        for ch in text:
            found = self.index.get(ch)
            if found is None:
                found = self._add(ch)
            out.append(found)
        return np.array(out, dtype=np.intp)

    def _add(self, ch: str) -> int:
        # The print queue and a preview may paint at the same time: the atlas only grows, under a lock, and an
        # index is published only after its cell is stored.
        with self._lock:
            found = self.index.get(ch)
            if found is not None:
                return found
            cell = self._draw(ch)
            rows = np.flatnonzero(cell.any(axis=1))
            self._cells.append(cell)
            self._inked.append(bool(rows.size))
            self._tops.append(int(rows[0]) - self.ascent if rows.size else 0)
            self._bottoms.append(int(rows[-1]) + 1 - self.ascent if rows.size else 0)
            self._frozen = None
            found = len(self._cells) - 1
            self.index[ch] = found
            return found

    def arrays(
        self,
    ) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.bool_]]:
        """(cells, tops, bottoms, inked) as arrays indexed by atlas index."""
        with self._lock:
            if self._frozen is None:
                self._frozen = (
                    np.stack(self._cells),
                    np.array(self._tops, dtype=np.int32),
                    np.array(self._bottoms, dtype=np.int32),
                    np.array(self._inked, dtype=bool),
                )
            return self._frozen

    def metrics(self, indices: npt.NDArray[np.intp], above: int, below: int) -> tuple[int, int]:
        """(dots above, dots below the baseline) a row needs: at least ``above``/``below``, more if its ink does."""
        if indices.size:
            _, tops, bottoms, inked_all = self.arrays()
            inked = inked_all[indices]
            if inked.any():
                above = max(above, 1 - int(tops[indices][inked].min()))
                below = max(below, int(bottoms[indices][inked].max()) + 1)
        return above, below

    def strip(self, indices: npt.NDArray[np.intp]) -> npt.NDArray[np.uint8]:
        """The coverage of a whole row: cell ``k`` starts at x = ``k`` × ``step`` (plus the left margin)."""
        cells = self.arrays()[0]
        chosen = cells[indices]
        count = len(indices)
        pitch = 2 * self.step
        strip = np.zeros((self.height, (count + 2) * self.step + 2 * self.margin), dtype=np.uint8)
        for parity in (0, 1):
            group = chosen[parity::2]
            if not len(group):
                continue
            padded = np.zeros((self.height, len(group), pitch), dtype=np.uint8)
            padded[:, :, : self.width] = group.transpose(1, 0, 2)
            start = parity * self.step
            target = strip[:, start : start + len(group) * pitch]
            np.maximum(target, padded.reshape(self.height, -1), out=target)
        return strip


_ATLASES: dict[tuple[bool, Variant], GlyphAtlas] = {}
_ATLASES_LOCK = threading.Lock()


def atlas(bold: bool, variant: Variant) -> GlyphAtlas:
    """The process-wide atlas for one style."""
    key = (bold, variant)
    with _ATLASES_LOCK:
        if key not in _ATLASES:
            _ATLASES[key] = GlyphAtlas(bold, variant)
        return _ATLASES[key]


def _variant(row: TextRow) -> Variant:
    return "big" if row.wide else "tall" if row.tall else "normal"


def _place(canvas: npt.NDArray[np.uint8], strip: npt.NDArray[np.uint8], margin: int, y: int) -> None:
    """Merge a row strip into the canvas with its baseline cell top at ``y``, never cutting a glyph at an edge."""
    dots = canvas.shape[1]
    columns = np.flatnonzero(strip.any(axis=0))
    x = margin  # strip column that lands on paper column 0
    if columns.size:
        if columns[-1] >= x + dots:  # the horn of a last-column ư: nudge the row inside
            x = int(columns[-1]) - dots + 1
        if columns[0] < x:
            x = int(columns[0])
    top, bottom = max(y, 0), min(y + strip.shape[0], canvas.shape[0])
    if top >= bottom:
        return
    region = strip[top - y : bottom - y, x : x + dots]
    target = canvas[top:bottom, : region.shape[1]]
    np.maximum(target, region, out=target)


def paint(rows: Sequence[Row], dots: int) -> npt.NDArray[np.bool_]:
    """Draw ``rows`` top to bottom on paper ``dots`` wide; returns the ink (True = black)."""
    plans: list[tuple[Row, int, int, npt.NDArray[np.intp] | None]] = []
    height = 0
    for row in rows:
        if isinstance(row, TextRow):
            glyphs = atlas(row.bold, _variant(row))
            indices = glyphs.indices(row.text)
            scale = 2 if row.tall else 1
            above, below = glyphs.metrics(indices, ROW_ABOVE * scale, ROW_BELOW * scale)
            plans.append((row, height, above, indices))
            height += above + below
        elif isinstance(row, ImageRow):
            if row.ink.shape[1] != dots:
                raise ValueError(f"image row is {row.ink.shape[1]} dots wide, paper is {dots}")
            plans.append((row, height, 0, None))
            height += row.ink.shape[0]
        elif isinstance(row, GapRow):
            plans.append((row, height, 0, None))
            height += row.dots
        else:
            plans.append((row, height, 0, None))
            height += RULE_HEIGHT

    canvas = np.zeros((height, dots), dtype=np.uint8)
    for row, top, above, planned in plans:
        if isinstance(row, TextRow) and planned is not None and planned.any():
            glyphs = atlas(row.bold, _variant(row))
            _place(canvas, glyphs.strip(planned), glyphs.margin, top + above - glyphs.ascent)
    ink = canvas > INK_THRESHOLD
    for row, top, _, _ in plans:
        if isinstance(row, ImageRow):
            ink[top : top + row.ink.shape[0]] |= row.ink
        elif isinstance(row, RuleRow):
            middle = top + RULE_HEIGHT // 2
            if row.double:
                ink[middle - 3 : middle - 1] = True
                ink[middle + 1 : middle + 3] = True
            else:
                ink[middle - 1 : middle + 1] = True
    return ink


def ink_to_image(ink: npt.NDArray[np.bool_]) -> Image.Image:
    """A mode-"1" picture of ``ink`` (black dots on white paper)."""
    return Image.fromarray(np.logical_not(ink))
