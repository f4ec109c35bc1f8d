"""What every command line command on the database shares, whichever layer registers it."""

import click

from core import db

NOT_MIGRATED = (
    "Die Datenbank ist noch leer oder nicht auf dem neuesten Stand. "
    "Bitte zuerst ausführen: flask --app webapp db upgrade"
)


def require_current_schema() -> None:
    """Say what to run on a database that is not migrated, instead of a SQL traceback."""
    if not db.is_up_to_date(db.engine()):
        raise click.ClickException(NOT_MIGRATED)
