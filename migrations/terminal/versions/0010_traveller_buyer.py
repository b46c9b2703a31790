"""The traveller a sale was made to: the passport details the e-invoice has no place for

Revision ID: 0010_traveller_buyer
Revises: 0009_store_prices
Create Date: 2026-12-07

``pos.vat_refund.traveller``; docs/vat-refund.md, "The traveller on the e-invoice". The name and passport number
are on the sale's e-invoice (``NMua/Ten``, ``HVTNMHang``, ``SHChieu``); nationality, issue and expiry are kept here
for the sale's refund form. Self-contained: one new table, nothing else touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_traveller_buyer"
down_revision = "0009_store_prices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sale_travellers",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("passport_no", sa.String(length=20), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column("passport_issued_on", sa.Date(), nullable=False),
        sa.Column("passport_expires_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_sale_travellers_sale_id_sales")),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_sale_travellers")),
    )
    with op.batch_alter_table("sale_travellers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sale_travellers_passport_no"), ["passport_no"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sale_travellers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sale_travellers_passport_no"))
    op.drop_table("sale_travellers")
