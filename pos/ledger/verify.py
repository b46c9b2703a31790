"""Verifying the journal: recompute the hash chain from the stored sales and compare.

Catches a sale, line, VAT row or payment edited out of band (its hash no longer matches), a sale deleted (its
journal entry points at nothing), a sale or row inserted out of band (rows no entry covers), a journal entry
removed or reordered (the chain breaks), the newest sales removed together with their entries (the receipt
counter is ahead of the journal), and a document waiting in the outbox that no longer holds the journalled sale
(what head office would book).

Two ways to the same answer. The reference reads every row into Python and serialises it with
``pos.ledger.canonical.canonical`` — simple, but 10–15 s per 100 000 sales here (row objects, ``json.dumps``).
The fast path lets SQLite build the very same bytes: ``json_array`` escapes text exactly as ``json.dumps(...,
ensure_ascii=False, separators=(",", ":"))`` does (``"``, ``\\``, ``\\b \\f \\n \\r \\t``, other controls as
``\\u00xx``) and prints integers and NULL alike, so for stored text, integers and NULLs the bytes are identical
and one streamed query per journal gives every sale's body. It is only an accelerator: a sale whose hash does not
match is serialised again by the reference before it is reported, and anything SQLite cannot turn into JSON (a
BLOB written into a column) sends the whole verification to the reference. So the report is always the
reference's report; the journal format is unchanged and old databases verify as before. What is left is SQLite
reading ~100 values per sale (~3 CPU-seconds per 100 000 sales), so a long journal in a file is cut into seq
ranges hashed on separate read-only connections, one thread each (``docs/performance.md``).

The outbox documents ride on the same read: for a sale waiting in the outbox the query that builds its hashed
bytes also renders, from the same rows, the document checkout writes (``json_object`` per row, the same keys in
the same order) and returns it beside the stored document, as bytes. A document byte-identical to that rendering
of rows that hash to their entry holds the journalled values (both renderings print each value with the same
code, and the hashed one matched what checkout hashed), so it needs nothing more; any other document is decoded
and hashed by the reference (``_check_outbox``), which decides. Rendering the documents in a second query cost
another read of every waiting sale's rows (~2 s per 50 000 sales here).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine

from pos.ledger.canonical import (
    EINVOICE_FIELDS,
    LINE_FIELDS,
    PAYMENT_FIELDS,
    SALE_FIELDS,
    VAT_FIELDS,
    canonical,
    chain_hash,
)
from pos.models.values import GENESIS_HASH

#: Journals at least this long are hashed on parallel connections when they live in a file.
PARALLEL_FROM = 20_000
#: Seq ranges per thread on the parallel path.
RANGES_PER_THREAD = 4
#: Child tables of a sale: (table, hashed fields, order within the sale, how a problem names it).
_CHILDREN = (
    ("sale_lines", LINE_FIELDS, "line_no", ("dòng hàng", "line")),
    ("sale_vat", VAT_FIELDS, "rate_pct", ("thuế", "VAT row")),
    ("payments", PAYMENT_FIELDS, "seq", ("thanh toán", "payment")),
)


@dataclass(frozen=True, slots=True)
class Problem:
    terminal_code: str
    receipt_no: int
    vi: str
    en: str

    def message(self, lang: str = "en") -> str:
        label = f"{self.terminal_code}-{self.receipt_no:06d}"
        return f"{label}: {self.vi if lang == 'vi' else self.en}"


@dataclass
class VerifyReport:
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return self.problems[0] if self.problems else None


Cursor = Any  # a DB-API cursor on the till's SQLite connection
_T = TypeVar("_T")


class _Chain:
    """The checks made entry by entry in journal order, shared by both paths."""

    def __init__(self, report: VerifyReport) -> None:
        self.report = report
        self.prev = GENESIS_HASH
        self.expected_no: dict[str, int] = defaultdict(int)

    def bad(self, terminal: str, no: int, vi: str, en: str) -> None:
        self.report.problems.append(Problem(terminal, no, vi, en))

    def entry(
        self,
        terminal: str,
        receipt_no: int,
        prev_hash: str,
        stored_hash: str,
        sale: tuple[str, int] | None,
        hash_matches: Callable[[], bool],
    ) -> None:
        """One journal entry; ``sale`` is the stored sale's (terminal, receipt_no), None if it is gone."""
        self.report.entries += 1
        self.expected_no[terminal] += 1
        if receipt_no != self.expected_no[terminal]:
            self.bad(
                terminal,
                self.expected_no[terminal],
                "thiếu hoá đơn trong nhật ký",
                "receipt missing from the journal",
            )
            self.expected_no[terminal] = receipt_no
        if prev_hash != self.prev:
            self.bad(
                terminal,
                receipt_no,
                "chuỗi nhật ký bị đứt (bút toán bị xoá hoặc chèn)",
                "journal chain broken (an entry was removed or inserted)",
            )
        if sale is None:
            self.bad(terminal, receipt_no, "giao dịch đã bị xoá", "sale was deleted")
        elif not hash_matches():
            self.bad(
                terminal,
                receipt_no,
                "giao dịch đã bị sửa (hoá đơn, dòng hàng, thuế hoặc thanh toán)",
                "sale was altered (header, line, VAT or payment)",
            )
        elif sale[0] != terminal or sale[1] != receipt_no:
            self.bad(terminal, receipt_no, "số hoá đơn bị sửa", "receipt number was altered")
        self.prev = stored_hash

    def finish(
        self,
        uncovered: Sequence[tuple[str, int]],
        orphans: Sequence[int],
        counters: Sequence[tuple[str, int]],
    ) -> None:
        """Sales no entry covers, child rows of no sale (count per table, in ``_CHILDREN`` order), counters."""
        for terminal, no in uncovered:
            self.bad(terminal, no, "giao dịch được chèn ngoài phần mềm", "sale inserted out of band")
        for (_table, _fields, _order, (vi, en)), n in zip(_CHILDREN, orphans, strict=True):
            for _ in range(n):
                self.bad("?", 0, f"{vi} không thuộc giao dịch nào", f"{en} belongs to no sale")
        for terminal, last_no in counters:
            if last_no > self.expected_no.get(terminal, 0):
                self.bad(
                    terminal,
                    self.expected_no.get(terminal, 0) + 1,
                    "hoá đơn cuối đã bị xoá khỏi nhật ký",
                    "the latest receipts were removed from the journal",
                )
            elif last_no < self.expected_no.get(terminal, 0):
                self.bad(
                    terminal,
                    last_no + 1,
                    "bộ đếm số hoá đơn bị lùi sau nhật ký",
                    "the receipt counter was set back behind the journal",
                )


