"""Benchmarks of the devices' pure parts: receipt building (raster and text) and camera frame decoding."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.stats import percentile, time_ms

ROOT = Path(__file__).resolve().parent.parent


def receipt_doc_30_lines() -> Any:
    from pos.receipts.document import PaymentRow, ReceiptDoc, ReceiptLine, VatRow

    names = [
        "Chả mực Hạ Long loại đặc biệt hộp 500 g",
        "Rượu ba kích Ba Chẽ chai 500 ml",
        "Trà hoa vàng Quy Hoa",
        "Miến dong Bình Liêu gói 1 kg",
        "Sá sùng khô Vân Đồn hộp quà",
        "Nước mắm Cái Rồng 40 độ đạm",
    ]
    lines = tuple(
        ReceiptLine(
            names[i % len(names)],
            str(1 + i % 3),
            85_000 + 1000 * i,
            (1 + i % 3) * (85_000 + 1000 * i),
            stars=3 + i % 3,
        )
        for i in range(30)
    )
    total = sum(line.amount for line in lines)
    vat = total * 8 // 108
    return ReceiptDoc(
        kind="sale",
        shop_name="Trung tâm OCOP Quảng Ninh",
        shop_address="Hạ Long, Quảng Ninh",
        tax_code="5701234567",
        terminal="T01",
        receipt_no="T01-000123",
        printed_at=dt.datetime(2026, 11, 29, 10, 30),
        cashier="Nguyễn Thị Lan",
        lines=lines,
        subtotal=total,
        total=total,
        vat=(VatRow(8, total, vat, total - vat),),
        payments=(PaymentRow("Tiền mặt", total),),
        barcode="R/T01/123",
        footer="Cảm ơn quý khách! Hẹn gặp lại.",
    )


def receipts(quick: bool) -> dict[str, Any]:
    """``receipt_ms_raster``, ``receipt_ms_text`` — a sale's receipt laid out for the printer (30 lines, 80 mm):
    as a raster image (Vietnamese in any font; target 150 ms) and as TCVN3 text (the printer's own font; target
    20 ms), medians. It runs on the print worker, never on the GUI thread; the figure bounds how soon the
    receipt starts printing after the sale is committed."""
    from pos.receipts.layout import render

    doc = receipt_doc_30_lines()
    render(doc, width_mm=80, mode="raster")  # warm the font cache
    n = 15 if quick else 60
    raster = time_ms(lambda: render(doc, width_mm=80, mode="raster"), n)
    text = time_ms(lambda: render(doc, width_mm=80, mode="tcvn3"), n)
    return {
        "receipt_ms_raster": round(percentile(raster, 50), 3),
        "receipt_ms_text": round(percentile(text, 50), 3),
    }


#: The frames the camera metric decodes: what a webcam at the till sees. "plain" is a steady, lit label; the
#: others are the hard ones (``tests/imaging.py`` renders and degrades them), which need the fallback passes.
CAMERA_CLEAN = ("plain",)
CAMERA_HARD = ("blur", "glare", "small", "skew", "rot45", "low_light", "webcam", "noise")


def _camera_frames(seeds: int) -> list[tuple[str, str, str, np.ndarray]]:
    """(symbology, condition, the code it must give, BGR frame) for every symbology × condition × seed."""
    sys.path.insert(0, str(ROOT))  # tests/imaging.py: the test suite's label renderer
    from tests import imaging

    frames = []
    for kind, (_payload, want) in imaging.SAMPLE_CODES.items():
        label = imaging.render_label(kind)
        for condition in (*CAMERA_CLEAN, *CAMERA_HARD):
            for seed in range(seeds):
                frames.append(
                    (kind, condition, want, imaging.degraded_frame(kind, condition, seed, label=label))
                )
    return frames


def camera(quick: bool) -> dict[str, Any]:
    """The camera metric at the run's size (quick: one frame per symbology and condition, one round)."""
    return camera_metric(1 if quick else 3, 1 if quick else 3)


