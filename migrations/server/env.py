"""Alembic environment of the central server's database (PostgreSQL or SQLite). Run through ``pos.server.db``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import pos.server.models
from pos.server.models import ServerBase

assert pos.server.models  # every server table registered on ServerBase.metadata

config = context.config
connection = config.attributes.get("connection")


def _configure(conn: object) -> None:
    context.configure(
        connection=conn,
        target_metadata=ServerBase.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: batch mode copies the table
        compare_type=True,
    )


def run() -> None:
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///:memory:")
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


run()
