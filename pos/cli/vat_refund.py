"""``ocop-pos vat-refund …``: the refund shop's enrolment, a refund form for a foreign traveller's sale (refused with
every reason when it does not qualify), the form printed or previewed, and the list of forms for the refunding bank.

Thin glue over ``pos.vat_refund`` (docs/vat-refund.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    from pos.cli.actor import add_actor_argument, add_approver_argument
    from pos.cli.output import add_format_options

    top = sub.add_parser("vat-refund", help="VAT refund forms for foreign travellers (refund shops)")
    actions = top.add_subparsers(dest="vat_refund_cmd", metavar="ACTION")
    p = actions.add_parser("setup", help="enrol the store as a refund shop (or withdraw it)")
    add_actor_argument(p)
    add_approver_argument(p)
    onoff = p.add_mutually_exclusive_group()
    onoff.add_argument("--enrol", dest="enrolled", action="store_true", default=None)
    onoff.add_argument("--unenrol", dest="enrolled", action="store_false")
    p.add_argument("--registration", help="the tax department's confirmation (number and date)")
    p.add_argument(
        "--exclude",
        nargs="*",
        metavar="CATEGORY",
        help="category codes not sold for refund (replaces the list)",
    )
    p.set_defaults(handler=_setup)
    for name, helptext in (
        ("check", "would this sale qualify? (nothing is written)"),
        ("issue", "issue the refund form of a sale and print it to a file"),
    ):
        p = actions.add_parser(name, help=helptext)
        p.add_argument("receipt_no", help="receipt number (123 or T01-000123)")
        p.add_argument("--passport", required=True, help="passport number")
        p.add_argument("--nationality", required=True, help="3-letter code as on the passport (CHN, KOR…)")
        p.add_argument("--name", required=True, help="full name as on the passport")
        p.add_argument(
            "--issued", required=True, type=dt.date.fromisoformat, help="date of issue, YYYY-MM-DD"
        )
        p.add_argument(
            "--expires", required=True, type=dt.date.fromisoformat, help="date of expiry, YYYY-MM-DD"
        )
        if name == "issue":
            add_actor_argument(p)
            _add_output(p)
        p.set_defaults(handler=_check if name == "check" else _issue)
    p = actions.add_parser("show", help="a sale's refund form again (PNG preview or ESC/POS bytes)")
    p.add_argument("receipt_no")
    _add_output(p)
    p.set_defaults(handler=_show)
    p = actions.add_parser("list", help="the forms issued, for the refunding bank (--csv FILE to export)")
    p.add_argument("--from", dest="start", type=dt.date.fromisoformat, help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=dt.date.fromisoformat, help="last day, YYYY-MM-DD")
    p.add_argument("--csv", type=Path, help="write the list as CSV (UTF-8) to this file")
    add_format_options(p)
    p.set_defaults(handler=_list)


def _add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, help="a .png preview or the ESC/POS bytes (.bin)")
    p.add_argument("--width", type=int, choices=[58, 80], default=80)
    p.add_argument("--mode", choices=["raster", "tcvn3", "cp1258"], default="raster")


def _lang(args: argparse.Namespace) -> str:
    return str(args.lang or "vi")


def _passport(args: argparse.Namespace) -> Any:
    from pos.vat_refund.rules import Passport

    return Passport(args.passport, args.nationality, args.name, args.issued, args.expires)


def _sale_id(t: Any, receipt_no: str) -> str:
    from pos.errors import ConfigError
    from pos.receipts.from_sale import sale_id_for

    terminal, _, number = str(receipt_no).rpartition("-")
    if not number.isdigit():
        raise ConfigError(f"Số hoá đơn không hợp lệ: {receipt_no}", f"Not a receipt number: {receipt_no}")
    return sale_id_for(t.engine, terminal or t.code, int(number))


def _setup(args: argparse.Namespace) -> int:
    import dataclasses

    from pos.cli.actor import approval_from, sign_in
    from pos.staff.permissions import Permission
    from pos.till.terminal import Terminal
    from pos.vat_refund.forms import load_shop, save_shop

    t = Terminal.open()
    actor = sign_in(t, args)
    shop = load_shop(t.engine)
    changes: dict[str, Any] = {}
    if args.enrolled is not None:
        changes["enrolled"] = args.enrolled
    if args.registration is not None:
        changes["registration"] = args.registration
    if args.exclude is not None:
        changes["excluded_categories"] = frozenset(args.exclude)
    approval = approval_from(t, args, actor, Permission.EDIT_SHOP_PROFILE)
    saved = save_shop(t.engine, actor, dataclasses.replace(shop, **changes), approval)
    print(f"enrolled\t{saved.enrolled}\nregistration\t{saved.registration}")
    print(f"excluded_categories\t{' '.join(sorted(saved.excluded_categories))}")
    return 0


def _print_decision(decision: Any, lang: str) -> None:
    import sys

    from pos.money import format_vnd

    for line, (vi, en) in decision.left_out:
        print(f"  – {line.name}: {vi if lang == 'vi' else en}", file=sys.stderr)
    if decision.qualifies:
        print(
            f"{format_vnd(decision.goods_value)}\tVAT {format_vnd(decision.vat_amount)}\t"
            f"{'hoàn' if lang == 'vi' else 'refund'} {format_vnd(decision.refund_amount)}"
        )
    for vi, en in decision.reasons:
        print(vi if lang == "vi" else en, file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    from pos.till.terminal import Terminal
    from pos.vat_refund.forms import check_sale

    t = Terminal.open()
    decision = check_sale(t.engine, _sale_id(t, args.receipt_no), _passport(args))
    _print_decision(decision, _lang(args))
    return 0 if decision.qualifies else 1


def _write(t: Any, form: Any, args: argparse.Namespace) -> None:
    from pos.receipts.layout import render
    from pos.receipts.preview import preview_png
    from pos.vat_refund.forms import form_doc

    out: Path | None = args.out
    if out is None:
        return
    doc = form_doc(t.engine, form)
    if out.suffix.lower() == ".png":
        preview_png(doc, args.width, args.mode).save(out)
    else:
        out.write_bytes(render(doc, width_mm=args.width, mode=args.mode))


def _issue(args: argparse.Namespace) -> int:
    from pos.cli.actor import sign_in
    from pos.money import format_vnd
    from pos.till.terminal import Terminal
    from pos.vat_refund.forms import issue_form

    t = Terminal.open()
    actor = sign_in(t, args)
    form = issue_form(t.engine, _sale_id(t, args.receipt_no), _passport(args), actor.name)
    _write(t, form, args)
    print(
        f"{form.form_no}\t{form.receipt_no}\t{format_vnd(form.goods_value)}\tVAT {format_vnd(form.vat_amount)}"
        f"\t{format_vnd(form.refund_amount)}"
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    from pos.errors import RefundError
    from pos.till.terminal import Terminal
    from pos.vat_refund.forms import form_of

    t = Terminal.open()
    form = form_of(t.engine, _sale_id(t, args.receipt_no))
    if form is None:
        raise RefundError(
            "Hoá đơn này chưa có tờ khai hoàn thuế", "This sale has no refund form", code="no_form"
        )
    _write(t, form, args)
    print(f"{form.form_no}\t{form.receipt_no}\t{form.passport.number}\t{form.refund_amount}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from pos.cli.output import emit_rows, for_script
    from pos.till.terminal import Terminal
    from pos.vat_refund.forms import CSV_COLUMNS, csv_rows, export_csv, list_forms

    t = Terminal.open()
    forms = list_forms(t.engine, args.start, args.end)
    if args.csv is not None:
        print(f"{export_csv(forms, args.csv)} → {args.csv}")
        return 0
    rows = csv_rows(forms)
    if for_script(args):
        emit_rows(args, CSV_COLUMNS, rows)
        return 0
    for row in rows:
        print("\t".join(str(row[c]) for c in CSV_COLUMNS if c != "goods"))
    return 0
