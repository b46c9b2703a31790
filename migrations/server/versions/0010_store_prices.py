"""Per-store prices and scheduled prices for one store

Revision ID: 0010_store_prices
Revises: 0010_rules
Create Date: 2026-12-07

``pos.server.store_prices``; docs/sync.md, "Store prices and scheduled prices". A scheduled price with a
``store_id`` sets that store's own price (``store_prices``) when its day comes; without one it sets the network
price, as before. ``valid_time``: the time of day it starts (None: midnight). ``terminals.rejected_rules``: the rules a till
reported it could not apply.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_store_prices"
down_revision = "0010_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_prices",
        sa.Column("store_id", sa.String(length=36), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("set_by", sa.String(length=60), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_store_prices_product_id_products")
        ),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_store_prices_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", "product_id", name=op.f("pk_store_prices")),
    )
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rejected_rules", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("scheduled_prices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("store_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("valid_time", sa.Time(), nullable=True))
        batch_op.create_index("ix_scheduled_prices_product", ["product_id", "applied_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scheduled_prices", schema=None) as batch_op:
        batch_op.drop_index("ix_scheduled_prices_product")
        batch_op.drop_column("valid_time")
        batch_op.drop_column("store_id")
    op.drop_table("store_prices")
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_column("rejected_rules")
