"""rollup_pending: the sales ingest stored that the roll-ups have not counted yet

Revision ID: 0007_rollup_pending
Revises: 0006
Create Date: 2026-12-07

Ingest no longer adds to the report roll-ups in the till's upload transaction; it queues the sale here and
``pos.server.rollups.fold`` adds it behind (docs/office.md). The roll-ups and stock on hand of a database that
already holds sales are then recomputed from the raw rows (``pos.server.rollups.rebuild``), so they equal the raw
sums from the first request on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_rollup_pending"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollup_pending",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_rollup_pending")),
    )
    from pos.server.rollups import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("rollup_pending")
