"""The migrations build exactly the schema the models describe."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import SQLModel

from core import db
from webapp import create_app


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine().connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_migrated_database_is_at_head(app):
    with app.app_context():
        assert db.is_up_to_date(db.engine())


def test_every_layer_and_service_owns_a_branch_in_its_own_folder(app):
    folders = db.migration_folders(app)
    assert {"core", "stages", "feedback"} <= folders.keys()
    for service in app.extensions["services"]:
        assert folders[service.key].parent.name == service.package.rsplit(".", 1)[-1]
    script = ScriptDirectory.from_config(db.alembic_config(app))
    for revision in script.walk_revisions():
        label = revision.revision.rsplit("_", 1)[0]
        assert label in revision.branch_labels
        assert Path(revision.path).parent == folders[label]
    # One branch per folder: no revision joins two histories.
    assert all(not revision.is_merge_point for revision in script.walk_revisions())


def test_accounts_from_before_confirmation_count_as_confirmed(empty_database_url):
    """core_0005: an account that existed before addresses were confirmed could never have
    confirmed its own, and its votes count already: it counts as confirmed."""
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database_url, "SECRET_KEY": "x"})
    engine = app.extensions["db_engine"]
    try:
        db.upgrade(app, "core_0004")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO user_account (email, display_name, municipality, password_hash,"
                    " is_tester, is_product_owner, is_blocked, created_at, session_token)"
                    " VALUES ('alt@example.org', 'Alt', 'burg', '-', false, false, false,"
                    " '2026-11-01 09:00:00', 't')"
                )
            )
        db.upgrade(app)
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT email_verified_at, created_at, language FROM user_account")
            ).one()
        assert row.email_verified_at == row.created_at
        assert row.language == "de"
    finally:
        engine.dispose()
