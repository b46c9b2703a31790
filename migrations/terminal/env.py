"""Alembic environment of the terminal database. Run through ``pos.db`` (it passes the connection)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import pos.models
from pos.models import Base

assert pos.models  # every model module registered on Base.metadata

config = context.config


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Leave the FTS5 search index (a virtual table and its shadow tables) to hand-written migrations."""
    return not (type_ == "table" and name is not None and name.startswith("product_search"))


connection = config.attributes.get("connection")


def run() -> None:
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///:memory:")
    with engine.connect() as conn:
        context.configure(
            connection=conn,
            target_metadata=Base.metadata,
            render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()


run()
