"""Benchmarks of the devices' pure parts: receipt building (raster and text) and camera frame decoding."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import numpy as np

from bench.stats import percentile, time_ms


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


def _frames(count: int) -> list[np.ndarray]:
    """1280×720 scenes, each with one EAN-13 (893 prefix) label at a different place."""
    import barcode
    from barcode.writer import ImageWriter
    from PIL import Image

    rng = np.random.default_rng(6)
    frames = []
    for _ in range(count):
        body = f"893{int(rng.integers(10**9, 10**10 - 1)):09d}"
        buf = io.BytesIO()
        barcode.get("ean13", body, writer=ImageWriter()).write(
            buf, {"module_width": 0.3, "module_height": 12.0, "quiet_zone": 4, "font_size": 0}
        )
        label = np.array(Image.open(buf).convert("L"))
        scene = rng.integers(90, 170, size=(720, 1280), dtype=np.uint8)
        h, w = label.shape
        y, x = int(rng.integers(0, 720 - h)), int(rng.integers(0, 1280 - w))
        scene[y : y + h, x : x + w] = label
        frames.append(scene)
    return frames


def camera(quick: bool) -> dict[str, Any]:
    from pyzbar import pyzbar

    from pos.devices.frame_decoder import decode_frame

    frames = _frames(10 if quick else 40)
    rounds = 2 if quick else 10
    ours: list[float] = []
    raw: list[float] = []
    for _ in range(rounds):
        for f in frames:  # alternated, so load on the machine weighs on both alike
            raw += time_ms(lambda f=f: pyzbar.decode(f), 1)
            ours += time_ms(lambda f=f: decode_frame(f), 1)
    found = sum(1 for f in frames if decode_frame(f))
    return {
        "camera_ms_per_frame": round(percentile(ours, 50), 3),
        "camera_raw_pyzbar_ms": round(percentile(raw, 50), 3),
        "camera_vs_raw_pyzbar": round(percentile(ours, 50) / percentile(raw, 50), 3),
        "camera_frames_decoded": f"{found}/{len(frames)}",
    }
