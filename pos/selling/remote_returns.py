"""Returning a receipt of another till of the store.

Online, the till reads the sale from head office (``GET /sync/sales``: its lines with what every till of the store
has returned), and before any money leaves the drawer head office accepts the refund (``POST /sync/returns``,
``pos.server.returns``): two tills returning the same line at once are decided one after the other, and the second
gets a clear refusal and refunds nothing. The return is then written here under the id head office accepted, linked
to the original (``pos.sync.return_links``).

Offline, the till says so — and a manager may approve a return without the original: priced at today's price (or
below it; above it only with a price override), refunded in cash, recorded (``remote_returns``, the audit log) and
held back from upload until the original is found at head office and the return reconciled with it
(``return_links.reconcile``, each round).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, Engine, text

from pos.errors import ReturnError
from pos.ids import new_id
from pos.models.rows import SaleRow
from pos.money import div_round_half_up
from pos.selling.checkout import AlsoWrite, CommittedSale, SaleContext
from pos.selling.returns import ReturnableLine, ReturnableSale, make_return, refund_amount
from pos.sync.errors import OfflineError, RejectedError, ServerError, SyncError

# The sync client, its wire models (pydantic) and HTTP stack load with the first return that needs head office,
# not with the till's window (``tests/unit/test_cli_dispatch.py``: start-up loads what the sale screen needs).


def _offline(label: str) -> ReturnError:
    return ReturnError(
        f"Hoá đơn {label} là của quầy khác và không liên lạc được văn phòng để đọc nó. Thử lại khi có mạng, hoặc "
        "quản lý duyệt «trả hàng không kèm hoá đơn gốc» (đối chiếu khi có mạng).",
        f"Receipt {label} is from another till and head office cannot be reached to read it. Try again when online, "
        "or a manager approves a “return without the original” (reconciled once online).",
        code="return_offline",
    )


def _label(terminal: str, receipt_no: int) -> str:
    return f"{terminal}-{receipt_no:06d}"


def fetch_remote(engine: Engine, terminal: str, receipt_no: int) -> ReturnableSale:
    """Another till's sale as head office holds it, with what is left to return."""
    from pos.sync.rounds import client_for

    try:
        with client_for(engine, timeout=15.0) as client:
            doc = client.returnable_sale(terminal, receipt_no)
    except (OfflineError, ServerError) as exc:
        raise _offline(_label(terminal, receipt_no)) from exc
    except RejectedError as exc:
        raise ReturnError(exc.vi, exc.en, code=exc.code) from exc
    except SyncError as exc:  # not registered
        raise ReturnError(exc.vi, exc.en, code=exc.code) from exc
    lines = tuple(
        ReturnableLine(
            ln.line_id,
            ln.line_no,
            ln.product_id,
            ln.sku,
            ln.name_vi,
            ln.name_en,
            ln.unit,
            ln.qty_milli,
            ln.returned_milli,
            ln.amount,
            ln.refunded,
            ln.unit_price,
            ln.vat_rate,
            ln.ocop_stars,
        )
        for ln in doc.lines
    )
    created = (
        doc.created_at.astimezone(dt.UTC).replace(tzinfo=None) if doc.created_at.tzinfo else doc.created_at
    )
    payments = tuple((p.method, p.amount, p.reference) for p in doc.payments)
    return ReturnableSale(
        doc.sale_id, doc.terminal_code, doc.receipt_no, created, doc.total, lines, payments, True
    )


def _both(first: AlsoWrite, second: AlsoWrite | None) -> AlsoWrite:
    def write(conn: Connection, row: SaleRow) -> None:
        first(conn, row)
        if second is not None:
            second(conn, row)

    return write


def remote_return(
    engine: Engine,
    original: ReturnableSale,
    quantities: Mapping[str, int],
    ctx: SaleContext,
    *,
    approved_by: str | None,
    reason: str = "",
    now: dt.datetime | None = None,
    also: AlsoWrite | None = None,
) -> CommittedSale:
    """Head office accepts the refund of ``quantities`` of a sale of the store, then the return is written here.

    Another till's sale must be accepted (offline: refused, see ``without_original``). This till's own sale is
    claimed too when the till is registered, so a refund made here and one made at another till never add up past
    what was paid; if head office cannot be reached, or does not hold the sale yet (no other till can see it), the
    till decides alone, as before."""
    from pos.sync import return_links
    from pos.sync.rounds import client_for
    from pos.sync.wire import ClaimLineDoc, ReturnClaimDoc

    by_id = {line.line_id: line for line in original.lines}
    claims: list[ClaimLineDoc] = []
    for line_id, qty in quantities.items():
        line = by_id.get(line_id)
        if qty == 0:
            continue
        if line is None or not 0 < qty <= line.qty_left_milli:
            claims = []  # nothing is claimed for a return that cannot be made: make_return explains why
            break
        claims.append(ClaimLineDoc(original_line_id=line_id, qty_milli=qty, amount=refund_amount(line, qty)))
    return_id = new_id()
    if claims:
        try:
            with client_for(engine, timeout=15.0) as client:
                client.claim_return(
                    ReturnClaimDoc(return_id=return_id, original_sale_id=original.sale_id, lines=claims)
                )
        except (OfflineError, ServerError) as exc:
            if original.remote:
                raise _offline(_label(original.terminal_code, original.receipt_no)) from exc
            # This till's own sale: it knows its own returns; head office is told with the upload.
        except RejectedError as exc:
            # 404: this till's own sale not sent yet — no other till can have returned it.
            if (
                original.remote or exc.status != 404
            ):  # 409 over_return: another till was first; nothing refunded
                raise ReturnError(exc.vi, exc.en, code=exc.code) from exc
        except SyncError as exc:  # not registered
            if original.remote:
                raise ReturnError(exc.vi, exc.en, code=exc.code) from exc
    if not original.remote:
        return make_return(
            engine,
            original,
            quantities,
            ctx,
            approved_by=approved_by,
            reason=reason,
            now=now,
            also=also,
            sale_id=return_id,
        )
    chosen = [lid for lid, q in quantities.items() if q]  # the return's lines, in this order (make_return)

    def write_link(conn: Connection, row: SaleRow) -> None:
        return_links.link(
            conn,
            row["id"],
            original.terminal_code,
            original.receipt_no,
            original.sale_id,
            _line_links(conn, row["id"], chosen),
            status="claimed",
        )

    return make_return(
        engine,
        original,
        quantities,
        ctx,
        approved_by=approved_by,
        reason=reason,
        now=now,
        also=_both(write_link, also),
        sale_id=return_id,
    )


