"""Reading ESC/POS byte streams back: for tests and for the text-mode previews.

The parser knows the commands receipts use (and the common ones a printer test might add), walks the stream
like a printer would, and rebuilds the printed rows: text decoded through the code page that was selected when
each byte arrived, images reassembled from their GS v 0 bands. An unknown command is an error, so a stray
byte in the layout's output cannot hide.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from PIL import Image

from pos.receipts import cp1258, tcvn3
from pos.receipts.escpos_bytes import STYLE_BOLD, STYLE_TALL, STYLE_WIDE
from pos.receipts.raster import ink_to_image
from pos.receipts.rows import GapRow, ImageRow, Row, TextRow

Charset = Literal["tcvn3", "cp1258", "ascii"]

# ESC/GS/FS commands with a fixed number of parameter bytes after the command letter.
_FIXED: dict[bytes, int] = {
    b"\x1b@": 0,
    b"\x1b!": 1,
    b"\x1bt": 1,
    b"\x1bR": 1,
    b"\x1bd": 1,
    b"\x1bJ": 1,
    b"\x1bE": 1,
    b"\x1bG": 1,
    b"\x1ba": 1,
    b"\x1b-": 1,
    b"\x1bM": 1,
    b"\x1b2": 0,
    b"\x1b3": 1,
    b"\x1b{": 1,
    b"\x1b ": 1,
    b"\x1bp": 3,
    b"\x1c.": 0,
    b"\x1c&": 0,
    b"\x1d!": 1,
    b"\x1dB": 1,
    b"\x1dH": 1,
    b"\x1dh": 1,
    b"\x1dw": 1,
    b"\x1df": 1,
    b"\x1dL": 2,
    b"\x1dW": 2,
}


@dataclass(frozen=True, slots=True)
class Command:
    """One parsed element: printable text bytes, a line feed, a command, or one raster band."""

    kind: Literal["text", "lf", "cmd", "raster"]
    name: bytes = b""
    args: bytes = b""
    width_bytes: int = 0
    rows: int = 0


def parse(data: bytes) -> Iterator[Command]:
    """Split a stream into commands; raises ValueError on anything the receipts never send."""
    i, n = 0, len(data)
    while i < n:
        byte = data[i]
        if byte == 0x0A:
            yield Command("lf")
            i += 1
        elif byte == 0x0D:
            i += 1  # CR: the printers used here treat it as a no-op
        elif byte in (0x1B, 0x1C, 0x1D):
            if i + 1 >= n:
                raise ValueError(f"truncated command at byte {i}")
            name = data[i : i + 2]
            if name in _FIXED:
                size = _FIXED[name]
                if i + 2 + size > n:
                    raise ValueError(f"truncated {name!r} at byte {i}")
                yield Command("cmd", name, data[i + 2 : i + 2 + size])
                i += 2 + size
            elif name == b"\x1dV":
                mode = data[i + 2]
                size = 2 if mode in (65, 66, 97, 98, 103, 104) else 1
                yield Command("cmd", name, data[i + 2 : i + 2 + size])
                i += 2 + size
            elif name == b"\x1dv":
                if data[i + 2 : i + 3] != b"0" or i + 8 > n:
                    raise ValueError(f"bad GS v command at byte {i}")
                x = data[i + 4] | data[i + 5] << 8
                y = data[i + 6] | data[i + 7] << 8
                end = i + 8 + x * y
                if end > n:
                    raise ValueError(f"truncated raster band at byte {i}")
                yield Command("raster", name, data[i + 8 : end], width_bytes=x, rows=y)
                i = end
            elif name in (b"\x1d(", b"\x1b("):
                size = data[i + 3] | data[i + 4] << 8
                yield Command("cmd", data[i : i + 3], data[i + 5 : i + 5 + size])
                i += 5 + size
            elif name == b"\x1dk":
                m = data[i + 2]
                if m <= 6:
                    end = data.index(b"\x00", i + 3)
                    yield Command("cmd", name, data[i + 2 : end])
                    i = end + 1
                else:
                    size = data[i + 3]
                    yield Command("cmd", name, data[i + 2 : i + 4 + size])
                    i += 4 + size
            else:
                raise ValueError(f"unknown command {name!r} at byte {i}")
        elif byte < 0x20:
            raise ValueError(f"unexpected control byte 0x{byte:02x} at byte {i}")
        else:
            start = i
            while i < n and data[i] >= 0x20:
                i += 1
            yield Command("text", args=data[start:i])


class _TextDecoder:
    """Turns text bytes into characters through whatever code page is selected at the time."""

    def __init__(self, charset: Charset, tcvn3_pages: tuple[int, int], cp1258_page: int) -> None:
        self.charset = charset
        self.lower_page, self.upper_page = tcvn3_pages
        self.cp1258_page = cp1258_page
        self.page: int | None = None

    def decode(self, raw: bytes) -> str:
        out: list[str] = []
        for byte in raw:
            if byte < 0x80:
                out.append(chr(byte))
            elif self.charset == "tcvn3":
                out.append(self._tcvn3(byte))
            elif self.charset == "cp1258":
                if self.page != self.cp1258_page:
                    raise ValueError(f"byte 0x{byte:02x} sent without ESC t {self.cp1258_page}")
                out.append(bytes((byte,)).decode("cp1258"))  # a tone byte composes at NFC time
            else:
                raise ValueError(f"non-ASCII byte 0x{byte:02x} in an ASCII stream")
        return "".join(out)

    def _tcvn3(self, byte: int) -> str:
        table = (
            tcvn3.LOWER_DECODE
            if self.page == self.lower_page
            else tcvn3.UPPER_DECODE
            if self.page == self.upper_page
            else None
        )
        if table is None:
            raise ValueError(f"byte 0x{byte:02x} sent while code page {self.page} is selected")
        if byte not in table:
            raise ValueError(f"byte 0x{byte:02x} is unused on TCVN3 page {self.page}")
        return table[byte]


def rows_from_stream(
    data: bytes,
    charset: Charset,
    *,
    tcvn3_pages: tuple[int, int] = (tcvn3.LOWER_PAGE, tcvn3.UPPER_PAGE),
    cp1258_page: int = cp1258.EPSON_PAGE,
) -> list[Row]:
    """The rows a printer would print from ``data``: styled text rows, images, feeds (trailing feed dropped)."""
    decoder = _TextDecoder(charset, tcvn3_pages, cp1258_page)
    rows: list[Row] = []
    line: list[str] = []
    line_style: int | None = None
    style = 0
    bands: list[npt.NDArray[np.bool_]] = []

    def flush_image() -> None:
        if bands:
            rows.append(ImageRow(np.vstack(bands)))
            bands.clear()

    def end_line() -> None:
        nonlocal line_style
        used = style if line_style is None else line_style
        text = unicodedata.normalize("NFC", "".join(line)).rstrip()
        rows.append(
            TextRow(
                text, bold=bool(used & STYLE_BOLD), tall=bool(used & STYLE_TALL), wide=bool(used & STYLE_WIDE)
            )
        )
        line.clear()
        line_style = None

    for command in parse(data):
        if command.kind != "raster":
            flush_image()
        if command.kind == "text":
            if line_style is None:
                line_style = style
            line.append(decoder.decode(command.args))
        elif command.kind == "lf":
            end_line()
        elif command.kind == "raster":
            if line:
                end_line()
            bands.append(_unpack_band(command))
        elif command.name == b"\x1b@":
            style, decoder.page = 0, None
        elif command.name == b"\x1b!":
            style = command.args[0]
        elif command.name == b"\x1bt":
            decoder.page = command.args[0]
        elif command.name == b"\x1bJ":
            if line:
                end_line()
            rows.append(GapRow(command.args[0]))
        elif command.name == b"\x1bd":
            if line:
                end_line()
            rows.extend(TextRow("") for _ in range(command.args[0]))
    flush_image()
    if line:
        end_line()
    while rows and isinstance(rows[-1], TextRow) and not rows[-1].text:
        rows.pop()
    return rows


def _unpack_band(command: Command) -> npt.NDArray[np.bool_]:
    packed = np.frombuffer(command.args, dtype=np.uint8).reshape(command.rows, command.width_bytes)
    return np.unpackbits(packed, axis=1).astype(bool)


def _text(rows: list[Row]) -> str:
    return "\n".join(row.text for row in rows if isinstance(row, TextRow))


def decode_tcvn3_stream(data: bytes, *, pages: tuple[int, int] = (tcvn3.LOWER_PAGE, tcvn3.UPPER_PAGE)) -> str:
    """The text a TCVN3 stream prints, one printed row per line, as NFC Unicode (images are skipped)."""
    return _text(rows_from_stream(data, "tcvn3", tcvn3_pages=pages))


def decode_cp1258_stream(data: bytes, *, page: int = cp1258.EPSON_PAGE) -> str:
    """The text a CP1258 stream prints, one printed row per line, as NFC Unicode (images are skipped)."""
    return _text(rows_from_stream(data, "cp1258", cp1258_page=page))


def raster_from_stream(data: bytes) -> Image.Image:
    """All GS v 0 bands in ``data`` stacked into one mode-"1" image (black dots on white)."""
    bands = [_unpack_band(c) for c in parse(data) if c.kind == "raster"]
    if not bands:
        raise ValueError("the stream holds no raster image")
    widths = {band.shape[1] for band in bands}
    if len(widths) != 1:
        raise ValueError(f"raster bands of different widths: {sorted(widths)}")
    return ink_to_image(np.vstack(bands))
