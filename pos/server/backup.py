"""Backups of the head-office database, verified by restoring them: SQLite (online backup API) and PostgreSQL
(``pg_dump``/``pg_restore`` of the installed PostgreSQL).

A backup is taken from one consistent snapshot, and while that snapshot is open every table's rows are digested
(``table_digests``: row count and SHA-256 of the rows in primary-key order). The file is then restored into a
scratch database — a temporary file, or a throw-away PostgreSQL database — and its digests must equal the
snapshot's: a backup that does not restore to exactly what was there is deleted and reported, never kept. The
digests go into ``<file>.json`` beside it, so ``restore`` checks the restored database against them too.

On PostgreSQL the snapshot is exported from the transaction that digests (``pg_export_snapshot``) and ``pg_dump
--snapshot`` dumps exactly it, so the server keeps running and writing meanwhile. ``docs/sync.md`` (Server
backups) gives a systemd timer and a cron line.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url

from pos.errors import PosError

SIDE = ".json"


class ServerBackupError(PosError):
    """A backup or restore that could not be done or did not verify; nothing was replaced."""


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


@dataclass(frozen=True)
class BackupResult:
    path: Path
    dialect: str
    revision: str | None
    digests: dict[str, TableDigest]

    @property
    def rows(self) -> int:
        return sum(d.rows for d in self.digests.values())


def _value(v: Any) -> Any:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, bytes | bytearray | memoryview):
        return bytes(v).hex()
    if isinstance(v, bool | int | float | str) or v is None:
        return v
    return str(v)


def table_digests(conn: Connection) -> dict[str, TableDigest]:
    """Every table's row count and the SHA-256 of its rows, in primary-key order, as this connection sees them."""
    insp = inspect(conn)
    out = {}
    for table in sorted(insp.get_table_names()):
        pk = insp.get_pk_constraint(table).get("constrained_columns") or []
        cols = [c["name"] for c in insp.get_columns(table)]
        order = ", ".join(f'"{c}"' for c in (pk or cols))
        digest = hashlib.sha256()
        n = 0
        for row in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}')):
            digest.update(json.dumps([_value(v) for v in row], ensure_ascii=False).encode("utf-8"))
            digest.update(b"\n")
            n += 1
        out[table] = TableDigest(n, digest.hexdigest())
    return out


def _revision(conn: Connection) -> str | None:
    try:
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        return None
    return None if value is None else str(value)


def _stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def _write_side(result: BackupResult) -> None:
    doc = {
        "dialect": result.dialect,
        "revision": result.revision,
        "tables": {t: {"rows": d.rows, "sha256": d.sha256} for t, d in result.digests.items()},
    }
    side = result.path.with_name(result.path.name + SIDE)
    side.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def read_side(path: Path) -> dict[str, TableDigest] | None:
    side = path.with_name(path.name + SIDE)
    if not side.exists():
        return None
    doc = json.loads(side.read_text(encoding="utf-8"))
    return {t: TableDigest(int(d["rows"]), str(d["sha256"])) for t, d in doc["tables"].items()}


def _differences(want: dict[str, TableDigest], got: dict[str, TableDigest]) -> list[str]:
    names = sorted(set(want) | set(got))
    return [
        f"{t}: {want[t].rows if t in want else '-'} rows expected, {got[t].rows if t in got else '-'} restored"
        + ("" if t in want and t in got and want[t].rows != got[t].rows else " (contents differ)")
        for t in names
        if want.get(t) != got.get(t)
    ]


def _failed(what: str, problems: list[str]) -> ServerBackupError:
    listed = "; ".join(problems[:5])
    return ServerBackupError(
        f"Bản sao lưu {what} không khôi phục ra đúng dữ liệu: {listed}",
        f"The backup {what} does not restore to the same data: {listed}",
        code="backup_mismatch",
    )


