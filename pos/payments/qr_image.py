"""QR images of payment payloads, for the customer display, the screen and the receipt printer.

Error correction M is what banking apps are tuned for: it survives a smudged thermal print or a glare on the
screen while keeping the modules large enough for cheap phone cameras at arm's length.
"""

from __future__ import annotations

import io

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError

from pos.errors import PaymentError

__all__ = ["qr_png_bytes", "render_qr"]


def render_qr(payload: str, *, box_size: int = 10, border: int = 4) -> Image.Image:
    """A black-on-white 1-bit image of ``payload``; ``box_size`` pixels per module, ``border`` modules of margin.

    The quiet zone defaults to the 4 modules the QR standard asks for; smaller borders scan worse.
    """
    if not isinstance(payload, str) or not payload:
        raise PaymentError("Không có nội dung để tạo mã QR", "There is nothing to put in the QR code")
    if isinstance(box_size, bool) or not isinstance(box_size, int) or box_size < 1:
        raise ValueError(f"box_size must be a positive int, got {box_size!r}")
    if isinstance(border, bool) or not isinstance(border, int) or border < 0:
        raise ValueError(f"border must be a non-negative int, got {border!r}")
    try:
        data = payload.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PaymentError("Nội dung mã QR có ký tự hỏng", "The QR content has broken characters") from exc
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(data)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:  # qrcode reports "version 41" as a ValueError
        raise PaymentError(
            "Nội dung quá dài để tạo một mã QR",
            "The content is too long to fit in one QR code",
        ) from exc
    matrix: list[list[bool]] = code.get_matrix()  # includes the border
    side = len(matrix)
    # One byte per module (0 = black, 255 = white), then scale up without smoothing to keep edges sharp.
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    modules = Image.frombytes("L", (side, side), pixels).convert("1")
    if box_size == 1:
        return modules
    return modules.resize((side * box_size, side * box_size), Image.Resampling.NEAREST)


def qr_png_bytes(payload: str, *, box_size: int = 10, border: int = 4) -> bytes:
    """The QR image of ``payload`` as PNG bytes (for files, HTML receipts and the sync server)."""
    buffer = io.BytesIO()
    render_qr(payload, box_size=box_size, border=border).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
