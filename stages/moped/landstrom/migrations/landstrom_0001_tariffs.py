"""tariffs

Revision ID: landstrom_0001
Revises:
Create Date: 2026-12-02 08:08:12.960997
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "landstrom_0001"
down_revision = None
branch_labels = ("landstrom",)
depends_on = "core_0001"


def upgrade() -> None:
    op.create_table(
        "landstrom_tariff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("energy_price_tenths", sa.Integer(), nullable=False),
        sa.Column("standing_charge_cents", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("postcodes", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("demo_key", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "energy_price_tenths BETWEEN 1 AND 2000", name="ck_landstrom_energy_price"
        ),
        sa.CheckConstraint(
            "standing_charge_cents BETWEEN 0 AND 10000", name="ck_landstrom_standing_charge"
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to >= valid_from", name="ck_landstrom_valid_span"
        ),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("demo_key"),
    )
    with op.batch_alter_table("landstrom_tariff", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_landstrom_tariff_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("landstrom_tariff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landstrom_tariff_organisation_id"))

    op.drop_table("landstrom_tariff")
