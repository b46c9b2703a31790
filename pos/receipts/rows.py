"""The printed rows a layout produces, before they become bytes or pixels.

The layout decides *what* goes on each row of paper once, in printer columns; the three output modes then only
differ in how a row is drawn (TTF raster or code-page text). The text preview goes the other way: it decodes
a text-mode byte stream back into these rows and paints them with the same painter as raster mode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class TextRow:
    """One line of text, already cleaned for the target and padded/aligned with spaces.

    ``wide`` (double width) always comes with ``tall`` (double height): the row then holds half the columns.
    """

    text: str
    bold: bool = False
    tall: bool = False
    wide: bool = False

    def __post_init__(self) -> None:
        if self.wide and not self.tall:
            raise ValueError("double-width rows are always double height")

    @property
    def columns(self) -> int:
        """Printer columns the row occupies (double-width characters take two)."""
        return len(self.text) * (2 if self.wide else 1)


@dataclass(frozen=True, slots=True, eq=False)
class ImageRow:
    """A bitmap exactly as wide as the paper (True = black dot): barcodes, QR codes."""

    ink: npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class RuleRow:
    """A horizontal separator; printed as dashes (or ``=`` when ``double``) in text modes."""

    double: bool = False


@dataclass(frozen=True, slots=True)
class GapRow:
    """Blank paper ``dots`` high between blocks; sent as ESC J (feed n dots) in text modes."""

    dots: int

    def __post_init__(self) -> None:
        if not 0 < self.dots <= 255:
            raise ValueError(f"a gap is 1..255 dots, got {self.dots}")


Row = TextRow | ImageRow | RuleRow | GapRow
