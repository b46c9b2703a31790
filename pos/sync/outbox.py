"""Reading and clearing the outbox that checkout fills (table ``outbox``, one JSON document per entry).

An entry leaves the outbox only when the server's answer lists it as held. An entry the server quarantined stays,
marked in ``last_error`` (``quarantined:<code>: <reason>``), and is offered again after the fresh ones, least
tried first, so head office can release it and one poison entry never holds the queue up.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine, bindparam, text

from pos.db import write_tx

if TYPE_CHECKING:  # the wire models (pydantic) are not needed to count or read the outbox
    from pos.sync.wire import ChainPoint, Rejection

QUARANTINED = "quarantined:"
#: ``last_error`` of an entry the till holds back itself (a return waiting for its original: ``pos.sync.return_links``).
WAITING = "waiting:"


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    entity: str
    entity_id: str
    payload: str
    attempts: int


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    total: int
    quarantined: int

    @property
    def fresh(self) -> int:
        return self.total - self.quarantined


def counts(engine: Engine) -> OutboxCounts:
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN last_error LIKE :q THEN 1 ELSE 0 END), 0) FROM outbox"
            ),
            {"q": QUARANTINED + "%"},
        ).one()
        conn.rollback()
    return OutboxCounts(int(row[0]), int(row[1]))


def total(engine: Engine) -> int:
    """Entries in the outbox, quarantined ones too: counted on the entity index, never reading a document
    (``counts`` must read each entry's ``last_error``, which lies past its document: every page of it)."""
    with engine.connect() as conn:
        n = conn.execute(text("SELECT COUNT(*) FROM outbox")).scalar_one()
        conn.rollback()
    return int(n)


def _rows(engine: Engine, sql: str, params: dict[str, object]) -> list[OutboxRow]:
    with engine.connect() as conn:
        rows = conn.execute(text(sql), params).all()
        conn.rollback()
    return [OutboxRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4])) for r in rows]


def fresh_batch(engine: Engine, after_id: int, limit: int) -> list[OutboxRow]:
    """Entries not quarantined, oldest first, after outbox id ``after_id``."""
    return _rows(
        engine,
        "SELECT id, entity, entity_id, payload, attempts FROM outbox "
        "WHERE id > :after AND last_error NOT LIKE :q AND last_error NOT LIKE :w ORDER BY id LIMIT :n",
        {"after": after_id, "q": QUARANTINED + "%", "w": WAITING + "%", "n": limit},
    )


def quarantined_batch(engine: Engine, limit: int) -> list[OutboxRow]:
    """Quarantined entries to offer again, least tried first."""
    return _rows(
        engine,
        "SELECT id, entity, entity_id, payload, attempts FROM outbox "
        "WHERE last_error LIKE :q ORDER BY attempts, id LIMIT :n",
        {"q": QUARANTINED + "%", "n": limit},
    )


def envelope(
    rows: Sequence[OutboxRow],
    sent_at: dt.datetime,
    *,
    check: bool = False,
    chain: Sequence[ChainPoint] = (),
) -> bytes:
    """The upload body, built around the stored JSON documents without re-serialising them.

    With ``check``, a document that is not valid JSON (a damaged row) is sent wrapped as text, so the server
    quarantines it for head office instead of refusing the whole batch. Checkout writes valid JSON, so the check
    is only made again after the server refused a batch as malformed. ``chain``: the journal points the server
    anchors (``pos.sync.anchors.chain_points``).
    """
    parts = []
    for r in rows:
        doc = r.payload
        if check:
            try:
                json.loads(doc)
            except ValueError:
                doc = json.dumps({"type": "damaged", "raw": doc[:100_000]})
        parts.append(f'{{"id":{json.dumps(r.entity_id)},"entity":{json.dumps(r.entity)},"doc":{doc}}}')
    points = ",".join(p.model_dump_json() for p in chain)
    head = f'{{"protocol":1,"sent_at":"{sent_at.isoformat()}","chain":[{points}],"entries":['
    return (head + ",".join(parts) + "]}").encode("utf-8")


def _in_chunks(ids: Sequence[str], n: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(ids), n):
        yield list(ids[i : i + n])


def record_outcome(
    engine: Engine, held: Sequence[str], rejected: Sequence[Rejection], tried: Sequence[str]
) -> int:
    """After an answer: remove held entries, mark quarantined ones, count an attempt on the rest. One transaction."""
    held_set = set(held)
    removed = 0
    delete = text("DELETE FROM outbox WHERE entity_id IN :ids").bindparams(bindparam("ids", expanding=True))
    bump = text("UPDATE outbox SET attempts = attempts + 1 WHERE entity_id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    with write_tx(engine) as conn:
        for chunk in _in_chunks(sorted(held_set)):
            removed += int(conn.execute(delete, {"ids": chunk}).rowcount)
        for r in rejected:
            if r.id in held_set:
                continue
            conn.execute(
                text("UPDATE outbox SET attempts = attempts + 1, last_error = :e WHERE entity_id = :i"),
                {"e": f"{QUARANTINED}{r.code}: {r.message_en} / {r.message_vi}"[:2000], "i": r.id},
            )
        others = [i for i in tried if i not in held_set and i not in {r.id for r in rejected}]
        for chunk in _in_chunks(others):
            conn.execute(bump, {"ids": chunk})
    return removed


def unsent_for_shift(engine: Engine, shift_id: str) -> int:
    """Sales of a shift still waiting in the outbox (a shift is not closed with these without an override)."""
    with engine.connect() as conn:
        n = conn.execute(
            text(
                "SELECT COUNT(*) FROM outbox WHERE entity = 'sale' AND json_extract(payload, '$.sale.shift_id') = :s"
            ),
            {"s": shift_id},
        ).scalar_one()
        conn.rollback()
    return int(n)
