"""search index of directory entries

Searching the directory was a `LIKE '%word%'` scan of every entry. Now an index answers it
(SQLite: FTS5 with the trigram tokenizer, kept by triggers and filled from the entries already
there; PostgreSQL: pg_trgm GIN indexes on the search columns; see core/search_index.py).

Revision ID: directory_0002
Revises: directory_0001
Create Date: 2026-12-02 16:20:00.000000
"""

from alembic import op

from core import search_index

revision = "directory_0002"
down_revision = "directory_0001"
branch_labels = None
depends_on = None

TABLE = "directory_entry"
COLUMNS = ["search_name", "search_category", "search_text"]


def upgrade() -> None:
    for statement in search_index.create(op.get_bind().dialect.name, TABLE, COLUMNS):
        op.execute(statement)


def downgrade() -> None:
    for statement in search_index.drop(op.get_bind().dialect.name, TABLE, COLUMNS):
        op.execute(statement)
