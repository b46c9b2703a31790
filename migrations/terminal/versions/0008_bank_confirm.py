"""how each VietQR transfer was confirmed: by the bank's notification (through head office) or by hand

Revision ID: 0008_bank_confirm
Revises: 0008_refund_void
Create Date: 2026-12-07

One new table, ``transfer_confirmations`` (``pos.selling.transfer``); sales paid before it have no row (by hand).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_bank_confirm"
down_revision = "0008_refund_void"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfer_confirmations",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("transaction_id", sa.String(length=80), nullable=False),
        sa.Column("bank_time", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["sale_id"], ["sales.id"], name=op.f("fk_transfer_confirmations_sale_id_sales")
        ),
        sa.PrimaryKeyConstraint("sale_id", "reference", name=op.f("pk_transfer_confirmations")),
    )


def downgrade() -> None:
    op.drop_table("transfer_confirmations")
