"""blocked accounts: the moderation's flag on an account

Revision ID: core_0002
Revises: core_0001
Create Date: 2026-11-26 14:12:28.132280
"""

import sqlalchemy as sa
from alembic import op

revision = "core_0002"
down_revision = "core_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not in a batch: SQLite would rebuild the table, and dropping the old one takes the rows
    # that reference accounts with it (memberships, by their cascade). It adds columns in place.
    op.add_column(
        "user_account",
        sa.Column("is_blocked", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("is_blocked")
