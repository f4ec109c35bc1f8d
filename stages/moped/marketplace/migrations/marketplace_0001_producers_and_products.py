"""producers and their products

Revision ID: marketplace_0001
Revises:
Create Date: 2026-12-02 07:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "marketplace_0001"
down_revision = None
branch_labels = ("marketplace",)
depends_on = "directory_0001"


def upgrade() -> None:
    op.create_table(
        "marketplace_producer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("makes", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("practice", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("vat_note", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("market_days", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("pickup_points", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("is_hidden", sa.Boolean(), nullable=False),
        sa.Column("demo_key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["directory_entry.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("demo_key"),
    )
    with op.batch_alter_table("marketplace_producer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_marketplace_producer_entry_id"), ["entry_id"], unique=True
        )

    op.create_table(
        "marketplace_product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("producer_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("season_from", sa.Integer(), nullable=True),
        sa.Column("season_to", sa.Integer(), nullable=True),
        sa.Column("availability", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=True),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("is_hidden", sa.Boolean(), nullable=False),
        sa.Column("demo_key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("search_name", sqlmodel.sql.sqltypes.AutoString(length=600), nullable=False),
        sa.Column("search_category", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("search_text", sqlmodel.sql.sqltypes.AutoString(length=6000), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(season_from IS NULL AND season_to IS NULL) OR (season_from BETWEEN 1 AND 12 AND season_to BETWEEN 1 AND 12)",
            name="ck_marketplace_season",
        ),
        sa.CheckConstraint("price_cents BETWEEN 0 AND 1000000", name="ck_marketplace_price"),
        sa.CheckConstraint(
            "quantity IS NULL OR quantity BETWEEN 1 AND 100000", name="ck_marketplace_quantity"
        ),
        sa.CheckConstraint(
            "stock IS NULL OR stock BETWEEN 0 AND 100000", name="ck_marketplace_stock"
        ),
        sa.ForeignKeyConstraint(["producer_id"], ["marketplace_producer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("demo_key"),
    )
    with op.batch_alter_table("marketplace_product", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_marketplace_product_category"), ["category"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_marketplace_product_producer_id"), ["producer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_marketplace_product_search_category"), ["search_category"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_marketplace_product_search_name"), ["search_name"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("marketplace_product", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_marketplace_product_search_name"))
        batch_op.drop_index(batch_op.f("ix_marketplace_product_search_category"))
        batch_op.drop_index(batch_op.f("ix_marketplace_product_producer_id"))
        batch_op.drop_index(batch_op.f("ix_marketplace_product_category"))

    op.drop_table("marketplace_product")
    with op.batch_alter_table("marketplace_producer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_marketplace_producer_entry_id"))

    op.drop_table("marketplace_producer")
