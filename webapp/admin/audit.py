"""Reading the audit log: filtered, newest first, in pages, and said in words (the words are
the writers', see core.audit.describe)."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlmodel import Session, select

from core.audit import ACTION_LABELS, FIELD_LABELS, SUBJECT_WORDS, VALUE_WORDS, AuditEntry
from core.formatting import local_timezone
from core.models import User
from core.pagination import Page, paginate

PAGE_SIZE = 25
PLATFORM = "platform"  # the subject of advance/retreat entries


@dataclass(frozen=True)
class AuditFilters:
    subject: str = ""
    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def subject_label(subject: str, titles: dict[str, str]) -> str:
    if subject == PLATFORM:
        return _("Plattform")
    if subject in titles:
        return titles[subject]
    kind, _separator, number = subject.partition(":")
    return SUBJECT_WORDS[kind](number) if kind in SUBJECT_WORDS else subject


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_timezone())


def _filtered(statement, filters: AuditFilters):
    if filters.subject:
        statement = statement.where(AuditEntry.subject == filters.subject)
    if filters.action:
        statement = statement.where(AuditEntry.action == filters.action)
    if filters.actor:
        statement = statement.where(AuditEntry.actor == filters.actor)
    # Days as people in the district count them: from midnight to midnight in their zone.
    if filters.since:
        statement = statement.where(AuditEntry.at >= _local_midnight(filters.since))
    if filters.until:
        statement = statement.where(
            AuditEntry.at < _local_midnight(filters.until + timedelta(days=1))
        )
    return statement


def audit_page(db: Session, filters: AuditFilters, number: int) -> Page:
    """One page of the entries, newest first; a page past the last one does not exist."""
    statement = _filtered(select(AuditEntry), filters).order_by(
        AuditEntry.at.desc(), AuditEntry.id.desc()
    )
    return paginate(db, statement, number=number, per_page=PAGE_SIZE)


def actor_names(db: Session, entries: list[AuditEntry]) -> dict[int, str]:
    """The display names of the accounts that acted in these entries, in one query."""
    ids = {entry.actor_id for entry in entries if entry.actor_id is not None}
    if not ids:
        return {}
    return dict(db.exec(select(User.id, User.display_name).where(User.id.in_(ids))).all())


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
    """The before/after record of an entry; written by core.audit.record as a JSON object."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# A long text (a description) is shown by its beginning; the JSON export keeps it whole.
SHOWN_MAX = 120


def _value(name: str, value) -> str:
    if value is None:
        return "—"
    if name in VALUE_WORDS:
        return VALUE_WORDS[name](value)
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    text = str(value)
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX].rstrip() + " …"


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
