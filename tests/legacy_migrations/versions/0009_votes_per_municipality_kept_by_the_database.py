"""votes per subject and municipality, kept by the database

The roadmap's "Stimmen aus <Gemeinde>" counted that municipality's votes by joining every vote
of the shown subjects with its resident, on every request. Triggers keep the count current: a
vote cast, withdrawn or moved (idea merges), a resident who moves to another municipality, and
a deleted account (its votes leave with it; the vote triggers then find no resident and leave
the counts alone). The counts are filled from the votes already there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# One statement per change, the same on both databases (row values as NEW./OLD.).
ADD_VOTE = (
    "INSERT INTO vote_local_tally (subject, municipality, votes) "
    "SELECT NEW.subject, municipality, 1 FROM user_account WHERE id = NEW.user_id "
    "ON CONFLICT (subject, municipality) DO UPDATE SET votes = vote_local_tally.votes + 1"
)
REMOVE_VOTE = (
    "UPDATE vote_local_tally SET votes = votes - 1 WHERE subject = OLD.subject "
    "AND municipality = (SELECT municipality FROM user_account WHERE id = OLD.user_id)"
)
REMOVE_RESIDENT = (
    "UPDATE vote_local_tally SET votes = votes - 1 WHERE municipality = OLD.municipality "
    "AND subject IN (SELECT subject FROM vote WHERE user_id = OLD.id)"
)
ADD_RESIDENT = (
    "INSERT INTO vote_local_tally (subject, municipality, votes) "
    "SELECT subject, NEW.municipality, 1 FROM vote WHERE user_id = NEW.id "
    "ON CONFLICT (subject, municipality) DO UPDATE SET votes = vote_local_tally.votes + 1"
)

SQLITE = [
    f"CREATE TRIGGER vote_local_tally_insert AFTER INSERT ON vote BEGIN {ADD_VOTE}; END",
    f"CREATE TRIGGER vote_local_tally_delete AFTER DELETE ON vote BEGIN {REMOVE_VOTE}; END",
    "CREATE TRIGGER vote_local_tally_update AFTER UPDATE OF subject, user_id ON vote "
    f"BEGIN {REMOVE_VOTE}; {ADD_VOTE}; END",
    "CREATE TRIGGER vote_local_tally_moved AFTER UPDATE OF municipality ON user_account "
    f"WHEN OLD.municipality <> NEW.municipality BEGIN {REMOVE_RESIDENT}; {ADD_RESIDENT}; END",
    # Before the account row goes: its votes are deleted by the cascade afterwards.
    "CREATE TRIGGER vote_local_tally_resident_delete BEFORE DELETE ON user_account "
    f"BEGIN {REMOVE_RESIDENT}; END",
]

POSTGRESQL = [
    f"""CREATE FUNCTION vote_local_tally_vote() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN {REMOVE_VOTE}; END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN {ADD_VOTE}; END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER vote_local_tally_vote AFTER INSERT OR DELETE OR UPDATE OF subject, user_id "
    "ON vote FOR EACH ROW EXECUTE FUNCTION vote_local_tally_vote()",
    f"""CREATE FUNCTION vote_local_tally_resident() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN {REMOVE_RESIDENT}; RETURN OLD; END IF;
        IF OLD.municipality <> NEW.municipality THEN {REMOVE_RESIDENT}; {ADD_RESIDENT}; END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER vote_local_tally_moved AFTER UPDATE OF municipality ON user_account "
    "FOR EACH ROW EXECUTE FUNCTION vote_local_tally_resident()",
    "CREATE TRIGGER vote_local_tally_resident_delete BEFORE DELETE ON user_account "
    "FOR EACH ROW EXECUTE FUNCTION vote_local_tally_resident()",
]


def upgrade() -> None:
    op.create_table(
        "vote_local_tally",
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("municipality", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subject", "municipality"),
    )
    op.execute(
        "INSERT INTO vote_local_tally (subject, municipality, votes) "
        "SELECT vote.subject, user_account.municipality, count(*) FROM vote "
        "JOIN user_account ON user_account.id = vote.user_id "
        "GROUP BY vote.subject, user_account.municipality"
    )
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update", "moved", "resident_delete"):
            op.execute(f"DROP TRIGGER vote_local_tally_{name}")
    else:
        op.execute("DROP TRIGGER vote_local_tally_vote ON vote")
        op.execute("DROP TRIGGER vote_local_tally_moved ON user_account")
        op.execute("DROP TRIGGER vote_local_tally_resident_delete ON user_account")
        op.execute("DROP FUNCTION vote_local_tally_vote()")
        op.execute("DROP FUNCTION vote_local_tally_resident()")
    op.drop_table("vote_local_tally")
