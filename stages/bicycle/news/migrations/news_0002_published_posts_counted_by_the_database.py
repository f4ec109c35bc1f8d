"""published news per place and category, counted by the database

The news list showed its number of posts by counting rows on every request, which grows with
the data. Triggers keep the count current on every insert, change and delete of a post (whoever
makes it: the app, a feed import, a cascade), and the count is filled from the posts already
there. (Formerly one step with the comments' counter, revision 0008 of the single history.)

Revision ID: news_0002
Revises: news_0001
Create Date: 2026-11-26
"""

from dataclasses import dataclass

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "news_0002"
down_revision = "news_0001"
branch_labels = None
depends_on = None


@dataclass(frozen=True)
class Counter:
    table: str  # the counter
    counted: str  # the table whose rows it counts
    keys: tuple[str, ...]  # what it counts by
    count: str  # its count column
    watched: tuple[str, ...]  # columns whose change can move a row in or out of a count
    condition: str  # when a row counts, with {row} for NEW, OLD or the table

    def add(self, row: str, amount: int) -> str:
        """The statement that adds `amount` to the count of `row`'s keys, creating the row."""
        columns = ", ".join(self.keys)
        values = ", ".join(f"{row}.{key}" for key in self.keys)
        # Names and amounts are this module's constants; no outside text reaches the SQL.
        return (
            f"INSERT INTO {self.table} ({columns}, {self.count}) VALUES ({values}, {amount}) "  # noqa: S608
            f"ON CONFLICT ({columns}) DO UPDATE SET {self.count} = {self.table}.{self.count} + {amount}"
        )

    def counts(self, row: str) -> str:
        return self.condition.format(row=row)


COUNTER = Counter(
    table="news_published_count",
    counted="news_post",
    keys=("municipality", "category"),
    count="posts",
    watched=("municipality", "category", "is_published"),
    condition="{row}.is_published",
)


def _sqlite_triggers(counter: Counter) -> list[str]:
    name, table, watched = counter.table, counter.counted, ", ".join(counter.watched)
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} "
        f"WHEN {counter.counts('NEW')} BEGIN {counter.add('NEW', 1)}; END",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} "
        f"WHEN {counter.counts('OLD')} BEGIN {counter.add('OLD', -1)}; END",
        # An update is two steps: the old row leaves its count, the new row joins its own.
        f"CREATE TRIGGER {name}_update_old AFTER UPDATE OF {watched} ON {table} "
        f"WHEN {counter.counts('OLD')} BEGIN {counter.add('OLD', -1)}; END",
        f"CREATE TRIGGER {name}_update_new AFTER UPDATE OF {watched} ON {table} "
        f"WHEN {counter.counts('NEW')} BEGIN {counter.add('NEW', 1)}; END",
    ]


def _postgresql_triggers(counter: Counter) -> list[str]:
    name, table, watched = counter.table, counter.counted, ", ".join(counter.watched)
    return [
        f"""CREATE FUNCTION {name}_keep() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND {counter.counts("OLD")} THEN
                {counter.add("OLD", -1)};
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') AND {counter.counts("NEW")} THEN
                {counter.add("NEW", 1)};
            END IF;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {name}_keep AFTER INSERT OR DELETE OR UPDATE OF {watched} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_keep()",
    ]


def upgrade() -> None:
    op.create_table(
        "news_published_count",
        sa.Column("municipality", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("municipality", "category"),
    )
    counter = COUNTER
    columns = ", ".join(counter.keys)
    # The counter's own constant names, as in the triggers.
    op.execute(
        f"INSERT INTO {counter.table} ({columns}, {counter.count}) "  # noqa: S608
        f"SELECT {columns}, count(*) FROM {counter.counted} "
        f"WHERE {counter.counts(counter.counted)} GROUP BY {columns}"
    )
    make = _sqlite_triggers if op.get_bind().dialect.name == "sqlite" else _postgresql_triggers
    for statement in make(counter):
        op.execute(statement)


def downgrade() -> None:
    counter = COUNTER
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("insert", "delete", "update_old", "update_new"):
            op.execute(f"DROP TRIGGER {counter.table}_{suffix}")
    else:
        op.execute(f"DROP TRIGGER {counter.table}_keep ON {counter.counted}")
        op.execute(f"DROP FUNCTION {counter.table}_keep()")
    op.drop_table(counter.table)
