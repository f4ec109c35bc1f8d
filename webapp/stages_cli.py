"""`flask --app webapp stages …`: the product owners' controls on the command line.

Every change goes through stages.control, so the same guard rails apply and the same audit
entries are written as in the console; a refusal exits non-zero and writes nothing."""

import getpass
import json
from functools import wraps

import click
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core import db
from core.accounts import find_user_by_email
from core.audit import Actor
from core.errors import Refusal
from core.formatting import local_timezone
from core.models import as_utc
from flags import access
from flags.payload import build_payload
from flags.server import ServerFlags
from stages import control
from stages.ladder import STAGES
from stages.state import read_snapshot
from webapp.admin.actions import platform_done, service_done, stage_label
from webapp.admin.audit import (
    action_label,
    describe_changes,
    entry_record,
    recent_entries,
)
from webapp.admin.overview import AUDIENCE_LABELS, read_overview
from webapp.cli import MigratedGroup

stages_cli = MigratedGroup("stages", help="Stages, flags and the audit log of the services.")


def _actor(email: str | None) -> Actor:
    if email is None:
        return Actor(id=None, label="cli:" + getpass.getuser())
    user = find_user_by_email(db=db.session(), email=email)
    if user is None:
        raise click.ClickException(f"Kein Konto mit der E-Mail-Adresse {email}.")
    if not user.is_product_owner:
        raise click.ClickException(
            f"{user.email} hat keine Produktverantwortung und darf keine Stufen ändern."
        )
    return Actor.of(user)


def _change(command):
    """Adds --reason and --as; turns a refusal into an error exit with its German message."""

    @click.option("--reason", default="", help="Why (kept in the audit log, ≤ 1000 characters).")
    @click.option("--as", "as_email", metavar="EMAIL", help="Act as this product owner's account.")
    @wraps(command)
    def run(reason, as_email, **arguments):
        try:
            message = command(actor=_actor(as_email), reason=reason, **arguments)
        except control.BlockedByReports as error:
            raise click.ClickException(
                f"{error}\nÜbergehen mit --override-blockers und einer --reason."
            ) from error
        except Refusal as error:
            raise click.ClickException(str(error)) from error
        click.echo(message)

    return run


def _title(key: str) -> str:
    return next((str(s.title) for s in access.services() if s.key == key), key)


def _service_change(operation, action: str, key: str, **arguments) -> str:
    status = operation(db=db.session(), services=access.services(), key=key, **arguments)
    return service_done(action, _title(key), status)


OVERRIDE = click.option(
    "--override-blockers",
    is_flag=True,
    help="Go live despite open blocker reports from testers (needs --reason).",
)


@stages_cli.command("promote")
@click.argument("key")
@OVERRIDE
@_change
def promote(key, **arguments):
    """Move a service one stage toward live (truck → moped → bicycle)."""
    return _service_change(control.promote_service, "promote", key, **arguments)


@stages_cli.command("demote")
@click.argument("key")
@_change
def demote(key, **arguments):
    """Move a service one stage away from live."""
    return _service_change(control.demote_service, "demote", key, **arguments)


@stages_cli.command("rollout")
@click.argument("key")
@click.argument("percent")
@_change
def rollout(key, percent, **arguments):
    """Set the share of residents (0–100 %) who see a live service."""
    return _service_change(control.set_rollout, "rollout", key, percent=percent, **arguments)


@stages_cli.command("kill")
@click.argument("key")
@_change
def kill(key, **arguments):
    """Switch a service off for everyone at once."""
    return _service_change(control.kill_service, "kill", key, **arguments)


@stages_cli.command("restore")
@click.argument("key")
@_change
def restore(key, **arguments):
    """Switch a killed service back on."""
    return _service_change(control.restore_service, "restore", key, **arguments)


@stages_cli.command("advance")
@OVERRIDE
@_change
def advance(**arguments):
    """The next wave goes live for everyone."""
    return platform_done(
        control.advance_platform(db=db.session(), services=access.services(), **arguments)
    )


@stages_cli.command("retreat")
@_change
def retreat(**arguments):
    """Step the live wave back one stage."""
    return platform_done(
        control.retreat_platform(db=db.session(), services=access.services(), **arguments)
    )


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


@stages_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="As JSON, for scripts.")
def list_services(as_json):
    """Every service, built and planned, with its stage and flags."""
    language = str(get_locale())
    overview = read_overview(db.session(), access.services(), language)
    if as_json:
        fields = ("key", "title", "stage", "home_stage", "enabled", "rollout", "implemented")
        records = [{name: getattr(row, name) for name in fields} for row in overview.rows]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    click.echo(f"Live für alle: {stage_label(overview.snapshot.live_stage)}")
    header = ["SCHLÜSSEL", "TITEL", "STUFE", "HEIMAT", "SIEHT IHN", "ANTEIL", "AN", "ART"]
    rows = [
        [
            row.key,
            row.title,
            str(STAGES[row.stage].label),
            str(STAGES[row.home_stage].label),
            str(AUDIENCE_LABELS[row.audience]),
            f"{row.rollout} %" if row.implemented else "–",
            ("an" if row.enabled else "aus") if row.implemented else "–",
            "gebaut" if row.implemented else "geplant",
        ]
        for row in overview.rows
    ]
    click.echo(_table([header, *rows]))


@stages_cli.command("audit")
@click.option("--json", "as_json", is_flag=True, help="As JSON, for scripts.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
def audit(as_json, limit):
    """The newest entries of the audit log."""
    entries = recent_entries(db.session(), limit)
    if as_json:
        records = [entry_record(entry) for entry in entries]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for entry in entries:
        when = as_utc(entry.at).astimezone(local_timezone()).strftime("%d.%m.%Y %H:%M")
        parts = [when, entry.actor, action_label(entry.action), entry.subject]
        parts += describe_changes(entry)
        if entry.reason:
            parts.append(f"Begründung: {entry.reason}")
        click.echo(" · ".join(parts))


@stages_cli.command("export")
def export():
    """The Unleash client-features payload of the current state (as a server would serve it)."""
    services = access.services()
    payload = build_payload(read_snapshot(db.session(), services), services)
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


SYNC_CHANGES = {
    "created": _l("Schalter angelegt"),
    "strategies": _l("Strategien ersetzt"),
    "on": _l("eingeschaltet"),
    "off": _l("ausgeschaltet"),
}


@stages_cli.command("sync")
def sync():
    """Push the database's stages and switches into the Unleash server (idempotent)."""
    source = current_app.extensions["flags"]
    if not isinstance(source, ServerFlags):
        raise click.ClickException(
            _(
                "Kein Unleash-Server eingerichtet: UNLEASH_URL, UNLEASH_CLIENT_TOKEN und "
                "UNLEASH_ADMIN_TOKEN setzen."
            )
        )
    try:
        changes = source.sync(db.session())
    except Refusal as error:
        raise click.ClickException(str(error)) from error
    if not changes:
        click.echo(_("Unleash ist schon auf dem Stand der Datenbank."))
        return
    for subject, what in changes:
        if subject == "context":
            click.echo(_("Kontextfeld %(name)s angelegt", name=what))
        else:
            click.echo(f"{subject}: {SYNC_CHANGES[what]}")
    click.echo(_("%(count)d Änderungen an Unleash übertragen.", count=len(changes)))
