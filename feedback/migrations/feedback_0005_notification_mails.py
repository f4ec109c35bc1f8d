"""notifications by e-mail: who wants which kind, and the weekly digests sent

`email_preference` holds a row per person and kind they asked mails for (instant or weekly);
none means off. `notification_digest` marks each person's weekly digest, once per ISO week.

Revision ID: feedback_0005
Revises: feedback_0004
Create Date: 2026-12-02 19:11:33.420895
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "feedback_0005"
down_revision = "feedback_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "email_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("delivery", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "kind"),
    )
    with op.batch_alter_table("email_preference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_preference_user_id"), ["user_id"], unique=False)

    op.create_table(
        "notification_digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("notifications", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "week"),
    )
    with op.batch_alter_table("notification_digest", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_digest_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("notification_digest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_digest_user_id"))

    op.drop_table("notification_digest")
    with op.batch_alter_table("email_preference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_preference_user_id"))

    op.drop_table("email_preference")
