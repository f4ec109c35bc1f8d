"""who replied: a notification names the person who did what it tells of

`notification.actor_id` points at that person's account; deleting the account sets it to NULL,
so the notice stays and no longer names them.

Revision ID: feedback_0006
Revises: feedback_0005
Create Date: 2026-12-03 06:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "feedback_0006"
down_revision = "feedback_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_notification_actor_id"), ["actor_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_notification_actor_id_user_account",
            "user_account",
            ["actor_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint("fk_notification_actor_id_user_account", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_notification_actor_id"))
        batch_op.drop_column("actor_id")
