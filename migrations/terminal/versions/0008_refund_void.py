"""VAT refund forms voided by a return: when the goods come back, the form is void (docs/vat-refund.md)

Revision ID: 0008_refund_void
Revises: 0007_tourist_vat_refund
Create Date: 2026-12-07

``pos.vat_refund.forms.void_for_return`` writes these in the return's own transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_refund_void"
down_revision = "0007_tourist_vat_refund"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("vat_refund_forms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("voided_by_sale_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("vat_refund_forms", schema=None) as batch_op:
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by_sale_id")
        batch_op.drop_column("voided_at")
