"""Rules from head office: which staff came from head office, and which pepper each PIN hash uses

Revision ID: 0009_rules
Revises: 0008_store_stock
Create Date: 2026-12-07

``pos.sync.rules_apply``; docs/sync.md, "Rules from head office". Staff already on a till are its own
(``origin`` ``local``) with the install pepper.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_rules"
down_revision = "0008_store_stock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("origin", sa.String(length=10), nullable=False, server_default="local"))
        batch.add_column(sa.Column("pin_pepper", sa.String(length=10), nullable=False, server_default="install"))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("pin_pepper")
        batch.drop_column("origin")
