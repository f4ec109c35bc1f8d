"""What happens to ideas: the list, and product owners' status changes with the votes that
follow them.

Votes follow an idea's status: a duplicate's votes move to its original, a planned idea's votes
move to its planned service ("service:<key>") so they count on the roadmap. A moved vote keeps
its time; who voted for both keeps one vote. Moved votes count against the vote budget like any
vote for a planned service, so a resident can end up over budget; nothing is lost, they only
cannot cast a new budgeted vote until they withdraw one.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, delete, func, literal, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from core import audit
from core.audit import Actor
from core.db import all_or_nothing, retried_on_conflict
from core.errors import Refusal
from core.municipalities import MUNICIPALITIES
from core.pagination import Page, paginate
from feedback.models import Idea, Vote, VoteTally
from feedback.notifications.service import notify
from feedback.subjects import idea_subject, service_subject
from feedback.votes.service import lock_tallies
from stages import control
from stages.manifest import FLAG_NAME

DISTRICT = "landkreis"  # an idea for the whole Jerichower Land, not one municipality
PER_PAGE = 20
ANSWER_MAX = control.REASON_MAX  # the answer is the audit entry's reason as well

STATUS_LABELS = {
    "open": _l("offen"),
    "planned": _l("geplant"),
    "declined": _l("abgelehnt"),
    "duplicate": _l("doppelt"),
}
# Planned and duplicate ideas have handed their votes on: their status is final.
CHANGEABLE_STATUSES = ("open", "declined")


def place_name(slug: str) -> str:
    return str(_l("Ganzer Landkreis")) if slug == DISTRICT else MUNICIPALITIES.get(slug, "")


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


audit.describe(
    actions={"idea_status": _l("Status einer Idee geändert")},
    fields={
        "status": _l("Status"),
        "answer": _l("Antwort"),
        "duplicate_of_id": _l("Doppelt zu Idee"),
        "planned_key": _l("Geplanter Dienst"),
        "redirected_duplicates": _l("Umgeleitete Duplikate"),
    },
    values={"status": status_label},
    subjects={"idea": lambda number: _("Idee Nr. %(number)s", number=number)},
)


# --- The list -----------------------------------------------------------------------------------


def ideas_page(session: Session, *, status: str | None, sort: str, number: int) -> Page:
    """Rows of (idea, votes), the votes joined from VoteTally in the same query."""
    tally_subject = literal("idea:") + cast(Idea.id, String)
    votes = func.coalesce(VoteTally.votes, 0)
    statement = select(Idea, votes).outerjoin(VoteTally, VoteTally.subject == tally_subject)
    if status:
        statement = statement.where(Idea.status == status)
    order = {
        "beliebt": [votes.desc()],
        "trend": [func.coalesce(VoteTally.trend, 0.0).desc()],
        "neu": [],
    }[sort]
    statement = statement.order_by(*order, Idea.created_at.desc(), Idea.id.desc())
    return paginate(session, statement, number=number, per_page=PER_PAGE)


# --- Votes follow the idea ----------------------------------------------------------------------


def move_votes(session: Session, *, source: str, target: str) -> None:
    """Votes on `source` count for `target` from now on; who voted for both keeps one vote,
    with its own time. In the caller's transaction; the triggers on `vote` move the tallies."""
    # Votes cast meanwhile on either subject wait for these locks, like the merge waits for them.
    lock_tallies(session, [source, target])
    moved = select(Vote.user_id, literal(target), Vote.created_at).where(Vote.subject == source)
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgres_insert
    session.exec(
        insert(Vote)
        .from_select(["user_id", "subject", "created_at"], moved)
        .on_conflict_do_nothing()  # the voter's vote on the target stays, with its own time
    )
    session.exec(delete(Vote).where(Vote.subject == source))


def votes_home(idea: Idea) -> str:
    """Where an idea's votes are counted: a planned idea's at its planned service."""
    if idea.status == "planned" and idea.planned_key:
        return service_subject(idea.planned_key)
    return idea_subject(idea.id)


# --- Status changes by product owners -----------------------------------------------------------


class IdeaError(Refusal):
    """A status change that cannot be made; the message says why, in German."""


def _locked_idea(session: Session, idea_id: int) -> Idea | None:
    # A write before any read: it takes SQLite's write lock or PostgreSQL's row lock, so two
    # owners deciding at once queue up and the second sees what the first decided.
    session.exec(update(Idea).where(Idea.id == idea_id).values(status=Idea.status))
    return session.get(Idea, idea_id, populate_existing=True)


def _changeable(session: Session, idea_id: int) -> Idea:
    idea = _locked_idea(session, idea_id)
    if idea is None:
        raise IdeaError(_("Diese Idee gibt es nicht."), 404)
    if idea.status not in CHANGEABLE_STATUSES:
        raise IdeaError(
            _(
                "Der Status dieser Idee steht schon fest: %(status)s.",
                status=status_label(idea.status),
            ),
            409,
        )
    return idea


