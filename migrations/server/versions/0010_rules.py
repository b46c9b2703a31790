"""Rules from head office: each store's PIN pepper, its staff, exchange rates and discount limits per role, and
what each till last acknowledged

Revision ID: 0010_rules
Revises: 0009_transfers
Create Date: 2026-12-07

``pos.server.rules``; docs/sync.md, "Rules from head office".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_rules"
down_revision = "0009_transfers"
branch_labels = None
depends_on = None


def _versioned() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=60), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "store_secrets",
        sa.Column("store_id", sa.String(length=36), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_store_secrets_store_id_stores")),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_store_secrets")),
    )
    op.create_table(
        "store_staff",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        *_versioned(),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], name=op.f("fk_store_staff_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_staff")),
        sa.UniqueConstraint("store_id", "code", name=op.f("uq_store_staff_store_id")),
    )
    op.create_index(op.f("ix_store_staff_store_id"), "store_staff", ["store_id"])
    op.create_table(
        "fx_rate_rules",
        sa.Column("scope", sa.String(length=36), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("rate_milli", sa.BigInteger(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=True),
        *_versioned(),
        sa.PrimaryKeyConstraint("scope", "currency", name=op.f("pk_fx_rate_rules")),
    )
    op.create_table(
        "discount_limit_rules",
        sa.Column("scope", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("limit_pct", sa.Integer(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("scope", "role", name=op.f("pk_discount_limit_rules")),
    )
    op.create_table(
        "rules_acks",
        sa.Column("terminal_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("applied_version", sa.BigInteger(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("acked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminals.id"], name=op.f("fk_rules_acks_terminal_id_terminals")
        ),
        sa.PrimaryKeyConstraint("terminal_id", name=op.f("pk_rules_acks")),
    )


def downgrade() -> None:
    op.drop_table("rules_acks")
    op.drop_table("discount_limit_rules")
    op.drop_table("fx_rate_rules")
    op.drop_index(op.f("ix_store_staff_store_id"), table_name="store_staff")
    op.drop_table("store_staff")
    op.drop_table("store_secrets")
