"""search index of products, and the producer's name beside each product

Searching products was a `LIKE '%word%'` scan of every product and its producer. Now an index
answers it (SQLite: FTS5 with the trigram tokenizer; PostgreSQL: pg_trgm GIN indexes, see
core/search_index.py). The producer's folded name is searched as the product's text, so each
product keeps a copy in `search_producer`, set by triggers when a product is written and when
the directory entry's name changes; the rows already there are filled here.

Revision ID: marketplace_0004
Revises: marketplace_0003
Create Date: 2026-12-02 16:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from core import search_index

revision = "marketplace_0004"
down_revision = "marketplace_0003"
branch_labels = None
depends_on = None

TABLE = "marketplace_product"
COLUMNS = ["search_name", "search_category", "search_text", "search_producer"]
PRODUCER_NAME = (
    "(SELECT e.search_name FROM marketplace_producer p JOIN directory_entry e "
    "ON e.id = p.entry_id WHERE p.id = {producer})"
)

SQLITE_TRIGGERS = [
    # After the insert or a move to another producer: the product's copy of the name.
    # The statements are this migration's constants; no outside text reaches the SQL.
    "CREATE TRIGGER marketplace_product_producer_name_insert AFTER INSERT ON marketplace_product "  # noqa: S608
    "BEGIN UPDATE marketplace_product SET search_producer = "
    f"coalesce({PRODUCER_NAME.format(producer='NEW.producer_id')}, '') WHERE id = NEW.id; END",
    "CREATE TRIGGER marketplace_product_producer_name_move AFTER UPDATE OF producer_id "  # noqa: S608
    "ON marketplace_product BEGIN UPDATE marketplace_product SET search_producer = "
    f"coalesce({PRODUCER_NAME.format(producer='NEW.producer_id')}, '') WHERE id = NEW.id; END",
    "CREATE TRIGGER marketplace_product_producer_name_entry AFTER UPDATE OF search_name "
    "ON directory_entry BEGIN UPDATE marketplace_product SET search_producer = NEW.search_name "
    "WHERE producer_id IN (SELECT id FROM marketplace_producer WHERE entry_id = NEW.id); END",
    "CREATE TRIGGER marketplace_product_producer_name_producer AFTER UPDATE OF entry_id "
    "ON marketplace_producer BEGIN UPDATE marketplace_product SET search_producer = "
    "coalesce((SELECT search_name FROM directory_entry WHERE id = NEW.entry_id), '') "
    "WHERE producer_id = NEW.id; END",
]
SQLITE_TRIGGER_NAMES = [statement.split()[2] for statement in SQLITE_TRIGGERS]

POSTGRESQL_TRIGGERS = [
    f"""CREATE FUNCTION marketplace_product_producer_name() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_producer := coalesce({PRODUCER_NAME.format(producer="NEW.producer_id")}, '');
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER marketplace_product_producer_name BEFORE INSERT OR UPDATE OF producer_id "
    "ON marketplace_product FOR EACH ROW EXECUTE FUNCTION marketplace_product_producer_name()",
    """CREATE FUNCTION marketplace_product_producer_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE marketplace_product SET search_producer = NEW.search_name
        WHERE producer_id IN (SELECT id FROM marketplace_producer WHERE entry_id = NEW.id)
          AND search_producer IS DISTINCT FROM NEW.search_name;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER marketplace_product_producer_renamed AFTER UPDATE OF search_name "
    "ON directory_entry FOR EACH ROW EXECUTE FUNCTION marketplace_product_producer_renamed()",
    """CREATE FUNCTION marketplace_product_producer_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE marketplace_product SET search_producer =
            coalesce((SELECT search_name FROM directory_entry WHERE id = NEW.entry_id), '')
        WHERE producer_id = NEW.id;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER marketplace_product_producer_moved AFTER UPDATE OF entry_id "
    "ON marketplace_producer FOR EACH ROW EXECUTE FUNCTION marketplace_product_producer_moved()",
]


def upgrade() -> None:
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "search_producer",
                sqlmodel.sql.sqltypes.AutoString(length=600),
                nullable=False,
                server_default="",
            )
        )
    op.execute(
        f"UPDATE {TABLE} SET search_producer = "  # noqa: S608
        f"coalesce({PRODUCER_NAME.format(producer=TABLE + '.producer_id')}, '')"
    )
    dialect = op.get_bind().dialect.name
    triggers = SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL_TRIGGERS
    for statement in [*triggers, *search_index.create(dialect, TABLE, COLUMNS)]:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in search_index.drop(dialect, TABLE, COLUMNS):
        op.execute(statement)
    if dialect == "sqlite":
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER {name}")
    else:
        for trigger, table in (
            ("marketplace_product_producer_name", TABLE),
            ("marketplace_product_producer_renamed", "directory_entry"),
            ("marketplace_product_producer_moved", "marketplace_producer"),
        ):
            op.execute(f"DROP TRIGGER {trigger} ON {table}")
            op.execute(f"DROP FUNCTION {trigger}()")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_column("search_producer")
