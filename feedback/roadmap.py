"""The roadmap: every service, built or planned, by stage, with its state for the viewer, its
votes and comments; a page per service; and the changelog "Neu freigeschaltet".

A roadmap request reads everything in a fixed number of queries, however many services and
votes there are: the planned services, the tallies, the viewer's votes and the comment counts,
each once for all cards. Votes and comments come from counters kept beside them (per
municipality too), so the time does not grow with them either."""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import abort, request, url_for
from flask_babel import get_locale, to_user_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from core import db
from core.municipalities import MUNICIPALITIES
from core.rendering import render
from feedback import bp, votes
from feedback.models import CommentTally, LocalVoteTally, Unlock
from feedback.subjects import Subject, built_service_subject, planned_service_subject
from feedback.voting import VotePanel, make_panel, panel_for, vote_budget
from flags import access
from stages.ladder import LADDER, STAGES, Stage
from stages.models import PlannedService

PLANNED = "planned"
KEY_MAX = 40

STATE_LABELS = {
    access.LIVE: _l("nutzbar"),
    access.PREVIEW: _l("Vorschau"),
    access.LOCKED: _l("gesperrt"),
    access.STAFF: _l("gesperrt (nur Team sieht ihn)"),
    PLANNED: _l("geplant"),
}
# ?zustand=… → the states it shows.
STATE_FILTERS = {
    "nutzbar": (access.LIVE,),
    "vorschau": (access.PREVIEW,),
    "gesperrt": (access.LOCKED, access.STAFF),
    "geplant": (PLANNED,),
}


def _listed(message):
    def check(_form, field):
        if (field.data or "") not in {choice.value for choice in field.choices}:
            raise ValidationError(message)

    return check


class RoadmapForm(FlaskForm):
    """Sorting and filters, read from the query string: shareable links, no CSRF on a GET."""

    class Meta:
        csrf = False

    sortierung = SelectField(
        _l("Sortierung"),
        default="beliebt",
        validate_choice=False,
        choices=[
            SelectChoice("beliebt", _l("Meistgewünscht")),
            SelectChoice("trend", _l("Im Trend")),
            SelectChoice("neu", _l("Neueste zuerst")),
        ],
        validators=[_listed(_l("Diese Sortierung gibt es nicht."))],
    )
    zustand = SelectField(
        _l("Zustand"),
        validate_choice=False,
        choices=[
            SelectChoice("", _l("Alle")),
            SelectChoice("nutzbar", STATE_LABELS[access.LIVE]),
            SelectChoice("vorschau", STATE_LABELS[access.PREVIEW]),
            SelectChoice("gesperrt", STATE_LABELS[access.LOCKED]),
            SelectChoice("geplant", STATE_LABELS[PLANNED]),
        ],
        validators=[_listed(_l("Diesen Zustand gibt es nicht."))],
    )
    gemeinde = SelectField(
        _l("Stimmen aus"),
        validate_choice=False,
        choices=[
            SelectChoice("", _l("Alle Gemeinden")),
            *(SelectChoice(slug, name) for slug, name in MUNICIPALITIES.items()),
        ],
        validators=[_listed(_l("Diese Gemeinde kennen wir nicht."))],
    )

    def query_args(self) -> dict:
        return {f.name: f.data for f in self if f.data}


@dataclass
class Entry:
    """One card: a built service or a planned one, as the viewer sees it."""

    subject: Subject
    summary: str
    icon: str
    stage: Stage
    state: str
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


def _built_entry(service, position: int, language: str) -> Entry:
    decided = access.access(service.key)
    return Entry(
        subject=built_service_subject(decided, str(service.title)),
        summary=str(service.summary),
        icon=service.icon,
        stage=STAGES[decided.status.stage],
        state=decided.state,
        url=url_for(service.endpoint) if decided.visible else None,
        newness=_newness(position=position),
    )


def _planned_entry(planned: PlannedService) -> Entry:
    return Entry(
        subject=planned_service_subject(planned),
        summary=planned.summary,
        icon="📝",
        stage=STAGES[planned.target_stage],
        state=PLANNED,
        url=None,
        newness=_newness(planned_at=planned.created_at),
    )


def _entries() -> list[Entry]:
    language = str(get_locale())
    entries = [
        _built_entry(service, position, language)
        for position, service in enumerate(access.services())
    ]
    planned = db.session().exec(select(PlannedService)).all()
    return entries + [_planned_entry(row) for row in planned]


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


def _add_counts(entries: list[Entry], municipality: str) -> None:
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
        # The stored trend orders like the decayed one (feedback/trending.py).
        return lambda e: (-e.trend, -e.votes, e.title.casefold())
    if sorting == "neu":
        return lambda e: (tuple(-part for part in e.newness), e.title.casefold())
    return lambda e: (
        -(e.local_votes if e.local_votes is not None else e.votes),
        e.title.casefold(),
    )


def _by_stage(entries: list[Entry], sorting: str) -> list[tuple[Stage, list[Entry]]]:
    ordered = sorted(entries, key=_sort_key(sorting))
    return [(stage, [e for e in ordered if e.stage.key == stage.key]) for stage in LADDER]


@bp.get("/roadmap")
def roadmap():
    form = RoadmapForm(formdata=request.args)
    valid = form.validate()
    groups = []
    if valid:
        entries = _entries()
        if form.zustand.data:
            entries = [e for e in entries if e.state in STATE_FILTERS[form.zustand.data]]
        _add_counts(entries, form.gemeinde.data or "")
        groups = _by_stage(entries, form.sortierung.data)
    body = render(
        "feedback/roadmap.html",
        "feedback/_roadmap_list.html",
        form=form,
        groups=groups,
        state_labels=STATE_LABELS,
        live_stage=access.live_stage(),
        municipality=MUNICIPALITIES.get(form.gemeinde.data or ""),
    )
    # The same URL answers htmx with the list alone: caches must keep the two apart.
    return body, 200 if valid else 400, {"Vary": "HX-Request"}


def _entry_or_404(key: str) -> Entry:
    if len(key) > KEY_MAX:
        abort(404)
    service = access.flags().by_key.get(key)
    if service is not None:
        return _built_entry(service, 0, str(get_locale()))
    planned = db.session().exec(select(PlannedService).where(PlannedService.key == key)).first()
    if planned is None:
        abort(404)
    return _planned_entry(planned)


@bp.get("/roadmap/<key>")
def service_page(key: str):
    """Public for every service, locked ones included: here it is the roadmap entry."""
    entry = _entry_or_404(key)
    return render(
        "feedback/service.html",
        entry=entry,
        vote=panel_for(entry.subject),
        state_labels=STATE_LABELS,
        report_service_key=key,
        thread_subject=entry.subject.subject,
    )


@dataclass(frozen=True)
class ChangelogItem:
    unlock: Unlock
    day: date  # in Berlin
    title: str
    stage: Stage | None
    page_url: str | None


@bp.get("/neu")
def changelog():
    services = access.flags().by_key
    unlocks = db.session().exec(select(Unlock).order_by(Unlock.at.desc(), Unlock.id.desc()))
    items = []
    for unlock in unlocks:
        service = services.get(unlock.service_key)
        items.append(
            ChangelogItem(
                unlock=unlock,
                day=to_user_timezone(unlock.at).date(),
                # A service whose code was removed since keeps its entry, under its key.
                title=str(service.title) if service else unlock.service_key,
                stage=STAGES.get(unlock.stage),
                page_url=url_for("feedback.service_page", key=service.key) if service else None,
            )
        )
    return render("feedback/changelog.html", items=items)
