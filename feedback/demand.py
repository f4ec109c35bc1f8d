"""Demand for services as product owners weigh it: votes, votes per day, open tester reports and
comments. Each function is one grouped query for all subjects together, keyed by subject, so a
page showing many services costs the same few queries as one showing a single service."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func
from sqlmodel import Session, select

from core.formatting import local_timezone
from feedback.models import Comment, TesterReport, Vote, VoteTally
from feedback.subjects import service_subject

TREND_DAYS = 30
REPORT_KINDS = ("blocker", "problem", "works")


def _grouped(db: Session, subjects: list[str], statement) -> dict:
    return dict(db.exec(statement).all()) if subjects else {}


def vote_totals(db: Session, subjects: list[str]) -> dict[str, int]:
    """Current votes per subject, from the tallies kept beside the votes."""
    found = _grouped(
        db,
        subjects,
        select(VoteTally.subject, VoteTally.votes).where(VoteTally.subject.in_(subjects)),
    )
    return {subject: found.get(subject, 0) for subject in subjects}


def trend_days(now: datetime, days: int = TREND_DAYS) -> list[date]:
    """The last `days` days as people in the district count them, oldest first, today last."""
    today = now.astimezone(local_timezone()).date()
    return [today - timedelta(days=back) for back in range(days - 1, -1, -1)]


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_timezone())


def daily_votes(
    db: Session, subjects: list[str], *, now: datetime, days: int = TREND_DAYS
) -> dict[str, list[int]]:
    """Votes cast per Berlin day over the last `days` days (oldest first) for every subject."""
    if not subjects:
        return {}
    window = trend_days(now, days)
    starts = [_local_midnight(day) for day in window]
    end = _local_midnight(window[-1] + timedelta(days=1))
    # Days are numbered by the Berlin midnights they follow: exact across the change to and
    # from summer time, and the same SQL on SQLite and PostgreSQL.
    day_number = case(
        *(
            (Vote.created_at >= start, number)
            for number, start in reversed(list(enumerate(starts)))
        ),
        else_=0,
    ).label("day_number")
    recent = (
        select(Vote.subject, day_number)
        .where(Vote.subject.in_(subjects), Vote.created_at >= starts[0], Vote.created_at < end)
        .subquery()
    )
    rows = db.exec(
        select(recent.c.subject, recent.c.day_number, func.count()).group_by(
            recent.c.subject, recent.c.day_number
        )
    )
    counts = {subject: [0] * days for subject in subjects}
    for subject, number, count in rows:
        counts[subject][number] = count
    return counts


def open_reports(db: Session, subjects: list[str]) -> dict[str, dict[str, int]]:
    """Open tester reports per service subject, by kind (blocker, problem, works)."""
    counts = {subject: dict.fromkeys(REPORT_KINDS, 0) for subject in subjects}
    keys = [key for kind, _sep, key in (s.partition(":") for s in subjects) if kind == "service"]
    if keys:
        rows = db.exec(
            select(TesterReport.service_key, TesterReport.kind, func.count())
            .where(TesterReport.service_key.in_(keys), TesterReport.resolved_at.is_(None))
            .group_by(TesterReport.service_key, TesterReport.kind)
        )
        for key, kind, count in rows:
            if kind in REPORT_KINDS:
                counts[service_subject(key)][kind] = count
    return counts


def comment_counts(db: Session, subjects: list[str]) -> dict[str, int]:
    """Comments per subject that their authors have not deleted (hidden ones included)."""
    found = _grouped(
        db,
        subjects,
        select(Comment.subject, func.count())
        .where(Comment.subject.in_(subjects), Comment.deleted.is_(False))
        .group_by(Comment.subject),
    )
    return {subject: found.get(subject, 0) for subject in subjects}
