"""``ocop-pos receipt NO --out FILE [--lang vi|en|zh|ko]``: the ESC/POS bytes (.bin) or a PNG preview of any receipt,
in the language the customer was served in (or the one asked for)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pos.errors import ConfigError
from pos.translations import CUSTOMER_LANGUAGES


def register(sub: Any) -> None:
    p = sub.add_parser("receipt", help="write a receipt as ESC/POS bytes (.bin) or a PNG preview (.png)")
    p.add_argument("receipt_no", help="receipt number (123 or T01-000123)")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--mode", choices=["raster", "tcvn3", "cp1258"], default="raster")
    p.add_argument("--width", type=int, choices=[58, 80], default=80)
    p.add_argument("--copy", action="store_true", help="mark as a copy")
    p.add_argument(
        "--lang",
        dest="receipt_lang",
        choices=CUSTOMER_LANGUAGES,
        default=None,
        help="the receipt's language (default: the one the sale was made in)",
    )
    p.set_defaults(handler=_receipt)


def _receipt(args: argparse.Namespace) -> int:
    from pos.receipts.from_sale import receipt_doc, sale_id_for
    from pos.receipts.layout import render
    from pos.receipts.preview import preview_png
    from pos.till.terminal import Terminal

    t = Terminal.open()
    terminal, _, number = str(args.receipt_no).rpartition("-")
    if not number.isdigit():
        raise ConfigError(
            f"Số hoá đơn không hợp lệ: {args.receipt_no}", f"Not a receipt number: {args.receipt_no}"
        )
    doc = receipt_doc(
        t.engine,
        sale_id_for(t.engine, terminal or t.code, int(number)),
        is_copy=args.copy,
        lang=args.receipt_lang or args.lang,
    )
    out: Path = args.out
    if out.suffix.lower() == ".png":
        preview_png(doc, args.width, args.mode).save(out)
    else:
        out.write_bytes(render(doc, width_mm=args.width, mode=args.mode))
    print(f"{doc.receipt_no} → {out}")
    return 0
