"""Returns of another till's receipt, on the till: the link to the original sale, and reconciling offline ones.

The original sale is not in this till's database, so the return's own rows carry no link (their foreign keys
point at this database's sales); the link is kept in ``remote_returns`` and written into the return's outbox
document (``original_sale_id`` and each line's ``original_line_id``), which is what head office stores. A return
made offline without the original (a manager's approval) is written with its outbox entry held back
(``outbox.WAITING``); ``reconcile`` (each round, before the upload) finds the original at head office, matches the
returned lines with it by product, claims them, writes the link into the document and lets it go.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from pos.db import write_tx
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.sync.client import SyncClient
from pos.sync.errors import RejectedError
from pos.sync.outbox import WAITING
from pos.sync.wire import ClaimLineDoc, ReturnClaimDoc

log = logging.getLogger(__name__)

HOLD = WAITING + " return without its original receipt, waiting for it at head office"


def link(
    conn: Connection,
    return_sale_id: str,
    original_terminal: str,
    original_receipt_no: int,
    original_sale_id: str | None,
    line_links: dict[int, str],
    *,
    status: str,
    note: str = "",
) -> None:
    """Record the link of a return just written (caller's transaction) and put it into its outbox document;
    ``line_links``: return line number → original line id. ``pending``: the entry is held back."""
    conn.execute(
        text(
            "INSERT INTO remote_returns (return_sale_id, original_terminal, original_receipt_no, original_sale_id, "
            "status, note, updated_at) VALUES (:r, :t, :n, :o, :s, :note, :at) ON CONFLICT (return_sale_id) DO "
            "UPDATE SET original_sale_id = excluded.original_sale_id, status = excluded.status, "
            "note = excluded.note, updated_at = excluded.updated_at"
        ),
        {
            "r": return_sale_id,
            "t": original_terminal,
            "n": original_receipt_no,
            "o": original_sale_id,
            "s": status,
            "note": note[:300],
            "at": utcnow(),
        },
    )
    payload = conn.execute(
        text("SELECT payload FROM outbox WHERE entity_id = :r"), {"r": return_sale_id}
    ).scalar()
    if payload is None:
        return
    doc = json.loads(str(payload))
    if original_sale_id is not None:
        doc["sale"]["original_sale_id"] = original_sale_id
        for line in doc["lines"]:
            line["original_line_id"] = line_links.get(int(line["line_no"]), line.get("original_line_id"))
    held = HOLD if status == "pending" else ""
    conn.execute(
        text("UPDATE outbox SET payload = :p, last_error = :e WHERE entity_id = :r"),
        {"p": json.dumps(doc, ensure_ascii=False, separators=(",", ":")), "e": held, "r": return_sale_id},
    )


@dataclass
class ReconcileReport:
    linked: int = 0
    disputed: int = 0
    waiting: int = 0


def _return_lines(conn: Connection, sale_id: str) -> list[tuple[int, str | None, int, int]]:
    """(line number, product id, quantity returned, amount refunded) of a return, positive."""
    return [
        (int(n), None if p is None else str(p), -int(q), -int(a))
        for n, p, q, a in conn.execute(
            text(
                "SELECT line_no, product_id, qty_milli, amount FROM sale_lines WHERE sale_id = :s ORDER BY line_no"
            ),
            {"s": sale_id},
        )
    ]


def reconcile(engine: Engine, client: SyncClient) -> ReconcileReport:
    """Link every return made without its original whose original head office now holds; the rest keep waiting."""
    report = ReconcileReport()
    with engine.connect() as conn:
        pending = conn.execute(
            text(
                "SELECT return_sale_id, original_terminal, original_receipt_no FROM remote_returns "
                "WHERE status = 'pending' ORDER BY updated_at"
            )
        ).all()
        conn.rollback()
    for return_id, terminal, receipt_no in pending:
        try:
            original = client.returnable_sale(str(terminal), int(receipt_no))
        except RejectedError as exc:
            if exc.status == 404:  # not at head office yet (that till has not sent it)
                report.waiting += 1
                continue
            raise
        with engine.connect() as conn:
            mine = _return_lines(conn, str(return_id))
            conn.rollback()
        left = {ln.line_id: ln.qty_milli - ln.returned_milli for ln in original.lines}
        links: dict[int, str] = {}
        claims: list[ClaimLineDoc] = []
        for line_no, product_id, qty, amount in mine:
            match = next(
                (ln for ln in original.lines if ln.product_id == product_id and left[ln.line_id] >= qty), None
            )
            if match is None:
                continue
            left[match.line_id] -= qty
            links[line_no] = match.line_id
            claims.append(ClaimLineDoc(original_line_id=match.line_id, qty_milli=qty, amount=amount))
        status, note = "linked", ""
        if not claims or len(links) != len(mine):
            status, note = "disputed", "lines not on the original receipt, or already returned"
        else:
            try:
                client.claim_return(
                    ReturnClaimDoc(return_id=str(return_id), original_sale_id=original.sale_id, lines=claims)
                )
            except RejectedError as exc:
                if exc.status not in (404, 409, 422):
                    raise
                status, note = "disputed", exc.en
        with write_tx(engine) as conn:
            link(
                conn,
                str(return_id),
                str(terminal),
                int(receipt_no),
                original.sale_id,
                links,
                status=status,
                note=note,
            )
            if status == "disputed":
                record(
                    conn,
                    AuditEvent(
                        "return_disputed",
                        None,
                        subject_type="sale",
                        subject_id=str(return_id),
                        reason=note[:300],
                        detail={
                            "original": f"{terminal}-{int(receipt_no):06d}",
                            "original_sale_id": original.sale_id,
                        },
                    ),
                )
        if status == "disputed":
            report.disputed += 1
            log.warning("return %s without its original: head office refused it (%s)", return_id, note)
        else:
            report.linked += 1
    return report


def waiting_since(conn: Connection) -> dt.datetime | None:
    """The oldest return still waiting for its original, if any."""
    value = conn.execute(text("SELECT MIN(updated_at) FROM remote_returns WHERE status = 'pending'")).scalar()
    if value is None:
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