def camera_metric(seeds: int, rounds: int) -> dict[str, Any]:
    """``camera_vs_raw_same_symbologies`` — the till's camera scanner reading a label held up to the webcam:
    ``pos.devices.frame_decoder.decode_frame`` (zxing-cpp, then zbar and its fallback passes within the camera's
    25 ms budget) per frame, ÷ the baseline: raw ``pyzbar.decode`` of the same grayscale frame told to look for the
    same symbologies (the ones zbar has: EAN-13/8, UPC-A/E, Code 128, QR), medians, alternated frame by frame.
    The frames are 640×480 renders of real symbols on a counter (``tests/imaging.py``), clean and hard (blur,
    glare, small, tilted, 45°, low light, webcam compression, noise), every symbology we read — GS1 DataMatrix
    included. Target ≤ 1.3.

    ``camera_read_rate_hard`` — the share of hard frames whose code we read (right code); beside it, per
    symbology, the read rates of zxing-cpp alone and zbar alone on the same frames (``camera_read_rates``)."""
    import cv2
    import zxingcpp
    from pyzbar import pyzbar

    from pos.devices.frame_decoder import DEFAULT_SYMBOLOGIES, decode_frame

    zbar_symbols = [pyzbar.ZBarSymbol[n] for n in ("EAN13", "EAN8", "UPCA", "UPCE", "CODE128", "QRCODE")]
    zxing_formats = zxingcpp.barcode_formats_from_str("EAN13,EAN8,UPCA,UPCE,Code128,QRCode,DataMatrix")
    frames = _camera_frames(seeds)
    ours: list[float] = []
    raw: list[float] = []
    raw_zx: list[float] = []
    hits: dict[str, dict[str, list[int]]] = {}  # kind -> decoder -> [read, frames] (hard frames)
    clean_ok = clean_n = 0
    for r in range(rounds):
        for kind, condition, want, frame in frames:  # alternated, so load on the machine weighs on all alike
            start = time.perf_counter()
            gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            zb = pyzbar.decode(gray, symbols=zbar_symbols)
            raw.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            zx = zxingcpp.read_barcodes(gray, formats=zxing_formats, try_invert=False)
            raw_zx.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            codes = decode_frame(frame, symbologies=DEFAULT_SYMBOLOGIES)
            ours.append((time.perf_counter() - start) * 1000)
            if r:
                continue
            ok = any(c.code == want for c in codes)
            if condition in CAMERA_CLEAN:
                clean_ok += ok
                clean_n += 1
                continue
            zx_text = {
                str(dict(c.extra).get("UPCE", c.text)) if c.format.name == "UPCE" else c.text for c in zx
            }
            zx_ok = want in zx_text or (len(want) == 12 and "0" + want in zx_text)  # UPC-A as EAN-13
            zb_text = {s.data.decode("utf-8", "replace") for s in zb}
            zb_ok = want in zb_text or "0" + want in zb_text
            row = hits.setdefault(kind, {"ours": [0, 0], "zxing": [0, 0], "zbar": [0, 0]})
            for decoder, got in (("ours", ok), ("zxing", zx_ok), ("zbar", zb_ok)):
                row[decoder][0] += got
                row[decoder][1] += 1

    def rate(decoder: str) -> float:
        read = sum(v[decoder][0] for v in hits.values())
        return round(read / max(1, sum(v[decoder][1] for v in hits.values())), 3)

    return {
        "camera_ms_per_frame": round(percentile(ours, 50), 3),
        "camera_ms_per_frame_p95": round(percentile(ours, 95), 3),
        "camera_raw_pyzbar_ms": round(percentile(raw, 50), 3),
        "camera_raw_zxing_ms": round(percentile(raw_zx, 50), 3),
        "camera_vs_raw_same_symbologies": round(percentile(ours, 50) / percentile(raw, 50), 3),
        "camera_vs_raw_zxing": round(percentile(ours, 50) / percentile(raw_zx, 50), 3),
        "camera_read_rate_hard": rate("ours"),
        "camera_read_rate_hard_zxing_alone": rate("zxing"),
        "camera_read_rate_hard_zbar_alone": rate("zbar"),
        "camera_read_rate_clean": round(clean_ok / max(1, clean_n), 3),
        "camera_read_rates": {
            kind: {d: round(v[0] / max(1, v[1]), 3) for d, v in row.items()} for kind, row in hits.items()
        },
        "camera_frames": len(frames),
        "camera_hard_conditions": list(CAMERA_HARD),
        "camera_baseline": "raw pyzbar.decode of the same grayscale frames, the same six zbar symbologies",
    }