_ENTRIES = "SELECT seq, sale_id, terminal_code, receipt_no, prev_hash, hash FROM journal ORDER BY seq"
_COUNTERS = "SELECT terminal_code, last_no FROM receipt_counters"
_WAITING = "SELECT entity_id FROM outbox WHERE entity = 'sale'"


def _json_array(alias: str, fields: Sequence[str]) -> str:
    return "json_array(" + ", ".join(f"{alias}.{f}" for f in fields) + ")"


def _json_object(alias: str, fields: Sequence[str]) -> str:
    return "json_object(" + ", ".join(f"'{f}', {alias}.{f}" for f in fields) + ")"


def _children_json(alias: str, table: str, fields: Sequence[str], order: str) -> str:
    # The ORDER BY in a FROM-subquery of an aggregate is kept (SQLite never flattens it); were it ever not, the
    # hash would differ and the reference below would decide.
    return (
        f"(SELECT group_concat(x, ',') FROM (SELECT {_json_array(alias, fields)} AS x FROM {table} {alias} "
        f"WHERE {alias}.sale_id = j.sale_id ORDER BY {alias}.{order}))"
    )


def _both_json(alias: str, table: str, fields: Sequence[str], order: str) -> str:
    """A sale's rows of ``table`` as the journal hashes them and as its outbox document carries them, from one
    read of the rows: the ``json_array`` rows, ``char(30)``, the ``json_object`` rows (JSON text never holds a raw
    control character, so the separator cannot occur inside either part)."""
    return (
        f"(SELECT COALESCE(group_concat(a, ','), '') || char(30) || COALESCE(group_concat(b, ','), '') FROM "
        f"(SELECT {_json_array(alias, fields)} AS a, {_json_object(alias, fields)} AS b FROM {table} {alias} "
        f"WHERE {alias}.sale_id = j.sale_id ORDER BY {alias}.{order}))"
    )


