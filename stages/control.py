"""What product owners change: promote, demote, roll out, kill, restore, move the live stage,
plan services. Every change is checked against the guard rails, bumps the flag version and
leaves an audit entry, all in one transaction – or changes nothing."""

from contextlib import contextmanager
from dataclasses import asdict

from flask import current_app, has_app_context
from flask_babel import gettext as _
from sqlalchemy import update
from sqlmodel import Session, select

from core import audit
from core.db import all_or_nothing
from core.errors import Refusal
from core.models import utcnow
from stages import audit_labels  # noqa: F401  (the log's words for the actions recorded here)
from stages.ladder import FIRST, LAST, STAGES, at_level, level_of
from stages.manifest import FLAG_NAME, ServiceManifest
from stages.models import PlannedService, PlatformState, ServiceState
from stages.signals import promotion_blockers, services_unlocked
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


def _stage_label(key: str) -> str:
    return str(STAGES[key].label)


@contextmanager
def _one_change(db: Session):
    """A refused change leaves nothing behind: not the version bump, not a half-written row,
    not the services it was watching for unlocks."""
    try:
        with all_or_nothing(db):
            yield
    finally:
        db.info.pop("unlock_watch", None)


def _begin_change(db: Session, unlocking: list[ServiceManifest] = ()) -> PlatformState:
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
    db.info["unlock_watch"] = (unlocking, _live_keys(db, unlocking))
    return db.get(PlatformState, 1)


def _live_keys(db: Session, services: list[ServiceManifest]) -> set[str]:
    """Services live for everyone: enabled, and their stage reached."""
    live_level = level_of(db.get(PlatformState, 1).live_stage)
    return {
        key for key, s in _statuses(db, services).items() if s.enabled and s.level <= live_level
    }


def _finish(db: Session, *, flags_changed: bool = True) -> None:
    """Announce which services this change made live and write the flags through to an Unleash
    server if there is one; the change's transaction then commits it all."""
    db.flush()
    services, live_before = db.info.pop("unlock_watch", ((), set()))
    newly_live = _live_keys(db, services) - live_before
    unlocked = [service for service in services if service.key in newly_live]
    if unlocked:
        live_stage = db.get(PlatformState, 1).live_stage
        services_unlocked.send(db, services=unlocked, live_stage=live_stage)
    if flags_changed:
        _write_through(db)


def _write_through(db: Session) -> None:
    """The flag source writes the new state before the commit (the embedded one has nothing to
    write): if that write fails, the change is rolled back and nothing is half-done here. If
    the commit fails after the write, the next change or `stages sync` sets the server right."""
    source = current_app.extensions.get("flags") if has_app_context() else None
    if source is not None:
        source.write_through(db)


def _audit(db: Session, actor: audit.Actor, action, subject, before, after, reason) -> None:
    audit.record(
        db, actor=actor, action=action, subject=subject, before=before, after=after, reason=reason
    )


def _clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ControlError(
            _("Die Begründung darf höchstens %(max)d Zeichen haben.", max=REASON_MAX)
        )
    return reason


def _manifest(services: list[ServiceManifest], key: str) -> ServiceManifest:
    for service in services:
        if service.key == key:
            return service
    raise UnknownService(_("Unbekannter Dienst: %(key)s", key=key))


def _status_row(db: Session, service: ServiceManifest) -> ServiceState:
    row = db.get(ServiceState, service.key)
    if row is None:
        default = default_status(service)
        row = ServiceState(
            key=service.key, stage=default.stage, enabled=default.enabled, rollout=default.rollout
        )
        db.add(row)
        db.flush()
    return row


def _status(row: ServiceState) -> ServiceStatus:
    return ServiceStatus(key=row.key, stage=row.stage, enabled=row.enabled, rollout=row.rollout)


