"""A centre with several tills: refunds of a store's receipts claimed at head office (any till of the store)

Revision ID: 0008_store_stock
Revises: 0008_bank_transfers
Create Date: 2026-12-07

``pos.server.returns``; docs/sync.md, "Returns across the tills of a store". The store's stock itself needs no
table here: the tills read ``stock_on_hand``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_store_stock"
down_revision = "0008_bank_transfers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "return_claims",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(length=36), nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("original_sale_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_return_claims_store_id_stores")),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_return_claims_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_claims")),
    )
    op.create_index(op.f("ix_return_claims_original_sale_id"), "return_claims", ["original_sale_id"])
    op.create_table(
        "return_claim_lines",
        sa.Column("claim_id", sa.String(length=36), nullable=False),
        sa.Column("original_line_id", sa.String(length=36), nullable=False),
        sa.Column("qty_milli", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["return_claims.id"], name=op.f("fk_return_claim_lines_claim_id_return_claims")
        ),
        sa.PrimaryKeyConstraint("claim_id", "original_line_id", name=op.f("pk_return_claim_lines")),
    )
    op.create_index(
        op.f("ix_return_claim_lines_original_line_id"), "return_claim_lines", ["original_line_id"]
    )


def downgrade() -> None:
    op.drop_table("return_claim_lines")
    op.drop_table("return_claims")
