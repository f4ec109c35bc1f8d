"""Command line: `flask --app webapp db upgrade`, `users create`, `demo`."""

import sys
from functools import wraps

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlmodel import select

from core import accounts as service
from core import db
from core.cli import require_current_schema
from core.models import Organisation, Role
from webapp.accounts.forms import PASSWORD_MAX, PASSWORD_MIN


class MigratedGroup(AppGroup):
    """A command group whose every command needs a migrated database."""

    def command(self, *args, **kwargs):
        register = super().command(*args, **kwargs)

        def decorator(callback):
            @wraps(callback)
            def checked(*call_args, **call_kwargs):
                require_current_schema()
                return callback(*call_args, **call_kwargs)

            return register(checked)

        return decorator


db_cli = AppGroup("db", help="Database schema (Alembic migrations).")
users_cli = MigratedGroup("users", help="Accounts and roles.")


@db_cli.command("upgrade")
def db_upgrade():
    """Bring the database schema up to date: every layer's and service's migrations."""
    try:
        db.upgrade(current_app)
    except db.SchemaError as error:
        raise click.ClickException(str(error)) from error
    click.echo("Datenbank ist auf dem neuesten Stand.")


@db_cli.command("current")
def db_current():
    """Show whether the database schema is up to date."""
    current = db.current_revisions(db.engine()) or {"(leer)"}
    click.echo(
        f"Stand: {', '.join(sorted(current))}; Ziel: {', '.join(sorted(db.head_revisions()))}"
    )


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
@click.option("--branch", required=True, help="Layer or service key: core, stages, feedback, news…")
@click.option(
    "--depends-on",
    multiple=True,
    help="A new branch's first revision: revision of another branch its tables reference.",
)
@click.option("--autogenerate", is_flag=True, help="Write the operations the models differ by.")
def db_revision(message, branch, depends_on, autogenerate):
    """Write a new migration script into the branch's `migrations/` folder."""
    try:
        path = db.new_revision(
            current_app,
            message=message,
            branch=branch,
            depends_on=depends_on,
            autogenerate=autogenerate,
        )
    except db.SchemaError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Neue Migration: {path}")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.RESIDENT.value)
@click.option("--org", "org_name", help="Organisation (name) of a partner.")
@click.option("--name", "display_name", help="Display name (default: the part before @).")
@click.option("--municipality", default="burg", show_default=True)
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
def users_create(email, role, org_name, display_name, municipality, password_stdin):
    """Create an account with a role; the password comes from standard input."""
    from core.municipalities import MUNICIPALITIES

    password = sys.stdin.readline().rstrip("\n")
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise click.ClickException(
            f"Das Passwort muss {PASSWORD_MIN} bis {PASSWORD_MAX} Zeichen lang sein."
        )
    if municipality not in MUNICIPALITIES:
        raise click.ClickException(f"Unbekannte Gemeinde: {municipality}")
    if role == Role.PARTNER and not org_name:
        raise click.ClickException("Partner brauchen eine Organisation: --org NAME")
    database = db.session()
    organisation = None
    if org_name:
        organisation = database.exec(
            select(Organisation).where(Organisation.name == org_name)
        ).first()
        if organisation is None:
            raise click.ClickException(f"Unbekannte Organisation: {org_name}")
    try:
        user = service.create_user(
            db=database,
            email=email,
            display_name=display_name or email.split("@")[0],
            municipality=municipality,
            password=password,
            email_verified=True,
            is_tester=role == Role.TESTER,
            is_product_owner=role == Role.PRODUCT_OWNER,
        )
    except service.AccountError as error:
        raise click.ClickException(str(error)) from error
    if organisation is not None:
        service.add_membership(db=database, user=user, organisation=organisation)
    database.commit()
    click.echo(f"Konto angelegt: {user.email} ({role})")


@click.command("demo")
@with_appcontext
def demo_command():
    """Load the demo content of the Jerichower Land (idempotent) and print the demo accounts."""
    from webapp.demo import load_demo

    require_current_schema()
    accounts = load_demo(db=db.session(), password=current_app.config["DEMO_PASSWORD"])
    db.session().commit()
    click.echo("Demo-Konten (Passwort aus LANDWERK_DEMO_PASSWORD):")
    for email, role in accounts:
        click.echo(f"  {email:<28} {role}")
    click.echo(f"  Passwort: {current_app.config['DEMO_PASSWORD']}")


def register_commands(app: Flask) -> None:
    from webapp.stages_cli import stages_cli  # imported late: it needs the app's packages loaded
    from webapp.tasks import tasks_cli

    app.cli.add_command(db_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(stages_cli)
    app.cli.add_command(tasks_cli)
