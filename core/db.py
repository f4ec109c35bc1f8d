"""Database engine, the request-scoped session, and the migrations of every layer and service.

Each layer and each service owns a branch of migrations in the `migrations/` folder next to its
package's `__init__.py` (branch label = layer or service key, revision ids `<label>_0001`, …);
the app names its layers, its registered services bring theirs, and `upgrade` goes to all heads.
"""

import functools
import math
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

from core.search_index import kept_by_migrations

# Alembic's env.py and the template of new revisions: the ground's, shared by every branch.
ENVIRONMENT = Path(__file__).parent / "migrations" / "environment"

# The single linear history the platform had before (head "0009"): what each of its steps
# built, as revisions of today's branches, and which steps each one came after. A database
# still on it is stamped with the latest of these per branch, then upgraded as usual.
LEGACY_STEPS = {
    "0001": ("core_0001",),
    "0002": ("stages_0001",),
    "0003": ("news_0001",),
    "0004": ("events_0001",),
    "0005": ("directory_0001",),
    "0006": ("core_0002", "feedback_0001"),
    "0007": (),
    "0008": ("news_0002", "feedback_0002"),
    "0009": ("feedback_0003",),
}
LEGACY_PARENTS = {
    "0001": (),
    "0002": ("0001",),
    "0003": ("0002",),
    "0004": ("0002",),
    "0005": ("0002",),
    "0006": ("0002",),
    "0007": ("0003", "0004", "0005", "0006"),
    "0008": ("0007",),
    "0009": ("0008",),
}


class SchemaError(RuntimeError):
    """The database is at revisions this app cannot upgrade from; the message says which."""


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
    sqlite_functions(dbapi_connection)


def sqlite_functions(dbapi_connection) -> None:
    """SQL functions the triggers use that an SQLite build may lack: `pow` comes only with
    its optional math functions. Registered on every connection, so it is the same everywhere."""
    dbapi_connection.create_function("pow", 2, math.pow, deterministic=True)


def init_app(app: Flask, layers: tuple[str, ...] = ()) -> None:
    """`layers`: the packages above the ground whose migrations come before the services'."""
    app.extensions["db_engine"] = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_layers"] = ("core", *layers)
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


def _package_folders(app: Flask) -> dict[str, Path]:
    """Branch label → package folder, for the app's layers and registered services."""
    packages = {layer: layer for layer in app.extensions["db_layers"]}
    packages.update({service.key: service.package for service in app.extensions["services"]})
    folders = {}
    for label, package in packages.items():
        module_file = getattr(sys.modules.get(package), "__file__", None)
        if module_file:
            folders[label] = Path(module_file).parent
    return folders


def migration_folders(app: Flask) -> dict[str, Path]:
    """Branch label → `migrations/` folder, for each layer and registered service that has one."""
    folders = {label: folder / "migrations" for label, folder in _package_folders(app).items()}
    return {label: folder for label, folder in folders.items() if folder.is_dir()}


def alembic_config(app: Flask, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ENVIRONMENT).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    locations = os.pathsep.join(str(folder) for folder in migration_folders(app).values())
    config.set_main_option("version_locations", locations.replace("%", "%%"))
    config.attributes["connection"] = connection
    config.attributes["target_metadata"] = SQLModel.metadata  # the models the app has loaded
    config.attributes["include_object"] = include_object
    return config


def include_object(_object, name, type_, reflected, _compare_to) -> bool:
    """What the schema comparison looks at: everything but the search indexes, which only the
    migrations describe (`core.search_index`)."""
    return not (reflected and kept_by_migrations(name, type_))


def upgrade(app: Flask, revision: str = "heads") -> None:
    with app.extensions["db_engine"].begin() as connection:
        config = alembic_config(app, connection)
        script = ScriptDirectory.from_config(config)
        _stamp_legacy(config, script, _current(connection))
        unknown = _current(connection) - _known(script)
        if unknown:
            raise SchemaError(
                f"Die Datenbank steht auf Revisionen, die dieser Code nicht kennt: "
                f"{', '.join(sorted(unknown))}"
            )
        command.upgrade(config, revision)