#: Every journal entry of a seq range with its sale's hashed form; for a sale waiting in the outbox also its
#: outbox document and what checkout would have written for the stored rows (``pos.selling.checkout._payload``:
#: the same keys in the same order, each row's fields as stored), rendered from the same read of the rows. The
#: e-invoice part is rendered whenever the sale has an e-invoice (a missing status row renders ``"via":null``,
#: which no document carries, so such a document goes to the reference check).
_FAST = (
    "SELECT j.sale_id, j.terminal_code, j.receipt_no, j.prev_hash, j.hash, s.id, s.terminal_code, s.receipt_no, "
    + ", ".join(
        f"CAST({expr} AS BLOB)"  # bytes, as hashed and compared: no decoding into Python text and back
        for expr in (
            _json_array("s", SALE_FIELDS),
            *(
                f"CASE WHEN o.id IS NULL THEN {_children_json(f'c{i}', t, f, o)} "
                f"ELSE {_both_json(f'c{i}', t, f, o)} END"
                for i, (t, f, o, _) in enumerate(_CHILDREN)
            ),
            f"(SELECT {_json_array('e', EINVOICE_FIELDS)} FROM einvoices e WHERE e.sale_id = j.sale_id)",
            "o.payload",
            f"""CASE WHEN o.id IS NOT NULL THEN '{{"type":"sale","sale":' || {_json_object("s", SALE_FIELDS)} END""",
            f"""CASE WHEN o.id IS NOT NULL THEN (SELECT ',"einvoice":' || {_json_object("e", EINVOICE_FIELDS)[:-1]}, """
            "'via', st.via) FROM einvoices e LEFT JOIN einvoice_status st ON st.sale_id = e.sale_id "
            "WHERE e.sale_id = j.sale_id) END",
        )
    )
    + " FROM journal j LEFT JOIN sales s ON s.id = j.sale_id"
    + " LEFT JOIN outbox o ON o.entity_id = j.sale_id AND o.entity = 'sale'"
    + " WHERE j.seq BETWEEN ? AND ? ORDER BY j.seq"
)
_INVOICE = f"SELECT {', '.join(EINVOICE_FIELDS)} FROM einvoices WHERE sale_id = ?"
_INVOICE_ORPHANS = (
    "SELECT COUNT(*) FROM einvoices e WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = e.sale_id)"
)
_UNCOVERED = (
    "SELECT s.terminal_code, s.receipt_no FROM sales s "
    "WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.sale_id = s.id) ORDER BY s.rowid"
)


_OUTBOX_ROWS = (
    "SELECT o.id, o.entity_id, j.prev_hash, j.hash, j.terminal_code, j.receipt_no FROM outbox o "
    "JOIN journal j ON j.sale_id = o.entity_id WHERE o.entity = 'sale' ORDER BY j.seq"
)


def _orphans_sql(table: str) -> str:
    return f"SELECT COUNT(DISTINCT c.sale_id) FROM {table} c WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = c.sale_id)"


def _sale_body(cur: Cursor, sale_id: str) -> bytes | None:
    """The reference serialisation of one stored sale (None if there is no such sale)."""
    sale = cur.execute(f"SELECT {', '.join(SALE_FIELDS)} FROM sales WHERE id = ?", (sale_id,)).fetchone()
    if sale is None:
        return None
    children = [
        cur.execute(
            f"SELECT {', '.join(fields)} FROM {table} WHERE sale_id = ? ORDER BY {order}", (sale_id,)
        ).fetchall()
        for table, fields, order, _ in _CHILDREN
    ]
    invoice = cur.execute(_INVOICE, (sale_id,)).fetchone()
    return canonical(sale, children[0], children[1], children[2], einvoice=invoice)


#: An entry as the fast path saw it: sale id, terminal, receipt no, prev hash, stored hash, the stored sale's
#: (terminal, receipt no) or None, whether SQLite's bytes gave the stored hash, and whether the sale's outbox
#: document (if it waits in the outbox) is byte-identical to what checkout writes for those rows.
_Hashed = tuple[str, str, int, str, str, tuple[str, int] | None, bool, bool]


