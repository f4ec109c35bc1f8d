"""confirmed addresses, the language of a person's mails, and the outbox of e-mails

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-12-02 15:40:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "core_0005"
down_revision = "core_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not in a batch (see core_0002): SQLite adds columns in place.
    op.add_column(
        "user_account",
        sa.Column("email_verified_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.add_column(
        "user_account",
        sa.Column(
            "language",
            sqlmodel.sql.sqltypes.AutoString(length=5),
            nullable=False,
            server_default="de",
        ),
    )
    # Accounts from before confirmation existed count as confirmed: they could never have
    # confirmed, their votes are counted already, and refusing them now would take those votes
    # out of their hands without a mail ever having reached them.
    op.execute("UPDATE user_account SET email_verified_at = created_at")
    op.create_table(
        "outbox_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("claimed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("outbox_mail")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("language")
        batch_op.drop_column("email_verified_at")
