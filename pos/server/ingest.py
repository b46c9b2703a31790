"""Idempotent ingest of a till's outbox batch: every sale arrives exactly once, and only once it is stored.

Each entry is validated on its own; a bad one is quarantined (kept with its reason for head office) and the rest
go in. Rows are written with multi-row ``INSERT … ON CONFLICT (id) DO NOTHING … RETURNING id`` in one transaction
(sorted by id, so concurrent uploads of overlapping batches lock in one order and cannot deadlock); only the
children of sales inserted *now* are written, so a batch sent three times, or by two uploaders at once, stores each
sale once. The answer lists the ids the server holds after the commit — new, already there, or quarantined and
dismissed by head office — and only those leave the till's outbox.

If the database still refuses a row (a rule the schema checks did not foresee), the batch is replayed one entry per
savepoint and the offending entry is quarantined, so one poison record never blocks a queue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, Table, select, update
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from pos.server import collector, rollups
from pos.server.anchors import record_anchors
from pos.server.bulk import insert_rows
from pos.server.db import is_postgres, write_tx
from pos.server.models import (
    EInvoice,
    EInvoiceRetry,
    EInvoiceStatus,
    Payment,
    Quarantine,
    Sale,
    SaleLine,
    SaleVat,
    ShiftEvent,
    StockMove,
    Terminal,
    utcnow,
)
from pos.server.provisioning import TerminalIdentity
from pos.server.validation import Problem, check_sale
from pos.sync.wire import (
    ENTITY_DOCS,
    Doc,
    EInvoiceRetryDoc,
    Rejection,
    SaleDoc,
    ShiftEventDoc,
    StockMoveDoc,
    TypedBatch,
    TypedEntry,
    UploadBatch,
    UploadEntry,
    UploadResult,
)

_SALES: Table = Sale.__table__  # type: ignore[assignment]
_LINES: Table = SaleLine.__table__  # type: ignore[assignment]
_VAT: Table = SaleVat.__table__  # type: ignore[assignment]
_PAYMENTS: Table = Payment.__table__  # type: ignore[assignment]
_MOVES: Table = StockMove.__table__  # type: ignore[assignment]
_SHIFTS: Table = ShiftEvent.__table__  # type: ignore[assignment]
_QUARANTINE: Table = Quarantine.__table__  # type: ignore[assignment]
_INVOICES: Table = EInvoice.__table__  # type: ignore[assignment]
_INVOICE_STATUS: Table = EInvoiceStatus.__table__  # type: ignore[assignment]
_RETRIES: Table = EInvoiceRetry.__table__  # type: ignore[assignment]
#: Tables of what a till sends, in the order a batch writes them (a sale before a request about its invoice).
_ENTRY_TABLES = (_SALES, _MOVES, _SHIFTS, _RETRIES)
#: Largest document kept in quarantine (characters of JSON).
MAX_QUARANTINE_DOC = 1_000_000
_RETRYABLE_PG = {"40P01", "40001"}  # deadlock detected, serialization failure
Entry = UploadEntry | TypedEntry
Batch = UploadBatch | TypedBatch


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


@dataclass
class _Prepared:
    """One valid entry turned into the rows it writes."""

    entry: Entry
    table: Table
    row: dict[str, Any]
    lines: list[dict[str, Any]] = field(default_factory=list)
    vat: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    einvoice: list[dict[str, Any]] = field(default_factory=list)  # none or one (with ``einvoice_status``)

    @property
    def entry_id(self) -> str:
        return self.entry.id


@dataclass
class _Rejected:
    entry: Entry
    problem: Problem


def _fingerprint(doc: SaleDoc) -> str:
    """What makes a sale this sale (ids, amounts, time): a resend with other content is a conflict, not a copy."""
    s = doc.sale
    parts = [
        s.id,
        str(s.receipt_no),
        s.kind,
        s.created_at.isoformat(),
        str(s.total),
        str(s.subtotal),
        str(s.discount_total),
        str(s.change_due),
    ]
    parts += [f"{x.id}:{x.qty_milli}:{x.amount}:{x.product_id}" for x in doc.lines]
    parts += [f"{p.id}:{p.method}:{p.amount}" for p in doc.payments]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _invalid(exc: ValidationError) -> Problem:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg', '')}"[:200])
    detail = "; ".join(parts)
    return Problem("invalid", f"Dữ liệu không hợp lệ: {detail}", f"Invalid document: {detail}")


def _prepare_sale(entry: Entry, doc: SaleDoc, who: TerminalIdentity, now: dt.datetime) -> _Prepared:
    s = doc.sale
    row = {
        "id": s.id,
        "store_id": who.store_id,
        "terminal_id": who.terminal_id,
        "terminal_code": s.terminal_code,
        "receipt_no": s.receipt_no,
        "kind": s.kind,
        "original_sale_id": s.original_sale_id,
        "created_at": _utc(s.created_at),
        "business_date": s.business_date,
        "received_at": now,
        "cashier_id": s.cashier_id,
        "cashier_name": s.cashier_name,
        "approved_by": s.approved_by,
        "shift_id": s.shift_id,
        "lang": s.lang,
        "subtotal": s.subtotal,
        "discount_total": s.discount_total,
        "total": s.total,
        "vat_total": sum(v.vat for v in doc.vat),
        "change_due": s.change_due,
        "note": s.note,
        "doc_hash": _fingerprint(doc),
    }
    # Model fields straight from the instances (much cheaper than model_dump for thousands of rows).
    lines = [{**line.__dict__, "sale_id": s.id} for line in doc.lines]
    vat = [{**v.__dict__, "sale_id": s.id} for v in doc.vat]
    pays = [{**p.__dict__, "sale_id": s.id} for p in doc.payments]
    invoice = [] if doc.einvoice is None else [_invoice_row(doc, who)]
    return _Prepared(entry, _SALES, row, lines, vat, pays, invoice)


def _invoice_row(doc: SaleDoc, who: TerminalIdentity) -> dict[str, Any]:
    inv = doc.einvoice
    assert inv is not None
    return {
        **inv.__dict__,
        "issued_at": _utc(inv.issued_at),
        "sale_id": doc.sale.id,
        "store_id": who.store_id,
        "terminal_id": who.terminal_id,
    }


def _status_rows(invoices: list[dict[str, Any]], now: dt.datetime) -> list[dict[str, Any]]:
    """An invoice arrives ``pending``: head office sends it (``relay``) or the till will say how it went."""
    return [
        {
            "sale_id": inv["sale_id"],
            "store_id": inv["store_id"],
            "via": inv["via"],
            "state": "pending",
            "attempts": 0,
            "provider_ref": "",
            "last_error": "",
            "sent_at": None,
            "accepted_at": None,
            "next_try_at": None,
            "corrected_xml": "",
            "corrected_buyer_name": "",
            "corrected_buyer_tax_code": "",
            "issued_at": inv["issued_at"],
            "updated_at": now,
        }
        for inv in invoices
    ]


def _prepare(entry: Entry, who: TerminalIdentity, now: dt.datetime) -> _Prepared | _Rejected:
    model = ENTITY_DOCS.get(entry.entity)
    if model is None:
        return _Rejected(
            entry,
            Problem(
                "unknown_entity", f"Loại dữ liệu lạ: {entry.entity}", f"Unknown kind of entry: {entry.entity}"
            ),
        )
    doc: Doc
    if isinstance(entry.doc, Doc):  # validated with the whole batch (the fast path)
        doc = entry.doc
        if not isinstance(doc, model):
            return _Rejected(
                entry,
                Problem(
                    "entity_mismatch",
                    "Loại mục và loại tài liệu không khớp",
                    "The entry's kind and its document's type differ",
                ),
            )
    else:
        try:
            doc = model.model_validate(entry.doc)
        except ValidationError as exc:
            return _Rejected(entry, _invalid(exc))
    if isinstance(doc, SaleDoc):
        problem = check_sale(doc, entry.id, who)
        return _Rejected(entry, problem) if problem else _prepare_sale(entry, doc, who, now)
    if isinstance(doc, StockMoveDoc):
        m = doc.move
        if m.id != entry.id:
            return _Rejected(
                entry, Problem("id_mismatch", "Mã không khớp", "The id differs from the entry id")
            )
        return _Prepared(
            entry,
            _MOVES,
            {
                **m.model_dump(),
                "created_at": _utc(m.created_at),
                "store_id": who.store_id,
                "terminal_id": who.terminal_id,
                "received_at": now,
            },
        )
    if isinstance(doc, EInvoiceRetryDoc):
        r = doc.retry
        if r.id != entry.id:
            return _Rejected(
                entry, Problem("id_mismatch", "Mã không khớp", "The id differs from the entry id")
            )
        return _Prepared(
            entry,
            _RETRIES,
            {
                **r.model_dump(),
                "at": _utc(r.at),
                "store_id": who.store_id,
                "terminal_id": who.terminal_id,
                "received_at": now,
            },
        )
    if isinstance(doc, ShiftEventDoc):
        e = doc.event
        if e.id != entry.id:
            return _Rejected(
                entry, Problem("id_mismatch", "Mã không khớp", "The id differs from the entry id")
            )
        return _Prepared(
            entry,
            _SHIFTS,
            {
                "id": e.id,
                "store_id": who.store_id,
                "terminal_id": who.terminal_id,
                "shift_id": e.shift_id,
                "kind": e.kind,
                "at": _utc(e.at),
                "staff_id": e.staff_id,
                "data": json.dumps(e.data, ensure_ascii=True, sort_keys=True),
                "received_at": now,
            },
        )
    raise AssertionError(f"no writer for {type(doc).__name__}")  # pragma: no cover - ENTITY_DOCS is closed


class _Batch:
    """The entries of one upload, written in one transaction."""

    def __init__(self, who: TerminalIdentity, now: dt.datetime, *, careful: bool = False) -> None:
        self.who = who
        self.now = now
        #: False on the first try of a whole batch: new rows are copied straight in after a look-up of their ids
        #: (``bulk.insert_rows(probe=True)``); an upload of the same entries racing this one then fails the batch,
        #: which is replayed entry by entry, carefully (``ON CONFLICT DO NOTHING``: the other copy wins, ours is held).
        self.careful = careful
        self.held: set[str] = set()
        self.rejected: list[_Rejected] = []
        self.conflicts: list[_Rejected] = []

    def write(self, conn: Connection, prepared: Sequence[_Prepared]) -> None:
        for table in _ENTRY_TABLES:
            items = sorted((p for p in prepared if p.table is table), key=lambda p: p.entry_id)
            if table is _RETRIES:
                items = self._known_invoices(conn, items)
            if items:
                self._write_table(conn, table, items)

    def _known_invoices(self, conn: Connection, items: list[_Prepared]) -> list[_Prepared]:
        """Requests about invoices this store's tills sent for head office to relay; the others are refused."""
        if not items:
            return items
        ids = sorted({p.row["sale_id"] for p in items})
        known = set(
            conn.execute(
                select(_INVOICES.c.sale_id).where(
                    _INVOICES.c.sale_id.in_(ids),
                    _INVOICES.c.store_id == self.who.store_id,
                    _INVOICES.c.via == "relay",
                )
            ).scalars()
        )
        for p in items:
            if p.row["sale_id"] not in known:
                self.rejected.append(
                    _Rejected(
                        p.entry,
                        Problem(
                            "unknown_einvoice",
                            "Văn phòng không giữ hoá đơn điện tử này để gửi thay cửa hàng",
                            "Head office holds no such e-invoice to send for this store",
                        ),
                    )
                )
        return [p for p in items if p.row["sale_id"] in known]

    def _write_table(self, conn: Connection, table: Table, items: list[_Prepared]) -> None:
        rows = [p.row for p in items]
        inserted = {
            str(x)
            for x in insert_rows(
                conn, table, rows, ignore_conflicts_on=["id"], returning="id", probe=not self.careful
            )
        }
        new = [p for p in items if p.entry_id in inserted]
        if table is _SALES and new:
            for child, key in (
                (_LINES, "lines"),
                (_VAT, "vat"),
                (_PAYMENTS, "payments"),
                (_INVOICES, "einvoice"),
            ):
                insert_rows(conn, child, [r for p in new for r in getattr(p, key)])
            insert_rows(conn, _INVOICE_STATUS, _status_rows([r for p in new for r in p.einvoice], self.now))
            rollups.queue_sales(conn, (p.entry_id for p in new))
        elif table is _MOVES and new:
            rollups.add_stock(conn, (p.row for p in new))
        if table is _RETRIES and new:
            for p in new:  # in id order: the later request of two about one invoice has the last word
                _apply_retry(conn, p.row, self.now)
        self.held.update(inserted)
        others = [p for p in items if p.entry_id not in inserted]
        if not others:
            return
        cols = [table.c.id, table.c.terminal_id] + ([table.c.doc_hash] if table is _SALES else [])
        found = {
            str(r[0]): r
            for r in conn.execute(select(*cols).where(table.c.id.in_([p.entry_id for p in others])))
        }
        for p in others:
            row = found.get(p.entry_id)
            if row is None:  # vanished between the insert and the select: not held, the till will resend
                continue
            if str(row[1]) != self.who.terminal_id:
                self.rejected.append(
                    _Rejected(
                        p.entry,
                        Problem(
                            "id_taken",
                            "Mã này đã thuộc dữ liệu của máy khác",
                            "This id already belongs to another terminal's data",
                        ),
                    )
                )
                continue
            self.held.add(p.entry_id)
            if table is _SALES and str(row[2]) != p.row["doc_hash"]:
                self.conflicts.append(
                    _Rejected(
                        p.entry,
                        Problem(
                            "conflicting_resend",
                            "Giao dịch gửi lại khác bản đã lưu; giữ bản đầu",
                            "A resent sale differs from the stored one; the first is kept",
                        ),
                    )
                )


