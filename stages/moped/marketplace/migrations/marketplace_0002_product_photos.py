"""product photos

Revision ID: marketplace_0002
Revises: marketplace_0001
Create Date: 2026-12-02 07:40:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "marketplace_0002"
down_revision = "marketplace_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "marketplace_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("alt", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("small", sa.LargeBinary(), nullable=False),
        sa.Column("large", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("length(alt) > 0", name="ck_marketplace_photo_alt"),
        sa.ForeignKeyConstraint(["product_id"], ["marketplace_product.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("marketplace_photo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_marketplace_photo_product_id"), ["product_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("marketplace_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_marketplace_photo_product_id"))

    op.drop_table("marketplace_photo")
