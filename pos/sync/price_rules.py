"""Head office's prices and consignment terms of each product, applied with the catalogue page that carries them.

Each ``ProductRulesDoc`` replaces what the till held from head office for its product — the store's own price
(``store_prices``), head office's prices to come (``product_prices`` rows of origin ``network`` / ``store``; the
till's own rows stay) and, when head office has any, the consignment terms — all in the page's transaction. A doc
the till cannot apply (a product it does not have, a negative price) is skipped whole: that product keeps what it
had, the rest of the page applies, and the refusal is logged, audited and listed (``rejected``) as the identity
check lists unmatched products (``pos.sync.identity``); the number still held refused goes to head office with the
till's status (``TillStatus.rejected_rules``, an alert on the office's network page). Then every price whose day has come on the till's clock is
put in force (``pos.catalogue.due_prices``), so ``products.price`` is always the price to sell at and a scan reads
nothing more.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from sqlalchemy import Connection, text

from pos.catalogue.due_prices import apply_due_on
from pos.ledger.canonical import sql_value
from pos.staff.audit import AuditEvent, record
from pos.sync.wire import ProductRulesDoc

log = logging.getLogger("pos.sync")
REJECTED_KEY = "sync.rejected_rules"


def problem(doc: ProductRulesDoc, known: set[str]) -> str | None:
    """Why the till cannot apply ``doc`` (None: it can)."""
    if doc.product_id not in known:
        return "no_product"
    if doc.store_price is not None and doc.store_price < 0:
        return "bad_price"
    if any(s.price < 0 for s in doc.scheduled):
        return "bad_price"
    return None


def _known(conn: Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join(f":v{n}" for n in range(len(chunk)))
        rows = conn.execute(
            text(f"SELECT id FROM products WHERE id IN ({marks})"), {f"v{n}": v for n, v in enumerate(chunk)}
        )
        found.update(str(r[0]) for r in rows)
    return found


def apply_rules(
    conn: Connection, docs: list[ProductRulesDoc], product_ids: list[str], now: dt.datetime
) -> list[dict[str, str]]:
    """Apply ``docs`` (the page's products are ``product_ids``) at ``now`` (naive UTC, the till's clock); returns the
    refused docs as ``{"product_id", "reason"}``."""
    known = _known(conn, list(dict.fromkeys(d.product_id for d in docs)))
    good: list[ProductRulesDoc] = []
    refused: list[dict[str, str]] = []
    for d in docs:
        reason = problem(d, known)
        if reason is None:
            good.append(d)
        else:
            refused.append({"product_id": d.product_id, "reason": reason})
    stamp = sql_value(now)
    if good:
        ids = [{"p": d.product_id} for d in good]
        conn.execute(text("DELETE FROM product_prices WHERE product_id = :p AND origin != 'till'"), ids)
        conn.execute(text("DELETE FROM store_prices WHERE product_id = :p"), ids)
        scheduled = [
            {
                "id": s.id,
                "p": d.product_id,
                "d": s.valid_from.isoformat(),
                "t": s.valid_time.strftime("%H:%M") if s.valid_time else None,
                "v": s.price,
                "c": sql_value(s.created_at.replace(tzinfo=None)),
                "o": "store" if s.store else "network",
            }
            for d in good
            for s in d.scheduled
        ]
        if scheduled:
            conn.execute(
                text(
                    "INSERT INTO product_prices (id, product_id, valid_from, valid_time, price, created_at, created_by, "
                    "applied_at, origin) VALUES (:id, :p, :d, :t, :v, :c, NULL, NULL, :o) ON CONFLICT (id) DO UPDATE "
                    "SET product_id = excluded.product_id, valid_from = excluded.valid_from, price = excluded.price, "
                    "valid_time = excluded.valid_time, created_at = excluded.created_at, applied_at = NULL, "
                    "origin = excluded.origin"
                ),
                scheduled,
            )
        own = [
            {"p": d.product_id, "v": d.store_price, "at": stamp} for d in good if d.store_price is not None
        ]
        if own:
            conn.execute(
                text("INSERT INTO store_prices (product_id, price, updated_at) VALUES (:p, :v, :at)"), own
            )
        _apply_terms(conn, [d for d in good if d.consignment])
    overlay = list(dict.fromkeys([*product_ids, *(d.product_id for d in good)]))
    if overlay:  # a product's row carries the network price: the store's own goes over it
        conn.execute(
            text(
                "UPDATE products SET price = (SELECT sp.price FROM store_prices sp WHERE sp.product_id = products.id) "
                "WHERE id = :p AND EXISTS (SELECT 1 FROM store_prices sp WHERE sp.product_id = products.id)"
            ),
            [{"p": p} for p in overlay],
        )
    apply_due_on(conn, now)
    return refused


def _apply_terms(conn: Connection, docs: list[ProductRulesDoc]) -> None:
    """Head office's consignment terms replace the till's for the products it has terms for."""
    if not docs:
        return
    conn.execute(
        text("DELETE FROM consignment_terms WHERE product_id = :p"), [{"p": d.product_id} for d in docs]
    )
    conn.execute(
        text(
            "INSERT INTO consignment_terms (product_id, valid_from, consigned, commission_bp) "
            "VALUES (:p, :d, :c, :b)"
        ),
        [
            {"p": d.product_id, "d": t.valid_from.isoformat(), "c": int(t.consigned), "b": t.commission_bp}
            for d in docs
            for t in d.consignment
        ],
    )


def held_refusals(conn: Connection) -> list[dict[str, str]]:
    """The rules head office sent that this till still holds refused (reported in ``TillStatus.rejected_rules``)."""
    value = conn.execute(
        text("SELECT value FROM terminal_state WHERE key = :k"), {"k": REJECTED_KEY}
    ).scalar()
    return [dict(r) for r in json.loads(value)] if value else []


def report_rejected(
    conn: Connection, refused: list[dict[str, str]], terminal_code: str = "", sent: list[str] | None = None
) -> None:
    """Logged and audited in the page's transaction; the refusals held (``sync.rejected_rules``) drop the products
    whose rules this page brought again (``sent``) and take the new ones, so a rule head office has put right
    stops being reported."""
    again = set(sent or ()) | {r["product_id"] for r in refused}
    before = held_refusals(conn)
    held = [r for r in before if r.get("product_id") not in again] + refused
    if held != before:
        conn.execute(
            text(
                "INSERT INTO terminal_state (key, value) VALUES (:k, :v) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"k": REJECTED_KEY, "v": json.dumps(held[-500:])},
        )
    if not refused:
        return
    log.warning("%d of head office's price rules could not be applied: %s", len(refused), refused[:20])
    record(
        conn,
        AuditEvent(
            "catalogue_rejected",
            None,
            subject_type="catalogue",
            terminal_code=terminal_code,
            reason=", ".join(f"{r['product_id']}: {r['reason']}" for r in refused[:10])[:300],
            detail={"rejected": refused[:200]},
        ),
    )
