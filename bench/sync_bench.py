"""Sync: a till's backlog uploaded to a local server, and the server's ingest on PostgreSQL against raw INSERTs.

``sync_upload_sales_per_s`` — the backlog (``bench.backlog``: real simulated sales) is uploaded by the real client
(``pos.sync.rounds.sync_round``, batches of 200, gzipped, over HTTP on 127.0.0.1) to ``ocop-pos server`` running
in its own process (as the server-kill test of the sync suite starts it) on an SQLite database. Till and server are
separate processes, so on two cores they can work at once (the round keeps one request in flight while it records
the previous answer); their CPU seconds are reported so it is clear which side limits. The run ends by checking
that the server holds every entry.

``server_ingest_sales_per_s`` — ``pos.server.ingest.ingest`` called directly (function level, no HTTP) on a
throw-away PostgreSQL (``tests/pg.py``: the server the sync tests use, but *durable* here — fsync, synchronous
commit and full-page writes on, as production runs it; a commit waits for the disk), for batches of 200 of those sales, each
timed from its JSON body (``ingest.parse_upload``, as the route does) to the commit.
``server_ingest_durable_vs_raw`` — that rate ÷ the rate of inserting the very rows ingest writes (sales, lines,
VAT rows, payments; ``ingest.planned_rows``) with plain psycopg 3 into the same tables of an identical database on
the same durable server, one transaction per batch — the fastest of ``executemany`` (pipelined), one multi-row
``INSERT … VALUES`` per table and ``COPY … FROM STDIN``. The batches of all four are interleaved, so a busy
neighbour slows them alike. Target ≥ 0.5 (a head office takes a till's day in seconds either way). Ingest makes
the sales durable and queues them for the office's roll-ups and stock on hand, which are folded in behind
(``pos.server.rollups``); that later work is timed on its own, ``server_rollup_fold_sales_per_s`` (every sale the
timed batches stored, folded by ``rollups.catch_up`` as the server's background task and every office page run
it), so its cost is in the report too.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, text

from bench.backlog import SYNC_BACKLOG, build_seconds, sales_home
from bench.workspace import workspace
from pos.server import rollups
from pos.server.db import make_engine, upgrade
from pos.server.ingest import ingest, parse_upload, planned_rows
from pos.server.provisioning import TerminalIdentity, add_store, add_terminal, register, terminal_for_token
from pos.settings import load_settings
from pos.sync import outbox
from pos.sync.registration import register_terminal
from pos.sync.rounds import DEFAULT_BATCH, client_for, sync_round
from pos.sync.wire import TypedBatch
from pos.till.terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent
STORE = "QN-HL01"
#: Batches of 200 sales given to ingest on PostgreSQL.
INGEST_BATCHES = {True: 12, False: 60}
#: The raw baselines: psycopg's pipelined executemany, one multi-row INSERT … VALUES a table, COPY FROM STDIN.
RAW_MODES = ("executemany", "values", "copy")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (Linux ``/proc``), NaN elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


class ServerProcess:
    """``ocop-pos server`` in its own process on 127.0.0.1 (``python -m pos.cli server``)."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.url_db = database_url
        self.port = _free_port()
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OCOP_POS_HOME": str(self.log.parent)}
        cmd = [
            sys.executable,
            "-m",
            "pos.cli",
            "server",
            "--database-url",
            self.url_db,
            "--port",
            str(self.port),
        ]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start in 60 s")
            time.sleep(0.1)

    def cpu_seconds(self) -> float:
        return _cpu_seconds(self.proc.pid) if self.proc is not None else float("nan")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        n = int(conn.execute(text(sql)).scalar_one())
        conn.rollback()
    return n


