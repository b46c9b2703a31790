"""``ocop-pos return …``: a return without the original receipt, and the list of those returns.

``return without-original --claimed-receipt T01-000123 --line SKU:QTY[:PRICE] … --reason TEXT --staff CODE
[--approver CODE]`` is the till's returns screen path for another till's receipt while head office cannot be
reached (or does not hold it yet): a manager (or shift lead) approves by PIN, the goods come back into stock, the
refund is paid in cash, and the return waits to be reconciled with the original (``docs/sync.md``). ``QTY`` is in
units (``1.5`` for weighed goods); ``PRICE`` is the unit price refunded in đồng (today's price when left out; above
it needs a price override). A receipt this till or head office holds is refused: make an ordinary return of it.

``return list [--status pending|linked|disputed]`` lists those returns with where each stands.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any

from pos.cli.actor import add_actor_argument, add_approver_argument, approval_from, sign_in
from pos.cli.output import add_format_options, emit_record, emit_rows, for_script
from pos.errors import ReturnError
from pos.money import format_vnd
from pos.selling.without_original import STATE_LABELS, STATES

LIST_COLUMNS = (
    "receipt",
    "created_at_utc",
    "claimed",
    "refund",
    "status",
    "reason",
    "note",
    "cashier",
    "approved_by",
)


def register(sub: Any) -> None:
    r = sub.add_parser("return", help="returns without the original receipt").add_subparsers(
        dest="action", metavar="ACTION"
    )
    p = r.add_parser(
        "without-original",
        help="refund goods of another till's receipt head office cannot confirm now (a manager approves)",
    )
    p.add_argument(
        "--claimed-receipt", required=True, metavar="NO", help="the receipt the customer states (T01-000123)"
    )
    p.add_argument(
        "--line",
        action="append",
        required=True,
        metavar="SKU:QTY[:PRICE]",
        help="a product coming back; QTY in units, PRICE the unit price refunded (default: today's)",
    )
    p.add_argument("--reason", required=True, help="why the goods come back")
    add_actor_argument(p)
    add_approver_argument(p)
    add_format_options(p)
    p.set_defaults(handler=_without_original)
    p = r.add_parser("list", help="returns made without the original and whether they are reconciled")
    p.add_argument("--status", choices=STATES, default=None, help="only those in this state")
    add_format_options(p)
    p.set_defaults(handler=_list)


def _bad_line(raw: str) -> ReturnError:
    return ReturnError(
        f"Dòng hàng không hợp lệ: {raw} (MÃ:SỐ_LƯỢNG[:GIÁ])",
        f"Invalid line: {raw} (SKU:QTY[:PRICE])",
        code="bad_line",
    )


def parse_line(raw: str) -> tuple[str, int, int | None]:
    """``SKU:QTY[:PRICE]`` → (SKU, quantity in thousandths, unit price in đồng or None)."""
    parts = raw.rsplit(":", 2) if raw.count(":") >= 2 else raw.rsplit(":", 1)
    if len(parts) < 2 or not parts[0].strip():
        raise _bad_line(raw)
    try:
        milli = Decimal(parts[1].replace(",", ".")) * 1000
        price = int(parts[2].replace(".", "")) if len(parts) == 3 else None
    except (InvalidOperation, ValueError):
        raise _bad_line(raw) from None
    if milli != milli.to_integral_value():
        raise _bad_line(raw)
    return parts[0].strip(), int(milli), price


def _without_original(args: argparse.Namespace) -> int:
    from pos.inventory.products import find_product_id
    from pos.selling.checkout import SaleContext, receipt_label
    from pos.selling.receipt_ref import parse_receipt_ref
    from pos.selling.remote_returns import check_items
    from pos.selling.returns import find_sale
    from pos.staff.permissions import has_permission
    from pos.till.guarded import return_without_original, without_original_permissions
    from pos.till.terminal import Terminal

    t = Terminal.open()
    terminal, number = parse_receipt_ref(args.claimed_receipt, t.code)
    items: dict[str, int] = {}
    prices: dict[str, int] = {}
    for raw in args.line:
        sku, qty, price = parse_line(raw)
        pid = find_product_id(t.engine, sku)
        if pid is None:
            raise ReturnError(f"Không có mã hàng {sku}", f"No SKU {sku}", code="no_product")
        items[pid] = items.get(pid, 0) + qty
        if price is not None:
            prices[pid] = price
    check_items(items, prices)  # refused before any PIN is asked
    _refuse_if_known(t.engine, terminal, number, find_sale)
    actor = sign_in(t, args)
    needed = without_original_permissions(t.engine, items, prices)
    if not args.approver and not all(has_permission(actor, p) for p in needed):
        raise ReturnError(
            "Trả hàng không kèm hoá đơn gốc cần quản lý duyệt: thêm --approver MÃ",
            "A return without the original needs a manager's approval: add --approver CODE",
            code="needs_approval",
        )
    approval = approval_from(t, args, actor, *sorted(needed), reason=args.reason)
    sale = return_without_original(
        t.engine,
        terminal,
        number,
        items,
        SaleContext(t.code),
        actor,
        reason=args.reason,
        prices=prices or None,
        approval=approval,
    )
    claimed = receipt_label(terminal, number)
    record = {
        "receipt": sale.receipt_label,
        "claimed": claimed,
        "refund": -sale.total,
        "method": "cash",
        "status": "pending",
    }
    if for_script(args):
        emit_record(args, record)
        return 0
    lang = args.lang or "vi"
    if lang == "vi":
        print(
            f"{sale.receipt_label}: trả hàng không kèm hoá đơn gốc {claimed} — hoàn {format_vnd(-sale.total)} "
            "tiền mặt — chờ đối chiếu khi văn phòng có hoá đơn gốc"
        )
        print(f"In phiếu trả: ocop-pos receipt {sale.receipt_label} --out phieu-tra.png")
    else:
        print(
            f"{sale.receipt_label}: return without the original {claimed} — refund {format_vnd(-sale.total)} "
            "in cash — waiting to be reconciled once head office holds the original"
        )
        print(f"Print the slip: ocop-pos receipt {sale.receipt_label} --out return-slip.png")
    return 0


def _refuse_if_known(engine: Any, terminal: str, number: int, find_sale: Any) -> None:
    """A receipt this till holds, or head office can give, has an original: refuse the path without it."""
    from pos.selling.checkout import receipt_label
    from pos.selling.remote_returns import fetch_remote
    from pos.sync import state

    label = receipt_label(terminal, number)
    known = ReturnError(
        f"Đã có hoá đơn gốc {label}: trả hàng theo hoá đơn đó (màn hình Trả hàng của quầy)",
        f"The original {label} is available: return against it (the till's Returns screen)",
        code="original_found",
    )
    try:
        find_sale(engine, terminal, number)
    except ReturnError:
        pass
    else:
        raise known
    if state.read(engine, state.TOKEN) is None:
        return
    try:
        fetch_remote(engine, terminal, number)
    except ReturnError as exc:
        if exc.code in ("return_offline", "no_sale"):
            return
        raise
    raise known


def _list(args: argparse.Namespace) -> int:
    from pos.selling.without_original import returns_without_original
    from pos.till.terminal import Terminal

    t = Terminal.open()
    found = returns_without_original(t.engine, args.status)
    if for_script(args):
        emit_rows(
            args,
            LIST_COLUMNS,
            (
                {
                    "receipt": r.receipt,
                    "created_at_utc": r.created_at,
                    "claimed": r.claimed,
                    "refund": r.refund,
                    "status": r.status,
                    "reason": r.reason,
                    "note": r.note,
                    "cashier": r.cashier,
                    "approved_by": r.approved_by,
                }
                for r in found
            ),
        )
        return 0
    lang = args.lang or "vi"
    for r in found:
        vi, en = STATE_LABELS.get(r.status, (r.status, r.status))
        state = vi if lang == "vi" else en
        note = f" — {r.note}" if r.note else ""
        print(
            f"{r.receipt}\t{r.created_at:%Y-%m-%d %H:%M}Z\t{r.claimed}\t{format_vnd(r.refund)}\t{state}\t"
            f"{r.reason}{note}"
        )
    return 0