def _statuses(db: Session, services: list[ServiceManifest]) -> dict[str, ServiceStatus]:
    rows = {row.key: row for row in db.exec(select(ServiceState))}
    return {s.key: _status(rows[s.key]) if s.key in rows else default_status(s) for s in services}


def _check_seen(seen_stage: str | None, stage_now: str) -> None:
    """Compare-and-set: called after `_begin_change` took the row lock, so no other change can
    slip between this comparison and the write. Without a seen stage (the CLI) there is nothing
    to compare."""
    if seen_stage is not None and seen_stage != stage_now:
        raise ChangedMeanwhile(
            _(
                "Das wurde inzwischen von jemand anderem geändert: jetzt Stufe %(stage)s. "
                "Bitte von dort aus neu entscheiden.",
                stage=_stage_label(stage_now),
            )
        )


def _check_dependencies(
    services: list[ServiceManifest], statuses: dict[str, ServiceStatus], key: str, new_level: int
) -> None:
    """A service may not be nearer to live than any service it depends on, and no service
    may be further from live than one that depends on it."""
    manifest = _manifest(services, key)
    for dependency in manifest.depends_on:
        if statuses[dependency].level > new_level:
            raise GuardRailError(
                _(
                    "„%(key)s“ braucht „%(dependency)s“, und „%(dependency)s“ steht erst auf Stufe "
                    "%(stage)s. Bitte zuerst „%(dependency)s“ befördern.",
                    key=key,
                    dependency=dependency,
                    stage=_stage_label(statuses[dependency].stage),
                )
            )
    for other in services:
        if key in other.depends_on and statuses[other.key].level < new_level:
            raise GuardRailError(
                _(
                    "„%(other)s“ hängt von „%(key)s“ ab und steht schon auf Stufe %(stage)s. "
                    "Bitte zuerst „%(other)s“ zurückstufen.",
                    other=other.key,
                    key=key,
                    stage=_stage_label(statuses[other.key].stage),
                )
            )


def _check_blockers(db: Session, keys: list[str], override: bool, reason: str) -> None:
    blockers = [
        f"{key}: {text}"
        for key in keys
        for _receiver, texts in promotion_blockers.send(db, key=key)
        for text in texts
    ]
    if not blockers:
        return
    if override and reason:
        return
    if override:
        raise GuardRailError(
            _("Wer offene Blocker-Meldungen übergeht, muss eine Begründung angeben.")
        )
    raise BlockedByReports(
        _(
            "Offene Blocker-Meldungen von Testerinnen und Testern verhindern die Freischaltung: %(list)s",
            list="; ".join(blockers),
        ),
        blockers,
    )


def _move_service(
    *, db, services, key, actor, reason, step: int, action: str, override_blockers: bool, seen_stage
) -> ServiceStatus:
    reason = _clean_reason(reason)
    service = _manifest(services, key)
    platform = _begin_change(db, services if step < 0 else ())
    row = _status_row(db, service)
    before = _status(row)
    _check_seen(seen_stage, before.stage)
    new_level = before.level + step
    if new_level < FIRST.level:
        raise GuardRailError(_("„%(key)s“ steht schon auf der ersten Stufe.", key=key))
    if new_level > LAST.level:
        raise GuardRailError(_("„%(key)s“ steht schon auf der letzten Stufe.", key=key))
    _check_dependencies(services, _statuses(db, services), key, new_level)
    live_level = level_of(platform.live_stage)
    if step < 0 and new_level <= live_level < before.level and row.enabled:
        _check_blockers(db, [key], override_blockers, reason)
    row.stage = at_level(new_level).key
    row.updated_by_id = actor.id
    row.updated_at = utcnow()
    db.add(row)
    _audit(db, actor, action, key, asdict(before), asdict(_status(row)), reason)
    _finish(db)
    return _status(row)


