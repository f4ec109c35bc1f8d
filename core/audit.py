"""The audit log: who changed what, when, from what to what, and why. Every writer (stage
control, moderation, ideas, tester reports, services) records through `record()` and names its
actions and fields once with `describe()`, so the log's reader can say them in words."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import LazyString
from sqlmodel import Column, Field, Session, SQLModel, Text

from core.db import all_or_nothing
from core.models import User, utcnow


class AuditEntry(SQLModel, table=True):
    """Who changed what, when, from what to what, and why."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    actor: str = Field(max_length=254)  # kept when the account is deleted
    action: str = Field(max_length=40, index=True)
    subject: str = Field(max_length=40, index=True)
    # The changed values as JSON, whole: a product's description of 5,000 characters included.
    before: str = Field(default="", sa_column=Column(Text, nullable=False))
    after: str = Field(default="", sa_column=Column(Text, nullable=False))
    reason: str = Field(default="", max_length=1000)


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in account, or a command line user (no account)."""

    id: int | None
    label: str

    @classmethod
    def of(cls, user: User) -> "Actor":
        return cls(id=user.id, label=user.email)


ACTION_LABELS: dict[str, LazyString] = {}
FIELD_LABELS: dict[str, LazyString] = {}  # in the order the log shows them
# A field's value in words, where str() is not enough ("25 %", a stage's name).
VALUE_WORDS: dict[str, Callable[[object], str]] = {}
# A subject in words by its kind, the part before ":" ("comment:2" → "Kommentar Nr. 2").
SUBJECT_WORDS: dict[str, Callable[[str], str]] = {}


def describe(
    *,
    actions: dict[str, LazyString] | None = None,
    fields: dict[str, LazyString] | None = None,
    values: dict[str, Callable[[object], str]] | None = None,
    subjects: dict[str, Callable[[str], str]] | None = None,
) -> None:
    """A writer names the actions it records and the fields its entries carry, says the
    values of fields that need words ("25 %", a stage's name) and the kinds of its subjects."""
    ACTION_LABELS.update(actions or {})
    FIELD_LABELS.update(fields or {})
    VALUE_WORDS.update(values or {})
    SUBJECT_WORDS.update(subjects or {})


def record(
    db: Session,
    *,
    actor: Actor,
    action: str,
    subject: str,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Add the entry to the writer's transaction; it commits (or rolls back) with the change."""
    entry = AuditEntry(
        actor_id=actor.id,
        actor=actor.label,
        action=action,
        subject=subject,
        before=_as_json(before),
        after=_as_json(after),
        reason=reason,
    )
    db.add(entry)
    return entry


def save_recorded(
    db: Session, *, user: User, row, apply: Callable, kind: str, state: Callable[[object], dict]
):
    """A new row (no id yet) or changes to one, made by `apply(row)`, committed with its entry
    "<kind>_create" or "<kind>_edit" on "<kind>:<id>" (`state(row)`: the values recorded)."""
    is_new = row.id is None
    before = {} if is_new else state(row)
    with all_or_nothing(db):
        apply(row)
        db.add(row)
        db.flush()
        record(
            db,
            actor=Actor.of(user),
            action=f"{kind}_create" if is_new else f"{kind}_edit",
            subject=f"{kind}:{row.id}",
            before=before,
            after=state(row),
        )
    return row


def as_recorded(row, names: tuple[str, ...]) -> dict:
    """A row's values as an entry stores them: times as ISO text (UTC)."""
    values = {name: getattr(row, name) for name in names}
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in values.items()
    }


def _as_json(values: dict | None) -> str:
    return json.dumps(values or {}, ensure_ascii=False, sort_keys=True)
