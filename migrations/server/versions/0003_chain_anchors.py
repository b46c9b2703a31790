"""chain anchors: each till's journal head (and its hash of the last anchored entry) as sent with its uploads

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

``pos.server.anchors``: a history rewritten or cut back on a till no longer matches what the server kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_anchors",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("head", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_chain_anchors_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_anchors")),
        sa.UniqueConstraint("terminal_id", "seq", "hash", name=op.f("uq_chain_anchors_terminal_id")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("chain_anchors")
