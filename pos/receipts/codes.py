"""Barcodes and QR codes as paper-wide bitmaps.

Codes are always sent as raster graphics, in every mode: native GS k / GS ( k support varies between cheap
printers (and QR is missing on many older 58 mm models), while a bitmap prints the same everywhere and the
preview shows exactly what is printed. The symbol encoding comes from python-barcode and qrcode; this module
only sizes the modules to whole printer dots and centres the symbol with its quiet zones.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import qrcode
from barcode.codex import Code128
from barcode.ean import EuropeanArticleNumber8, EuropeanArticleNumber13

from pos.barcodes import gs1_check_digit
from pos.errors import BarcodeError

#: Quiet zone each side of a linear barcode, in modules (Code128 and EAN both ask for about 10).
QUIET_MODULES = 10
QR_QUIET_MODULES = 4


def _modules_to_ink(modules: str, dots: int, height: int, *, min_module: int = 1) -> npt.NDArray[np.bool_]:
    total = len(modules) + 2 * QUIET_MODULES
    module = min(3, dots // total)
    if module < min_module:
        raise BarcodeError(
            "Mã vạch quá dài so với khổ giấy",
            f"Barcode too long for the paper ({total} modules on {dots} dots)",
        )
    bars = np.frombuffer(modules.encode("ascii"), dtype=np.uint8) == ord("1")
    line = np.repeat(bars, module)
    left = (dots - line.size) // 2
    row = np.zeros(dots, dtype=bool)
    row[left : left + line.size] = line
    return np.repeat(row[np.newaxis, :], height, axis=0)


def code128_ink(data: str, dots: int, height: int = 64) -> npt.NDArray[np.bool_]:
    """A Code128 symbol for ``data`` centred on paper ``dots`` wide, bars as wide as the paper allows (≤ 3)."""
    if not data or any(not 32 <= ord(ch) < 127 for ch in data):
        raise BarcodeError("Mã vạch chỉ nhận ký tự ASCII", f"Code128 needs printable ASCII, got {data!r}")
    modules = Code128(data).build()[0]
    return _modules_to_ink(modules, dots, height)


def normalise_ean(code: str, length: int) -> str:
    """``code`` as a full EAN of ``length`` digits; the check digit is added or verified."""
    if not code.isdigit() or len(code) not in (length - 1, length):
        raise BarcodeError(
            f"Mã EAN-{length} phải có {length - 1} hoặc {length} chữ số",
            f"EAN-{length} needs {length - 1} or {length} digits, got {code!r}",
        )
    data = code[: length - 1]
    check = gs1_check_digit(data)
    if len(code) == length and int(code[-1]) != check:
        raise BarcodeError("Sai số kiểm tra", f"Bad check digit in {code} (expected {check})")
    return f"{data}{check}"


def ean_ink(code: str, length: int, dots: int, height: int = 72) -> npt.NDArray[np.bool_]:
    """An EAN-13 or EAN-8 symbol (check digit verified) centred on the paper, at least 2 dots a module."""
    full = normalise_ean(code, length)
    symbol = EuropeanArticleNumber13 if length == 13 else EuropeanArticleNumber8
    modules = symbol(full[:-1]).build()[0]
    return _modules_to_ink(modules, dots, height, min_module=2)


@lru_cache(maxsize=64)
def _qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    # Cached: the same traceability URL is printed on many receipts. The mask is fixed because trying all eight
    # (qrcode's default) takes four times as long in pure Python; every mask is valid and scans.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def qr_ink(data: str, dots: int) -> npt.NDArray[np.bool_]:
    """A QR code (error correction M) centred on the paper, modules 2–6 dots, at most 3/4 of the width."""
    matrix = np.array(_qr_matrix(data), dtype=bool)
    size = matrix.shape[0] + 2 * QR_QUIET_MODULES
    module = min(6, (dots * 3 // 4) // size)
    if module < 2:
        raise BarcodeError("Nội dung mã QR quá dài", f"QR content too long for {dots}-dot paper")
    symbol = np.kron(matrix, np.ones((module, module), dtype=bool))
    out = np.zeros((size * module, dots), dtype=bool)
    offset = QR_QUIET_MODULES * module
    left = (dots - symbol.shape[1]) // 2
    out[offset : offset + symbol.shape[0], left : left + symbol.shape[1]] = symbol
    return out