def _stamp_legacy(config: Config, script: ScriptDirectory, current: set[str]) -> None:
    legacy = current & LEGACY_STEPS.keys()
    if not legacy:
        return
    if legacy != current:
        raise SchemaError(
            f"Die Datenbank mischt die frühere Migrationsgeschichte mit der heutigen: "
            f"{', '.join(sorted(current))}"
        )
    done, waiting = set(), list(legacy)
    while waiting:
        step = waiting.pop()
        if step not in done:
            done.add(step)
            waiting.extend(LEGACY_PARENTS[step])
    revisions = {revision for step in done for revision in LEGACY_STEPS[step]}
    missing = revisions - _known(script)
    if missing:
        raise SchemaError(
            f"Die Datenbank hat Tabellen von Diensten, die diese App nicht kennt: "
            f"{', '.join(sorted(missing))}"
        )
    # Stamp only what nothing else in the set comes after (as ancestor or dependency).
    below = {
        earlier.revision
        for revision in revisions
        for earlier in script.iterate_revisions(revision, "base")
        if earlier.revision != revision
    }
    command.stamp(config, sorted(revisions - below), purge=True)


def new_revision(
    app: Flask,
    *,
    message: str,
    branch: str,
    depends_on: tuple[str, ...] = (),
    autogenerate: bool = False,
) -> Path:
    """Write the next migration of `branch` (a layer's or service's key), named `<branch>_0002`
    and so on; the first one starts the branch in the package's `migrations/` folder."""
    package_folder = _package_folders(app).get(branch)
    if package_folder is None:
        raise SchemaError(f"Kein Dienst und keine Ebene dieser App heißt '{branch}'")
    (package_folder / "migrations").mkdir(exist_ok=True)
    with app.extensions["db_engine"].connect() as connection:
        config = alembic_config(app, connection)
        script = ScriptDirectory.from_config(config)
        numbers = [
            int(revision.revision.rsplit("_", 1)[1])
            for revision in script.walk_revisions()
            if revision.revision.startswith(f"{branch}_")
        ]
        written = command.revision(
            config,
            message=message,
            autogenerate=autogenerate,
            rev_id=f"{branch}_{max(numbers, default=0) + 1:04d}",
            head=f"{branch}@head" if numbers else "base",
            branch_label=None if numbers else branch,
            version_path=str(package_folder / "migrations"),
            depends_on=list(depends_on) or None,
        )
    return Path((written[0] if isinstance(written, list) else written).path)


def _known(script: ScriptDirectory) -> set[str]:
    return {revision.revision for revision in script.walk_revisions()}


def _current(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def head_revisions(app: Flask | None = None) -> set[str]:
    """What the version table holds once every migration is applied: each branch's head, but
    not a head another branch depends on (Alembic records that one as implied)."""
    script = ScriptDirectory.from_config(alembic_config(app or current_app._get_current_object()))
    depended_on = set()
    for revision in script.walk_revisions():
        dependencies = revision.dependencies or ()
        depended_on.update((dependencies,) if isinstance(dependencies, str) else dependencies)
    return set(script.get_heads()) - depended_on


def current_revisions(db_engine: Engine) -> set[str]:
    with db_engine.connect() as connection:
        return _current(connection)


def is_up_to_date(db_engine: Engine, app: Flask | None = None) -> bool:
    """Every migration of this app's layers and services is applied. Revisions of services
    the app does not serve may be there too: another app on the same database serves them."""
    script = ScriptDirectory.from_config(alembic_config(app or current_app._get_current_object()))
    applied = current_revisions(db_engine) & _known(script)
    needed = {revision.revision for revision in script.iterate_revisions("heads", "base")}
    reached = set()
    if applied:
        reached = {revision.revision for revision in script.iterate_revisions(tuple(applied), "base")}
    return needed <= reached


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


# Where two transactions wait for each other, or SQLite's write lock was taken between a read
# and a write: the transaction is refused as a whole, and running it again is safe.
CONFLICT_SQLSTATES = {"40P01", "40001"}  # PostgreSQL: deadlock detected, serialisation failure
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
RETRIES = 3


def is_conflict(error: DBAPIError) -> bool:
    original = error.orig
    if getattr(original, "sqlstate", None) in CONFLICT_SQLSTATES:
        return True
    # Extended codes (SQLITE_BUSY_SNAPSHOT, …) carry the primary code in the lowest byte.
    return (getattr(original, "sqlite_errorcode", 0) & 0xFF) in (SQLITE_BUSY, SQLITE_LOCKED)


def retried_on_conflict(transaction):
    """Run the whole `transaction` (a function taking its session as keyword `db`, ending in
    its commit) again when the database refused it for a conflict with another one, at most
    RETRIES times; any other error, and the last conflict, goes to the caller."""

    @functools.wraps(transaction)
    def retrying(*args, **kwargs):
        retries = 0
        while True:
            try:
                return transaction(*args, **kwargs)
            except DBAPIError as error:
                kwargs["db"].rollback()
                if retries == RETRIES or not is_conflict(error):
                    raise
                retries += 1

    return retrying