def _apply_retry(conn: Connection, retry: dict[str, Any], now: dt.datetime) -> None:
    """A rejected relayed invoice goes back in the queue, with the buyer corrected if the request says so."""
    values: dict[str, Any] = {
        "state": "pending",
        "next_try_at": None,
        "provider_ref": "",
        "last_error": "",
        "updated_at": now,
    }
    if retry["xml"]:
        values.update(
            corrected_xml=retry["xml"],
            corrected_buyer_name=retry["buyer_name"],
            corrected_buyer_tax_code=retry["buyer_tax_code"],
        )
    st = _INVOICE_STATUS.c
    conn.execute(
        update(_INVOICE_STATUS)
        .where(st.sale_id == retry["sale_id"], st.store_id == retry["store_id"], st.state == "rejected")
        .values(**values)
    )


def _quarantine(
    conn: Connection,
    who: TerminalIdentity,
    items: Iterable[_Rejected],
    now: dt.datetime,
    held: set[str],
    *,
    report: bool = True,
) -> list[Rejection]:
    """Keep rejected entries for head office. Entries head office dismissed count as held."""
    items = list(items)
    if not items:
        return []
    ids = [r.entry.id for r in items]
    status = dict(
        conn.execute(
            select(Quarantine.entity_id, Quarantine.status).where(
                Quarantine.terminal_id == who.terminal_id, Quarantine.entity_id.in_(ids)
            )
        ).all()
    )
    rows = []
    out = []
    for r in items:
        if status.get(r.entry.id) == "dismissed" and report:
            held.add(r.entry.id)
            continue
        raw = r.entry.doc
        doc = (raw.model_dump_json() if isinstance(raw, Doc) else json.dumps(raw, ensure_ascii=True))[
            :MAX_QUARANTINE_DOC
        ]
        rows.append(
            {
                "store_id": who.store_id,
                "terminal_id": who.terminal_id,
                "entity": r.entry.entity[:20],
                "entity_id": r.entry.id,
                "code": r.problem.code,
                "reason_vi": r.problem.vi,
                "reason_en": r.problem.en,
                "doc": doc,
                "first_received_at": now,
                "last_received_at": now,
                "times_received": 1,
                "status": "open",
                "resolved_note": "",
                "resolved_at": None,
            }
        )
        if report:
            out.append(
                Rejection(
                    id=r.entry.id, code=r.problem.code, message_vi=r.problem.vi, message_en=r.problem.en
                )
            )
    if rows:
        conn.execute(_quarantine_upsert(conn), rows)
    return out


