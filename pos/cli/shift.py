"""``ocop-pos shift …``: open, paid-in/out, X report, close with a count, reprint a Z report.

``shift close`` refuses while sales of the shift are not yet at the server; ``--close-unsent`` asks for the
override (a cashier also names an ``--approver``, whose PIN is asked for).

Counts are given as ``NOTExPIECES`` words: ``--count 500000x2 100000x3 10000x7``.
"""

from __future__ import annotations

import argparse
from typing import Any

from pos.cli.actor import add_actor_argument, add_approver_argument, approval_from, sign_in
from pos.cli.output import add_format_options, emit_record, for_script, print_doc
from pos.money import format_vnd
from pos.shifts.cash import CashCount, ShiftError
from pos.shifts.close import close_shift, load_z_report, x_report
from pos.shifts.document import report_doc, shop_header
from pos.shifts.shift import cash_movement, current_shift, open_shift
from pos.staff.permissions import Permission
from pos.till.terminal import Terminal


def parse_count(words: list[str]) -> CashCount:
    pieces: dict[int, int] = {}
    for word in words:
        note, sep, n = word.lower().replace(".", "").partition("x")
        if not sep or not note.isdigit() or not n.isdigit():
            raise ShiftError(
                f"Không hiểu '{word}' (dạng 500000x2)",
                f"Cannot read '{word}' (use 500000x2)",
                code="bad_count",
            )
        pieces[int(note)] = pieces.get(int(note), 0) + int(n)
    return CashCount.of(pieces)


def register(sub: Any) -> None:
    sh = sub.add_parser("shift", help="shifts and the cash drawer").add_subparsers(
        dest="shift_cmd", metavar="ACTION"
    )
    p = sh.add_parser("open", help="open a shift with the counted float")
    add_actor_argument(p)
    p.add_argument("--count", nargs="*", default=[], metavar="NOTExN")
    p.set_defaults(handler=_open)
    p = sh.add_parser("status", help="is a shift open on this till (exit 1 if not)")
    add_format_options(p)
    p.set_defaults(handler=_status)
    for kind in ("paid-in", "paid-out"):
        p = sh.add_parser(kind, help=f"record a {kind} with its reason")
        add_actor_argument(p)
        add_approver_argument(p)
        p.add_argument("amount", type=int)
        p.add_argument("reason")
        p.set_defaults(handler=_paid, kind=kind.replace("-", "_"))
    p = sh.add_parser("x", help="X report (mid-shift, nothing reset)")
    add_actor_argument(p)
    add_approver_argument(p)
    p.set_defaults(handler=_x)
    p = sh.add_parser("close", help="close with the blind count; prints the Z report")
    add_actor_argument(p)
    add_approver_argument(p)
    p.add_argument("--count", nargs="*", default=[], metavar="NOTExN")
    p.add_argument("--reason", default="")
    p.add_argument(
        "--close-unsent",
        action="store_true",
        help="close although sales of the shift are not yet at the server (a shift lead's or manager's "
        "override, recorded in the audit log; a cashier adds --approver)",
    )
    p.set_defaults(handler=_close)
    p = sh.add_parser("z", help="reprint a stored Z report")
    p.add_argument("number", type=int)
    p.set_defaults(handler=_z)


def _open(args: argparse.Namespace) -> int:
    t = Terminal.open()
    info = open_shift(t.engine, sign_in(t, args), t.code, parse_count(args.count))
    print(f"{t.code}: ca mở / shift open, {format_vnd(info.opening_float)}")
    return 0


def _status(args: argparse.Namespace) -> int:
    t = Terminal.open()
    info = current_shift(t.engine, t.code)
    if for_script(args):
        emit_record(
            args,
            {
                "terminal": t.code,
                "open": info is not None,
                "opened_by": info.opened_by_name if info else None,
                "opened_at_utc": info.opened_at if info else None,
                "opening_float": info.opening_float if info else None,
            },
        )
        return 0 if info is not None else 1
    if info is None:
        print(f"{t.code}: chưa mở ca / no open shift")
        return 1
    print(f"{t.code}: {info.opened_by_name} {info.opened_at:%Y-%m-%d %H:%M}Z")
    return 0


def _paid(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    approval = approval_from(t, args, actor, Permission.PAID_IN_OUT, reason=args.reason)
    cash_movement(t.engine, actor, t.code, args.kind, args.amount, args.reason, approval=approval)
    return 0


def _x(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    report = x_report(t.engine, actor, t.code, approval=approval_from(t, args, actor, Permission.X_REPORT))
    print_doc(report_doc(report, shop_header(t.engine), lang=args.lang or "vi"))
    return 0


def _close(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    approval = approval_from(t, args, actor, Permission.CLOSE_SHIFT_UNSENT, reason=args.reason)
    report = close_shift(
        t.engine,
        actor,
        t.code,
        parse_count(args.count),
        approval=approval,
        reason=args.reason,
        close_unsent=args.close_unsent,
    )
    print_doc(report_doc(report, shop_header(t.engine), lang=args.lang or "vi"))
    return 0


def _z(args: argparse.Namespace) -> int:
    t = Terminal.open()
    print_doc(
        report_doc(
            load_z_report(t.engine, t.code, args.number), shop_header(t.engine), lang=args.lang or "vi"
        )
    )
    return 0
