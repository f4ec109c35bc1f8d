"""message threads, messages, blocks and reports

Revision ID: messages_0001
Revises:
Create Date: 2026-12-02 06:52:07.811659
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "messages_0001"
down_revision = None
branch_labels = ("messages",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "message_block",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blocker_id", sa.Integer(), nullable=False),
        sa.Column("blocked_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("blocker_id <> blocked_id", name="ck_message_block_not_oneself"),
        sa.ForeignKeyConstraint(["blocked_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["blocker_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("blocker_id", "blocked_id"),
    )
    with op.batch_alter_table("message_block", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_message_block_blocked_id"), ["blocked_id"], unique=False
        )

    op.create_table(
        "message_thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_ref", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("other_resident_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("demo_key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("starter_last_id", sa.Integer(), nullable=True),
        sa.Column("starter_last_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("starter_read_id", sa.Integer(), nullable=False),
        sa.Column("recipient_last_id", sa.Integer(), nullable=True),
        sa.Column("recipient_last_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("recipient_read_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(organisation_id IS NULL) <> (other_resident_id IS NULL)",
            name="ck_message_thread_one_recipient",
        ),
        sa.CheckConstraint(
            "other_resident_id IS NULL OR other_resident_id <> resident_id",
            name="ck_message_thread_not_to_oneself",
        ),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_resident_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["resident_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("demo_key"),
    )
    with op.batch_alter_table("message_thread", schema=None) as batch_op:
        batch_op.create_index(
            "ix_message_thread_organisation_inbox",
            ["organisation_id", "recipient_last_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_message_thread_resident_inbox",
            ["other_resident_id", "recipient_last_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_message_thread_starter_inbox", ["resident_id", "starter_last_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_message_thread_subject_ref"), ["subject_ref"], unique=False
        )

    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("side", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("withheld", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["thread_id"], ["message_thread.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index("ix_message_thread_order", ["thread_id", "id"], unique=False)

    op.create_table(
        "message_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["message.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reporter_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id", "reporter_id"),
    )
    with op.batch_alter_table("message_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_message_report_decided"), ["decided"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_message_report_message_id"), ["message_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("message_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_report_message_id"))
        batch_op.drop_index(batch_op.f("ix_message_report_decided"))

    op.drop_table("message_report")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_thread_order")

    op.drop_table("message")
    with op.batch_alter_table("message_thread", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_thread_subject_ref"))
        batch_op.drop_index("ix_message_thread_starter_inbox")
        batch_op.drop_index("ix_message_thread_resident_inbox")
        batch_op.drop_index("ix_message_thread_organisation_inbox")

    op.drop_table("message_thread")
    with op.batch_alter_table("message_block", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_block_blocked_id"))

    op.drop_table("message_block")