def _quarantine_upsert(conn: Connection) -> Any:
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if is_postgres(conn) else sqlite
    stmt = dialect.insert(_QUARANTINE)
    return stmt.on_conflict_do_update(
        index_elements=["terminal_id", "entity_id"],
        set_={
            "code": stmt.excluded.code,
            "reason_vi": stmt.excluded.reason_vi,
            "reason_en": stmt.excluded.reason_en,
            "doc": stmt.excluded.doc,
            "last_received_at": stmt.excluded.last_received_at,
            "times_received": _QUARANTINE.c.times_received + 1,
            "status": _QUARANTINE.c.status,
        },
    )


def _refused(exc: IntegrityError | DataError) -> Problem:
    """Why the database refused one entry, as head office should read it."""
    detail = str(exc.orig)
    if "uq_sales_terminal_id" in detail or "sales.terminal_id, sales.receipt_no" in detail:
        return Problem(
            "receipt_reused",
            "Số hoá đơn này đã dùng cho một giao dịch khác của máy (máy được khôi phục từ bản sao lưu cũ?)",
            "This receipt number was already used by another sale of this terminal (restored from an old backup?)",
        )
    reason = exc.orig.__class__.__name__ if exc.orig is not None else exc.__class__.__name__
    return Problem(
        "db_rejected",
        f"Cơ sở dữ liệu từ chối bản ghi ({reason})",
        f"The database refused the record ({reason})",
    )


