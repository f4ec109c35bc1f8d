"""Alembic environment of the former single history (test data): it runs on the connection the
test hands over and needs no metadata, since it only upgrades."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
