"""A database built by the former single migration history (head "0009", or a step on the way
there) upgrades to today's per-layer and per-service branches and keeps every row."""

import math
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, insert, select, text, types
from sqlmodel import SQLModel

from core import db
from feedback.votes.trending import vote_weight
from webapp import create_app

LEGACY = Path(__file__).parent / "legacy_migrations"
# Tables the database's own triggers fill; rows elsewhere give them theirs.
COUNTERS = {"comment_tally", "news_published_count", "vote_local_tally"}
# Counters the old history filled itself and the upgrade recounts from the rows they count.
RECOUNTED = {"votetally"}
MOMENT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)  # every row's time
# Values a generic row would break a rule with, or that make a counter count the row.
CHOSEN = {
    ("directory_opening_hours", "opens"): time(8),
    ("directory_opening_hours", "closes"): time(18),
    ("comment", "deleted"): False,
    ("comment", "hidden"): False,
}


def build_legacy_database(engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(LEGACY))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def value_for(table: str, column) -> object:
    if (table, column.name) in CHOSEN:
        return CHOSEN[table, column.name]
    kind = column.type
    if isinstance(kind, types.Boolean):
        return True
    if isinstance(kind, types.Integer):
        return 1  # every table's first row: foreign keys point at the first row of theirs
    if isinstance(kind, types.Float):
        return 0.5
    if isinstance(kind, types.DateTime):
        return MOMENT
    if isinstance(kind, types.Time):
        return time(9, 30)
    return f"{column.name}-alt"[: getattr(kind, "length", None)]


def fill_every_table(engine) -> MetaData:
    """One row in each table the old history built (the counters get theirs from triggers)."""
    schema = MetaData()
    schema.reflect(engine)
    with engine.begin() as connection:
        for table in schema.sorted_tables:
            if table.name in COUNTERS or table.name == "alembic_version":
                continue
            if connection.execute(select(table).limit(1)).first() is None:
                row = {column.name: value_for(table.name, column) for column in table.columns}
                connection.execute(insert(table).values(row))
    return schema


def snapshot(engine, schema: MetaData) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table.name: sorted(connection.execute(select(table)).all(), key=repr)
            for table in schema.sorted_tables
            if table.name != "alembic_version"
        }


@pytest.mark.parametrize("legacy_head", ["0009", "0006", "0003", "0001"])
def test_a_database_of_the_former_history_upgrades_and_keeps_every_row(
    empty_database_url, legacy_head
):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database_url})
    engine = app.extensions["db_engine"]
    try:
        build_legacy_database(engine, legacy_head)
        schema = fill_every_table(engine)
        before = snapshot(engine, schema)
        assert all(before.values()), "every table has a row to keep"

        db.upgrade(app)

        after = snapshot(engine, schema)
        recounted = {table: after.pop(table) for table in RECOUNTED & after.keys()}
        assert after == {table: rows for table, rows in before.items() if table not in recounted}
        if recounted:  # from the one vote, cast at the time every row has
            [(subject, votes, trend)] = recounted["votetally"]
            assert (subject, votes) == ("subject-alt", 1)
            assert math.isclose(trend, vote_weight(MOMENT), rel_tol=1e-9)
        assert db.is_up_to_date(engine, app)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": db.include_object})
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_a_database_at_the_former_head_is_stamped_with_todays_heads(empty_database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database_url})
    engine = app.extensions["db_engine"]
    try:
        build_legacy_database(engine, "0009")
        db.upgrade(app)
        assert db.current_revisions(engine) == db.head_revisions(app)
    finally:
        engine.dispose()


def test_an_unknown_revision_is_refused_with_its_name(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'fremd.db'}"})
    engine = app.extensions["db_engine"]
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('ab12cd34')"))
    with pytest.raises(db.SchemaError, match="ab12cd34"):
        db.upgrade(app)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code != 0
    assert "ab12cd34" in result.output
    engine.dispose()


def test_a_mix_of_former_and_todays_revisions_is_refused(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'gemischt.db'}"})
    engine = app.extensions["db_engine"]
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('0009'), ('news_0002')"))
    with pytest.raises(db.SchemaError, match="früher"):
        db.upgrade(app)
    engine.dispose()
