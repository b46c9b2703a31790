"""``ocop-pos stock …`` and ``ocop-pos products …``: stock, receiving, adjustments, catalogue files, prices,
labels and producers from a shell.

``products producer-edit CODE`` changes only the options given (``--code`` renames it).

Receiving lines are ``CODE:QTY[:COST[:BATCH[:YYYY-MM-DD]]]`` (a barcode or SKU; quantity in units, ``1.5`` for
weighed goods).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pos.cli.actor import add_actor_argument, add_approver_argument, approval_from, sign_in
from pos.cli.output import add_format_options, emit_rows, error, for_script, print_doc
from pos.digital_link import public_host
from pos.inventory.adjustments import ADJUST_REASONS, adjust_stock
from pos.inventory.alerts import low_stock, near_expiry
from pos.inventory.importexport import COLUMNS, catalogue_rows, check_file, export_catalogue, import_catalogue
from pos.inventory.labels import label_doc, shelf_labels
from pos.inventory.prices import schedule_price
from pos.inventory.producers import ProducerInput, list_producers, matching, save_producer
from pos.inventory.products import find_product_id
from pos.inventory.receiving import ReceivingSession, StockError, receive_goods
from pos.inventory.stock import stock_as_of, stock_levels
from pos.inventory.valuation import valuation
from pos.models.catalogue import PRODUCER_KINDS
from pos.money import format_vnd
from pos.payments.banks import bank_by_bin
from pos.shifts.document import shop_header
from pos.staff.permissions import Permission
from pos.till.terminal import Terminal


def _qty_milli(text: str) -> int:
    try:
        milli = Decimal(text.replace(",", ".")) * 1000
    except InvalidOperation:
        raise StockError(
            f"Số lượng không hợp lệ: {text}", f"Invalid quantity: {text}", code="bad_qty"
        ) from None
    if milli != milli.to_integral_value():
        raise StockError(f"Số lượng không hợp lệ: {text}", f"Invalid quantity: {text}", code="bad_qty")
    return int(milli)


def _units(milli: int) -> str:
    return f"{Decimal(milli) / 1000:f}".rstrip("0").rstrip(".") if milli % 1000 else str(milli // 1000)


def register(sub: Any) -> None:
    st = sub.add_parser("stock", help="stock, receiving, adjustments").add_subparsers(
        dest="stock_cmd", metavar="ACTION"
    )
    p = st.add_parser("levels", help="stock of every product")
    p.add_argument("--low", action="store_true", help="only products at or below their threshold")
    add_format_options(p)
    p.set_defaults(handler=_levels)
    p = st.add_parser("expiring", help="lots expiring soon (or expired)")
    p.add_argument("--days", type=int, default=None)
    add_format_options(p)
    p.set_defaults(handler=_expiring)
    p = st.add_parser("valuation", help="stock value at cost")
    p.set_defaults(handler=_valuation)
    p = st.add_parser("receive", help="receive a delivery")
    add_actor_argument(p)
    add_approver_argument(p)
    p.add_argument("lines", nargs="+", metavar="CODE:QTY[:COST[:BATCH[:EXPIRY]]]")
    p.add_argument("--producer", help="producer code")
    p.add_argument("--ref", default="", help="delivery note number")
    p.set_defaults(handler=_receive)
    p = st.add_parser("adjust", help="adjust stock with a reason")
    add_actor_argument(p)
    add_approver_argument(p)
    p.add_argument("sku")
    p.add_argument("qty", help="signed quantity in units, e.g. -2")
    p.add_argument("reason", choices=list(ADJUST_REASONS))
    p.add_argument("--note", default="")
    p.set_defaults(handler=_adjust)

    pr = sub.add_parser("products", help="catalogue files, prices, labels").add_subparsers(
        dest="products_cmd", metavar="ACTION"
    )
    p = pr.add_parser(
        "list", help="the catalogue, a product a line (--tsv/--json: the export file's columns)"
    )
    add_format_options(p)
    p.set_defaults(handler=_list)
    p = pr.add_parser("check", help="validate a catalogue file (changes nothing)")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_check)
    p = pr.add_parser("import", help="import a catalogue file (all or nothing)")
    p.add_argument("file", type=Path)
    add_actor_argument(p)
    p.set_defaults(handler=_import)
    p = pr.add_parser("export", help="export the catalogue to .csv or .xlsx")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=_export)
    p = pr.add_parser("price", help="set a price, at once or from a date")
    add_actor_argument(p)
    p.add_argument("sku")
    p.add_argument("price", type=int)
    p.add_argument("--from", dest="valid_from", type=dt.date.fromisoformat, default=None)
    p.set_defaults(handler=_price)
    p = pr.add_parser("label", help="print shelf labels on the receipt printer (or preview them)")
    p.add_argument("skus", nargs="+")
    p.add_argument("--price-on", type=dt.date.fromisoformat, default=None, help="the price on this date")
    p.add_argument("--copies", type=int, default=1, help="labels of each product (1-100)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--stdout", action="store_true", help="show the labels' text here instead of printing")
    where.add_argument(
        "--out", type=Path, help="write a PNG preview (.png) or the ESC/POS bytes (.bin) instead"
    )
    p.add_argument(
        "--mode", choices=["raster", "tcvn3", "cp1258"], default=None, help="default: the printer's"
    )
    p.add_argument("--width", type=int, choices=[58, 80], default=None, help="default: the printer's")
    p.set_defaults(handler=_label)
    p = pr.add_parser("producers", help="list producers (those matching QUERY)")
    p.add_argument("query", nargs="*")
    add_format_options(p)
    p.set_defaults(handler=_producers)
    p = pr.add_parser("producer-add", help="add a producer")
    add_actor_argument(p)
    add_approver_argument(p)
    p.add_argument("code")
    p.add_argument("name")
    _producer_options(p, kind_default="cooperative")
    p.set_defaults(handler=_producer_add)
    p = pr.add_parser("producer-edit", help="change a producer (only the options given)")
    add_actor_argument(p)
    add_approver_argument(p)
    p.add_argument("code", help="the producer's current code")
    p.add_argument("--code", dest="new_code", help="a new code")
    p.add_argument("--name")
    _producer_options(p, kind_default=None)
    p.set_defaults(handler=_producer_edit)


#: Producer options → ``ProducerInput`` fields.
PRODUCER_OPTIONS = {
    "kind": "kind",
    "commune": "commune",
    "district": "district",
    "province": "province",
    "address": "address",
    "phone": "phone",
    "contact": "contact_name",
    "email": "email",
    "tax_code": "tax_code",
    "bank": "bank_bin",
    "account_no": "bank_account",
    "account_name": "bank_account_name",
    "note": "note",
}


def _producer_options(p: argparse.ArgumentParser, *, kind_default: str | None) -> None:
    p.add_argument("--kind", choices=list(PRODUCER_KINDS), default=kind_default)
    for option in ("commune", "district", "province", "address", "phone", "contact", "email", "note"):
        p.add_argument(f"--{option}")
    p.add_argument("--tax-code")
    p.add_argument("--bank", help="BIN (970405), code (VBA) or short name")
    p.add_argument("--account-no")
    p.add_argument("--account-name", help="account holder (diacritics are dropped, as banks show it)")


def _producer_changes(args: argparse.Namespace) -> dict[str, str]:
    return {
        field: getattr(args, opt) for opt, field in PRODUCER_OPTIONS.items() if getattr(args, opt) is not None
    }


LEVEL_COLUMNS = ("sku", "name_vi", "name_en", "unit", "qty_milli", "low_milli", "is_low", "price", "cost")
LOT_COLUMNS = ("expiry", "days_left", "sku", "batch", "qty_milli", "unit", "name_vi", "name_en")
PRODUCER_COLUMNS = ("code", "name", "kind", "commune", "district", "province", "phone", "contact_name",
                    "email", "tax_code", "bank_bin", "bank_account", "bank_account_name")  # fmt: skip


def _levels(args: argparse.Namespace) -> int:
    t = Terminal.open()
    lang = args.lang or "vi"
    levels = low_stock(t.engine) if args.low else stock_levels(t.engine)
    as_of = stock_as_of(t.engine)
    if as_of is not None:  # the store's stock (every till), as head office counted it at the last sync
        local = as_of.replace(tzinfo=dt.UTC).astimezone()
        words = (
            f"Tồn kho của cửa hàng lúc {local:%H:%M} ({local:%Y-%m-%d}), cộng giao dịch chưa gửi của máy này"
            if lang == "vi"
            else f"The store's stock as of {local:%H:%M} ({local:%Y-%m-%d}), with this till's sales not yet sent"
        )
        print(words, file=sys.stderr if for_script(args) else sys.stdout)
    if for_script(args):
        emit_rows(args, LEVEL_COLUMNS, ({c: getattr(s, c) for c in LEVEL_COLUMNS} for s in levels))
        return 0
    for s in levels:
        low = f" (≤ {_units(s.low_milli)})" if s.low_milli is not None and s.is_low else ""
        print(f"{s.sku}\t{_units(s.qty_milli)} {s.unit}{low}\t{s.name(lang)}")
    return 0


def _expiring(args: argparse.Namespace) -> int:
    t = Terminal.open()
    lots = near_expiry(t.engine, today=dt.date.today(), within_days=args.days)
    if for_script(args):
        emit_rows(args, LOT_COLUMNS, ({c: getattr(lot, c) for c in LOT_COLUMNS} for lot in lots))
        return 0
    for lot in lots:
        print(
            f"{lot.expiry:%d/%m/%Y}\t{lot.days_left:+d}\t{lot.sku}\t{lot.batch or '-'}\t"
            f"{_units(lot.qty_milli)} {lot.unit}\t{lot.name(args.lang or 'vi')}"
        )
    return 0


def _valuation(args: argparse.Namespace) -> int:
    t = Terminal.open()
    v = valuation(t.engine, on=dt.date.today())
    vi = (args.lang or "vi") == "vi"
    print(f"{'Hàng của cửa hàng' if vi else 'Owned stock'}\t{format_vnd(v.owned_value)}")
    print(f"{'Hàng ký gửi' if vi else 'Consigned stock'}\t{format_vnd(v.consigned_value)}")
    for line in v.negative:
        print(f"{'Tồn âm' if vi else 'Negative'}\t{line.level.sku}\t{_units(line.level.qty_milli)}")
    return 0


def _receive(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    session = ReceivingSession(t.catalogue)
    for spec in args.lines:
        parts = spec.split(":")
        if len(parts) < 2:
            raise StockError(f"Dòng nhập sai: {spec}", f"Bad receiving line: {spec}", code="bad_line")
        cost = int(parts[2]) if len(parts) > 2 and parts[2] else None
        batch = parts[3] if len(parts) > 3 and parts[3] else None
        expiry = dt.date.fromisoformat(parts[4]) if len(parts) > 4 and parts[4] else None
        session.scan(parts[0], _qty_milli(parts[1]), unit_cost=cost, batch=batch, expiry=expiry)
    producer = None
    if args.producer:
        producer = next((p.id for p in list_producers(t.engine) if p.data.code == args.producer), None)
        if producer is None:
            raise StockError(
                f"Không có nhà sản xuất {args.producer}", f"No producer {args.producer}", code="no_producer"
            )
    approval = approval_from(t, args, actor, Permission.RECEIVE_STOCK)
    receipt = receive_goods(
        t.engine, actor, session.lines, producer_id=producer, reference=args.ref, approval=approval
    )
    print(f"{len(receipt.lines)} dòng / lines, {format_vnd(receipt.total_cost)}")
    return 0


def _adjust(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    pid = find_product_id(t.engine, args.sku)
    if pid is None:
        raise StockError(f"Không có mã hàng {args.sku}", f"No SKU {args.sku}", code="no_product")
    approval = approval_from(t, args, actor, Permission.ADJUST_STOCK, reason=args.note)
    adjust_stock(t.engine, actor, pid, _qty_milli(args.qty), args.reason, note=args.note, approval=approval)
    return 0


def _print_report(report: Any, lang: str, *, refused_on_stderr: bool) -> int:
    """A checked catalogue file: its problems (a refused import's on stderr), or how many rows it holds."""
    for problem in report.problems:
        if refused_on_stderr:
            error(problem.message(lang))
        else:
            print(problem.message(lang))
    if report.ok:
        print(
            f"{report.rows} dòng hợp lệ / rows valid"
            + (f"; {report.created} mới / new, {report.updated} cập nhật / updated" if report.applied else "")
        )
        return 0
    return 1


def _check(args: argparse.Namespace) -> int:
    t = Terminal.open()
    return _print_report(check_file(t.engine, args.file), args.lang or "vi", refused_on_stderr=False)


def _import(args: argparse.Namespace) -> int:
    t = Terminal.open()
    report = import_catalogue(t.engine, sign_in(t, args), args.file)
    return _print_report(report, args.lang or "vi", refused_on_stderr=True)


def _list(args: argparse.Namespace) -> int:
    t = Terminal.open()
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in catalogue_rows(t.engine, on=dt.date.today())]
    if for_script(args):  # what ``products export FILE.csv`` writes, so a listing and an export agree
        emit_rows(args, COLUMNS, rows)
        return 0
    en = (args.lang or "vi") == "en"
    for r in rows:
        print(f"{r['sku']}\t{(en and r['name_en']) or r['name_vi']}\t{format_vnd(r['price'])}")
    return 0


