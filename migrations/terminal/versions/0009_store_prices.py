"""Head office's prices on the till: the store's own prices, and head office's prices to come beside the till's own

Revision ID: 0009_store_prices
Revises: 0009_rules
Create Date: 2026-12-07

``pos.sync.price_rules`` and ``pos.inventory.prices``; docs/sync.md, "Store prices and scheduled prices".
``product_prices.origin``: ``till`` (a manager's here), ``network`` or ``store`` (head office's, for every store or
this till's store); ``product_prices.valid_time``: the time of day it starts (``HH:MM``; none: midnight).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_store_prices"
down_revision = "0009_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_prices",
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_store_prices_product_id_products")
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_store_prices")),
    )
    with op.batch_alter_table("product_prices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=8), server_default="till", nullable=False))
        batch_op.add_column(sa.Column("valid_time", sa.String(length=5), nullable=True))
        batch_op.create_index("ix_product_prices_pending", ["applied_at", "valid_from"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("product_prices", schema=None) as batch_op:
        batch_op.drop_index("ix_product_prices_pending")
        batch_op.drop_column("valid_time")
        batch_op.drop_column("origin")
    op.drop_table("store_prices")
