"""Anchors of the tills' hash chains: what each till's journal said at each upload, kept where no one at the shop
can reach it.

Every upload carries the till's journal head (newest entry: sequence number and hash) and the till's own hash of
the entry the server anchored last. Kept here, they let anyone check a till's history against them:

- a till whose history was rewritten (a sale edited and the chain recomputed from there) sends, for the anchored
  entry, a hash that differs from the one stored: two hashes for one entry (``rewritten``);
- a till cut back (its newest sales and their entries removed, or an older backup restored) sends a head below
  one it sent before (``cut_back``), and for an anchored entry it no longer has, ``NO_ENTRY``;
- on the till itself, ``ocop-pos journal verify --against-server`` compares every anchor with the local journal
  (``pos.sync.anchors``).

What it does not prove: entries after the newest anchor (sales not uploaded yet) are protected only by the
till's own chain; and a rewrite is seen at the server only once the till uploads again (or is checked with
``--against-server``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects import postgresql, sqlite

from pos.server.db import is_postgres
from pos.server.models import ChainAnchor, Store, Terminal
from pos.sync.wire import NO_ENTRY, ChainPoint


def record_anchors(
    conn: Connection, terminal_id: str, chain: Sequence[ChainPoint], now: dt.datetime
) -> int | None:
    """Store the points an upload carried (the first is the head); returns the newest anchored entry."""
    if chain:
        dialect = postgresql if is_postgres(conn) else sqlite
        rows = [
            {"terminal_id": terminal_id, "seq": p.seq, "hash": p.hash, "head": i == 0, "received_at": now}
            for i, p in enumerate(chain)
        ]
        stmt = dialect.insert(ChainAnchor).on_conflict_do_nothing(
            index_elements=["terminal_id", "seq", "hash"]
        )
        conn.execute(stmt, rows)
    newest = conn.execute(
        select(func.max(ChainAnchor.seq)).where(
            ChainAnchor.terminal_id == terminal_id, ChainAnchor.hash != NO_ENTRY
        )
    ).scalar()
    return None if newest is None else int(newest)


def anchors_of(conn: Connection, terminal_id: str) -> list[ChainPoint]:
    """The first hash the server got for each entry of this till, oldest entry first."""
    rows = conn.execute(
        select(ChainAnchor.seq, ChainAnchor.hash)
        .where(ChainAnchor.terminal_id == terminal_id)
        .order_by(ChainAnchor.seq, ChainAnchor.id)
    ).all()
    first: dict[int, str] = {}
    for seq, h in rows:
        first.setdefault(int(seq), str(h))
    return [ChainPoint(seq=s, hash=h) for s, h in first.items() if h != NO_ENTRY]


@dataclass
class TillAnchors:
    store_code: str
    terminal_code: str
    anchors: int = 0
    newest_seq: int | None = None
    rewritten: list[int] = field(default_factory=list)  # entries sent with two different hashes
    cut_back: list[tuple[int, int]] = field(default_factory=list)  # (head sent, higher head sent before it)

    @property
    def ok(self) -> bool:
        return not self.rewritten and not self.cut_back

    def message(self) -> str:
        who = f"{self.store_code}/{self.terminal_code}"
        if self.ok:
            return f"{who}: ok, {self.anchors} anchors, newest entry {self.newest_seq}"
        parts = []
        if self.rewritten:
            parts.append(
                f"history rewritten at entry {self.rewritten[0]} ({len(self.rewritten)} entries differ)"
            )
        if self.cut_back:
            low, high = self.cut_back[0]
            parts.append(f"journal cut back: head {low} sent after head {high}")
        return f"{who}: " + "; ".join(parts)


def check_anchors(conn: Connection) -> list[TillAnchors]:
    """Every till's anchors checked for rewrites and cut-backs, tills in store and code order."""
    rows = conn.execute(
        select(Store.code, Terminal.code, ChainAnchor.seq, ChainAnchor.hash, ChainAnchor.head)
        .join(Terminal, Terminal.id == ChainAnchor.terminal_id)
        .join(Store, Store.id == Terminal.store_id)
        .order_by(Store.code, Terminal.code, ChainAnchor.id)
    ).all()
    by_till: dict[tuple[str, str], list[tuple[int, str, bool]]] = defaultdict(list)
    for store, term, seq, h, head in rows:
        by_till[(str(store), str(term))].append((int(seq), str(h), bool(head)))
    out = []
    for (store, term), points in sorted(by_till.items()):
        report = TillAnchors(store, term)
        hashes: dict[int, set[str]] = defaultdict(set)
        highest = 0
        for seq, h, head in points:
            hashes[seq].add(h)
            if head:
                if seq < highest:
                    report.cut_back.append((seq, highest))
                highest = max(highest, seq)
        report.rewritten = sorted(s for s, hs in hashes.items() if len(hs) > 1)
        real = [s for s, hs in hashes.items() if hs - {NO_ENTRY}]
        report.anchors = len(real)
        report.newest_seq = max(real, default=None)
        out.append(report)
    return out
