"""producer photos: a photo belongs to a product or to a producer

Revision ID: marketplace_0005
Revises: marketplace_0004
Create Date: 2026-12-03 07:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "marketplace_0005"
down_revision = "marketplace_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite rebuilds the table (batch mode); PostgreSQL alters it in place.
    with op.batch_alter_table("marketplace_photo", schema=None) as batch_op:
        batch_op.alter_column("product_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("producer_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "marketplace_photo_producer_id_fkey",
            "marketplace_producer",
            ["producer_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(
            batch_op.f("ix_marketplace_photo_producer_id"), ["producer_id"], unique=False
        )
        batch_op.create_check_constraint(
            "ck_marketplace_photo_one_listing", "(product_id IS NULL) <> (producer_id IS NULL)"
        )


def downgrade() -> None:
    op.execute("DELETE FROM marketplace_photo WHERE producer_id IS NOT NULL")
    with op.batch_alter_table("marketplace_photo", schema=None) as batch_op:
        batch_op.drop_constraint("ck_marketplace_photo_one_listing", type_="check")
        batch_op.drop_index(batch_op.f("ix_marketplace_photo_producer_id"))
        batch_op.drop_constraint("marketplace_photo_producer_id_fkey", type_="foreignkey")
        batch_op.drop_column("producer_id")
        batch_op.alter_column("product_id", existing_type=sa.Integer(), nullable=False)
