"""Casting and withdrawing votes: one per resident per subject, and a budget of active votes for
services that are not live yet. `vote_on` is the one place a vote from the web or the API is
checked and cast. The tallies follow the vote rows by themselves: triggers in the database
(migration feedback_0004) count every vote cast, withdrawn, moved or deleted with its account."""

from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from core import db as database
from core.errors import Refusal
from core.models import User
from feedback import subjects
from feedback.models import Vote, VoteTally
from feedback.subjects import Subject

DEFAULT_BUDGET = 5
SUBJECT_MAX = 60  # as long as Vote.subject may be


class VoteError(Refusal):
    status = 400


class AddressUnconfirmed(VoteError):
    status = 403


class BudgetUsedUp(VoteError):
    status = 409


class NotVotable(VoteError):
    status = 422


@dataclass(frozen=True)
class VoteResult:
    votes: int
    you_voted: bool
    votes_left: int | None  # None where no budget applies (ideas)


def tally(db: Session, subject: str) -> int:
    return db.exec(select(VoteTally.votes).where(VoteTally.subject == subject)).first() or 0


def tallies(db: Session, subjects: list[str]) -> dict[str, VoteTally]:
    if not subjects:
        return {}
    rows = db.exec(select(VoteTally).where(VoteTally.subject.in_(subjects)))
    return {row.subject: row for row in rows}


def has_voted(db: Session, user: User, subject: str) -> bool:
    return (
        db.exec(select(Vote.id).where(Vote.user_id == user.id, Vote.subject == subject)).first()
        is not None
    )


def has_ever_voted(db: Session, user: User) -> bool:
    return db.exec(select(Vote.id).where(Vote.user_id == user.id).limit(1)).first() is not None


def voted_subjects(db: Session, user: User, subjects: list[str]) -> set[str]:
    if not subjects:
        return set()
    rows = db.exec(select(Vote.subject).where(Vote.user_id == user.id, Vote.subject.in_(subjects)))
    return set(rows)


def budget_used(db: Session, user: User, budgeted_subjects: list[str]) -> int:
    if not budgeted_subjects:
        return 0
    statement = (
        select(func.count())
        .select_from(Vote)
        .where(Vote.user_id == user.id, Vote.subject.in_(budgeted_subjects))
    )
    return db.exec(statement).one()


def lock_tallies(db: Session, names) -> None:
    """Make sure the tally rows of these subjects exist and lock them, in subject order. Every
    write that adds, removes or moves votes does this first: the triggers on `vote` then
    update rows its transaction holds already, and two writers never wait for each other
    crosswise. On SQLite the insert takes the single write lock."""
    ordered = sorted(set(names))
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgres_insert
    for subject in ordered:
        db.exec(
            insert(VoteTally).values(subject=subject, votes=0, trend=0.0).on_conflict_do_nothing()
        )
    db.exec(
        select(VoteTally.subject)
        .where(VoteTally.subject.in_(ordered))
        .order_by(VoteTally.subject)
        .with_for_update()
    ).all()


def _begin_vote(db: Session, user: User, subject: str) -> bool:
    """Lock the subject's tally, then serialise one resident's votes so that two at once
    cannot both slip under the budget (on PostgreSQL the resident's row is locked; a lock
    that still lets a merge move their other votes meanwhile). Whether the resident is
    blocked, as it stands once the lock is held."""
    lock_tallies(db, [subject])
    statement = select(User.is_blocked).where(User.id == user.id)
    return db.exec(statement.with_for_update(key_share=True)).one()