def _line_links(conn: Connection, return_id: str, chosen: list[str]) -> dict[int, str]:
    """Return line number → original line id; the return's lines follow the order of the chosen lines."""
    numbers = [
        int(r[0])
        for r in conn.execute(
            text("SELECT line_no FROM sale_lines WHERE sale_id = :s ORDER BY line_no"), {"s": return_id}
        )
    ]
    return {n: chosen[i] for i, n in enumerate(numbers) if i < len(chosen)}


def current_prices(engine: Engine, product_ids: Iterable[str]) -> dict[str, int]:
    """Today's catalogue price of each product (a return without the original refunds at most that)."""
    ids = list(dict.fromkeys(product_ids))
    prices: dict[str, int] = {}
    with engine.connect() as conn:
        for pid in ids:
            price = conn.execute(text("SELECT price FROM products WHERE id = :p"), {"p": pid}).scalar()
            if price is None:
                conn.rollback()
                raise ReturnError("Không có sản phẩm này", "No such product", code="no_product")
            prices[pid] = int(price)
        conn.rollback()
    return prices


def check_items(items: Mapping[str, int], prices: Mapping[str, int] | None = None) -> None:
    """Refuse, before anything is asked or written, a return without the original that cannot be right: nothing
    in it, a quantity that is not above 0, or a refund price that is not above 0."""
    if not items:
        raise ReturnError("Chưa chọn hàng để trả", "Nothing selected to return", code="nothing_selected")
    for product_id, qty in items.items():
        if qty <= 0:
            raise ReturnError(
                "Số lượng trả phải lớn hơn 0", "The quantity returned must be more than 0", code="bad_qty"
            )
        if prices is not None and product_id in prices and prices[product_id] <= 0:
            raise ReturnError(
                "Giá hoàn tiền phải lớn hơn 0", "The refund price must be more than 0", code="bad_price"
            )


def without_original(
    engine: Engine,
    terminal: str,
    receipt_no: int,
    items: Mapping[str, int],
    ctx: SaleContext,
    *,
    approved_by: str,
    reason: str,
    prices: Mapping[str, int] | None = None,
    now: dt.datetime | None = None,
    also: AlsoWrite | None = None,
) -> CommittedSale:
    """A manager-approved return of another till's receipt while head office cannot be reached.

    ``items``: product id → quantity in thousandths, priced at ``prices`` (product id → unit price; the product's
    price today when not given — the caller checks who may refund above it) and refunded in cash. Recorded as
    ``pending``; its upload waits until the original is found at head office and reconciled."""
    from pos.sync import return_links

    check_items(items, prices)
    lines: list[ReturnableLine] = []
    with engine.connect() as conn:
        for n, (product_id, qty) in enumerate(items.items(), start=1):
            row = conn.execute(
                text(
                    "SELECT p.sku, p.name_vi, p.name_en, p.unit, p.price, p.ocop_stars, p.vat_class FROM products p "
                    "WHERE p.id = :p"
                ),
                {"p": product_id},
            ).first()
            if row is None:
                conn.rollback()
                raise ReturnError("Không có sản phẩm này", "No such product", code="no_product")
            rate = conn.execute(
                text(
                    "SELECT rate_pct FROM vat_rates WHERE vat_class = :c AND valid_from <= :d "
                    "ORDER BY valid_from DESC LIMIT 1"
                ),
                {"c": row[6], "d": (now or dt.datetime.now()).date().isoformat()},
            ).scalar()
            unit_price = int((prices or {}).get(product_id, row[4]))
            amount = div_round_half_up(unit_price * qty, 1000)
            lines.append(
                ReturnableLine(
                    new_id(),
                    n,
                    product_id,
                    str(row[0]),
                    str(row[1]),
                    str(row[2] or ""),
                    str(row[3]),
                    qty,
                    0,
                    amount,
                    0,
                    unit_price,
                    int(rate or 0),
                    row[5],
                )
            )
        conn.rollback()
    stand_in = ReturnableSale(
        "",
        terminal,
        receipt_no,
        now or dt.datetime.now(),
        sum(ln.amount for ln in lines),
        tuple(lines),
        (),
        True,
    )

    def write_link(conn: Connection, row: SaleRow) -> None:
        return_links.link(conn, row["id"], terminal, receipt_no, None, {}, status="pending", note=reason)

    return make_return(
        engine,
        stand_in,
        {ln.line_id: ln.qty_sold_milli for ln in lines},
        ctx,
        approved_by=approved_by,
        reason=reason,
        now=now,
        also=_both(write_link, also),
    )
