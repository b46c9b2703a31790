"""Pictures of what a receipt will look like on paper (settings screen, reprint dialog, tests).

Raster mode: the preview *is* the bitmap sent to the printer. Text modes: the preview is built from the bytes,
decoded back the way a printer with the right code page would read them and drawn on the same 12-dot column
grid — so it shows the printer's substitutions (``OCOP 4*``, ``đ`` for ``₫``), not the original document. A receipt
a text mode cannot print (CJK) is previewed as the raster it is printed as (``layout.mode_for``).
"""

from __future__ import annotations

from PIL import Image

from pos.receipts.decode import Charset, rows_from_stream
from pos.receipts.document import ReceiptDoc
from pos.receipts.layout import mode_for, paper, raster_ink, render
from pos.receipts.raster import ink_to_image, paint


def preview_png(doc: ReceiptDoc, width_mm: int = 80, mode: str = "raster") -> Image.Image:
    """A black-and-white (mode "1") image of ``doc`` as printed on ``width_mm`` paper in ``mode``."""
    mode = mode_for(doc, mode, width_mm)
    _, dots = paper(width_mm)
    if mode == "raster":
        return ink_to_image(raster_ink(doc, width_mm=width_mm))
    data = render(doc, width_mm=width_mm, mode=mode, cut=False)
    charset: Charset = "tcvn3" if mode == "tcvn3" else "cp1258"
    return ink_to_image(paint(rows_from_stream(data, charset), dots))
