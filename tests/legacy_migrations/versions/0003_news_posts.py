"""news posts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 14:11:59.034214
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "news_post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=140), nullable=False),
        sa.Column("teaser", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
        sa.Column("body_format", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("municipality", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("source_url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "source_id"),
    )
    with op.batch_alter_table("news_post", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_news_post_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_news_post_published_at"), ["published_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("news_post", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_news_post_published_at"))
        batch_op.drop_index(batch_op.f("ix_news_post_organisation_id"))

    op.drop_table("news_post")
