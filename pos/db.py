"""Opening the terminal database safely: pragmas for durability, schema checks, migrations.

Every connection runs in WAL mode with ``synchronous=FULL`` (a committed sale survives power loss) and foreign
keys on. ``open_database`` refuses a database written by a newer version of the app, detects corruption with
``PRAGMA quick_check`` (``pos.integrity``) before anything uses it, and migrates an older schema through Alembic.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event

from pos.errors import DatabaseError
from pos.integrity import IntegrityCheck, check_file, needs_check

if TYPE_CHECKING:  # the ORM is loaded by what uses it, not by every start of the till
    from sqlalchemy.orm import Session, sessionmaker

#: The newest terminal schema revision this code knows. A test checks it equals Alembic's head.
TERMINAL_HEAD = "0011_card_slips"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _on_begin(conn: Any) -> None:
    # pysqlite's own transaction handling is disabled below, so transactions are started here: DEFERRED for
    # readers, IMMEDIATE (write lock taken at once, no upgrade failure half-way) for ``write_tx``.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file ``path`` with the till's pragmas and explicit transaction control."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "isolation_level": None},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "handle_error", _on_error)
    return engine


def _on_error(ctx: Any) -> None:
    # A connection opened while the file was read-only stays read-only for its whole life; treat the error as a
    # disconnect so the pool drops it and the next checkout, once the file is writable again, just works.
    if str(getattr(ctx.original_exception, "sqlite_errorname", "")).startswith("SQLITE_READONLY"):
        ctx.is_disconnect = True


def alembic_config(engine_url: str = "", connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR / "terminal"))
    if engine_url:
        cfg.set_main_option("sqlalchemy.url", engine_url)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if not has_table:
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        conn.rollback()
        return None if row is None else str(row[0])


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def upgrade(engine: Engine) -> None:
    """Bring the schema to ``TERMINAL_HEAD`` through Alembic."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(connection=conn), "head")


def open_database(path: Path, *, migrate: bool = True, integrity: IntegrityCheck | None = None) -> Engine:
    """Check, migrate and open the terminal database at ``path`` (created if missing).

    The integrity check runs here, or was started earlier (``integrity``, see ``pos.integrity``) and its verdict
    is collected here; either way nothing reads the file before it is known to be sound. An existing database is
    backed up (``pos.backup``) before it is migrated; a corrupt one raises an error that names the newest good
    backup.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if integrity is not None:
            integrity.verdict()
        elif needs_check(path):
            check_file(path)
    except DatabaseError as exc:  # name the newest good backup, so the GUI and the CLI can offer it
        from pos.backup import corrupt_database_error

        raise corrupt_database_error(path, exc) from exc
    engine = make_engine(path)
    try:
        revision = current_revision(engine)
    except Exception as exc:  # a locked or unreadable file
        raise DatabaseError(
            f"Không mở được cơ sở dữ liệu {path}: {exc}", f"Cannot open database {path}: {exc}", code="open"
        ) from exc
    if revision == TERMINAL_HEAD:
        return engine
    if revision is not None and revision not in known_revisions():
        engine.dispose()
        raise DatabaseError(
            f"Cơ sở dữ liệu {path} do phiên bản OCOP POS mới hơn tạo ra (lược đồ {revision}). "
            "Hãy cập nhật phần mềm; không mở để tránh mất dữ liệu.",
            f"Database {path} was written by a newer OCOP POS (schema {revision}). "
            "Update the software; it is not opened so nothing is lost.",
            code="newer_schema",
        )
    if not migrate:
        raise DatabaseError(
            "Cơ sở dữ liệu cần nâng cấp lược đồ", "The database schema needs an upgrade", code="needs_upgrade"
        )
    if revision is not None:  # an existing database: keep a verified copy of it as it was
        from pos.backup import backup_before_migration

        try:
            backup_before_migration(path, revision)
        except DatabaseError:
            engine.dispose()
            raise
    upgrade(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One write transaction (BEGIN IMMEDIATE): committed on success, rolled back on any error."""
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        yield conn


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    from sqlalchemy.orm import Session

    session = Session(engine, expire_on_commit=False)
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def _cli() -> int:  # developer helper: python -m pos.db revision -m "..."
    from alembic import command

    if len(sys.argv) >= 2 and sys.argv[1] == "revision":
        message = sys.argv[sys.argv.index("-m") + 1] if "-m" in sys.argv else "change"
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(Path(tmp) / "rev.sqlite3")
            upgrade(engine)
            with engine.begin() as conn:
                command.revision(alembic_config(connection=conn), message=message, autogenerate=True)
        return 0
    print("usage: python -m pos.db revision -m MESSAGE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_cli())


def driver_rows(
    engine: Engine, sql: str, params: Sequence[object] | Mapping[str, object] = ()
) -> list[tuple[Any, ...]]:
    """One SELECT on a pooled connection, straight on the driver and in autocommit (a single statement is its own
    consistent read): for reads on the scan path and at every sale's start, where SQLAlchemy's connection, BEGIN
    and ROLLBACK around it cost several times the query itself."""
    pooled = engine.raw_connection()
    try:
        cur = pooled.cursor()
        try:
            return list(cur.execute(sql, params).fetchall())
        finally:
            cur.close()
    finally:
        pooled.close()
