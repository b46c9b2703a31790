"""Transfers between stores: the document and its lines

Revision ID: 0009_transfers
Revises: 0008_store_stock
Create Date: 2026-12-07

``pos.server.transfers``; docs/sync.md, "Transfers and write-offs". The moves themselves are ``stock_moves`` rows
(``transfer_out``, ``transfer_in``, ``waste``), which already exist.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_transfers"
down_revision = "0008_store_stock"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("from_store_id", sa.String(length=36), nullable=False),
        sa.Column("to_store_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("sent_by", sa.String(length=80), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("received_by", sa.String(length=80), nullable=True),
        sa.Column("receipt_id", sa.String(length=36), nullable=True),
        sa.Column("written_off_at", sa.DateTime(), nullable=True),
        sa.Column("written_off_by", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_store_id"], ["stores.id"], name=op.f("fk_transfers_from_store_id_stores")
        ),
        sa.ForeignKeyConstraint(["to_store_id"], ["stores.id"], name=op.f("fk_transfers_to_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfers")),
        sa.UniqueConstraint("number", name=op.f("uq_transfers_number")),
        sa.UniqueConstraint("receipt_id", name=op.f("uq_transfers_receipt_id")),
    )
    op.create_index(op.f("ix_transfers_from_store_id"), "transfers", ["from_store_id"])
    op.create_index(op.f("ix_transfers_to_store_id"), "transfers", ["to_store_id"])
    op.create_table(
        "transfer_lines",
        sa.Column("transfer_id", sa.String(length=36), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("qty_sent_milli", sa.BigInteger(), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("qty_received_milli", sa.BigInteger(), nullable=True),
        sa.Column("qty_written_off_milli", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["transfer_id"], ["transfers.id"], name=op.f("fk_transfer_lines_transfer_id_transfers")
        ),
        sa.PrimaryKeyConstraint("transfer_id", "line_no", name=op.f("pk_transfer_lines")),
    )


def downgrade() -> None:
    op.drop_table("transfer_lines")
    op.drop_index(op.f("ix_transfers_to_store_id"), table_name="transfers")
    op.drop_index(op.f("ix_transfers_from_store_id"), table_name="transfers")
    op.drop_table("transfers")
