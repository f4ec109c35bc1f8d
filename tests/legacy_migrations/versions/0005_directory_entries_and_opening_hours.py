"""directory entries and opening hours

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-27 10:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("municipality", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("website", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("demo_key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("search_name", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column("search_category", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("search_text", sqlmodel.sql.sqltypes.AutoString(length=6000), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("demo_key"),
    )
    with op.batch_alter_table("directory_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_entry_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_directory_entry_municipality"), ["municipality"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_entry_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_entry_search_category"), ["search_category"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_directory_entry_search_name"), ["search_name"], unique=False
        )

    op.create_table(
        "directory_opening_hours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.CheckConstraint("opens < closes", name="ck_directory_hours_order"),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_directory_hours_weekday"),
        sa.ForeignKeyConstraint(["entry_id"], ["directory_entry.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("directory_opening_hours", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_directory_opening_hours_entry_id"), ["entry_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("directory_opening_hours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_opening_hours_entry_id"))

    op.drop_table("directory_opening_hours")
    with op.batch_alter_table("directory_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_directory_entry_search_name"))
        batch_op.drop_index(batch_op.f("ix_directory_entry_search_category"))
        batch_op.drop_index(batch_op.f("ix_directory_entry_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_directory_entry_municipality"))
        batch_op.drop_index(batch_op.f("ix_directory_entry_category"))

    op.drop_table("directory_entry")
