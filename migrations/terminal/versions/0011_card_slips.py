"""A card payment's brand and last four digits, from the terminal's slip, for a traveller's refund form

Revision ID: 0011_card_slips
Revises: 0010_traveller_buyer
Create Date: 2026-12-08

``pos.payments.card_slip``; docs/vat-refund.md. Self-contained: one new table, nothing else touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_card_slips"
down_revision = "0010_traveller_buyer"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_slips",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("payment_seq", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(length=20), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_card_slips_sale_id_sales")),
        sa.PrimaryKeyConstraint("sale_id", "payment_seq", name=op.f("pk_card_slips")),
    )


def downgrade() -> None:
    op.drop_table("card_slips")