def _hash_range(cur: Cursor, first_seq: int, last_seq: int) -> list[_Hashed]:
    """Every entry with ``first_seq <= seq <= last_seq``, in order, with its sale's hash recomputed by SQLite and,
    for a sale waiting in the outbox, its document compared with the rendering of the rows just hashed."""
    sha256 = hashlib.sha256
    out: list[_Hashed] = []
    for (
        sale_id,
        terminal,
        no,
        prev,
        stored,
        found,
        s_terminal,
        s_no,
        head,
        lines,
        vat,
        pays,
        inv,
        payload,
        doc_head,
        doc_invoice,
    ) in cur.execute(_FAST, (first_seq, last_seq)):
        same = False
        if payload is not None:  # the children came as "hashed form \x1e document form"
            lines, _, doc_lines = lines.partition(b"\x1e")
            vat, _, doc_vat = vat.partition(b"\x1e")
            pays, _, doc_pays = pays.partition(b"\x1e")
            doc = (
                doc_head,
                b',"lines":[',
                doc_lines,
                b'],"vat":[',
                doc_vat,
                b'],"payments":[',
                doc_pays,
                b"]",
            )
            same = payload == b"".join((*doc, doc_invoice or b"", b"}"))
        tail = (b",", inv) if inv is not None else ()
        body = b"".join(
            (b"[", head, b",[", lines or b"", b"],[", vat or b"", b"],[", pays or b"", b"]", *tail, b"]")
        )
        ok = found is not None and sha256(prev.encode("ascii") + body).hexdigest() == stored
        out.append(
            (
                sale_id,
                terminal,
                no,
                prev,
                stored,
                None if found is None else (s_terminal, s_no),
                ok,
                ok and same,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the checks after the chain need beside it: sales no entry covers, child rows of no sale (count per
    table, in ``_CHILDREN`` order), e-invoices of no sale, the receipt counters."""

    uncovered: list[tuple[str, int]]
    orphans: list[int]
    invoice_orphans: int
    counters: list[tuple[str, int]]


def _facts(cur: Cursor, _first: int = 0, _last: int = 0) -> _Facts:
    return _Facts(
        cur.execute(_UNCOVERED).fetchall(),
        [int(cur.execute(_orphans_sql(table)).fetchone()[0]) for table, *_ in _CHILDREN],
        int(cur.execute(_INVOICE_ORPHANS).fetchone()[0]),
        cur.execute(_COUNTERS).fetchall(),
    )


def _apart(path: str, task: Callable[[Cursor, int, int], _T], first: int, last: int) -> _T:
    """``task`` on a read-only connection of its own to ``path`` (a ``file:`` URI): one thread of the parallel
    path. The file is memory-mapped (up to 1 GiB of address space, no memory of its own): pages are read
    without a copy per read."""
    con = sqlite3.connect(f"{path}?mode=ro", uri=True, isolation_level=None)
    try:
        con.execute("PRAGMA mmap_size = 1073741824")
        return task(con.cursor(), first, last)
    finally:
        con.close()


def _parts(cur: Cursor, table: str, key: str, parts: int) -> list[tuple[int, int]]:
    """``table``'s ``key`` range cut into ``parts`` ranges of about as many rows."""
    n, lo, hi = cur.execute(f"SELECT COUNT(*), MIN({key}), MAX({key}) FROM {table}").fetchone()
    if not n:
        return []
    cuts = [int(lo)]
    for k in range(1, parts):
        row = cur.execute(
            f"SELECT {key} FROM {table} ORDER BY {key} LIMIT 1 OFFSET ?", (n * k // parts,)
        ).fetchone()
        if row is not None and row[0] > cuts[-1]:
            cuts.append(int(row[0]))
    return [(a, b - 1) for a, b in itertools.pairwise(cuts)] + [(cuts[-1], int(hi))]


def _walk(cur: Cursor, chain: _Chain, hashed: list[_Hashed], settled: set[str]) -> None:
    """Entries hashed by the fast path through the chain's checks, in journal order; ``settled`` gains the sales
    whose outbox copy needs no further look."""
    for sale_id, terminal, receipt_no, prev_hash, stored_hash, sale, ok, same in hashed:
        if same:
            settled.add(sale_id)

        def matches(
            ok: bool = ok, prev_hash: str = prev_hash, stored: str = stored_hash, sid: str = sale_id
        ) -> bool:
            if ok:
                return True
            exact = _sale_body(cur.connection.cursor(), sid)  # the reference decides
            return exact is not None and chain_hash(prev_hash, exact) == stored

        chain.entry(terminal, receipt_no, prev_hash, stored_hash, sale, matches)


@dataclass(frozen=True, slots=True)
class _Settled:
    """From the fast path: the sales whose outbox copy needs no further look — their stored rows hash to their
    journal entry and their outbox document is exactly what checkout writes for those rows — and the sales
    waiting in the outbox as this transaction sees them."""

    sales: set[str]
    waiting: list[str]


def _fast(cur: Cursor, report: VerifyReport, parallel_path: str | None = None) -> tuple[_Settled, int]:
    """The fast path. Returns what it settled of the outbox (``_Settled``) and the count of e-invoices of no
    sale.

    On this connection; or — ``PARALLEL_FROM`` entries or more in a database file, on a machine with two cores or
    more — in seq ranges on separate read-only connections, on one thread per core (SQLite works without Python's
    lock, so the ranges really run at once), ``RANGES_PER_THREAD`` ranges each: the threads end closer together,
    and the chain is walked over the first ranges while the later ones are still being hashed. Those connections
    see at least what this transaction sees; the ranges stop at its last entry, and an outbox row they miss (sent
    meanwhile) is simply checked in Python. The facts the checks after the chain need come from a connection of
    their own too (sales, journal entries and child rows are only ever added together, in one transaction, so a
    later snapshot holds no sale without its entry that this one would not)."""
    chain = _Chain(report)
    settled: set[str] = set()
    threads = min(4, os.cpu_count() or 1)
    n = cur.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
    if parallel_path is None or threads < 2 or n < PARALLEL_FROM:
        _walk(cur, chain, _hash_range(cur, 0, 2**62), settled)
        facts = _facts(cur)
        waiting = [str(r[0]) for r in cur.execute(_WAITING)]
    else:
        ranges = _parts(cur, "journal", "seq", threads * RANGES_PER_THREAD)
        with ThreadPoolExecutor(threads, thread_name_prefix="journal-verify") as pool:
            parts = [pool.submit(_apart, parallel_path, _hash_range, a, b) for a, b in ranges[:1]]
            later = pool.submit(_apart, parallel_path, _facts, 0, 0)
            parts += [pool.submit(_apart, parallel_path, _hash_range, a, b) for a, b in ranges[1:]]
            # While the first range is hashed: this snapshot's waiting sales (a scan of the whole outbox, its
            # documents included), read here so that it is not left for the end.
            waiting = [str(r[0]) for r in cur.execute(_WAITING)]
            for part in parts:
                _walk(cur, chain, part.result(), settled)
            facts = later.result()
    chain.finish(facts.uncovered, facts.orphans, facts.counters)
    return _Settled(settled, waiting), facts.invoice_orphans


def _grouped(cur: Cursor, table: str, fields: Sequence[str], order: str) -> dict[str, list[tuple[Any, ...]]]:
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in cur.execute(f"SELECT sale_id, {', '.join(fields)} FROM {table} ORDER BY sale_id, {order}"):
        grouped[row[0]].append(row[1:])
    return grouped


def _reference(cur: Cursor, report: VerifyReport) -> None:
    """Everything read into Python and serialised with ``canonical()``: the definition the fast path follows."""
    chain = _Chain(report)
    entries = cur.execute(_ENTRIES).fetchall()
    sales = {r[0]: r for r in cur.execute(f"SELECT {', '.join(SALE_FIELDS)} FROM sales").fetchall()}
    children = [_grouped(cur, table, fields, order) for table, fields, order, _ in _CHILDREN]
    invoices = {
        r[0]: tuple(r[1:])
        for r in cur.execute(f"SELECT sale_id, {', '.join(EINVOICE_FIELDS)} FROM einvoices").fetchall()
    }
    counters = cur.execute(_COUNTERS).fetchall()
    covered: set[str] = set()
    for _seq, sale_id, terminal, receipt_no, prev_hash, stored_hash in entries:
        sale = sales.get(sale_id)
        covered.add(sale_id)

        def matches(
            sale: Any = sale, sale_id: str = sale_id, prev_hash: str = prev_hash, stored: str = stored_hash
        ) -> bool:
            lines, vat, pays = (c.get(sale_id, []) for c in children)
            body = canonical(sale, lines, vat, pays, einvoice=invoices.get(sale_id))
            return chain_hash(prev_hash, body) == stored

        chain.entry(
            terminal,
            receipt_no,
            prev_hash,
            stored_hash,
            None if sale is None else (sale[1], sale[2]),
            matches,
        )
    chain.finish(
        [(s[1], s[2]) for sid, s in sales.items() if sid not in covered],
        [sum(1 for sid in c if sid not in sales) for c in children],
        counters,
    )


def _database_file(raw: sqlite3.Connection) -> str | None:
    """The file of the connection's main database; None for an in-memory or temporary one."""
    for _seq, name, file in raw.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return str(file) or None
    return None


def verify_journal(engine: Engine, *, fast: bool = True) -> VerifyReport:
    """Check the whole journal; problems come in journal order, so ``first`` is the earliest bad receipt.

    Everything is read in one read transaction (a sale committed meanwhile is not half-seen), except that a long
    journal in a file is hashed on parallel read-only connections up to the last entry this transaction sees —
    sales are only ever appended, so they see the same entries. ``fast=False`` runs the reference path only.
    """
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        apart = _database_file(raw)
        parallel = Path(apart).as_uri() if apart is not None else None
        conn.begin()  # one snapshot for every query below (BEGIN DEFERRED on the till's engine)
        report = VerifyReport()
        settled: _Settled | None = None
        invoice_orphans = 0
        if fast:
            try:
                settled, invoice_orphans = _fast(raw.cursor(), report, parallel)
            except sqlite3.Error:  # e.g. a BLOB where text belongs: JSON cannot hold it
                report = VerifyReport()
                fast = False
        if not fast:
            _reference(raw.cursor(), report)
            invoice_orphans = int(raw.execute(_INVOICE_ORPHANS).fetchone()[0])
        for _ in range(invoice_orphans):
            report.problems.append(
                Problem("?", 0, "hoá đơn điện tử không thuộc giao dịch nào", "e-invoice belongs to no sale")
            )
        report.problems.extend(_check_outbox(raw.cursor(), settled))
        conn.rollback()
    return report


def _check_outbox(cur: Cursor, fast: _Settled | None) -> list[Problem]:
    """Sales waiting in the outbox must be exactly what the journal holds: the server receives that document.

    ``fast.sales`` (from the fast path): sales whose rows hash to their journal entry and whose outbox document is
    byte-identical to what checkout writes for those rows — they hold what the journal holds. Every other
    document is decoded and hashed here (all of them when ``fast`` is None).
    """
    problems: list[Problem] = []
    payloads = cur.connection.cursor()
    settled = set() if fast is None else fast.sales
    if fast is not None and all(i in settled for i in fast.waiting):
        return problems  # usually every waiting sale is settled: then the outbox is not joined to the journal
    for outbox_id, sale_id, prev_hash, stored_hash, terminal, receipt_no in cur.execute(_OUTBOX_ROWS):
        if sale_id in settled:
            continue
        payload = payloads.execute("SELECT payload FROM outbox WHERE id = ?", (outbox_id,)).fetchone()[0]
        try:
            doc = json.loads(payload)
            body = canonical(
                tuple(doc["sale"][f] for f in SALE_FIELDS),
                [tuple(r[f] for f in LINE_FIELDS) for r in doc["lines"]],
                [tuple(r[f] for f in VAT_FIELDS) for r in doc["vat"]],
                [tuple(r[f] for f in PAYMENT_FIELDS) for r in doc["payments"]],
                tuple(doc["einvoice"][f] for f in EINVOICE_FIELDS) if "einvoice" in doc else None,
            )
            same = chain_hash(prev_hash, body) == stored_hash
        except (ValueError, TypeError, KeyError, AttributeError):
            same = False
        if not same:
            problems.append(
                Problem(
                    terminal,
                    receipt_no,
                    "bản gửi máy chủ (outbox) khác với giao dịch trong nhật ký",
                    "the copy waiting for the server (outbox) differs from the journalled sale",
                )
            )
    return problems
