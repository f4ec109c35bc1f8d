"""district tallies kept by the database

`votetally` (votes and trend per subject) was kept by the vote functions alone, so votes that
left any other way stayed counted: a deleted account's votes (the cascade), votes moved by an
idea merge unless the merge recounted. Triggers on `vote` now keep count and trend on every
insert, delete and move, whichever code or cascade makes them, and the tallies are recounted
from the votes already there.

The trend term of a vote is 2 ^ ((cast − 2026-01-01 UTC) / 7 days), as feedback/votes/trending.py
defines it. SQLite's `pow` comes with its optional math functions; core/db.py registers it on
every connection. When the last vote of a subject leaves, its trend is set to exactly 0, so
rounding left by adding and subtracting large terms does not stay behind.

Revision ID: feedback_0004
Revises: feedback_0003
Create Date: 2026-12-02
"""

from alembic import op

revision = "feedback_0004"
down_revision = "feedback_0003"
branch_labels = None
depends_on = None

# Half-lives since the epoch of feedback/votes/trending.py, of a vote row ({row}: NEW, OLD, vote).
HALF_LIVES = {
    "sqlite": "(julianday({row}.created_at) - julianday('2026-01-01 00:00:00')) / 7.0",
    "postgresql": "CAST(extract(epoch FROM {row}.created_at - "
    "TIMESTAMPTZ '2026-01-01 00:00:00+00') AS DOUBLE PRECISION) / 604800.0",
}


def _weight(dialect: str, row: str) -> str:
    return f"pow(2.0, {HALF_LIVES[dialect].format(row=row)})"


# The statements are built from this module's constants only; no outside text reaches the SQL.
def _add(dialect: str) -> str:
    weight = _weight(dialect, "NEW")
    return (
        f"INSERT INTO votetally (subject, votes, trend) VALUES (NEW.subject, 1, {weight}) "  # noqa: S608
        "ON CONFLICT (subject) DO UPDATE "
        "SET votes = votetally.votes + 1, trend = votetally.trend + excluded.trend"
    )


def _remove(dialect: str) -> str:
    weight = _weight(dialect, "OLD")
    return (
        "UPDATE votetally SET votes = votes - 1, "  # noqa: S608
        f"trend = CASE WHEN votes > 1 THEN trend - {weight} ELSE 0.0 END "
        "WHERE subject = OLD.subject"
    )


def _sqlite() -> list[str]:
    add, remove = _add("sqlite"), _remove("sqlite")
    return [
        f"CREATE TRIGGER votetally_insert AFTER INSERT ON vote BEGIN {add}; END",
        f"CREATE TRIGGER votetally_delete AFTER DELETE ON vote BEGIN {remove}; END",
        "CREATE TRIGGER votetally_update AFTER UPDATE OF subject, created_at ON vote "
        f"BEGIN {remove}; {add}; END",
    ]


def _postgresql() -> list[str]:
    return [
        f"""CREATE FUNCTION votetally_keep() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN {_remove("postgresql")}; END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add("postgresql")}; END IF;
            RETURN NULL;
        END $$""",
        "CREATE TRIGGER votetally_keep AFTER INSERT OR DELETE OR UPDATE OF subject, created_at "
        "ON vote FOR EACH ROW EXECUTE FUNCTION votetally_keep()",
        # Every writer takes a subject's district tally before its municipality's count (the
        # vote, the merge, the block), in subject order; so does an account on its way out,
        # before vote_local_tally_resident_delete (a table's triggers fire in name order).
        """CREATE FUNCTION vote_account_delete_locks_tallies() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM 1 FROM votetally
            WHERE subject IN (SELECT subject FROM vote WHERE user_id = OLD.id)
            ORDER BY subject FOR UPDATE;
            RETURN OLD;
        END $$""",
        "CREATE TRIGGER vote_account_delete_locks_tallies BEFORE DELETE ON user_account "
        "FOR EACH ROW EXECUTE FUNCTION vote_account_delete_locks_tallies()",
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    weights = _weight(dialect, "vote")
    op.execute(
        "INSERT INTO votetally (subject, votes, trend) SELECT subject, 0, 0.0 FROM vote "
        "WHERE subject NOT IN (SELECT subject FROM votetally) GROUP BY subject"
    )
    op.execute(
        "UPDATE votetally SET "  # noqa: S608
        "votes = (SELECT count(*) FROM vote WHERE vote.subject = votetally.subject), "
        f"trend = (SELECT coalesce(sum({weights}), 0.0) FROM vote "
        "WHERE vote.subject = votetally.subject)"
    )
    for statement in _sqlite() if dialect == "sqlite" else _postgresql():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER votetally_{name}")
    else:
        op.execute("DROP TRIGGER votetally_keep ON vote")
        op.execute("DROP TRIGGER vote_account_delete_locks_tallies ON user_account")
        op.execute("DROP FUNCTION votetally_keep()")
        op.execute("DROP FUNCTION vote_account_delete_locks_tallies()")