def _already_held(conn: Connection, who: TerminalIdentity, ids: list[str]) -> set[str]:
    held: set[str] = set()
    for table in _ENTRY_TABLES:
        held.update(
            str(x)
            for x in conn.execute(
                select(table.c.id).where(table.c.id.in_(ids), table.c.terminal_id == who.terminal_id)
            ).scalars()
        )
    return held


def _has_open_quarantine(conn: Connection, who: TerminalIdentity) -> bool:
    """Whether anything of this terminal waits in quarantine (almost never): only then is the batch's list of held
    ids matched against it, which costs a statement with one parameter per id."""
    return (
        conn.execute(
            select(Quarantine.id)
            .where(Quarantine.terminal_id == who.terminal_id, Quarantine.status == "open")
            .limit(1)
        ).first()
        is not None
    )


def _run(conn: Connection, who: TerminalIdentity, batch: Batch, now: dt.datetime) -> UploadResult:
    prepared: list[_Prepared] = []
    rejected: list[_Rejected] = []
    seen: set[str] = set()
    for entry in batch.entries:
        if entry.id in seen:  # the same entry twice in one batch: the first copy decides
            continue
        seen.add(entry.id)
        item = _prepare(entry, who, now)
        (prepared if isinstance(item, _Prepared) else rejected).append(item)  # type: ignore[arg-type]
    b = _Batch(who, now)
    try:
        with conn.begin_nested():
            b.write(conn, prepared)
    except (IntegrityError, DataError):
        b = _Batch(who, now, careful=True)
        for p in sorted(prepared, key=lambda x: x.entry_id):
            try:
                with conn.begin_nested():
                    b.write(conn, [p])
            except (IntegrityError, DataError) as exc:
                b.rejected.append(_Rejected(p.entry, _refused(exc)))
    rejected = [*rejected, *b.rejected]
    if rejected:  # stored on an earlier upload (before a rule changed): still held
        b.held.update(_already_held(conn, who, [r.entry.id for r in rejected]))
        rejected = [r for r in rejected if r.entry.id not in b.held]
    rejections = _quarantine(conn, who, rejected, now, b.held)
    _quarantine(conn, who, b.conflicts, now, b.held, report=False)
    if b.held and _has_open_quarantine(conn, who):
        conn.execute(
            update(Quarantine)
            .where(
                Quarantine.terminal_id == who.terminal_id,
                Quarantine.entity_id.in_(sorted(b.held)),
                Quarantine.status == "open",
                Quarantine.code != "conflicting_resend",
            )
            .values(status="accepted", resolved_at=now, resolved_note="accepted on a later upload")
        )
    skew = int((_utc(batch.sent_at) - now).total_seconds())
    conn.execute(
        update(Terminal).where(Terminal.id == who.terminal_id).values(last_seen_at=now, clock_skew_s=skew)
    )
    entries: Sequence[Entry] = batch.entries
    order = {e.id: i for i, e in enumerate(entries)}
    return UploadResult(
        held=sorted(b.held, key=lambda i: order.get(i, 0)), quarantined=rejections, received_at=now
    )


