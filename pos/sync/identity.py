"""One identity per product across till and head office: a till-made product takes head office's id.

A till that sold on its own and then joins head office holds products head office also has — under other ids
(head office gave its own when the catalogue was imported there). Without this, the first catalogue page would add
head office's product as a new row and withdraw the till's (its SKU renamed ``SKU~id``), and with it every stock
move: the till would show no stock. Instead, before a page is written, each of head office's products that the
till does not hold by id is matched with a product the till made itself (never sent by head office, see
``catalogue_ids``) — by SKU first, then by a shared GTIN — and the till's row takes head office's id, with every row
that points at it (stock moves, sale lines, prices, consignment terms, barcodes, … every foreign key to
``products``, read from the schema so a new table is never forgotten) and the unsent outbox documents and saved
carts that name it. All in the page's own transaction: a page is applied with its adoptions or not at all.

What the till made and head office does not have stays on the till, active; after the last page of a pull the
till lists it (``unmatched``): a log line, the sync command's output and an audit entry the manager sees.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from pos.open_cart_store import rekey_product
from pos.staff.audit import AuditEvent, record
from pos.sync.wire import ProductDoc

log = logging.getLogger(__name__)

#: ``terminal_state`` key: the SKUs of the till's own products head office did not match, as JSON, last reported.
UNMATCHED_KEY = "sync.unmatched_products"


@dataclass(frozen=True, slots=True)
class Adoption:
    """A till-made product that took head office's id."""

    old_id: str
    new_id: str
    sku: str
    matched_on: str  # "sku" | "gtin"


def _product_fks(conn: Connection) -> list[tuple[str, str]]:
    """Every (table, column) that refers to ``products.id``, as the database itself declares them."""
    rows = conn.execute(
        text(
            'SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f '
            "WHERE m.type = 'table' AND f.\"table\" = 'products' ORDER BY m.name"
        )
    )
    return [(str(t), str(c)) for t, c in rows]


def _own_candidates(conn: Connection, taken: set[str]) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The till's own products (never sent by head office): by SKU → (id, sku), and by barcode → id."""
    rows = conn.execute(
        text("SELECT p.id, p.sku FROM products p WHERE p.id NOT IN (SELECT id FROM catalogue_ids)")
    ).all()
    by_sku = {str(sku): (str(pid), str(sku)) for pid, sku in rows if str(pid) not in taken}
    own = {str(pid) for pid, _ in rows} - taken
    by_code: dict[str, str] = {}
    if own:
        for code, pid in conn.execute(
            text(
                "SELECT b.code, b.product_id FROM barcodes b "
                "WHERE b.product_id NOT IN (SELECT id FROM catalogue_ids)"
            )
        ):
            if str(pid) in own:
                by_code[str(code)] = str(pid)
    return by_sku, by_code