# --- SQLite -----------------------------------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise ServerBackupError(
            "Cơ sở dữ liệu không phải một tệp", "The database is not a file", code="backup"
        )
    return Path(database)


def _sqlite_digests(path: Path) -> dict[str, TableDigest]:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return table_digests(conn)
    finally:
        engine.dispose()


def _sqlite_backup(engine: Engine, out: Path) -> BackupResult:
    src_path = _sqlite_path(engine)
    partial = out.with_name(out.name + ".partial")
    with engine.connect() as conn, conn.begin():  # one read transaction: one snapshot, digested and copied
        digests = table_digests(conn)
        revision = _revision(conn)
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        dst = sqlite3.connect(partial)
        try:
            raw.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA integrity_check").fetchone()
        finally:
            dst.close()
        conn.rollback()
    if ok != ("ok",):
        partial.unlink(missing_ok=True)
        raise ServerBackupError(
            f"Bản sao của {src_path} hỏng: {ok}", f"The copy of {src_path} is damaged: {ok}", code="backup"
        )
    with tempfile.TemporaryDirectory(prefix="ocop-verify-") as scratch:  # restore it, and compare
        restored = Path(scratch) / "restored.sqlite3"
        _sqlite_copy(partial, restored)
        problems = _differences(digests, _sqlite_digests(restored))
    if problems:
        partial.unlink(missing_ok=True)
        raise _failed(out.name, problems)
    _fsync(partial)
    os.replace(partial, out)
    return BackupResult(out, "sqlite", revision, digests)


def _sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sqlite_restore(engine: Engine, source: Path, *, force: bool) -> Path | None:
    target = _sqlite_path(engine)
    engine.dispose()
    aside = None
    temp = target.with_name(target.name + ".restore.partial")
    try:
        _sqlite_copy(source, temp)
        check = sqlite3.connect(temp)
        try:
            verdict = check.execute("PRAGMA integrity_check").fetchone()
        finally:
            check.close()
    except sqlite3.Error as exc:
        verdict = (str(exc),)
    if verdict != ("ok",):
        temp.unlink(missing_ok=True)
        raise ServerBackupError(
            f"Tệp {source} hỏng ({verdict[0]}): không khôi phục gì",
            f"The file {source} is damaged ({verdict[0]}): nothing was restored",
            code="backup_corrupt",
        )
    if target.exists():
        if not force and _has_schema_sqlite(target):
            temp.unlink(missing_ok=True)
            raise _needs_force(str(target))
        aside = target.with_name(f"{target.name}.before-restore-{_stamp(None)}")
        shutil.copy2(target, aside)
    for extra in ("-wal", "-shm"):
        target.with_name(target.name + extra).unlink(missing_ok=True)
    _fsync(temp)
    os.replace(temp, target)
    return aside


