"""Reading the audit log: filtered, newest first, in pages, and said in words."""

import json
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlmodel import Session, select

from core.audit import AuditEntry
from stages.ladder import STAGES, is_stage

BERLIN = ZoneInfo("Europe/Berlin")
PAGE_SIZE = 25
PLATFORM = "platform"  # the subject of advance/retreat entries

ACTION_LABELS = {
    "promote": _l("Befördert"),
    "demote": _l("Zurückgestuft"),
    "rollout": _l("Anteil gesetzt"),
    "kill": _l("Abgeschaltet"),
    "restore": _l("Wieder eingeschaltet"),
    "advance": _l("Plattform eine Stufe weiter"),
    "retreat": _l("Plattform eine Stufe zurück"),
    "plan": _l("Geplanten Dienst angelegt"),
    "plan_edit": _l("Geplanten Dienst geändert"),
    "plan_delete": _l("Geplanten Dienst gelöscht"),
    # Written by the feedback module (moderation, ideas, tester reports).
    "comment_restore": _l("Kommentar wiederhergestellt"),
    "comment_hide": _l("Kommentar ausgeblendet"),
    "user_block": _l("Nutzer gesperrt"),
    "idea_status": _l("Status einer Idee geändert"),
    "report_resolve": _l("Rückmeldung erledigt"),
}

# In this order; `key` is left out: it is the entry's subject already.
FIELD_LABELS = {
    "live_stage": _l("Live-Stufe"),
    "stage": _l("Stufe"),
    "rollout": _l("Anteil"),
    "enabled": _l("Eingeschaltet"),
    "title": _l("Titel"),
    "summary": _l("Beschreibung"),
    "target_stage": _l("Zielstufe"),
    "hidden": _l("Ausgeblendet"),
    "moderated": _l("Entschieden"),
    "is_blocked": _l("Gesperrt"),
    "status": _l("Status"),
    "answer": _l("Antwort"),
    "duplicate_of_id": _l("Doppelt zu Idee"),
    "planned_key": _l("Geplanter Dienst"),
    "resolved": _l("Erledigt"),
    "redirected_duplicates": _l("Umgeleitete Duplikate"),
}


@dataclass(frozen=True)
class AuditFilters:
    subject: str = ""
    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    number: int
    pages: int
    total: int


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def subject_label(subject: str, titles: dict[str, str]) -> str:
    if subject == PLATFORM:
        return _("Plattform")
    return f"{titles[subject]} ({subject})" if subject in titles else subject


def _berlin_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=BERLIN)


def _filtered(statement, filters: AuditFilters):
    if filters.subject:
        statement = statement.where(AuditEntry.subject == filters.subject)
    if filters.action:
        statement = statement.where(AuditEntry.action == filters.action)
    if filters.actor:
        statement = statement.where(AuditEntry.actor == filters.actor)
    # Days as people in the district count them: from midnight to midnight in Berlin.
    if filters.since:
        statement = statement.where(AuditEntry.at >= _berlin_midnight(filters.since))
    if filters.until:
        statement = statement.where(
            AuditEntry.at < _berlin_midnight(filters.until + timedelta(days=1))
        )
    return statement


def audit_page(db: Session, filters: AuditFilters, number: int) -> AuditPage:
    total = db.exec(_filtered(select(func.count()).select_from(AuditEntry), filters)).one()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(max(1, number), pages)
    entries = db.exec(
        _filtered(select(AuditEntry), filters)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return AuditPage(entries=list(entries), number=number, pages=pages, total=total)


def recent_entries(db: Session, limit: int) -> list[AuditEntry]:
    statement = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return list(db.exec(statement.limit(limit)))


def filter_choices(db: Session, titles: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The filters offer what the log holds, deleted planned services included."""

    def distinct(column) -> list[str]:
        return list(db.exec(select(column).distinct().order_by(column)))

    # Every known action, so owners can look for one before it first happens; then any other.
    actions = list(ACTION_LABELS)
    actions += [action for action in distinct(AuditEntry.action) if action not in ACTION_LABELS]
    return {
        "subject": [(s, subject_label(s, titles)) for s in distinct(AuditEntry.subject)],
        "action": [(a, action_label(a)) for a in actions],
        "actor": [(a, a) for a in distinct(AuditEntry.actor)],
    }


def recorded(text: str) -> dict:
    """The before/after record of an entry; written by stages.control as a JSON object."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _value(name: str, value) -> str:
    if value is None:
        return "—"
    if name in ("stage", "live_stage", "target_stage") and is_stage(value):
        return str(STAGES[value].label)
    if name == "rollout":
        return f"{value} %"
    if name == "enabled":
        return _("an") if value else _("aus")
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if name == "status":
        # Imported here: the feedback package imports the console's forms at its own import.
        from feedback.ideas.service import status_label

        return status_label(value)
    return str(value)


def describe_changes(entry: AuditEntry) -> list[str]:
    """What changed, field by field, in words: "Stufe: LKW → Moped", "Anteil: 100 % → 25 %"."""
    before, after = recorded(entry.before), recorded(entry.after)
    names = [name for name in FIELD_LABELS if name in before or name in after]
    names += sorted((before.keys() | after.keys()) - FIELD_LABELS.keys() - {"key"})
    return [
        f"{FIELD_LABELS.get(name, name)}: {_value(name, before.get(name))} → "
        f"{_value(name, after.get(name))}"
        for name in names
        if before.get(name) != after.get(name)
    ]


def entry_record(entry: AuditEntry) -> dict:
    """An entry as JSON (for scripts): UTC timestamps, before/after as objects."""
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "before": recorded(entry.before),
        "after": recorded(entry.after),
        "reason": entry.reason,
    }
