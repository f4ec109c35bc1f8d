"""Database engine, the request-scoped session, and the migration check."""

from contextlib import contextmanager
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).parent.parent / "webapp" / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    # WAL lets readers and one writer work at once across worker processes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def init_app(app: Flask) -> None:
    app.extensions["db_engine"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def session() -> Session:
    """The session of this request (or CLI command), opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def _close_session(_exc):
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(app: Flask, revision: str = "heads") -> None:
    from alembic import command

    config = alembic_config(app.config["DATABASE_URL"])
    with app.extensions["db_engine"].begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def current_revisions(db_engine: Engine) -> set[str]:
    with db_engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def is_up_to_date(db_engine: Engine) -> bool:
    return current_revisions(db_engine) == head_revisions()


@contextmanager
def all_or_nothing(session: Session):
    """A write that commits whole or leaves nothing behind: refused or failed, it rolls back
    (the session's own begin() cannot be used: a request's session has usually begun reading)."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
