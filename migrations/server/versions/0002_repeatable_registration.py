"""repeatable registration: a redeemed code is kept with the till's registration key hash and its credential salt

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07

A till whose registration answer was lost asks again with the same key and gets the same credential back
(``pos.server.provisioning.register``). Codes redeemed before this revision were already cleared: nothing to move.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provision_redeemed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("registration_key_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("token_salt", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_column("token_salt")
        batch_op.drop_column("registration_key_hash")
        batch_op.drop_column("provision_redeemed_at")
