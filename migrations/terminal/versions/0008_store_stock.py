"""A centre with several tills: head office's product ids (one identity across till and head office) and the
store's stock as head office counts it

Revision ID: 0008_store_stock
Revises: 0008_bank_confirm
Create Date: 2026-12-07

``pos.sync.identity`` and ``pos.sync.store_stock``; docs/sync.md, "A till joins head office" and "Store stock".
A till that has already pulled the catalogue holds head office's products only: their ids are recorded as known.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_store_stock"
down_revision = "0008_bank_confirm"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_ids",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_ids")),
    )
    op.create_table(
        "store_stock",
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("qty_milli", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_store_stock")),
    )
    op.create_table(
        "remote_returns",
        sa.Column("return_sale_id", sa.String(length=36), nullable=False),
        sa.Column("original_terminal", sa.String(length=20), nullable=False),
        sa.Column("original_receipt_no", sa.Integer(), nullable=False),
        sa.Column("original_sale_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_sale_id"], ["sales.id"], name=op.f("fk_remote_returns_return_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("return_sale_id", name=op.f("pk_remote_returns")),
    )
    op.execute(
        "INSERT INTO catalogue_ids (id) SELECT id FROM products WHERE EXISTS "
        "(SELECT 1 FROM terminal_state WHERE key = 'sync.catalogue_cursor' AND value != '')"
    )


def downgrade() -> None:
    op.drop_table("remote_returns")
    op.drop_table("store_stock")
    op.drop_table("catalogue_ids")
