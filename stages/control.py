"""What product owners change: promote, demote, roll out, kill, restore, move the live stage,
plan services. Every change is checked against the guard rails, bumps the flag version and
leaves an audit entry, all in one transaction – or changes nothing."""

from dataclasses import asdict

from flask_babel import gettext as _
from sqlmodel import Session, select

from core.models import utcnow
from core.numbers import parse_id
from stages import audit_labels  # noqa: F401  (the log's words for the actions recorded here)
from stages.changes import (  # the refusals, REASON_MAX and parse_rollout are control's too
    REASON_MAX as REASON_MAX,
)
from stages.changes import (
    BlockedByReports,
    ChangedMeanwhile,
    ControlError,
    GuardRailError,
    UnknownService,
    begin_change,
    clean_reason,
    finish,
    one_change,
    read_statuses,
    record_change,
    status_of,
)
from stages.changes import parse_rollout as parse_rollout
from stages.ladder import FIRST, LAST, STAGES, at_level, level_of
from stages.manifest import FLAG_NAME, ServiceManifest
from stages.models import PlannedService, ServiceState
from stages.signals import promotion_blockers
from stages.state import ServiceStatus, default_status


def _stage_label(key: str) -> str:
    return str(STAGES[key].label)


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


def _check_seen(seen_stage: str | None, stage_now: str) -> None:
    """Compare-and-set: called after `begin_change` took the row lock, so no other change can
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
                    "%(stage)s. Bitte zuerst „%(dependency)s“ eine Stufe weiter freischalten.",
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
    reason = clean_reason(reason)
    service = _manifest(services, key)
    platform = begin_change(db, services if step < 0 else ())
    row = _status_row(db, service)
    before = status_of(row)
    _check_seen(seen_stage, before.stage)
    new_level = before.level + step
    if new_level < FIRST.level:
        raise GuardRailError(_("„%(key)s“ steht schon auf der ersten Stufe.", key=key))
    if new_level > LAST.level:
        raise GuardRailError(_("„%(key)s“ steht schon auf der letzten Stufe.", key=key))
    _check_dependencies(services, read_statuses(db, services), key, new_level)
    live_level = level_of(platform.live_stage)
    if step < 0 and new_level <= live_level < before.level and row.enabled:
        _check_blockers(db, [key], override_blockers, reason)
    row.stage = at_level(new_level).key
    row.updated_by_id = actor.id
    row.updated_at = utcnow()
    db.add(row)
    record_change(db, actor, action, key, asdict(before), asdict(status_of(row)), reason)
    finish(db)
    return status_of(row)


def promote_service(
    *, db, services, key, actor, reason="", override_blockers=False, seen_stage=None
) -> ServiceStatus:
    """One stage toward live (truck → moped → bicycle); from `seen_stage` only, if given."""
    with one_change(db):
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
    with one_change(db):
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


def set_rollout(*, db, services, key, percent, actor, reason="") -> ServiceStatus:
    """Share of residents (sticky per person) who see a live service; testers always do."""
    with one_change(db):
        percent = parse_rollout(percent)
        reason = clean_reason(reason)
        service = _manifest(services, key)
        begin_change(db)
        row = _status_row(db, service)
        before = status_of(row)
        row.rollout = percent
        row.updated_by_id, row.updated_at = actor.id, utcnow()
        db.add(row)
        record_change(db, actor, "rollout", key, asdict(before), asdict(status_of(row)), reason)
        finish(db)
        return status_of(row)


def _switch(*, db, services, key, actor, reason, enabled: bool) -> ServiceStatus:
    reason = clean_reason(reason)
    service = _manifest(services, key)
    begin_change(db)
    row = _status_row(db, service)
    before = status_of(row)
    row.enabled = enabled
    row.updated_by_id, row.updated_at = actor.id, utcnow()
    db.add(row)
    record_change(
        db,
        actor,
        "restore" if enabled else "kill",
        key,
        asdict(before),
        asdict(status_of(row)),
        reason,
    )
    finish(db)
    return status_of(row)


def kill_service(*, db, services, key, actor, reason="") -> ServiceStatus:
    """The kill switch: off for everyone at once, whatever its stage. Never blocked."""
    with one_change(db):
        return _switch(db=db, services=services, key=key, actor=actor, reason=reason, enabled=False)


def restore_service(*, db, services, key, actor, reason="") -> ServiceStatus:
    with one_change(db):
        return _switch(db=db, services=services, key=key, actor=actor, reason=reason, enabled=True)


def _move_platform(
    *, db, services, actor, reason, step: int, override_blockers: bool, seen_stage
) -> str:
    reason = clean_reason(reason)
    platform = begin_change(db, services if step > 0 else ())
    before = platform.live_stage
    _check_seen(seen_stage, before)
    new_level = level_of(before) + step
    if new_level < FIRST.level:
        raise GuardRailError(_("Die Plattform steht schon auf der ersten Stufe."))
    if new_level > LAST.level:
        raise GuardRailError(_("Die Plattform steht schon auf der letzten Stufe."))
    if step > 0:
        statuses = read_statuses(db, services)
        going_live = [k for k, s in statuses.items() if s.level == new_level and s.enabled]
        _check_blockers(db, going_live, override_blockers, reason)
    platform.live_stage = at_level(new_level).key
    db.add(platform)
    record_change(
        db,
        actor,
        "advance" if step > 0 else "retreat",
        "platform",
        {"live_stage": before},
        {"live_stage": platform.live_stage},
        reason,
    )
    finish(db)
    return platform.live_stage


def advance_platform(
    *, db, services, actor, reason="", override_blockers=False, seen_stage=None
) -> str:
    """The next wave goes live for everyone; the one after it becomes the testers' preview.
    From the live stage `seen_stage` only, if given."""
    with one_change(db):
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
    with one_change(db):
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
    with one_change(db):
        fields = _planned_fields(
            services=services, key=key, title=title, summary=summary, target_stage=target_stage
        )
        begin_change(db)
        if db.exec(select(PlannedService).where(PlannedService.key == fields["key"])).first():
            raise GuardRailError(
                _("Es gibt schon einen geplanten Dienst „%(key)s“.", key=fields["key"])
            )
        planned = PlannedService(**fields, origin_idea_id=origin_idea_id)
        db.add(planned)
        record_change(db, actor, "plan", planned.key, {}, _planned_record(planned), "")
        finish(db, flags_changed=False)
        return planned


def _planned(db: Session, planned_id) -> PlannedService:
    planned = db.get(PlannedService, number) if (number := parse_id(planned_id)) else None
    if planned is None:
        raise UnknownService(_("Unbekannter geplanter Dienst."))
    return planned


def update_planned_service(
    *, db, services, planned_id, title, summary, target_stage, actor
) -> PlannedService:
    with one_change(db):
        planned = _planned(db, planned_id)
        fields = _planned_fields(
            services=services,
            key=planned.key,
            title=title,
            summary=summary,
            target_stage=target_stage,
        )
        begin_change(db)
        planned = _planned(db, planned_id)
        before = _planned_record(planned)
        planned.title, planned.summary, planned.target_stage = (
            fields["title"],
            fields["summary"],
            fields["target_stage"],
        )
        db.add(planned)
        record_change(db, actor, "plan_edit", planned.key, before, _planned_record(planned), "")
        finish(db, flags_changed=False)
        return planned


def delete_planned_service(*, db, planned_id, actor, reason="") -> None:
    with one_change(db):
        reason = clean_reason(reason)
        _planned(db, planned_id)
        begin_change(db)
        planned = _planned(db, planned_id)
        record_change(db, actor, "plan_delete", planned.key, _planned_record(planned), {}, reason)
        db.delete(planned)
        finish(db, flags_changed=False)
