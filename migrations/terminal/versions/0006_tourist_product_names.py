"""products: names in Chinese and Korean (name_zh, name_ko) for tourists' receipts and the customer display

Revision ID: 0006_tourist_names
Revises: 0005
Create Date: 2026-12-07

Carried by the catalogue sync like every product field (``pos.sync.wire.ProductFields``); empty means the
Vietnamese name is shown.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_tourist_names"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("name_zh", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("name_ko", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.drop_column("name_ko")
        batch.drop_column("name_zh")
