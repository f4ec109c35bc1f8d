"""The statements of a search index, for the migrations of the services that search
(`core.search` reads them): on SQLite an FTS5 table with the trigram tokenizer, named
`<table>_fts`, with a copy of the search columns kept by triggers; on PostgreSQL pg_trgm GIN
indexes named `trgm_<table>_<column>`. Neither is in the models (SQLModel cannot describe them),
so the schema comparison leaves them out (`kept_by_migrations`).

Migrations run these functions: change what they emit only together with a new migration."""

TRIGRAM_INDEX_PREFIX = "trgm_"
FTS_SUFFIX = "_fts"


def fts_table(table: str) -> str:
    return table + FTS_SUFFIX


def kept_by_migrations(name: str | None, type_: str) -> bool:
    """Whether a reflected table or index is a search index (FTS table with its shadow tables,
    or a trigram index)."""
    if not name:
        return False
    if type_ == "table":
        return FTS_SUFFIX in name
    return type_ == "index" and name.startswith(TRIGRAM_INDEX_PREFIX)


def _refresh(table: str, columns: list[str], row: str) -> str:
    fts, listed = fts_table(table), ", ".join(columns)
    # Table and column names are the migration's constants; no outside text reaches the SQL.
    return (
        f"DELETE FROM {fts} WHERE rowid = {row}.id; "  # noqa: S608
        f"INSERT INTO {fts} (rowid, {listed}) SELECT id, {listed} FROM {table} WHERE id = {row}.id;"
    )


def sqlite_create(table: str, columns: list[str]) -> list[str]:
    """The FTS5 table, filled from the rows already there, and the triggers that keep it: each
    writes the row's current columns again, so their order among other triggers does not
    matter."""
    fts, listed = fts_table(table), ", ".join(columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({listed}, tokenize='trigram')",
        f"INSERT INTO {fts} (rowid, {listed}) SELECT id, {listed} FROM {table}",  # noqa: S608
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"{_refresh(table, columns, 'NEW')} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {listed} ON {table} BEGIN "
        f"{_refresh(table, columns, 'NEW')} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "  # noqa: S608
        f"DELETE FROM {fts} WHERE rowid = OLD.id; END",
    ]


def sqlite_drop(table: str) -> list[str]:
    fts = fts_table(table)
    return [
        *(f"DROP TRIGGER {fts}_{suffix}" for suffix in ("insert", "update", "delete")),
        f"DROP TABLE {fts}",
    ]


def postgresql_create(table: str, columns: list[str]) -> list[str]:
    """pg_trgm (a contrib extension, installed with PostgreSQL) and one GIN index per column,
    which serves `LIKE '%word%'`; the index fills itself from the rows already there."""
    return [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        *(
            f"CREATE INDEX {TRIGRAM_INDEX_PREFIX}{table}_{column} ON {table} "
            f"USING gin ({column} gin_trgm_ops)"
            for column in columns
        ),
    ]


def postgresql_drop(table: str, columns: list[str]) -> list[str]:
    return [f"DROP INDEX {TRIGRAM_INDEX_PREFIX}{table}_{column}" for column in columns]


def create(dialect: str, table: str, columns: list[str]) -> list[str]:
    return (sqlite_create if dialect == "sqlite" else postgresql_create)(table, columns)


def drop(dialect: str, table: str, columns: list[str]) -> list[str]:
    return sqlite_drop(table) if dialect == "sqlite" else postgresql_drop(table, columns)