def _has_schema_sqlite(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bool(con.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone())
    finally:
        con.close()


def _needs_force(where: str) -> ServerBackupError:
    return ServerBackupError(
        f"{where} đang có dữ liệu của máy chủ: dùng --force để thay bằng bản sao lưu (dừng máy chủ trước)",
        f"{where} holds a server database: use --force to replace it with the backup (stop the server first)",
        code="restore_needs_force",
    )


# --- PostgreSQL -------------------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` of the newest installed PostgreSQL (Debian's are under /usr/lib/postgresql)."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    tool = found[-1] if found else shutil.which(name)
    if tool is None:
        raise ServerBackupError(
            f"Không tìm thấy {name}: hãy cài gói postgresql-client",
            f"{name} not found: install the postgresql-client package",
            code="backup",
        )
    return tool


def _libpq(engine: Engine, database: str | None = None) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password (that goes in ``PGPASSWORD``, not on a command line)."""
    url = make_url(str(engine.url.render_as_string(hide_password=False)))
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    user = f"{url.username}@" if url.username else ""
    return f"postgresql://{user}{host}{port}/{database or url.database}", env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise ServerBackupError(
            f"{Path(cmd[0]).name} thất bại: {done.stderr.strip()[:500]}",
            f"{Path(cmd[0]).name} failed: {done.stderr.strip()[:500]}",
            code="backup",
        )


@contextmanager
def _scratch_database(engine: Engine) -> Iterator[tuple[Engine, str]]:
    """A throw-away database on the same PostgreSQL server, dropped afterwards."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    name = f"ocop_verify_{os.getpid()}_{dt.datetime.now():%H%M%S%f}"
    admin = engine.execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    scratch = create_engine(engine.url.set(database=name), poolclass=NullPool)
    try:
        yield scratch, name
    finally:
        scratch.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_backup(engine: Engine, out: Path) -> BackupResult:
    partial = out.with_name(out.name + ".partial")
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot = str(conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar())
        digests = table_digests(conn)
        revision = _revision(conn)
        uri, env = _libpq(engine)
        # pg_dump reads the very snapshot digested above (while this transaction stays open).
        _run([pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={partial}", uri], env)
        conn.rollback()
    try:
        with _scratch_database(engine) as (scratch, name):
            s_uri, s_env = _libpq(scratch, name)
            _run(
                [pg_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={s_uri}", str(partial)],
                s_env,
            )
            with scratch.connect() as conn:
                problems = _differences(digests, table_digests(conn))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if problems:
        partial.unlink(missing_ok=True)
        raise _failed(out.name, problems)
    _fsync(partial)
    os.replace(partial, out)
    return BackupResult(out, "postgresql", revision, digests)


def _pg_restore(engine: Engine, source: Path, *, force: bool) -> None:
    with engine.connect() as conn:
        has_schema = _revision(conn) is not None
        conn.rollback()
    if has_schema and not force:
        raise _needs_force(str(engine.url.database))
    engine.dispose()
    uri, env = _libpq(engine)
    _run(
        [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
         f"--dbname={uri}", str(source)],
        env,
    )  # fmt: skip


# --- the two commands -------------------------------------------------------------------------------------


def backup_server(engine: Engine, folder: Path, *, now: dt.datetime | None = None) -> BackupResult:
    """Write a verified backup into ``folder``: ``server-<stamp>.sqlite3`` or ``server-<stamp>.pgdump``."""
    folder.mkdir(parents=True, exist_ok=True)
    postgres = engine.dialect.name == "postgresql"
    out = folder / f"server-{_stamp(now)}.{'pgdump' if postgres else 'sqlite3'}"
    n = 1
    while out.exists():  # two in one second: never overwrite
        out = out.with_name(f"{out.stem.split('.')[0]}-{n}{out.suffix}")
        n += 1
    result = _pg_backup(engine, out) if postgres else _sqlite_backup(engine, out)
    _write_side(result)
    return result


def restore_server(
    engine: Engine, source: Path, *, force: bool = False
) -> tuple[dict[str, TableDigest], Path | None]:
    """Replace the server database by the backup ``source`` (stop the server first); the result is checked
    against the digests written with the backup. Returns the restored digests and, on SQLite, where the
    replaced file was kept."""
    if not source.is_file():
        raise ServerBackupError(f"Không có tệp {source}", f"No file {source}", code="backup_missing")
    postgres = engine.dialect.name == "postgresql"
    if postgres != (source.suffix == ".pgdump"):
        raise ServerBackupError(
            f"{source.name} không phải bản sao lưu của loại cơ sở dữ liệu này",
            f"{source.name} is not a backup of this kind of database",
            code="backup_kind",
        )
    aside = None
    if postgres:
        _pg_restore(engine, source, force=force)
    else:
        aside = _sqlite_restore(engine, source, force=force)
    with engine.connect() as conn:
        got = table_digests(conn)
        conn.rollback()
    want = read_side(source)
    if want is not None:
        problems = _differences(want, got)
        if problems:
            raise _failed(source.name, problems)
    return got, aside
