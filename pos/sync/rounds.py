"""One sync round: upload the outbox in batches, then pull catalogue changes until there are none.

Each step is safe to interrupt anywhere: an upload is idempotent on the server and an entry leaves the outbox only
in the transaction that records the server's answer; a catalogue page and the cursor after it are committed
together. A round that fails part-way is simply run again.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine

from pos.db import write_tx
from pos.models.base import utcnow
from pos.sync import outbox, state
from pos.sync.catalogue_apply import apply_page
from pos.sync.client import SyncClient
from pos.sync.errors import RejectedError
from pos.sync.wire import MAX_BATCH, Rejection

DEFAULT_BATCH = 200
DEFAULT_PAGE = 500


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

    @property
    def all_sent(self) -> bool:
        return self.left.total == 0


def _send(engine: Engine, client: SyncClient, rows: list[outbox.OutboxRow], report: UploadReport) -> None:
    try:
        result = client.upload(outbox.envelope(rows, utcnow()))
    except RejectedError as exc:
        if exc.status != 422:
            raise
        result = client.upload(
            outbox.envelope(rows, utcnow(), check=True)
        )  # a damaged row: wrap it and retry
    sent = {r.entity_id for r in rows}
    held = [i for i in result.held if i in sent]
    rejected = [q for q in result.quarantined if q.id in sent]
    outbox.record_outcome(engine, held, rejected, [r.entity_id for r in rows])
    report.sent += len(rows)
    report.held += len(held)
    report.quarantined.extend(rejected)
    report.batches += 1


def upload_outbox(
    engine: Engine,
    client: SyncClient,
    *,
    batch_size: int = DEFAULT_BATCH,
    stop: threading.Event | None = None,
) -> UploadReport:
    """Send every fresh entry once (oldest first), then one batch of quarantined ones for another look."""
    report = UploadReport()
    size = max(1, min(batch_size, MAX_BATCH))
    after = 0
    while stop is None or not stop.is_set():
        rows = outbox.fresh_batch(engine, after, size)
        if not rows:
            break
        try:
            _send(engine, client, rows, report)
        except RejectedError as exc:
            if exc.status == 413 and size > 1:  # very large sales: smaller batches
                size = max(1, size // 4)
                continue
            raise
        after = rows[-1].id
    just_quarantined = {q.id for q in report.quarantined}
    retry = [r for r in outbox.quarantined_batch(engine, size) if r.entity_id not in just_quarantined]
    if retry and (stop is None or not stop.is_set()):
        _send(engine, client, retry, report)
    return report


def pull_catalogue(
    engine: Engine, client: SyncClient, *, page_size: int = DEFAULT_PAGE, stop: threading.Event | None = None
) -> int:
    """Apply catalogue changes page by page; each page and its cursor commit together. Returns records applied."""
    applied = 0
    cursor = state.read(engine, state.CURSOR) or ""
    while stop is None or not stop.is_set():
        page = client.catalogue_changes(cursor, page_size)
        now = f"{utcnow():%Y-%m-%d %H:%M:%S.%f}"
        with write_tx(engine) as conn:
            if (state.get(conn, state.CURSOR) or "") != cursor:
                # Another round (the command line beside the GUI) moved on meanwhile: start from its cursor.
                cursor = state.get(conn, state.CURSOR) or ""
                continue
            applied += apply_page(conn, page, now)
            state.put(conn, state.CURSOR, page.cursor)
        cursor = page.cursor
        if not page.more:
            break
    return applied


def sync_round(
    engine: Engine,
    client: SyncClient,
    *,
    batch_size: int = DEFAULT_BATCH,
    page_size: int = DEFAULT_PAGE,
    stop: threading.Event | None = None,
) -> RoundReport:
    """Upload, then pull; record the time of success. Raises ``SyncError`` if either step failed."""
    up = upload_outbox(engine, client, batch_size=batch_size, stop=stop)
    changes = pull_catalogue(engine, client, page_size=page_size, stop=stop)
    finished = utcnow()
    with write_tx(engine) as conn:
        state.put(conn, state.LAST_SUCCESS, finished.isoformat())
        state.put(conn, state.LAST_ERROR, "")
    return RoundReport(up, changes, outbox.counts(engine), finished)


def client_for(engine: Engine, *, timeout: float = 60.0) -> SyncClient:
    """A client for the server this till is registered with."""
    from pos.sync.errors import NotRegistered

    reg = state.load_registration(engine)
    if reg is None:
        raise NotRegistered()
    return SyncClient(reg.server_url, reg.token, timeout=timeout)
