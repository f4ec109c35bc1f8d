"""`flask --app webapp news import URL_OR_FILE --org NAME`: a partner's feed becomes posts."""

import click
from sqlmodel import select

from core import db
from core.cli import require_current_schema
from core.models import Organisation
from core.municipalities import MUNICIPALITIES
from stages.bicycle.news import bp
from stages.bicycle.news.importer import FeedImportError, import_feed, read_source
from stages.bicycle.news.service import CATEGORIES, DISTRICT


@bp.cli.command("import")
@click.argument("source")
@click.option("--org", "org_name", required=True, help="Organisation (name) the posts belong to.")
@click.option(
    "--gemeinde",
    "place",
    type=click.Choice([DISTRICT, *MUNICIPALITIES]),
    help="Municipality of the posts (default: the organisation's).",
)
@click.option(
    "--kategorie",
    "category",
    type=click.Choice(list(CATEGORIES)),
    default="sonstiges",
    show_default=True,
)
def import_command(source, org_name, place, category):
    """Import an RSS or Atom feed (http(s) URL or file) as published posts; all or nothing."""
    require_current_schema()
    database = db.session()
    organisation = database.exec(select(Organisation).where(Organisation.name == org_name)).first()
    if organisation is None:
        raise click.ClickException(f"Unbekannte Organisation: {org_name}")
    try:
        imported, known = import_feed(
            db=database,
            data=read_source(source),
            organisation=organisation,
            place=place or organisation.municipality,
            category=category,
        )
    except FeedImportError as error:
        database.rollback()
        raise click.ClickException(f"{error} Es wurde nichts importiert.") from error
    click.echo(f"{imported} Beiträge importiert, {known} waren schon da.")