def upload(quick: bool) -> dict[str, Any]:
    """The whole backlog through ``sync_round`` to a server process on SQLite."""
    sales = SYNC_BACKLOG[quick]
    folder = workspace() / "sync-upload"
    shutil.rmtree(folder, ignore_errors=True)
    till_home = folder / "till"
    shutil.copytree(sales_home(sales), till_home)
    server_dir = folder / "server"
    server_dir.mkdir(parents=True)
    db_url = f"sqlite:///{server_dir / 'server.sqlite3'}"
    engine = make_engine(db_url)
    upgrade(engine)
    add_store(engine, STORE, "Trung tâm OCOP Hạ Long", district="Hạ Long")
    server = ServerProcess(db_url, server_dir / "server.log").start()
    till = Terminal.open(load_settings(till_home))
    try:
        code = add_terminal(engine, STORE, till.code).code
        register_terminal(till.settings, till.engine, server.url, code)
        queued = outbox.counts(till.engine).total
        client = client_for(till.engine)
        server_cpu0, till_cpu0 = server.cpu_seconds(), time.process_time()
        start = time.perf_counter()
        report = sync_round(till.engine, client, batch_size=DEFAULT_BATCH)
        seconds = time.perf_counter() - start
        server_cpu, till_cpu = server.cpu_seconds() - server_cpu0, time.process_time() - till_cpu0
        client.close()
        stored = _count(engine, "SELECT COUNT(*) FROM sales")
        if not report.all_sent or stored != queued:
            raise RuntimeError(f"upload incomplete: {stored} of {queued} stored, {report.left.total} left")
    finally:
        till.close()
        server.stop()
        engine.dispose()
    return {
        "sync_upload_sales_per_s": round(queued / seconds, 1),
        "sync_backlog_sales": sales,
        "sync_backlog_entries": queued,
        "sync_upload_s": round(seconds, 2),
        "sync_upload_till_cpu_s": round(till_cpu, 2),
        "sync_upload_server_cpu_s": round(server_cpu, 2),
        "sync_upload_batches": report.upload.batches,
    }


# --- ingest on PostgreSQL ------------------------------------------------------------------------------------


def _bodies(home: Path, batches: int) -> list[bytes]:
    """Upload envelopes of 200 outbox entries each, exactly as the till sends them (before gzip)."""
    t = Terminal.open(load_settings(home))
    try:
        rows = outbox.fresh_batch(t.engine, 0, batches * DEFAULT_BATCH)
    finally:
        t.close()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return [
        outbox.envelope(rows[i : i + DEFAULT_BATCH], now)
        for i in range(0, len(rows) - DEFAULT_BATCH + 1, DEFAULT_BATCH)
    ]


def _identity(engine: Engine, terminal_code: str) -> TerminalIdentity:
    add_store(engine, STORE, "Trung tâm OCOP Hạ Long", district="Hạ Long")
    token = register(engine, add_terminal(engine, STORE, terminal_code).code).token
    with engine.connect() as conn:
        who = terminal_for_token(conn, token)
        conn.rollback()
    assert who is not None
    return who


