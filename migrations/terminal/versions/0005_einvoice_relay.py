"""e-invoices: who sends each one (the till or head office), whether head office knows its state, and a buyer
corrected after a rejection

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08

Invoices made before this revision were all sent from the till (``via = 'till'``) and head office has not been
told their state (``reported = 0``): the next sync tells it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("via", sa.String(length=5), nullable=False, server_default="till"),
        sa.Column("reported", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("corrected_xml", sa.Text(), nullable=False, server_default=""),
        sa.Column("corrected_buyer_name", sa.String(length=400), nullable=False, server_default=""),
        sa.Column("corrected_buyer_tax_code", sa.String(length=14), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("einvoice_status", schema=None) as batch_op:
        for column in _columns():
            batch_op.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("einvoice_status", schema=None) as batch_op:
        for column in reversed(_columns()):
            batch_op.drop_column(column.name)
