"""The migrations build exactly the schema the models describe."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from core import db


def test_migrations_match_the_models(app):
    with app.app_context(), db.engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": db.include_object})
        differences = compare_metadata(context, SQLModel.metadata)
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