def promote_service(
    *, db, services, key, actor, reason="", override_blockers=False, seen_stage=None
) -> ServiceStatus:
    """One stage toward live (truck → moped → bicycle); from `seen_stage` only, if given."""
    with _one_change(db):
        return _move_service(
            db=db,
            services=services,
            key=key,
            actor=actor,
            reason=reason,
            step=-1,
            action="promote",
            override_blockers=override_blockers,
            seen_stage=seen_stage,
        )


def demote_service(*, db, services, key, actor, reason="", seen_stage=None) -> ServiceStatus:
    """One stage away from live; from `seen_stage` only, if given."""
    with _one_change(db):
        return _move_service(
            db=db,
            services=services,
            key=key,
            actor=actor,
            reason=reason,
            step=+1,
            action="demote",
            override_blockers=False,
            seen_stage=seen_stage,
        )


def parse_rollout(value) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 0 <= int(text) <= 100:
        raise ControlError(_("Der Anteil muss eine ganze Zahl von 0 bis 100 sein."))
    return int(text)


def set_rollout(*, db, services, key, percent, actor, reason="") -> ServiceStatus:
    """Share of residents (sticky per person) who see a live service; testers always do."""
    with _one_change(db):
        percent = parse_rollout(percent)
        reason = _clean_reason(reason)
        service = _manifest(services, key)
        _begin_change(db)
        row = _status_row(db, service)
        before = _status(row)
        row.rollout = percent
        row.updated_by_id, row.updated_at = actor.id, utcnow()
        db.add(row)
        _audit(db, actor, "rollout", key, asdict(before), asdict(_status(row)), reason)
        _finish(db)
        return _status(row)


def _switch(*, db, services, key, actor, reason, enabled: bool) -> ServiceStatus:
    reason = _clean_reason(reason)
    service = _manifest(services, key)
    _begin_change(db)
    row = _status_row(db, service)
    before = _status(row)
    row.enabled = enabled
    row.updated_by_id, row.updated_at = actor.id, utcnow()
    db.add(row)
    _audit(
        db,
        actor,
        "restore" if enabled else "kill",
        key,
        asdict(before),
        asdict(_status(row)),
        reason,
    )
    _finish(db)
    return _status(row)


def kill_service(*, db, services, key, actor, reason="") -> ServiceStatus:
    """The kill switch: off for everyone at once, whatever its stage. Never blocked."""
    with _one_change(db):
        return _switch(db=db, services=services, key=key, actor=actor, reason=reason, enabled=False)


def restore_service(*, db, services, key, actor, reason="") -> ServiceStatus:
    with _one_change(db):
        return _switch(db=db, services=services, key=key, actor=actor, reason=reason, enabled=True)


def _move_platform(
    *, db, services, actor, reason, step: int, override_blockers: bool, seen_stage
) -> str:
    reason = _clean_reason(reason)
    platform = _begin_change(db, services if step > 0 else ())
    before = platform.live_stage
    _check_seen(seen_stage, before)
    new_level = level_of(before) + step
    if new_level < FIRST.level:
        raise GuardRailError(_("Die Plattform steht schon auf der ersten Stufe."))
    if new_level > LAST.level:
        raise GuardRailError(_("Die Plattform steht schon auf der letzten Stufe."))
    if step > 0:
        statuses = _statuses(db, services)
        going_live = [k for k, s in statuses.items() if s.level == new_level and s.enabled]
        _check_blockers(db, going_live, override_blockers, reason)
    platform.live_stage = at_level(new_level).key
    db.add(platform)
    _audit(
        db,
        actor,
        "advance" if step > 0 else "retreat",
        "platform",
        {"live_stage": before},
        {"live_stage": platform.live_stage},
        reason,
    )
    _finish(db)
    return platform.live_stage


def advance_platform(
    *, db, services, actor, reason="", override_blockers=False, seen_stage=None
) -> str:
    """The next wave goes live for everyone; the one after it becomes the testers' preview.
    From the live stage `seen_stage` only, if given."""
    with _one_change(db):
        return _move_platform(
            db=db,
            services=services,
            actor=actor,
            reason=reason,
            step=+1,
            override_blockers=override_blockers,
            seen_stage=seen_stage,
        )


