"""Fast multi-row inserts for ingest, one statement per table and batch, on both dialects.

PostgreSQL takes every batch by ``COPY … FROM STDIN`` (psycopg streams the rows; no statement to parse or plan per
row): straight into the table when nothing can conflict, otherwise into a per-session temporary staging table
(``stage_<table>``, emptied at commit) and then ``INSERT … SELECT … ON CONFLICT …`` from it, in key order so two
uploads lock the same rows in the same order. SQLite gets a multi-row ``VALUES (?, …), (?, …)`` (its parser is
fast and the rows stay in one statement). Both can add ``ON CONFLICT (key) DO NOTHING`` and ``RETURNING``. Going around the ORM here is what makes a batch of 200 sales a
handful of statements instead of a thousand.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Table
from sqlalchemy.exc import DBAPIError

from pos.server.db import is_postgres

#: SQLite allows 32 766 parameters per statement; stay well below.
_SQLITE_MAX_PARAMS = 30_000


def sqlite_value(value: Any) -> Any:
    """The text SQLAlchemy itself would store, so rows written here read back the same as the ORM's."""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _copy(conn: Connection, table_name: str, names: list[str], rows: Sequence[dict[str, Any]]) -> None:
    """PostgreSQL ``COPY … FROM STDIN`` on the caller's transaction: the fastest way in for plain rows."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    sql = f"COPY {table_name} ({', '.join(names)}) FROM STDIN"
    pick = operator.itemgetter(*names) if len(names) > 1 else lambda r: (r[names[0]],)
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[attr-defined]
            for r in rows:
                copy.write_row(pick(r))
    except dbapi_error as exc:  # the same exceptions SQLAlchemy raises for statements (IntegrityError, …)
        raise DBAPIError.instance(sql, None, exc, dbapi_error) from exc


def _staged(conn: Connection, table: Table, names: list[str], rows: Sequence[dict[str, Any]]) -> str:
    """``rows`` copied into this session's empty staging twin of ``table``; returns the twin's name.

    The twin is a temporary table (private to the connection, never WAL-logged, emptied at commit), made once per
    connection; ``IF NOT EXISTS`` keeps that true even after a rollback undid its creation."""
    stage = f"stage_{table.name}"
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS SELECT * FROM {table.name} WITH NO DATA"
    )
    _copy(conn, stage, names, rows)
    return stage


def _from_stage(
    conn: Connection, table: Table, names: list[str], rows: Sequence[dict[str, Any]], tail: str
) -> Any:
    """``INSERT INTO table … SELECT … FROM`` the staged ``rows`` in key order, then ``tail`` (ON CONFLICT,
    RETURNING); the stage is emptied for the next batch of the same transaction."""
    stage = _staged(conn, table, names, rows)
    keys = [c.name for c in table.primary_key.columns] or names[:1]
    cols = ", ".join(names)
    result = conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {stage} ORDER BY {', '.join(keys)}{tail}"
    )
    out = list(result) if result.returns_rows else []
    conn.exec_driver_sql(f"DELETE FROM {stage}")
    return out


def _sqlite_params(rows: Sequence[dict[str, Any]], names: list[str], converted: list[int]) -> list[Any]:
    """The rows' values in ``names`` order, flattened, with dates, times and booleans as SQLite text/integers
    (``itemgetter`` does the picking in C: this runs for every value of every row of an upload)."""
    pick = operator.itemgetter(*names)
    flat: list[Any] = []
    if len(names) == 1:
        flat.extend(sqlite_value(pick(r)) for r in rows)
        return flat
    for r in rows:
        values = pick(r)
        if converted:
            values = list(values)
            for i in converted:
                values[i] = sqlite_value(values[i])
        flat.extend(values)
    return flat


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    ignore_conflicts_on: Sequence[str] = (),
    returning: str | None = None,
    probe: bool = False,
) -> list[Any]:
    """Insert ``rows`` (all with the same keys); returns the ``returning`` column of the rows inserted.

    ``probe`` (PostgreSQL, one conflict column that is also ``returning``): look the keys up first and copy only
    the rows not there straight into the table — cheaper than staging, for callers that expect new rows. A row
    another transaction inserts meanwhile is then an ``IntegrityError`` instead of being skipped, so the caller
    must be ready to retry without ``probe`` (ingest replays such a batch entry by entry)."""
    if not rows:
        return []
    if probe and returning and is_postgres(conn) and list(ignore_conflicts_on) == [returning]:
        return _probe_and_copy(conn, table, rows, returning)
    names = [c.name for c in table.columns if c.name in rows[0]]
    conflict = f" ON CONFLICT ({', '.join(ignore_conflicts_on)}) DO NOTHING" if ignore_conflicts_on else ""
    ret = f" RETURNING {returning}" if returning else ""
    col_list = ", ".join(names)
    out: list[Any] = []
    if is_postgres(conn) and not ignore_conflicts_on and not returning:
        _copy(conn, table.name, names, rows)
        return out
    if is_postgres(conn):
        return [r[0] for r in _from_stage(conn, table, names, rows, conflict + ret)]
    per_chunk = max(1, _SQLITE_MAX_PARAMS // len(names))
    converted = [i for i, n in enumerate(names) if isinstance(table.c[n].type, DateTime | Date | Boolean)]
    one = "(" + ", ".join("?" for _ in names) + ")"
    for i in range(0, len(rows), per_chunk):
        chunk = rows[i : i + per_chunk]
        sql = f"INSERT INTO {table.name} ({col_list}) VALUES {', '.join(one for _ in chunk)}{conflict}{ret}"
        result = conn.exec_driver_sql(sql, tuple(_sqlite_params(chunk, names, converted)))
        if returning:
            out.extend(r[0] for r in result)
    return out


def _probe_and_copy(conn: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str) -> list[Any]:
    """The rows whose ``key`` is not in ``table`` yet (the first of any repeated key), copied in; their keys."""
    held = set(
        conn.exec_driver_sql(
            f"SELECT {key} FROM {table.name} WHERE {key} = ANY(%s)", ([r[key] for r in rows],)
        ).scalars()
    )
    fresh: dict[Any, dict[str, Any]] = {}
    for r in rows:
        if r[key] not in held:
            fresh.setdefault(r[key], r)
    if fresh:
        _copy(conn, table.name, [c.name for c in table.columns if c.name in rows[0]], list(fresh.values()))
    return list(fresh)


def add_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    keys: Sequence[str],
    add: Sequence[str],
    replace: Sequence[str] = (),
) -> None:
    """Upsert ``rows`` adding to what is there: ``INSERT … ON CONFLICT (keys) DO UPDATE SET c = t.c + excluded.c``
    for the ``add`` columns (``replace`` columns take the new value). Each key at most once in ``rows``."""
    if not rows:
        return
    names = [*keys, *add, *replace]
    sets = [f"{c} = {table.name}.{c} + excluded.{c}" for c in add] + [f"{c} = excluded.{c}" for c in replace]
    tail = f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(sets)}"
    if is_postgres(conn):
        _from_stage(conn, table, names, rows, tail)
        return
    per_chunk = max(1, _SQLITE_MAX_PARAMS // len(names))
    converted = [i for i, n in enumerate(names) if isinstance(table.c[n].type, DateTime | Date | Boolean)]
    one = "(" + ", ".join("?" for _ in names) + ")"
    for i in range(0, len(rows), per_chunk):
        chunk = rows[i : i + per_chunk]
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES {', '.join(one for _ in chunk)}{tail}"
        conn.exec_driver_sql(sql, tuple(_sqlite_params(chunk, names, converted)))
