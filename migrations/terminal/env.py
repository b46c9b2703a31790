"""Alembic environment of the terminal database. Run through ``pos.db`` (it passes the connection)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import pos.models
from pos.models import Base

assert pos.models  # every model module registered on Base.metadata

config = context.config
connection = config.attributes.get("connection")


def run() -> None:
    if connection is not None:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///:memory:")
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
