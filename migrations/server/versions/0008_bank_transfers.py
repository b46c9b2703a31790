"""bank transfer notifications (SePay, Casso) and the VietQR transfers tills wait for

Revision ID: 0008_bank_transfers
Revises: 0008_public_pages
Create Date: 2026-12-07

Two new tables, nothing else changed: ``bank_transfers`` (every notification, once per source and transaction id)
and ``bank_requests`` (a till's reference and amount). ``pos.server.bank.matching`` joins them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_bank_transfers"
down_revision = "0008_public_pages"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "bank_transfers",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("txn_id", sa.String(length=80), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("account_number", sa.String(length=40), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_key", sa.Text(), nullable=False),
        sa.Column("bank_reference", sa.String(length=120), nullable=False),
        sa.Column("bank_time", sa.DateTime(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("request_id", sa.BigInteger(), nullable=True),
        sa.Column("store_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_transfers")),
        sa.UniqueConstraint("source", "txn_id", name=op.f("uq_bank_transfers_source")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_bank_transfers_status", "bank_transfers", ["status", "received_at"])
    op.create_index("ix_bank_transfers_store", "bank_transfers", ["store_id", "received_at"])
    op.create_table(
        "bank_requests",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("reference_key", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("account_number", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("transfer_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_bank_requests_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_requests")),
        sa.UniqueConstraint("terminal_id", "reference", name=op.f("uq_bank_requests_terminal_id")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_bank_requests_key", "bank_requests", ["reference_key"])


def downgrade() -> None:
    op.drop_index("ix_bank_requests_key", table_name="bank_requests")
    op.drop_table("bank_requests")
    op.drop_index("ix_bank_transfers_store", table_name="bank_transfers")
    op.drop_index("ix_bank_transfers_status", table_name="bank_transfers")
    op.drop_table("bank_transfers")
