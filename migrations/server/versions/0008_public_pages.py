"""public pages: what head office publishes per product, producers' web sites, lots' production dates

Revision ID: 0008_public_pages
Revises: 0007_rollup_pending
Create Date: 2026-12-07

Three new tables, nothing changed in the old ones: a product is in public (its GS1 Digital Link page and the feed)
only once a row here says ``published`` (``pos.server.public``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_public_pages"
down_revision = "0007_rollup_pending"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "product_pages",
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("description_vi", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("description_zh", sa.Text(), nullable=False),
        sa.Column("description_ko", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_product_pages_product_id_products")
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_product_pages")),
    )
    with op.batch_alter_table("product_pages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_pages_updated_at"), ["updated_at"], unique=False)
    op.create_table(
        "producer_links",
        sa.Column("producer_id", sa.String(length=36), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["producer_id"], ["producers.id"], name=op.f("fk_producer_links_producer_id_producers")
        ),
        sa.PrimaryKeyConstraint("producer_id", name=op.f("pk_producer_links")),
    )
    op.create_table(
        "lot_details",
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("lot", sa.String(length=40), nullable=False),
        sa.Column("produced_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_lot_details_product_id_products")),
        sa.PrimaryKeyConstraint("product_id", "lot", name=op.f("pk_lot_details")),
    )


def downgrade() -> None:
    op.drop_table("lot_details")
    op.drop_table("producer_links")
    with op.batch_alter_table("product_pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_pages_updated_at"))
    op.drop_table("product_pages")