def cast_vote(
    *,
    db: Session,
    user: User,
    subject: str,
    budgeted_subjects: list[str] | None,
    budget: int = DEFAULT_BUDGET,
) -> VoteResult:
    """Vote for `subject`. `budgeted_subjects` are the subjects that count against the budget
    (services not live yet); None when no budget applies. Voting twice changes nothing."""
    if not user.email_verified:
        # One vote stands for one reachable person: the address is confirmed first.
        db.rollback()
        raise AddressUnconfirmed(
            _(
                "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse – dann zählt Ihre Stimme. "
                "Den Link dazu haben wir Ihnen per E-Mail geschickt; in Ihrem Profil können "
                "Sie einen neuen anfordern."
            )
        )
    if user.is_blocked or _begin_vote(db, user, subject):
        db.rollback()
        raise VoteError(_("Ihr Konto ist für Abstimmungen gesperrt."))
    if not has_voted(db, user, subject):
        if budgeted_subjects is not None and budget_used(db, user, budgeted_subjects) >= budget:
            db.rollback()
            raise BudgetUsedUp(
                _(
                    "Sie haben alle %(budget)d Stimmen vergeben. Nehmen Sie eine zurück, um neu abzustimmen.",
                    budget=budget,
                )
            )
        db.add(Vote(user_id=user.id, subject=subject))
        db.flush()  # the unique constraint is the last word on "one vote per resident"
    db.commit()
    return result_for(db, user, subject, budgeted_subjects, budget)


def withdraw_vote(
    *,
    db: Session,
    user: User,
    subject: str,
    budgeted_subjects: list[str] | None,
    budget: int = DEFAULT_BUDGET,
) -> VoteResult:
    """Take a vote back; withdrawing a vote that is not there changes nothing."""
    _begin_vote(db, user, subject)
    vote = db.exec(select(Vote).where(Vote.user_id == user.id, Vote.subject == subject)).first()
    if vote is not None:
        db.delete(vote)
    db.commit()
    return result_for(db, user, subject, budgeted_subjects, budget)


def result_for(
    db: Session,
    user: User,
    subject: str,
    budgeted_subjects: list[str] | None,
    budget: int = DEFAULT_BUDGET,
) -> VoteResult:
    votes_left = None
    if budgeted_subjects is not None:
        votes_left = max(budget - budget_used(db, user, budgeted_subjects), 0)
    return VoteResult(
        votes=tally(db, subject), you_voted=has_voted(db, user, subject), votes_left=votes_left
    )


# --- A vote from the web or the API -------------------------------------------------------------


def vote_budget() -> int:
    return current_app.config.get("VOTE_BUDGET", DEFAULT_BUDGET)


def budgeted_subjects_for(subject: Subject) -> list[str] | None:
    return subjects.budgeted_subjects() if subject.budgeted else None


def resolve_subject(text: str) -> Subject | None:
    """The subject behind a string from a request; None for anything no subject can be."""
    # Every subject is ASCII ("service:<key>", "idea:<digits>"); this keeps digits like "²" out.
    if len(text) > SUBJECT_MAX or not text.isascii():
        return None
    return subjects.resolve(text)


def vote_on(subject: Subject, *, cast: bool) -> VoteResult:
    """Cast (or withdraw) the signed-in resident's vote. Refusals raise VoteError with their
    status: 400 blocked, 403 address not confirmed, 409 budget used up, 422 nothing to vote on."""
    _refuse_unless_votable(subject)
    return _vote(db=database.session(), subject=subject, cast=cast)


@database.retried_on_conflict
def _vote(*, db: Session, subject: Subject, cast: bool) -> VoteResult:
    with database.all_or_nothing(db):
        lock_tallies(db, [subject.subject])
        # Asked again under the tally's lock: an idea merged meanwhile has handed its votes on.
        current = subjects.resolve(subject.subject) or replace(subject, votable=False)
        _refuse_unless_votable(current)
        change = cast_vote if cast else withdraw_vote
        return change(
            db=db,
            user=current_user._get_current_object(),
            subject=subject.subject,
            budgeted_subjects=budgeted_subjects_for(current),
            budget=vote_budget(),
        )


def _refuse_unless_votable(subject: Subject) -> None:
    if subject.live_for_viewer:
        raise NotVotable(
            _(
                "„%(title)s“ ist für Sie schon nutzbar: Dafür braucht es keine Stimme mehr.",
                title=subject.title,
            )
        )
    if subject.paused:
        raise NotVotable(
            _(
                "„%(title)s“ ist vorübergehend abgeschaltet. Abstimmen geht wieder, sobald der "
                "Dienst zurück ist.",
                title=subject.title,
            )
        )
    if not subject.votable:
        raise NotVotable(_("Über „%(title)s“ wird nicht mehr abgestimmt.", title=subject.title))
