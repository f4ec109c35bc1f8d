"""help posts and reports

Revision ID: neighbour_help_0001
Revises:
Create Date: 2026-12-02 16:14:55.134806
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "neighbour_help_0001"
down_revision = None
branch_labels = ("neighbour_help",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "neighbour_help_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("municipality", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("village", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column("when", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("is_hidden", sa.Boolean(), nullable=False),
        sa.Column("expiry_told_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("demo_key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('biete', 'suche')", name="ck_neighbour_help_kind"),
        sa.CheckConstraint(
            "status IN ('offen', 'geklappt', 'zurueckgezogen')", name="ck_neighbour_help_status"
        ),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("demo_key"),
    )
    with op.batch_alter_table("neighbour_help_post", schema=None) as batch_op:
        batch_op.create_index(
            "ix_neighbour_help_board", ["municipality", "status", "ends_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_neighbour_help_post_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_neighbour_help_post_closed_at"), ["closed_at"], unique=False
        )

    op.create_table(
        "neighbour_help_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["neighbour_help_post.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reporter_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_id", "reporter_id"),
    )
    with op.batch_alter_table("neighbour_help_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_neighbour_help_report_decided"), ["decided"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_neighbour_help_report_post_id"), ["post_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("neighbour_help_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_neighbour_help_report_post_id"))
        batch_op.drop_index(batch_op.f("ix_neighbour_help_report_decided"))

    op.drop_table("neighbour_help_report")
    with op.batch_alter_table("neighbour_help_post", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_neighbour_help_post_closed_at"))
        batch_op.drop_index(batch_op.f("ix_neighbour_help_post_author_id"))
        batch_op.drop_index("ix_neighbour_help_board")

    op.drop_table("neighbour_help_post")