def retreat_platform(*, db, services, actor, reason="", seen_stage=None) -> str:
    with _one_change(db):
        return _move_platform(
            db=db,
            services=services,
            actor=actor,
            reason=reason,
            step=-1,
            override_blockers=False,
            seen_stage=seen_stage,
        )


PLANNED_TITLE_MAX = 120
PLANNED_SUMMARY_MAX = 1000


def _planned_fields(*, services, key, title, summary, target_stage) -> dict:
    key = (key or "").strip()
    title = (title or "").strip()
    summary = (summary or "").strip()
    if not FLAG_NAME.match(key):
        raise ControlError(
            _("Der Schlüssel braucht 2–40 Zeichen: Kleinbuchstaben, Ziffern, Unterstrich.")
        )
    if any(service.key == key for service in services):
        raise GuardRailError(_("„%(key)s“ ist schon ein gebauter Dienst.", key=key))
    if not title or len(title) > PLANNED_TITLE_MAX:
        raise ControlError(_("Der Titel muss 1 bis %(max)d Zeichen haben.", max=PLANNED_TITLE_MAX))
    if len(summary) > PLANNED_SUMMARY_MAX:
        raise ControlError(
            _("Die Beschreibung darf höchstens %(max)d Zeichen haben.", max=PLANNED_SUMMARY_MAX)
        )
    if target_stage not in STAGES:
        raise ControlError(_("Unbekannte Stufe."))
    return {"key": key, "title": title, "summary": summary, "target_stage": target_stage}


def _planned_record(planned: PlannedService) -> dict:
    return {
        "key": planned.key,
        "title": planned.title,
        "summary": planned.summary,
        "target_stage": planned.target_stage,
    }


def create_planned_service(
    *, db, services, key, title, summary, target_stage, actor, origin_idea_id=None
) -> PlannedService:
    with _one_change(db):
        fields = _planned_fields(
            services=services, key=key, title=title, summary=summary, target_stage=target_stage
        )
        _begin_change(db)
        if db.exec(select(PlannedService).where(PlannedService.key == fields["key"])).first():
            raise GuardRailError(
                _("Es gibt schon einen geplanten Dienst „%(key)s“.", key=fields["key"])
            )
        planned = PlannedService(**fields, origin_idea_id=origin_idea_id)
        db.add(planned)
        _audit(db, actor, "plan", planned.key, {}, _planned_record(planned), "")
        _finish(db, flags_changed=False)
        return planned


def _planned(db: Session, planned_id) -> PlannedService:
    planned = db.get(PlannedService, planned_id) if str(planned_id).isdigit() else None
    if planned is None:
        raise UnknownService(_("Unbekannter geplanter Dienst."))
    return planned


def update_planned_service(
    *, db, services, planned_id, title, summary, target_stage, actor
) -> PlannedService:
    with _one_change(db):
        planned = _planned(db, planned_id)
        fields = _planned_fields(
            services=services,
            key=planned.key,
            title=title,
            summary=summary,
            target_stage=target_stage,
        )
        _begin_change(db)
        planned = _planned(db, planned_id)
        before = _planned_record(planned)
        planned.title, planned.summary, planned.target_stage = (
            fields["title"],
            fields["summary"],
            fields["target_stage"],
        )
        db.add(planned)
        _audit(db, actor, "plan_edit", planned.key, before, _planned_record(planned), "")
        _finish(db, flags_changed=False)
        return planned


def delete_planned_service(*, db, planned_id, actor, reason="") -> None:
    with _one_change(db):
        reason = _clean_reason(reason)
        _planned(db, planned_id)
        _begin_change(db)
        planned = _planned(db, planned_id)
        _audit(db, actor, "plan_delete", planned.key, _planned_record(planned), {}, reason)
        db.delete(planned)
        _finish(db, flags_changed=False)
