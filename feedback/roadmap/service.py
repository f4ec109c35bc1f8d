"""The roadmap's cards: every service, built or planned, with its state for the viewer, its
votes and comments.

A roadmap request reads everything in a fixed number of queries, however many services and
votes there are: the planned services, the tallies, the viewer's votes and the comment counts,
each once for all cards. Votes and comments come from counters kept beside them (per
municipality too), so the time does not grow with them either."""

from dataclasses import dataclass, field
from datetime import datetime

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlmodel import select

from core import db
from feedback.models import CommentTally, LocalVoteTally
from feedback.subjects import Subject, built_service_subject, planned_service_subject
from feedback.votes import service as votes
from feedback.votes.panel import VotePanel, make_panel
from feedback.votes.service import vote_budget
from flags import access
from stages.ladder import LADDER, STAGES, Stage
from stages.models import PlannedService

PLANNED = "planned"

STATE_LABELS = {
    access.LIVE: _l("nutzbar"),
    access.PREVIEW: _l("Vorschau"),
    access.LOCKED: _l("noch nicht freigeschaltet"),
    access.STAFF: _l("noch nicht freigeschaltet (nur das Team sieht ihn)"),
    PLANNED: _l("geplant"),
    # Why a service that is there is not open to this viewer now (flags.access.why_locked).
    access.PAUSED: _l("vorübergehend abgeschaltet"),
    access.ROLLING_OUT: _l("wird gerade schrittweise freigeschaltet"),
}
# ?zustand=… → the states it shows.
STATE_FILTERS = {
    "nutzbar": (access.LIVE,),
    "vorschau": (access.PREVIEW,),
    "gesperrt": (access.LOCKED, access.STAFF),
    "geplant": (PLANNED,),
}


@dataclass
class Entry:
    """One card: a built service or a planned one, as the viewer sees it."""

    subject: Subject
    summary: str
    icon: str
    stage: Stage
    state: str
    # The words for the state: a locked service may be paused or not yet rolled out to them.
    shown_state: str
    url: str | None  # the service itself, if the viewer may open it
    newness: tuple  # larger is newer; see _newness
    votes: int = 0  # district-wide
    local_votes: int | None = None  # from the chosen municipality's residents
    trend: float = 0.0
    comments: int = 0
    vote: VotePanel | None = field(default=None)

    @property
    def key(self) -> str:
        return self.subject.key

    @property
    def title(self) -> str:
        return self.subject.title


def _newness(*, planned_at: datetime | None = None, position: int = 0) -> tuple:
    """Built services carry no date: "newest" lists planned ones first (by when they were
    planned), then the built ones in reverse registry order (later stages were added later)."""
    if planned_at is not None:
        return (1, planned_at.timestamp())
    return (0, position)


def built_entry(service, position: int, language: str) -> Entry:
    decided = access.access(service.key)
    return Entry(
        subject=built_service_subject(decided, str(service.title)),
        summary=str(service.summary),
        icon=service.icon,
        stage=STAGES[decided.status.stage],
        state=decided.state,
        shown_state=access.why_locked(decided) or decided.state,
        url=url_for(service.endpoint) if decided.visible else None,
        newness=_newness(position=position),
    )


def planned_entry(planned: PlannedService) -> Entry:
    return Entry(
        subject=planned_service_subject(planned),
        summary=planned.summary,
        icon="📝",
        stage=STAGES[planned.target_stage],
        state=PLANNED,
        shown_state=PLANNED,
        url=None,
        newness=_newness(planned_at=planned.created_at),
    )


def roadmap_entries() -> list[Entry]:
    language = str(get_locale())
    entries = [
        built_entry(service, position, language)
        for position, service in enumerate(access.services())
    ]
    planned = db.session().exec(select(PlannedService)).all()
    return entries + [planned_entry(row) for row in planned]


def _local_votes(subjects: list[str], municipality: str) -> dict[str, int]:
    """Votes of the residents of one municipality, per subject, from the counter the database
    keeps (never a count)."""
    statement = select(LocalVoteTally.subject, LocalVoteTally.votes).where(
        LocalVoteTally.municipality == municipality, LocalVoteTally.subject.in_(subjects)
    )
    return dict(db.session().exec(statement).all())


def _comment_counts(subjects: list[str]) -> dict[str, int]:
    """Visible comments per subject, from the counter the database keeps (never a count)."""
    statement = select(CommentTally.subject, CommentTally.comments).where(
        CommentTally.subject.in_(subjects)
    )
    return dict(db.session().exec(statement).all())


def add_counts(entries: list[Entry], municipality: str) -> None:
    """Votes, trend, comments and the vote panel of every card, each read once for all."""
    database = db.session()
    subjects = [entry.subject.subject for entry in entries]
    tallies = votes.tallies(database, subjects)
    comments = _comment_counts(subjects)
    local = _local_votes(subjects, municipality) if municipality else None
    mine: set[str] = set()
    votes_left = None
    if current_user.is_authenticated:
        mine = votes.voted_subjects(database, current_user, subjects)
        # Every budgeted subject is on the roadmap: the budget needs no query of its own.
        used = sum(1 for e in entries if e.subject.budgeted and e.subject.subject in mine)
        votes_left = max(vote_budget() - used, 0)
    next_url = request.full_path.rstrip("?")
    for entry in entries:
        subject = entry.subject.subject
        tally = tallies.get(subject)
        entry.votes = tally.votes if tally else 0
        entry.trend = tally.trend if tally else 0.0
        entry.comments = comments.get(subject, 0)
        if local is not None:
            entry.local_votes = local.get(subject, 0)
        entry.vote = make_panel(
            entry.subject,
            votes_count=entry.votes,
            you_voted=subject in mine,
            votes_left=votes_left,
            next_url=next_url,
        )


def _sort_key(sorting: str):
    if sorting == "trend":
        # The stored trend orders like the decayed one (feedback/votes/trending.py).
        return lambda e: (-e.trend, -e.votes, e.title.casefold())
    if sorting == "neu":
        return lambda e: (tuple(-part for part in e.newness), e.title.casefold())
    return lambda e: (
        -(e.local_votes if e.local_votes is not None else e.votes),
        e.title.casefold(),
    )


def by_stage(entries: list[Entry], sorting: str) -> list[tuple[Stage, list[Entry]]]:
    ordered = sorted(entries, key=_sort_key(sorting))
    return [(stage, [e for e in ordered if e.stage.key == stage.key]) for stage in LADDER]


def most_wanted(municipality: str, limit: int) -> list[Entry]:
    """The services open for votes that most residents (of the municipality, if one is chosen)
    asked for: the front page's "Jetzt mitentscheiden"."""
    entries = [entry for entry in roadmap_entries() if entry.subject.votable]
    add_counts(entries, municipality)
    return sorted(entries, key=_sort_key("stimmen"))[:limit]
