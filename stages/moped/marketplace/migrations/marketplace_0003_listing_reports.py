"""listing reports

Revision ID: marketplace_0003
Revises: marketplace_0002
Create Date: 2026-12-02 08:10:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "marketplace_0003"
down_revision = "marketplace_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "marketplace_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("producer_id", sa.Integer(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("decided", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(product_id IS NULL) <> (producer_id IS NULL)",
            name="ck_marketplace_report_one_listing",
        ),
        sa.ForeignKeyConstraint(["producer_id"], ["marketplace_producer.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["marketplace_product.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reporter_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("producer_id", "reporter_id"),
        sa.UniqueConstraint("product_id", "reporter_id"),
    )
    with op.batch_alter_table("marketplace_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_marketplace_report_decided"), ["decided"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_marketplace_report_producer_id"), ["producer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_marketplace_report_product_id"), ["product_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("marketplace_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_marketplace_report_product_id"))
        batch_op.drop_index(batch_op.f("ix_marketplace_report_producer_id"))
        batch_op.drop_index(batch_op.f("ix_marketplace_report_decided"))

    op.drop_table("marketplace_report")
