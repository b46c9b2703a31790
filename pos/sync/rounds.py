"""One sync round: upload the outbox in batches, exchange e-invoice states, then pull catalogue changes until there
are none.

Each step is safe to interrupt anywhere: an upload is idempotent on the server and an entry leaves the outbox only
in the transaction that records the server's answer; a catalogue page and the cursor after it are committed
together. A round that fails part-way is simply run again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Engine

from pos.db import write_tx
from pos.models.values import utcnow
from pos.sync import identity, outbox, price_rules, return_links, state, store_stock
from pos.sync.anchors import chain_points, remember_anchor
from pos.sync.catalogue_apply import apply_page
from pos.sync.client import SyncClient
from pos.sync.einvoice_states import StatesReport, exchange_states
from pos.sync.errors import RejectedError, SyncError
from pos.sync.rules_apply import RulesReport, pull_rules
from pos.sync.sizes import DEFAULT_BATCH, DEFAULT_PAGE
from pos.sync.wire import MAX_BATCH, ChainPoint, Rejection, TillStatus, UploadResult

__all__ = [
    "DEFAULT_BATCH",
    "DEFAULT_PAGE",
    "RoundReport",
    "UploadReport",
    "client_for",
    "pull_catalogue",
    "sync_round",
    "upload_outbox",
]


@dataclass
class UploadReport:
    sent: int = 0
    held: int = 0
    quarantined: list[Rejection] = field(default_factory=list)
    batches: int = 0


@dataclass
class RoundReport:
    upload: UploadReport
    catalogue_changes: int
    left: outbox.OutboxCounts
    finished_at: dt.datetime
    einvoices: StatesReport = field(default_factory=StatesReport)
    #: The till's own products that took head office's id in this round, and those head office does not have.
    adopted: list[identity.Adoption] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    #: Head office's rules this round: the version held, applied or not, what was refused.
    rules: RulesReport = field(default_factory=RulesReport)
    #: Head office's price rules this till could not apply (``pos.sync.price_rules``): product id and reason.
    rejected: list[dict[str, str]] = field(default_factory=list)

    @property
    def all_sent(self) -> bool:
        return self.left.total == 0


def _post(client: SyncClient, rows: list[outbox.OutboxRow], chain: list[ChainPoint]) -> UploadResult:
    """One upload request (no database access: this runs beside the round's own thread)."""
    try:
        return client.upload(outbox.envelope(rows, utcnow(), chain=chain))
    except RejectedError as exc:
        if exc.status != 422:
            raise
        # a damaged row: wrap it and retry
        return client.upload(outbox.envelope(rows, utcnow(), check=True, chain=chain))


def _record(engine: Engine, rows: list[outbox.OutboxRow], result: UploadResult, report: UploadReport) -> None:
    """The server's answer to one batch into the outbox (held entries leave it) and the report."""
    sent = {r.entity_id for r in rows}
    held = [i for i in result.held if i in sent]
    rejected = [q for q in result.quarantined if q.id in sent]
    outbox.record_outcome(engine, held, rejected, [r.entity_id for r in rows])
    remember_anchor(engine, result.anchor_seq)
    report.sent += len(rows)
    report.held += len(held)
    report.quarantined.extend(rejected)
    report.batches += 1


def _send(engine: Engine, client: SyncClient, rows: list[outbox.OutboxRow], report: UploadReport) -> None:
    _record(engine, rows, _post(client, rows, chain_points(engine)), report)


def upload_outbox(
    engine: Engine,
    client: SyncClient,
    *,
    batch_size: int = DEFAULT_BATCH,
    stop: threading.Event | None = None,
) -> UploadReport:
    """Send every fresh entry once (oldest first), then one batch of quarantined ones for another look.

    One request is in flight at a time, on a helper thread; meanwhile this thread records the answer to the
    previous batch and reads the next one, so the till's database work and the server's overlap instead of
    taking turns (the server still sees one batch after another, as before).
    """
    report = UploadReport()
    size = max(1, min(batch_size, MAX_BATCH))
    after = 0
    answered: tuple[list[outbox.OutboxRow], UploadResult] | None = None
    chain = chain_points(engine)  # the journal's head as this round begins, and the last anchored entry
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-upload") as pool:
        try:
            rows = outbox.fresh_batch(engine, after, size)
            while rows and (stop is None or not stop.is_set()):
                request = pool.submit(_post, client, rows, chain)
                try:
                    if answered is not None:
                        _record(engine, *answered, report)
                        answered = None
                    following = outbox.fresh_batch(engine, rows[-1].id, size)
                finally:
                    result = _answer(request)
                if isinstance(result, RejectedError):
                    if result.status == 413 and size > 1:  # very large sales: smaller batches
                        size = max(1, size // 4)
                        rows = outbox.fresh_batch(engine, after, size)
                        continue
                    raise result
                answered = (rows, result)
                after = rows[-1].id
                rows = following
        finally:
            if answered is not None:  # an answer received is always recorded, even if a later batch failed
                _record(engine, *answered, report)
    just_quarantined = {q.id for q in report.quarantined}
    retry = [r for r in outbox.quarantined_batch(engine, size) if r.entity_id not in just_quarantined]
    if retry and (stop is None or not stop.is_set()):
        _send(engine, client, retry, report)
    return report


def _answer(request: Future[UploadResult]) -> UploadResult | RejectedError:
    """The request's answer, a refusal to look at, or any other failure raised."""
    try:
        return request.result()
    except RejectedError as exc:
        return exc


def pull_catalogue(
    engine: Engine,
    client: SyncClient,
    *,
    page_size: int = DEFAULT_PAGE,
    stop: threading.Event | None = None,
    adopted: list[identity.Adoption] | None = None,
    unmatched: list[str] | None = None,
    rejected: list[dict[str, str]] | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
) -> int:
    """Apply catalogue changes page by page; each page and its cursor commit together. Returns records applied.

    The till's own products that take head office's id are appended to ``adopted``; after the last page, the SKUs
    of those head office does not have replace the contents of ``unmatched``. The price rules the till refused are
    appended to ``rejected`` (and audited with their page). ``clock`` is the till's (naive UTC): the prices due
    by its local date are put in force with each page.
    """
    applied = 0
    cursor = state.read(engine, state.CURSOR) or ""
    while stop is None or not stop.is_set():
        page = client.catalogue_changes(cursor, page_size)
        at = clock()
        now = f"{at:%Y-%m-%d %H:%M:%S.%f}"
        with write_tx(engine) as conn:
            if (state.get(conn, state.CURSOR) or "") != cursor:
                # Another round (the command line beside the GUI) moved on meanwhile: start from its cursor.
                cursor = state.get(conn, state.CURSOR) or ""
                continue
            refused: list[dict[str, str]] = []
            applied += apply_page(conn, page, now, adopted, at=at, rejected=refused)
            price_rules.report_rejected(
                conn, refused, state.get(conn, state.TERMINAL_CODE) or "", [r.product_id for r in page.rules]
            )
            if rejected is not None:
                rejected.extend(refused)
            state.put(conn, state.CURSOR, page.cursor)
            if not page.more:
                if page.stock is not None:
                    store_stock.apply(conn, page.stock)
                left = identity.report_unmatched(conn, state.get(conn, state.TERMINAL_CODE) or "")
                if unmatched is not None:
                    unmatched[:] = left
        cursor = page.cursor
        if not page.more:
            break
    return applied


def till_status(engine: Engine) -> TillStatus:
    """What this till tells head office about itself (``TillStatus``)."""
    from pos import __version__

    left = outbox.counts(engine)
    with engine.connect() as conn:
        devices = state.device_states(conn)
        refused = len(price_rules.held_refusals(conn))
        conn.rollback()
    return TillStatus(
        unsent=left.total,
        quarantined=left.quarantined,
        app_version=str(__version__)[:40],
        printer=devices["printer"],
        camera=devices["camera"],
        rejected_rules=refused,
    )


def report_status(engine: Engine, client: SyncClient) -> None:
    """Best effort: a server that is older (404) or busy only misses one report; the round goes on."""
    with contextlib.suppress(SyncError):
        client.report_status(till_status(engine))


def sync_round(
    engine: Engine,
    client: SyncClient,
    *,
    batch_size: int = DEFAULT_BATCH,
    page_size: int = DEFAULT_PAGE,
    stop: threading.Event | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
) -> RoundReport:
    """Upload, exchange e-invoice states, then pull; record the time of success. Raises ``SyncError`` if a step
    failed. ``clock`` is the till's (naive UTC), for the prices due by its local date."""
    adopted: list[identity.Adoption] = []
    unmatched: list[str] = []
    rejected: list[dict[str, str]] = []
    changes = 0
    if not state.read(engine, state.CURSOR):
        # Joining head office: take its catalogue first, so the till's own products carry head office's ids
        # (``pos.sync.identity``) before any sale or stock move naming them is sent.
        changes += pull_catalogue(
            engine,
            client,
            page_size=page_size,
            stop=stop,
            adopted=adopted,
            unmatched=unmatched,
            rejected=rejected,
            clock=clock,
        )
    return_links.reconcile(engine, client)  # returns made offline without their original: link those found
    up = upload_outbox(engine, client, batch_size=batch_size, stop=stop)
    report_status(engine, client)
    states = exchange_states(engine, client)
    changes += pull_catalogue(
        engine,
        client,
        page_size=page_size,
        stop=stop,
        adopted=adopted,
        unmatched=unmatched,
        rejected=rejected,
        clock=clock,
    )
    rules = pull_rules(engine, client)
    finished = utcnow()
    with write_tx(engine) as conn:
        state.put(conn, state.LAST_SUCCESS, finished.isoformat())
        state.put(conn, state.LAST_ERROR, "")
    return RoundReport(
        up,
        changes,
        outbox.counts(engine),
        finished,
        states,
        adopted,
        unmatched,
        rules=rules,
        rejected=rejected,
    )


def client_for(engine: Engine, *, timeout: float = 60.0) -> SyncClient:
    """A client for the server this till is registered with."""
    from pos.sync.errors import NotRegistered

    reg = state.load_registration(engine)
    if reg is None:
        raise NotRegistered()
    return SyncClient(reg.server_url, reg.token, timeout=timeout, pin=reg.cert_sha256 or None)
