"""The raw ESC/POS helpers the print queue uses: drawer kick, cut, raster bands."""

from __future__ import annotations

import numpy as np
import pytest

from pos.receipts.decode import parse, raster_from_stream
from pos.receipts.escpos_bytes import (
    cut_bytes,
    kick_drawer_bytes,
    raster_bands_bytes,
    select_code_page,
    style_bytes,
)


def test_kick_drawer_pulses_pin_2_or_5() -> None:
    assert kick_drawer_bytes() == b"\x1bp\x00\x32\xfa"  # pin 2, 100 ms on, 500 ms off
    assert kick_drawer_bytes(1) == b"\x1bp\x01\x32\xfa"
    assert kick_drawer_bytes(0, on_ms=50, off_ms=20) == b"\x1bp\x00\x19\x19"  # off never shorter than on
    with pytest.raises(ValueError):
        kick_drawer_bytes(2)


def test_cut_feeds_past_the_cutter_first() -> None:
    assert cut_bytes() == b"\x1bd\x04\x1dV\x00"
    assert cut_bytes(partial=True, feed_lines=6) == b"\x1bd\x06\x1dV\x01"
    assert [c.name for c in parse(cut_bytes())] == [b"\x1bd", b"\x1dV"]


def test_style_and_code_page_commands() -> None:
    assert style_bytes() == b"\x1b!\x00"
    assert style_bytes(bold=True, tall=True, wide=True) == b"\x1b!\x38"
    assert select_code_page(30) == b"\x1bt\x1e"
    with pytest.raises(ValueError):
        select_code_page(256)


def test_raster_bands_round_trip_and_respect_the_band_height() -> None:
    rng = np.random.default_rng(7)
    ink = rng.random((600, 384)) < 0.3
    data = raster_bands_bytes(ink, band_rows=255)
    bands = [c for c in parse(data) if c.kind == "raster"]
    assert [c.rows for c in bands] == [255, 255, 90]
    assert all(c.width_bytes == 48 for c in bands)
    image = raster_from_stream(data)
    assert image.size == (384, 600)
    assert np.array_equal(~np.asarray(image), ink)  # black dot == set bit
    with pytest.raises(ValueError):
        raster_bands_bytes(ink, band_rows=0)


def test_parser_rejects_bytes_receipts_never_send() -> None:
    with pytest.raises(ValueError, match="unknown command"):
        list(parse(b"\x1bZ"))
    with pytest.raises(ValueError, match="control byte"):
        list(parse(b"abc\x07"))
    with pytest.raises(ValueError, match="truncated"):
        list(parse(b"\x1dv0\x00\x30\x00\x10\x00\xff"))
