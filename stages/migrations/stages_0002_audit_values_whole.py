"""audit values whole: an entry's before and after hold any length

They were limited to 2,000 characters, fewer than one product or event description may have:
such an edit was refused by PostgreSQL (SQLite does not check lengths).

Revision ID: stages_0002
Revises: stages_0001
Create Date: 2026-12-03 06:55:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "stages_0002"
down_revision = "stages_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        for column in ("before", "after"):
            batch_op.alter_column(
                column,
                existing_type=sqlmodel.sql.sqltypes.AutoString(length=2000),
                type_=sa.Text(),
                existing_nullable=False,
            )


def downgrade() -> None:
    with op.batch_alter_table("auditentry", schema=None) as batch_op:
        for column in ("before", "after"):
            batch_op.alter_column(
                column,
                existing_type=sa.Text(),
                type_=sqlmodel.sql.sqltypes.AutoString(length=2000),
                existing_nullable=False,
            )