def _psycopg_url(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


class _RawInsert:
    """The rows ingest writes, inserted with plain psycopg 3 into an identical database, one transaction a batch."""

    def __init__(self, url: str, mode: str) -> None:
        import psycopg

        self.conn = psycopg.connect(_psycopg_url(url))
        self.mode = mode  # "executemany", "values" (one multi-row INSERT a table) or "copy"

    def once(self, tables: dict[str, list[dict[str, Any]]]) -> float:
        start = time.perf_counter()
        with self.conn.transaction(), self.conn.cursor() as cur:
            for table, rows in tables.items():
                if not rows:
                    continue
                cols = list(rows[0])
                head = f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                one = "(" + ", ".join(["%s"] * len(cols)) + ")"
                if self.mode == "copy":
                    with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                        for r in rows:
                            copy.write_row(tuple(r[c] for c in cols))
                elif self.mode == "values":
                    flat = [r[c] for r in rows for c in cols]
                    cur.execute((head + ", ".join([one] * len(rows))).encode(), flat)
                else:
                    cur.executemany(head + one, [tuple(r[c] for c in cols) for r in rows])
        return time.perf_counter() - start

    def close(self) -> None:
        self.conn.close()


def ingest_on_postgres(quick: bool) -> dict[str, Any]:
    """Ingest vs raw batched INSERTs on a throw-away PostgreSQL; nulls with the reason if it is not installed."""
    sys.path.insert(0, str(ROOT))  # tests/pg.py: the PostgreSQL the sync tests start
    from tests.pg import PgUnavailable, create_database, start_postgres

    try:  # durable, as a head office runs it: a commit waits for the disk, for ingest and the raw inserts alike
        pg = start_postgres(durable=True)
    except PgUnavailable:
        return {
            "server_ingest_sales_per_s": None,
            "server_ingest_durable_vs_raw": None,
            "server_ingest_note": "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin "
            "(install Debian's postgresql package, as the README's test set-up does)",
        }
    engines: list[Engine] = []
    raws: list[_RawInsert] = []
    try:
        template = create_database(pg, "bench_template")
        t_engine = make_engine(template)
        upgrade(t_engine)
        home = sales_home(SYNC_BACKLOG[quick])
        code = load_settings(home).terminal.code
        who = _identity(t_engine, code)
        t_engine.dispose()
        engine = make_engine(create_database(pg, "bench_ingest", template="bench_template"))
        engines.append(engine)
        raws = [
            _RawInsert(create_database(pg, f"bench_raw_{mode}", template="bench_template"), mode)
            for mode in RAW_MODES
        ]
        bodies = _bodies(home, INGEST_BATCHES[quick])
        if not bodies:
            raise RuntimeError("the backlog has fewer than one batch of sales")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        planned = [planned_rows(TypedBatch.model_validate_json(b), who, now) for b in bodies]
        # Warm every path once (connections, statement plans) on a batch that is then not counted.
        _ingest_once(engine, who, bodies[0])
        for raw in raws:
            raw.once(planned[0])
        ingest_s = parse_s = 0.0
        raw_s = [0.0] * len(raws)
        for body, rows in zip(bodies[1:], planned[1:], strict=True):
            p, i = _ingest_once(engine, who, body)
            parse_s += p
            ingest_s += p + i
            for k, raw in enumerate(raws):
                raw_s[k] += raw.once(rows)
        sales = sum(len(rows["sales"]) for rows in planned[1:])
        stored = _count(engine, "SELECT COUNT(*) FROM sales")
        if stored != sum(len(rows["sales"]) for rows in planned):
            raise RuntimeError(
                f"ingest stored {stored} sales, expected {sum(len(r['sales']) for r in planned)}"
            )
        start = time.perf_counter()
        folded = rollups.catch_up(engine)
        fold_s = time.perf_counter() - start
        if folded != stored:
            raise RuntimeError(f"the fold counted {folded} sales, ingest stored {stored}")
        rate = sales / ingest_s
        raw_rate = sales / min(raw_s)
        return {
            "server_ingest_sales_per_s": round(rate, 1),
            "server_ingest_durable_vs_raw": round(rate / raw_rate, 3),
            "server_ingest_sales": sales,
            "server_ingest_parse_share": round(parse_s / ingest_s, 3),
            "server_rollup_fold_sales_per_s": round(folded / fold_s, 1),
            **{
                f"server_raw_{mode}_sales_per_s": round(sales / s, 1)
                for mode, s in zip(RAW_MODES, raw_s, strict=True)
            },
            "server_ingest_level": "function (pos.server.ingest.ingest from the JSON body; no HTTP)",
            "server_ingest_baseline": "the same rows by plain psycopg 3 (fastest of executemany, multi-row VALUES, "
            "COPY), one transaction a batch, on the same durable PostgreSQL (fsync, synchronous_commit on)",
        }
    finally:
        for raw in raws:
            raw.close()
        for e in engines:
            e.dispose()
        pg.stop()


def _ingest_once(engine: Engine, who: TerminalIdentity, body: bytes) -> tuple[float, float]:
    """(seconds parsing the body, seconds in ``ingest``) for one batch."""
    start = time.perf_counter()
    batch = parse_upload(body)  # as the route parses it
    parsed = time.perf_counter()
    result = ingest(engine, who, batch)
    done = time.perf_counter()
    if result.quarantined or len(result.held) != len(batch.entries):
        raise RuntimeError(f"ingest did not hold the batch: {result.quarantined[:3]}")
    return parsed - start, done - parsed


def _guarded(
    name: str, fn: Callable[[bool], dict[str, Any]], quick: bool, errors: dict[str, str]
) -> dict[str, Any]:
    try:
        return fn(quick)
    except Exception as exc:  # one half failing must not hide the other
        errors[name] = f"{exc.__class__.__name__}: {exc}"
        return {}


def run(quick: bool) -> dict[str, Any]:
    errors: dict[str, str] = {}
    results: dict[str, Any] = {}
    results.update(_guarded("upload", upload, quick, errors))
    results.update(_guarded("ingest", ingest_on_postgres, quick, errors))
    results["sync_backlog_build_s"] = build_seconds.get(SYNC_BACKLOG[quick])
    if errors:
        results["sync_errors"] = errors
        print(f"sync: {errors}", file=sys.stderr)
    return results
