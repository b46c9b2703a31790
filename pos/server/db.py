"""The server's database: engines for PostgreSQL (psycopg 3) and SQLite, transactions, migrations.

SQLite is the zero-set-up default. It gets WAL, a busy timeout and ``BEGIN IMMEDIATE`` for writers (writers queue
for the lock instead of failing half-way). PostgreSQL runs at READ COMMITTED; migrations take an advisory lock so
several server processes starting at once migrate exactly once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite

from pos.server.models import ServerMeta

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent.parent / "migrations" / "server"
SERVER_HEAD = "0010_store_prices"
#: Any constant: the key of PostgreSQL's advisory lock held while migrating.
MIGRATION_LOCK = 0x0C0F_0505


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine for ``url``: ``sqlite:///path`` or ``postgresql+psycopg://…`` (plain ``postgresql://`` too)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        # Pooled connections: closing the last connection to a WAL database checkpoints it, which each request
        # would pay for with a fresh connection.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "isolation_level": None, "timeout": 30},
            pool_size=pool_size,
            max_overflow=pool_size,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def is_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One write transaction, committed on success (``BEGIN IMMEDIATE`` on SQLite)."""
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def upsert(conn: Connection, table: Table, keys: list[str], update: list[str]) -> Any:
    """``INSERT … ON CONFLICT (keys) DO UPDATE SET col = excluded.col`` for ``update`` columns."""
    dialect = postgresql if is_postgres(conn) else sqlite
    stmt = dialect.insert(table)
    return stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})


def alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine) -> None:
    """Migrate to the newest schema, once even if several processes start together; make the epoch."""
    from alembic import command

    with engine.begin() as conn:
        if is_postgres(conn):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        command.upgrade(alembic_config(conn), "head")
        if conn.execute(select(ServerMeta.value).where(ServerMeta.key == "epoch")).first() is None:
            conn.execute(insert(ServerMeta), [{"key": "epoch", "value": secrets.token_hex(6)}])


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
    return rev


def epoch(conn: Connection) -> str:
    """This database's random identity (cursors from another database are not trusted)."""
    value = conn.execute(select(ServerMeta.value).where(ServerMeta.key == "epoch")).scalar()
    return str(value or "0")
