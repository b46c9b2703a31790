"""``ocop-pos einvoice …``: set the store up, see what was made and where it is, get an invoice's XML, send the
queue, re-offer a rejected invoice, and the month's or quarter's tax report.

Thin glue over ``pos.einvoice`` (the same calls the manager's screen makes).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

STATE_WORDS = {
    "pending": ("chờ gửi", "pending"),
    "sent": ("đã gửi", "sent"),
    "accepted": ("CQT đã nhận", "accepted"),
    "rejected": ("bị từ chối", "rejected"),
    "corrected": ("đã điều chỉnh", "corrected"),
}


def register(sub: Any) -> None:
    einv = sub.add_parser("einvoice", help="e-invoices made at the till and sent to the tax authority")
    actions = einv.add_subparsers(dest="einvoice_cmd", metavar="ACTION")
    p = actions.add_parser("setup", help="enrol the store (the tax authority's prefix, series, provider)")
    p.add_argument(
        "--staff", required=True, metavar="CODE", help="a manager's staff code (the PIN is asked for)"
    )
    p.add_argument("--approver", metavar="CODE")
    onoff = p.add_mutually_exclusive_group()
    onoff.add_argument("--enrol", dest="enrolled", action="store_true", default=None)
    onoff.add_argument("--unenrol", dest="enrolled", action="store_false")
    p.add_argument("--form", choices=["1", "2"], help="1 VAT invoice (credit method), 2 sales invoice")
    p.add_argument("--prefix", help="the 5 characters the tax authority assigned (e.g. A1B2C)")
    p.add_argument("--series", dest="series_suffix", help="the series' last two letters (e.g. AA → C26MAA)")
    p.add_argument("--block", type=int, help="0–99, different on each till sharing the prefix")
    p.add_argument("--provider", choices=["sepay"])
    p.add_argument("--send-via", choices=["till", "relay"])
    p.add_argument("--lookup-url", help="where buyers look invoices up (printed with a QR)")
    p.add_argument("--provider-tax-code", help="the e-invoice solution provider's tax code (MSTTCGP)")
    p.set_defaults(handler=_setup)
    p = actions.add_parser("list", help="the newest invoices and their status")
    p.add_argument(
        "--pending", action="store_true", help="only those not yet accepted (pending, sent, rejected)"
    )
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=_list)
    p = actions.add_parser("show", help="an invoice's code and status")
    p.add_argument("receipt_no", help="receipt number (123 or T01-000123)")
    p.set_defaults(handler=_show)
    p = actions.add_parser("xml", help="write an invoice's XML (the tax authority's format)")
    p.add_argument("receipt_no")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(handler=_xml)
    p = actions.add_parser("send", help="send what is due to the provider now")
    p.add_argument("--rounds", type=int, default=20, help="at most this many rounds")
    p.set_defaults(handler=_send)
    p = actions.add_parser("retry", help="offer a rejected invoice again (after its cause was put right)")
    p.add_argument("receipt_no")
    p.set_defaults(handler=_retry)
    p = actions.add_parser("report", help="VAT by rate and the invoice list for a month or a quarter")
    p.add_argument("period", help="2026-12 (month) or 2026-Q4 (quarter)")
    p.add_argument("--out", type=Path, help="write .xlsx (both tables) or .csv (the invoice list)")
    p.set_defaults(handler=_report)
    p = actions.add_parser("check-tax-code", help="is this a valid tax code (MST)?")
    p.add_argument("tax_code")
    p.set_defaults(handler=_check_tax_code)


def _lang(args: argparse.Namespace) -> str:
    return str(args.lang or "vi")


def _state(state: str, lang: str) -> str:
    vi, en = STATE_WORDS.get(state, (state, state))
    return en if lang == "en" else vi


def _setup(args: argparse.Namespace) -> int:
    from pos.cli.actor import approval_from, sign_in
    from pos.einvoice.config import load_config
    from pos.einvoice.setup import save_config
    from pos.staff.permissions import Permission
    from pos.till.terminal import Terminal

    t = Terminal.open()
    actor = sign_in(t, args)
    fields = ("enrolled", "form", "prefix", "series_suffix", "block", "provider", "send_via", "lookup_url")
    changes = {f: getattr(args, f) for f in fields if getattr(args, f) is not None}
    if args.provider_tax_code is not None:
        changes["provider_tax_code"] = args.provider_tax_code
    config = dataclasses.replace(load_config(t.engine), **changes)
    approval = approval_from(t, args, actor, Permission.EDIT_SHOP_PROFILE)
    saved = save_config(t.engine, actor, config, approval=approval, terminal_code=t.code)
    for key, value in dataclasses.asdict(saved).items():
        print(f"{key}\t{value}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from pos.einvoice.queue import counts, invoices
    from pos.models.values import utcnow
    from pos.till.terminal import Terminal

    t = Terminal.open()
    lang = _lang(args)
    states = (
        ("pending", "sent", "rejected")
        if args.pending
        else ("pending", "sent", "accepted", "rejected", "corrected")
    )
    now = utcnow()
    for row in invoices(t.engine, states=states, limit=args.limit):
        late = (" ⚠ quá hạn" if lang == "vi" else " ⚠ overdue") if row.overdue(now) else ""
        why = f"\t{row.last_error}" if row.state in ("rejected", "pending") and row.last_error else ""
        print(f"{row.receipt}\t{row.code}\t{row.total}\t{_state(row.state, lang)}{late}{why}")
    summary = counts(t.engine)
    print("\t".join(f"{_state(s, lang)}: {n}" for s, n in summary.items()), file=sys.stderr)
    return 0


def _find(t: Any, raw: str) -> Any:
    from pos.einvoice.errors import EInvoiceError
    from pos.einvoice.queue import invoice_for
    from pos.selling.receipt_ref import parse_receipt_ref

    terminal, number = parse_receipt_ref(raw, t.code)
    row = invoice_for(t.engine, terminal, number)
    if row is None:
        raise EInvoiceError(
            f"Hoá đơn {terminal}-{number:06d} không có hoá đơn điện tử",
            f"Receipt {terminal}-{number:06d} has no e-invoice",
            code="no_einvoice",
        )
    return row


def _show(args: argparse.Namespace) -> int:
    from pos.einvoice.issue import local_time
    from pos.einvoice.queue import deadline_for
    from pos.till.terminal import Terminal

    t = Terminal.open()
    lang = _lang(args)
    row = _find(t, args.receipt_no)
    en = lang == "en"
    print(f"{'Receipt' if en else 'Số phiếu'}\t{row.receipt}")
    print(f"{'Tax-authority code' if en else 'Mã của CQT'}\t{row.code}")
    print(f"{'Kind' if en else 'Loại'}\t{row.kind}" + (f" → {row.related_code}" if row.related_code else ""))
    print(f"{'Made at' if en else 'Thời điểm lập'}\t{local_time(row.issued_at):%Y-%m-%d %H:%M:%S}")
    print(f"{'Total' if en else 'Tổng cộng'}\t{row.total}\t{'VAT' if en else 'Thuế GTGT'}\t{row.vat_total}")
    if row.buyer_name:
        print(f"{'Buyer' if en else 'Người mua'}\t{row.buyer_name}\t{row.buyer_tax_code}")
    print(f"{'Status' if en else 'Trạng thái'}\t{_state(row.state, lang)}\t{row.provider_ref}")
    print(f"{'Send by' if en else 'Hạn gửi'}\t{local_time(deadline_for(row.issued_at)):%Y-%m-%d %H:%M}")
    if row.last_error:
        print(f"{'Last error' if en else 'Lỗi gần nhất'}\t{row.last_error}")
    return 0


def _xml(args: argparse.Namespace) -> int:
    from pos.einvoice.queue import xml_of
    from pos.till.terminal import Terminal

    t = Terminal.open()
    row = _find(t, args.receipt_no)
    args.out.write_text(xml_of(t.engine, row.sale_id), encoding="utf-8")
    print(f"{row.code} → {args.out}")
    return 0


def _send(args: argparse.Namespace) -> int:
    from pos.einvoice.config import load_config
    from pos.einvoice.providers import provider_for
    from pos.einvoice.queue import send_round
    from pos.till.terminal import Terminal

    t = Terminal.open()
    config = load_config(t.engine)
    provider = provider_for(config.provider, t.settings.device("einvoice").get(config.provider, {}))
    total = {"accepted": 0, "sent": 0, "rejected": 0}
    try:
        for _ in range(max(1, args.rounds)):
            result = send_round(t.engine, provider)
            total["accepted"] += result.accepted
            total["sent"] += result.sent
            total["rejected"] += result.rejected
            for problem in result.problems:
                print(problem, file=sys.stderr)
            if not result.ok:
                print(f"provider unreachable: {result.unreachable}", file=sys.stderr)
                break
            if not (result.accepted or result.sent or result.rejected):
                break
    finally:
        provider.close()
    print("\t".join(f"{k}: {v}" for k, v in total.items()))
    return 0


def _retry(args: argparse.Namespace) -> int:
    from pos.einvoice.queue import retry
    from pos.till.terminal import Terminal

    t = Terminal.open()
    row = _find(t, args.receipt_no)
    if not retry(t.engine, row.sale_id):
        print(f"{row.code}: {_state(row.state, _lang(args))} — nothing to retry", file=sys.stderr)
        return 1
    print(f"{row.code}: pending")
    return 0


def _report(args: argparse.Namespace) -> int:
    from pos.einvoice.report import invoice_list, parse_period, vat_by_rate
    from pos.reports.export import export
    from pos.till.terminal import Terminal

    t = Terminal.open()
    lang = _lang(args)
    period = parse_period(args.period)
    rates = vat_by_rate(t.engine, period)
    listing = invoice_list(t.engine, period)
    print(rates.title(lang))
    for row in (*rates.rows, rates.totals):
        if row is not None:
            label = "Σ" if row[0] is None else f"{row[0]}%"
            print(f"{label}\t{row[1]}\t{row[2]}\t{row[3]}\t{row[4]}")
    print(f"{listing.title(lang)}: {len(listing.rows)}")
    if args.out:
        tables = [listing] if args.out.suffix.lower() == ".csv" else [rates, listing]
        export(tables, args.out, lang=lang, subtitle=period.label)
        print(f"→ {args.out}")
    return 0


def _check_tax_code(args: argparse.Namespace) -> int:
    from pos.einvoice.taxcode import normalise_tax_code, tax_code_problem

    problem = tax_code_problem(args.tax_code)
    if problem:
        print(problem[1] if _lang(args) == "en" else problem[0], file=sys.stderr)
        return 1
    print(normalise_tax_code(args.tax_code))
    return 0
