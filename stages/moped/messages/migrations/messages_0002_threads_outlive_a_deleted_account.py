"""threads outlive a deleted account: the starter may be gone, and so may the second resident

Revision ID: messages_0002
Revises: messages_0001
Create Date: 2026-12-02 16:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "messages_0002"
down_revision = "messages_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("message_thread", schema=None) as batch_op:
        batch_op.alter_column("resident_id", existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint("ck_message_thread_one_recipient", type_="check")
        batch_op.create_check_constraint(
            "ck_message_thread_one_recipient",
            "organisation_id IS NULL OR other_resident_id IS NULL",
        )


def downgrade() -> None:
    op.execute(
        "DELETE FROM message_thread WHERE resident_id IS NULL "
        "OR (organisation_id IS NULL AND other_resident_id IS NULL)"
    )
    with op.batch_alter_table("message_thread", schema=None) as batch_op:
        batch_op.drop_constraint("ck_message_thread_one_recipient", type_="check")
        batch_op.create_check_constraint(
            "ck_message_thread_one_recipient",
            "(organisation_id IS NULL) <> (other_resident_id IS NULL)",
        )
        batch_op.alter_column("resident_id", existing_type=sa.Integer(), nullable=False)