def _export(args: argparse.Namespace) -> int:
    t = Terminal.open()
    print(f"{export_catalogue(t.engine, args.file)} → {args.file}")
    return 0


def _price(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    pid = find_product_id(t.engine, args.sku)
    if pid is None:
        raise StockError(f"Không có mã hàng {args.sku}", f"No SKU {args.sku}", code="no_product")
    schedule_price(t.engine, actor, pid, args.price, args.valid_from)
    return 0


def _label(args: argparse.Namespace) -> int:
    """Shelf labels to the configured receipt printer, laid out in its mode and width; ``--stdout`` shows their
    text and ``--out`` writes a preview (.png, the labels one under the other) or the bytes (.bin)."""
    from pos.receipts.service import print_now, printer_config

    if not 1 <= args.copies <= 100:
        raise StockError("Số nhãn mỗi hàng từ 1 đến 100", "Copies must be 1 to 100", code="bad_copies")
    t = Terminal.open()
    ids = [find_product_id(t.engine, s) for s in args.skus]
    unknown = [s for s, pid in zip(args.skus, ids, strict=True) if pid is None]
    if unknown:
        names = ", ".join(unknown)
        raise StockError(f"Không có mã hàng {names}", f"No SKU {names}", code="no_product")
    shop = shop_header(t.engine)
    labels = shelf_labels(
        t.engine,
        [pid for pid in ids if pid],
        price_on=args.price_on,
        public_host=public_host(t.settings.device("public")),
    )
    docs = [
        label_doc(d, shop_name=shop.name, lang=args.lang or "vi") for d in labels for _ in range(args.copies)
    ]
    if args.stdout:
        for doc in docs:
            print_doc(doc)
        return 0
    config = printer_config(t.settings)
    width = args.width or config.width_mm
    mode = args.mode or config.mode
    if args.out is not None and args.out.suffix.lower() == ".png":
        from PIL import Image

        from pos.receipts.preview import preview_png

        pages = [preview_png(doc, width, mode) for doc in docs]
        sheet = Image.new("1", (max(p.width for p in pages), sum(p.height for p in pages)), 1)
        top = 0
        for page in pages:
            sheet.paste(page, (0, top))
            top += page.height
        sheet.save(args.out)
        print(f"{len(docs)} → {args.out}")
        return 0
    from pos.receipts.layout import render

    data = b"".join(render(doc, width_mm=width, mode=mode) for doc in docs)
    if args.out is not None:
        args.out.write_bytes(data)
        print(f"{len(docs)} → {args.out}")
        return 0
    where = print_now(config, data)
    print(f"{len(docs)} → {where}")
    return 0


def _producer_line(p: Any) -> str:
    d = p.data
    bank = bank_by_bin(d.bank_bin) if d.bank_bin else None
    account = f"{bank.short_name if bank else d.bank_bin} {d.bank_account} {d.bank_account_name}".strip()
    return "\t".join(
        (d.code, d.name, d.kind, p.locality or "—", d.phone or "—", d.contact_name or "—", account or "—")
    )


def _producers(args: argparse.Namespace) -> int:
    t = Terminal.open()
    found = matching(list_producers(t.engine), " ".join(args.query))
    if for_script(args):
        emit_rows(args, PRODUCER_COLUMNS, (dataclasses.asdict(p.data) for p in found))
        return 0
    for p in found:
        print(_producer_line(p))
    return 0


def _producer_add(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    data = ProducerInput(code=args.code, name=args.name, **_producer_changes(args))
    approval = approval_from(t, args, actor, Permission.EDIT_PRODUCERS)
    pid = save_producer(t.engine, actor, data, approval=approval)
    print(_producer_line(next(p for p in list_producers(t.engine) if p.id == pid)))
    return 0


def _producer_edit(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    found = next((p for p in list_producers(t.engine) if p.data.code == args.code), None)
    if found is None:
        raise StockError(f"Không có nhà sản xuất {args.code}", f"No producer {args.code}", code="no_producer")
    changes = _producer_changes(args)
    if args.new_code is not None:
        changes["code"] = args.new_code
    if args.name is not None:
        changes["name"] = args.name
    approval = approval_from(t, args, actor, Permission.EDIT_PRODUCERS)
    save_producer(t.engine, actor, dataclasses.replace(found.data, **changes), found.id, approval=approval)
    print(_producer_line(next(p for p in list_producers(t.engine) if p.id == found.id)))
    return 0
