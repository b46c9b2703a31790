"""Fast multi-row inserts for ingest, one statement per table and batch, on both dialects.

PostgreSQL gets one parameter per column — ``INSERT … SELECT * FROM unnest(%s::text[], %s::int8[], …)`` — so the
statement is tiny whatever the batch size and psycopg sends each column as one array. SQLite gets a multi-row
``VALUES (?, …), (?, …)`` (its parser is fast and the rows stay in one statement). Both can add
``ON CONFLICT (key) DO NOTHING`` and ``RETURNING``. Going around the ORM here is what makes a batch of 200 sales a
handful of statements instead of a thousand.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Boolean, Connection, Date, DateTime, Integer, Table
from sqlalchemy.exc import DBAPIError

from pos.server.db import is_postgres

#: SQLite allows 32 766 parameters per statement; stay well below.
_SQLITE_MAX_PARAMS = 30_000


def _pg_array_type(column: Any) -> str:
    t = column.type
    if isinstance(t, Boolean):
        return "bool[]"
    if isinstance(t, DateTime):
        return "timestamp[]"
    if isinstance(t, Date):
        return "date[]"
    if isinstance(t, Integer | BigInteger):
        return "int8[]"
    return "text[]"


def sqlite_value(value: Any) -> Any:
    """The text SQLAlchemy itself would store, so rows written here read back the same as the ORM's."""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _copy(conn: Connection, table: Table, names: list[str], rows: Sequence[dict[str, Any]]) -> None:
    """PostgreSQL ``COPY … FROM STDIN`` on the caller's transaction: the fastest way in for plain rows."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    sql = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
    dbapi_error = conn.dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[attr-defined]
            for r in rows:
                copy.write_row([r[n] for n in names])
    except dbapi_error as exc:  # the same exceptions SQLAlchemy raises for statements (IntegrityError, …)
        raise DBAPIError.instance(sql, None, exc, dbapi_error) from exc


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
) -> list[Any]:
    """Insert ``rows`` (all with the same keys); returns the ``returning`` column of the rows inserted."""
    if not rows:
        return []
    names = [c.name for c in table.columns if c.name in rows[0]]
    conflict = f" ON CONFLICT ({', '.join(ignore_conflicts_on)}) DO NOTHING" if ignore_conflicts_on else ""
    ret = f" RETURNING {returning}" if returning else ""
    col_list = ", ".join(names)
    out: list[Any] = []
    if is_postgres(conn) and not ignore_conflicts_on and not returning:
        _copy(conn, table, names, rows)
        return out
    if is_postgres(conn):
        # Binary parameters (%b): arrays travel without text escaping.
        arrays = ", ".join(f"%b::{_pg_array_type(table.c[n])}" for n in names)
        sql = f"INSERT INTO {table.name} ({col_list}) SELECT * FROM unnest({arrays}){conflict}{ret}"
        params = tuple([r[n] for r in rows] for n in names)
        result = conn.exec_driver_sql(sql, params)
        return [r[0] for r in result] if returning else out
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
        arrays = ", ".join(f"%b::{_pg_array_type(table.c[n])}" for n in names)
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({arrays}){tail}"
        conn.exec_driver_sql(sql, tuple([r[n] for r in rows] for n in names))
        return
    per_chunk = max(1, _SQLITE_MAX_PARAMS // len(names))
    converted = [i for i, n in enumerate(names) if isinstance(table.c[n].type, DateTime | Date | Boolean)]
    one = "(" + ", ".join("?" for _ in names) + ")"
    for i in range(0, len(rows), per_chunk):
        chunk = rows[i : i + per_chunk]
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES {', '.join(one for _ in chunk)}{tail}"
        conn.exec_driver_sql(sql, tuple(_sqlite_params(chunk, names, converted)))
