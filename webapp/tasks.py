"""The services' scheduled steps on the task queue (core/tasks.py), and `flask --app webapp
tasks` to see and run them by hand."""

import logging

import click
from flask import Flask, current_app
from huey import crontab
from sqlmodel import Session

from core import db, mail
from core.models import utcnow
from core.tasks import bind, queue
from feedback import SCHEDULED as FEEDBACK_STEPS
from stages.manifest import ScheduledStep
from webapp.cli import MigratedGroup

log = logging.getLogger(__name__)

# huey keeps one registry per process; apps built again (tests, workers) must not add twice.
_registered: set[str] = set()


def init_app(app: Flask) -> None:
    bind(app)
    for step in scheduled_steps(app):
        if step.name not in _registered:
            _registered.add(step.name)
            _schedule(step)


# The platform's own: mails whose task was lost are handed to the queue again.
PLATFORM_STEPS = (ScheduledStep(name="mail.resend_stranded", run=mail.resend_stranded),)


def scheduled_steps(app: Flask) -> list[ScheduledStep]:
    """The platform's steps, the feedback layer's (the weekly digest of notifications), then
    the services'."""
    return [
        *PLATFORM_STEPS,
        *FEEDBACK_STEPS,
        *(step for service in app.extensions["services"] for step in service.scheduled),
    ]


def run_step(step: ScheduledStep) -> int:
    """One run of a step in its own transaction: what it did is committed together."""
    with Session(db.engine(), expire_on_commit=False) as session:
        done = step.run(session, utcnow())
        session.commit()
    log.info("scheduled step %s: %d done", step.name, done)
    return done


def _schedule(step: ScheduledStep) -> None:
    when = crontab(minute=step.minute, hour=step.hour, day=step.day, month=step.month)

    def run_scheduled_step():
        return run_step(step)

    queue.periodic_task(when, name=step.name)(run_scheduled_step)


tasks_cli = MigratedGroup("tasks", help="Scheduled steps of the services (task queue).")


@tasks_cli.command("list")
def tasks_list():
    """Every scheduled step and when it runs."""
    for step in scheduled_steps(current_app):
        click.echo(f"{step.name:<40} {step.minute} {step.hour} {step.day} {step.month}")


@tasks_cli.command("run-due")
def tasks_run_due():
    """Run every scheduled step once now (each is idempotent: what is done stays done)."""
    for step in scheduled_steps(current_app):
        click.echo(f"{step.name}: {run_step(step)}")