def planned_rows(batch: Batch, who: TerminalIdentity, now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """The rows ``ingest`` writes for ``batch`` into a database that holds none of it yet, by table name (valid
    sales only). The benchmark inserts these same rows with plain SQL to see what ingest costs beyond the
    database's own work."""
    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in (_SALES, _LINES, _VAT, _PAYMENTS)}
    for entry in batch.entries:
        item = _prepare(entry, who, now)
        if isinstance(item, _Prepared) and item.table is _SALES:
            out[_SALES.name].append(item.row)
            out[_LINES.name] += item.lines
            out[_VAT.name] += item.vat
            out[_PAYMENTS.name] += item.payments
    return out


def parse_upload(raw: bytes) -> TypedBatch:
    """An upload's JSON body straight into models (``ValidationError`` if any document is invalid: the route then
    judges the entries one by one), with the collector held off (``pos.server.collector``)."""
    with collector.paused():
        return TypedBatch.model_validate_json(raw)


def ingest(engine: Engine, who: TerminalIdentity, batch: Batch, *, attempts: int = 3) -> UploadResult:
    """Store ``batch`` for the till ``who``; the answer is given only after the commit."""
    with collector.paused():
        return _ingest(engine, who, batch, attempts)


def _ingest(engine: Engine, who: TerminalIdentity, batch: Batch, attempts: int) -> UploadResult:
    for attempt in range(attempts):
        now = utcnow()
        try:
            with write_tx(engine) as conn:
                result = _run(conn, who, batch, now)
                anchored = record_anchors(conn, who.terminal_id, batch.chain, now)
                return result.model_copy(update={"anchor_seq": anchored})
        except OperationalError as exc:
            code = getattr(exc.orig, "sqlstate", None)
            if code not in _RETRYABLE_PG or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