def _held(conn: Connection, ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    items = sorted(set(ids))
    for i in range(0, len(items), 500):
        chunk = items[i : i + 500]
        marks = ", ".join(f":v{n}" for n in range(len(chunk)))
        found.update(
            str(r[0])
            for r in conn.execute(
                text(f"SELECT id FROM products WHERE id IN ({marks})"),
                {f"v{n}": v for n, v in enumerate(chunk)},
            )
        )
    return found


def match(conn: Connection, products: list[ProductDoc]) -> list[Adoption]:
    """Which of the till's own products each of head office's new products is (SKU first, then a GTIN)."""
    page_ids = {p.id for p in products}
    fresh = [p for p in products if p.id not in _held(conn, page_ids)]
    if not fresh:
        return []
    by_sku, by_code = _own_candidates(conn, page_ids)
    sku_of = {pid: sku for pid, sku in by_sku.values()}
    used: set[str] = set()
    out: list[Adoption] = []
    for p in fresh:
        hit = by_sku.get(p.sku)
        if hit is not None and hit[0] not in used:
            used.add(hit[0])
            out.append(Adoption(hit[0], p.id, p.sku, "sku"))
    for p in fresh:
        if any(a.new_id == p.id for a in out):
            continue
        for code in p.barcodes:
            pid = by_code.get(code)
            if pid is not None and pid not in used:
                used.add(pid)
                out.append(Adoption(pid, p.id, sku_of.get(pid, p.sku), "gtin"))
                break
    return out


def rekey(conn: Connection, old_id: str, new_id: str) -> int:
    """Give the till's product ``old_id`` the id ``new_id``, carrying every row that points at it; rows moved.

    The product row keeps its rowid (the search index follows it). Foreign keys are checked at commit
    (``defer_foreign_keys``), once parent and children all carry the new id.
    """
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    conn.execute(text("UPDATE products SET id = :new WHERE id = :old"), {"new": new_id, "old": old_id})
    moved = 0
    for table, column in _product_fks(conn):
        moved += conn.execute(
            text(f'UPDATE "{table}" SET "{column}" = :new WHERE "{column}" = :old'),
            {"new": new_id, "old": old_id},
        ).rowcount
    # Documents not sent yet and saved carts name the product by id (uuids: a plain replace is exact).
    like = {"new": f'"{new_id}"', "old": f'"{old_id}"', "pat": f'%"{old_id}"%'}
    conn.execute(
        text("UPDATE outbox SET payload = replace(payload, :old, :new) WHERE payload LIKE :pat"), like
    )
    conn.execute(
        text("UPDATE terminal_state SET value = replace(value, :old, :new) WHERE value LIKE :pat"), like
    )
    rekey_product(conn, old_id, new_id)  # stored deflated: the replace above cannot see into it
    return moved


def adopt(conn: Connection, products: list[ProductDoc], terminal_code: str = "") -> list[Adoption]:
    """Match and rekey before a page of ``products`` is written; each adoption is in the audit log."""
    done = match(conn, products)
    for a in done:
        moved = rekey(conn, a.old_id, a.new_id)
        record(
            conn,
            AuditEvent(
                "product_identity",
                None,
                subject_type="product",
                subject_id=a.new_id,
                terminal_code=terminal_code,
                reason=f"{a.sku}: {a.matched_on}",
                detail={"old_id": a.old_id, "new_id": a.new_id, "matched_on": a.matched_on, "rows": moved},
            ),
        )
        log.info(
            "product %s took head office's id %s (matched on %s, %d rows carried)",
            a.sku,
            a.new_id,
            a.matched_on,
            moved,
        )
    return done


def remember_ids(conn: Connection, products: list[ProductDoc]) -> None:
    """Record that head office sent these ids (they are never matched away from it again)."""
    if products:
        conn.execute(
            text("INSERT INTO catalogue_ids (id) VALUES (:id) ON CONFLICT (id) DO NOTHING"),
            [{"id": p.id} for p in products],
        )


def unmatched(conn: Connection) -> list[str]:
    """SKUs of the till's own active products head office does not have (after a full pull)."""
    return [
        str(r[0])
        for r in conn.execute(
            text(
                "SELECT sku FROM products WHERE active = 1 AND id NOT IN (SELECT id FROM catalogue_ids) ORDER BY sku"
            )
        )
    ]


def report_unmatched(conn: Connection, terminal_code: str = "") -> list[str]:
    """After the last page of a pull: the till's products head office lacks; logged and audited when they change."""
    skus = unmatched(conn)
    value = json.dumps(skus, ensure_ascii=False)
    before = conn.execute(
        text("SELECT value FROM terminal_state WHERE key = :k"), {"k": UNMATCHED_KEY}
    ).scalar()
    if (before or "[]") != value:
        conn.execute(
            text(
                "INSERT INTO terminal_state (key, value) VALUES (:k, :v) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"k": UNMATCHED_KEY, "v": value},
        )
        if skus:
            log.warning(
                "%d of this till's products are not in head office's catalogue (kept on the till): %s",
                len(skus),
                ", ".join(skus[:50]),
            )
            record(
                conn,
                AuditEvent(
                    "catalogue_unmatched",
                    None,
                    subject_type="catalogue",
                    terminal_code=terminal_code,
                    reason=f"{len(skus)} SKU: {', '.join(skus[:20])}"[:300],
                    detail={"skus": skus},
                ),
            )
    return skus


def stored_unmatched(conn: Connection) -> list[str]:
    value = conn.execute(
        text("SELECT value FROM terminal_state WHERE key = :k"), {"k": UNMATCHED_KEY}
    ).scalar()
    return [str(s) for s in json.loads(value)] if value else []