def _clean_answer(answer: str | None) -> str:
    answer = (answer or "").strip()
    if len(answer) > ANSWER_MAX:
        raise IdeaError(_("Die Antwort darf höchstens %(max)d Zeichen haben.", max=ANSWER_MAX))
    return answer


def _status_record(idea: Idea) -> dict:
    return {
        "status": idea.status,
        "duplicate_of_id": idea.duplicate_of_id,
        "planned_key": idea.planned_key,
    }


def _record_change(
    session: Session, *, idea: Idea, actor: Actor, before: dict, kind: str, extra=None
) -> None:
    """The audit entry and the author's notification, in the change's transaction."""
    session.add(idea)
    audit.record(
        session,
        actor=actor,
        action="idea_status",
        subject=idea_subject(idea.id),
        before=before,
        after={**_status_record(idea), **(extra or {})},
        reason=idea.answer,
    )
    if idea.user_id is not None:
        notify(
            session,
            user_id=idea.user_id,
            kind=kind,
            subject=idea_subject(idea.id),
            title=idea.title,
        )


def decline_idea(*, db: Session, idea_id: int, actor: Actor, answer: str) -> Idea:
    with all_or_nothing(db):
        answer = _clean_answer(answer)
        if not answer:
            raise IdeaError(_("Bitte begründen Sie die Ablehnung: Die Antwort lesen alle."))
        idea = _changeable(db, idea_id)
        before = _status_record(idea)
        idea.status, idea.answer = "declined", answer
        _record_change(db, idea=idea, actor=actor, before=before, kind="idea_declined")
    return idea


@retried_on_conflict
def mark_duplicate(
    *, db: Session, idea_id: int, original_id: int, actor: Actor, answer: str = ""
) -> Idea:
    """The idea is a duplicate of `original_id`: its votes move there, each voter counted once."""
    with all_or_nothing(db):
        answer = _clean_answer(answer)
        if original_id == idea_id:
            raise IdeaError(_("Eine Idee kann nicht ihr eigenes Duplikat sein."))
        for locked_id in sorted((idea_id, original_id)):  # always in the same order: no deadlock
            _locked_idea(db, locked_id)
        original = db.get(Idea, original_id)
        if original is None:
            raise IdeaError(_("Eine Idee Nr. %(id)d gibt es nicht.", id=original_id), 404)
        idea = _changeable(db, idea_id)
        if original.status == "duplicate":
            raise IdeaError(
                _(
                    "Idee Nr. %(id)d ist selbst ein Duplikat (von Idee Nr. %(original)d). "
                    "Bitte wählen Sie das Original.",
                    id=original.id,
                    original=original.duplicate_of_id,
                ),
                409,
            )
        before = _status_record(idea)
        move_votes(db, source=idea_subject(idea.id), target=votes_home(original))
        # Ideas merged into this one before now point at the original: there are no chains.
        redirected = list(db.exec(select(Idea.id).where(Idea.duplicate_of_id == idea.id)))
        db.exec(
            update(Idea).where(Idea.duplicate_of_id == idea.id).values(duplicate_of_id=original.id)
        )
        idea.status, idea.duplicate_of_id, idea.answer = "duplicate", original.id, answer
        extra = {"redirected_duplicates": redirected} if redirected else None
        _record_change(
            db, idea=idea, actor=actor, before=before, kind="idea_duplicate", extra=extra
        )
    return idea


@retried_on_conflict
def plan_idea(
    *,
    db: Session,
    services,
    idea_id: int,
    key: str,
    title: str,
    summary: str,
    target_stage: str,
    actor: Actor,
    answer: str = "",
) -> Idea:
    """The idea becomes a planned service on the roadmap, and its votes count there."""
    with all_or_nothing(db):
        answer = _clean_answer(answer)
        key = (key or "").strip()
        if not FLAG_NAME.match(key):
            raise control.ControlError(
                _("Der Schlüssel braucht 2–40 Zeichen: Kleinbuchstaben, Ziffern, Unterstrich.")
            )
        idea = _changeable(db, idea_id)
        before = _status_record(idea)
        move_votes(db, source=idea_subject(idea.id), target=service_subject(key))
        idea.status, idea.planned_key, idea.answer = "planned", key, answer
        _record_change(db, idea=idea, actor=actor, before=before, kind="idea_planned")
        db.flush()  # control expires the session before its change: nothing unflushed may be lost
        # Checks key, title, stage and guard rails, and commits it all, or rolls it all back.
        control.create_planned_service(
            db=db,
            services=services,
            key=key,
            title=title,
            summary=summary,
            target_stage=target_stage,
            actor=actor,
            origin_idea_id=idea.id,
        )
    return idea
