"""VAT refund for foreigners: the store's enrolment as a refund shop and the refund forms issued with sales

Revision ID: 0007_tourist_vat_refund
Revises: 0006_tourist_names
Create Date: 2026-12-07

``pos.vat_refund``; the rules and their sources in docs/vat-refund.md.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_tourist_vat_refund"
down_revision = "0006_tourist_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vat_refund_config",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolled", sa.Boolean(), nullable=False),
        sa.Column("registration", sa.String(length=100), nullable=False),
        sa.Column("excluded_categories", sa.String(length=400), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vat_refund_config")),
    )
    op.create_table(
        "vat_refund_forms",
        sa.Column("sale_id", sa.String(length=36), nullable=False),
        sa.Column("form_no", sa.String(length=24), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("passport_no", sa.String(length=20), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("passport_issued_on", sa.Date(), nullable=False),
        sa.Column("passport_expires_on", sa.Date(), nullable=False),
        sa.Column("goods_value", sa.Integer(), nullable=False),
        sa.Column("vat_amount", sa.Integer(), nullable=False),
        sa.Column("bank_fee", sa.Integer(), nullable=False),
        sa.Column("refund_amount", sa.Integer(), nullable=False),
        sa.Column("lines_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["sale_id"], ["sales.id"], name=op.f("fk_vat_refund_forms_sale_id_sales")),
        sa.PrimaryKeyConstraint("sale_id", name=op.f("pk_vat_refund_forms")),
        sa.UniqueConstraint("form_no", name=op.f("uq_vat_refund_forms_form_no")),
    )
    with op.batch_alter_table("vat_refund_forms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vat_refund_forms_issued_at"), ["issued_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_vat_refund_forms_passport_no"), ["passport_no"], unique=False)


def downgrade() -> None:
    op.drop_table("vat_refund_forms")
    op.drop_table("vat_refund_config")
