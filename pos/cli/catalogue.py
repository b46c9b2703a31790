"""``ocop-pos catalog …``: load the demo catalogue, generate synthetic ones, search and look up codes."""

from __future__ import annotations

import argparse
from typing import Any

from pos.barcodes import Gs1Code, GtinCode, parse_code
from pos.cli.output import add_format_options, emit_record, emit_rows, for_script
from pos.demo.catalogue import seed_demo
from pos.demo.generate import generate_catalogue
from pos.money import format_vnd
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal


def register(sub: Any) -> None:
    cat = sub.add_parser("catalog", help="the product catalogue").add_subparsers(
        dest="catalog_cmd", metavar="ACTION"
    )
    p = cat.add_parser("seed-demo", help="load the demo Quảng Ninh OCOP catalogue into an empty database")
    p.set_defaults(handler=_seed)
    p = cat.add_parser("generate", help="add a synthetic catalogue (benchmarks)")
    p.add_argument("--products", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=_generate)
    p = cat.add_parser("search", help="diacritic-insensitive search")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=20)
    add_format_options(p)
    p.set_defaults(handler=_search)
    p = cat.add_parser("lookup", help="what a barcode or QR text resolves to")
    p.add_argument("code")
    add_format_options(p)
    p.set_defaults(handler=_lookup)


def _seed(_args: argparse.Namespace) -> int:
    t = Terminal.open()
    counts = seed_demo(t.engine, install_secret(t.settings.home))
    print(
        f"Demo catalogue loaded: {counts['products']} products, {counts['producers']} producers, "
        f"{counts['barcodes']} barcodes, {counts['staff']} staff.\n"
        "Demo PINs: cashier 1111, shift lead 2222, manager 9999, admin 0000."
    )
    return 0


def _generate(args: argparse.Namespace) -> int:
    t = Terminal.open()
    n = generate_catalogue(t.engine, args.products, seed=args.seed)
    print(f"Generated {n} products.")
    return 0


PRODUCT_COLUMNS = (
    "sku",
    "name_vi",
    "name_en",
    "unit",
    "price",
    "vat_class",
    "ocop_stars",
    "weighed",
    "stock_milli",
)


def _search(args: argparse.Namespace) -> int:
    t = Terminal.open()
    lang = args.lang or "vi"
    found = t.catalogue.search(" ".join(args.query), args.limit)
    if for_script(args):
        emit_rows(args, PRODUCT_COLUMNS, ({c: getattr(p, c) for c in PRODUCT_COLUMNS} for p in found))
        return 0
    for p in found:
        stars = f" {'★' * p.ocop_stars}" if p.ocop_stars else ""
        print(f"{p.sku}\t{p.name(lang)}\t{format_vnd(p.price)}{stars}")
    return 0


def _lookup(args: argparse.Namespace) -> int:
    t = Terminal.open()
    r = t.catalogue.resolve(args.code)
    p = r.product
    extra = []
    if r.qty_milli is not None:
        extra.append(f"qty {r.qty_milli / 1000:g} {p.unit}")
    if r.amount is not None:
        extra.append(f"amount {format_vnd(r.amount)}")
    if r.batch:
        extra.append(f"batch {r.batch}")
    if r.expiry:
        extra.append(f"expiry {r.expiry:%d/%m/%Y}")
    scanned = parse_code(args.code, t.catalogue.in_store)
    gtin = scanned.gtin if isinstance(scanned, Gs1Code) else scanned
    if for_script(args):
        record = {c: getattr(p, c) for c in PRODUCT_COLUMNS}
        record.update(
            code=args.code,
            qty_milli=r.qty_milli,
            amount=r.amount,
            batch=r.batch,
            expiry=r.expiry,
            gs1_vietnam=isinstance(gtin, GtinCode) and gtin.country_prefix_vietnam,
        )
        emit_record(args, record)
        return 0
    if isinstance(gtin, GtinCode) and gtin.country_prefix_vietnam:
        extra.append("GS1 Việt Nam (893)" if (args.lang or "vi") == "vi" else "GS1 Vietnam (893)")
    print(f"{p.sku}\t{p.name(args.lang or 'vi')}\t{format_vnd(p.price)}\t{' '.join(extra)}".rstrip())
    return 0
