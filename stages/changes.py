"""How every owner change is carried out: its refusals, its one transaction (the flag version
bumped first, as a row lock), the services it made live announced, the flags written through
to an Unleash server, and its audit entry. Stage control's operations build on these."""

from contextlib import contextmanager

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import update
from sqlmodel import Session, select

from core import audit
from core.db import all_or_nothing
from core.errors import Refusal
from core.models import utcnow
from core.numbers import parse_percent
from core.text import CONTROL_CHARACTERS_MESSAGE, clean_text, has_control_characters
from stages.ladder import FIRST, level_of
from stages.manifest import ServiceManifest
from stages.models import PlatformState, ServiceState
from stages.signals import services_unlocked
from stages.state import ServiceStatus, default_status

REASON_MAX = 1000


class ControlError(Refusal):
    """A change that cannot be made; the message says why, in German."""

    status = 400


class UnknownService(ControlError):
    status = 404


class GuardRailError(ControlError):
    status = 409


class ChangedMeanwhile(ControlError):
    """The owner decided on a stage that is no longer there: a double click, or a second owner
    faster by a moment. Moving on from the new stage would skip a wave nobody looked at."""

    status = 409


class BlockedByReports(GuardRailError):
    def __init__(self, message: str, blockers: list[str]):
        super().__init__(message)
        self.blockers = blockers


@contextmanager
def one_change(db: Session):
    """A refused change leaves nothing behind: not the version bump, not a half-written row,
    not the services it was watching for unlocks."""
    try:
        with all_or_nothing(db):
            yield
    finally:
        db.info.pop("unlock_watch", None)


def begin_change(db: Session, unlocking: list[ServiceManifest] = ()) -> PlatformState:
    """Bump the flag version first: the row lock it takes makes concurrent changes queue up,
    so each one reads the state the previous one left and its audit entry tells the truth."""
    bumped = db.exec(
        update(PlatformState)
        .where(PlatformState.id == 1)
        .values(version=PlatformState.version + 1, updated_at=utcnow())
    )
    if bumped.rowcount == 0:
        db.add(PlatformState(id=1, live_stage=FIRST.key, version=1))
        db.flush()
    db.expire_all()
    # Only promotions and advances unlock: the changelog says when a wave reached everyone.
    db.info["unlock_watch"] = (unlocking, live_keys(db, unlocking))
    return db.get(PlatformState, 1)


def live_keys(db: Session, services: list[ServiceManifest]) -> set[str]:
    """Services live for everyone: enabled, and their stage reached."""
    live_level = level_of(db.get(PlatformState, 1).live_stage)
    return {
        key for key, s in read_statuses(db, services).items() if s.enabled and s.level <= live_level
    }


def finish(db: Session, *, flags_changed: bool = True) -> None:
    """Announce which services this change made live and write the flags through to an Unleash
    server if there is one; the change's transaction then commits it all."""
    db.flush()
    services, live_before = db.info.pop("unlock_watch", ((), set()))
    newly_live = live_keys(db, services) - live_before
    unlocked = [service for service in services if service.key in newly_live]
    if unlocked:
        live_stage = db.get(PlatformState, 1).live_stage
        services_unlocked.send(db, services=unlocked, live_stage=live_stage)
    if flags_changed:
        write_through(db)


def write_through(db: Session) -> None:
    """The flag source writes the new state before the commit (the embedded one has nothing to
    write): if that write fails, the change is rolled back and nothing is half-done here. If
    the commit fails after the write, the next change or `stages sync` sets the server right."""
    source = current_app.extensions.get("flags") if has_app_context() else None
    if source is not None:
        source.write_through(db)


def record_change(db: Session, actor: audit.Actor, action, subject, before, after, reason) -> None:
    audit.record(
        db, actor=actor, action=action, subject=subject, before=before, after=after, reason=reason
    )


def clean_reason(reason: str | None) -> str:
    """A reason from a form, the API or the command line, cleaned and checked like every text."""
    reason = clean_text(reason or "")
    if len(reason) > REASON_MAX:
        raise ControlError(
            _("Die Begründung darf höchstens %(max)d Zeichen haben.", max=REASON_MAX)
        )
    if has_control_characters(reason):
        raise ControlError(CONTROL_CHARACTERS_MESSAGE)
    return reason


def parse_rollout(value) -> int:
    """A share from a form, the command line or a JSON body (50 or "50"; not "²", 50.5, true)."""
    percent = parse_percent(value.strip() if isinstance(value, str) else value)
    if percent is None:
        raise ControlError(_("Der Anteil muss eine ganze Zahl von 0 bis 100 sein."))
    return percent


def status_of(row: ServiceState) -> ServiceStatus:
    return ServiceStatus(key=row.key, stage=row.stage, enabled=row.enabled, rollout=row.rollout)


def read_statuses(db: Session, services: list[ServiceManifest]) -> dict[str, ServiceStatus]:
    rows = {row.key: row for row in db.exec(select(ServiceState))}
    return {s.key: status_of(rows[s.key]) if s.key in rows else default_status(s) for s in services}
