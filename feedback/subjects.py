"""What residents vote and comment on: services (built or planned) and ideas, as one "subject"
string ("service:<key>", "idea:<id>"), resolved for the person asking."""

from dataclasses import dataclass

from flask import url_for
from sqlmodel import select

from core import db
from core.numbers import parse_id
from feedback.models import Idea
from flags import access
from stages.models import PlannedService

VOTABLE_IDEA_STATUSES = ("open",)  # a planned idea's votes moved to its planned service


@dataclass(frozen=True)
class Subject:
    subject: str
    kind: str  # "service" or "idea"
    key: str
    title: str
    page_url: str  # its page on the roadmap or the idea list
    live_for_viewer: bool  # a service the viewer can already use: nothing left to vote for
    votable: bool
    budgeted: bool  # counts against the vote budget (services not live for the viewer)
    paused: bool = False  # a built service switched off by a product owner (kill switch)


def service_subject(key: str) -> str:
    return f"service:{key}"


def idea_subject(idea_id: int) -> str:
    return f"idea:{idea_id}"


def resolve(subject: str) -> Subject | None:
    """The subject behind the string, or None if there is no such service or idea."""
    kind, _sep, key = subject.partition(":")
    if kind == "service":
        return _service(key)
    if kind == "idea" and (idea_id := parse_id(key)):
        return _idea(idea_id)
    return None


def _open_for_votes(decided: access.ServiceAccess) -> bool:
    """Nothing to vote for where a built service is already usable, nor while it is switched
    off: its votes wait, and count against nobody's budget."""
    return decided.state != access.LIVE and decided.status.enabled


def built_service_subject(decided: access.ServiceAccess, title: str) -> Subject:
    """A built service as the viewer sees it."""
    return Subject(
        subject=service_subject(decided.key),
        kind="service",
        key=decided.key,
        title=title,
        page_url=url_for("feedback.service_page", key=decided.key),
        live_for_viewer=decided.state == access.LIVE,
        votable=_open_for_votes(decided),
        budgeted=_open_for_votes(decided),
        paused=not decided.status.enabled,
    )


def planned_service_subject(planned: PlannedService) -> Subject:
    return Subject(
        subject=service_subject(planned.key),
        kind="service",
        key=planned.key,
        title=planned.title,
        page_url=url_for("feedback.service_page", key=planned.key),
        live_for_viewer=False,
        votable=True,
        budgeted=True,
    )


def _service(key: str) -> Subject | None:
    decided = access.access(key)
    if decided is not None:
        return built_service_subject(decided, str(decided.service.title))
    planned = db.session().exec(select(PlannedService).where(PlannedService.key == key)).first()
    return None if planned is None else planned_service_subject(planned)


def _idea(idea_id: int) -> Subject | None:
    # Read afresh: whether it is still votable may have changed since the request read it.
    idea = db.session().get(Idea, idea_id, populate_existing=True)
    if idea is None:
        return None
    return Subject(
        subject=idea_subject(idea_id),
        kind="idea",
        key=str(idea_id),
        title=idea.title,
        page_url=url_for("feedback.idea_page", idea_id=idea_id),
        live_for_viewer=False,
        votable=idea.status in VOTABLE_IDEA_STATUSES,
        budgeted=False,
    )


def budgeted_subjects() -> list[str]:
    """Service subjects that count against the viewer's vote budget: built services not live
    for them and not switched off, and every planned service. An unlocked service refunds its
    vote by leaving this list."""
    locked = [
        service_subject(service.key)
        for service in access.services()
        if _open_for_votes(access.access(service.key))
    ]
    planned = db.session().exec(select(PlannedService.key))
    return locked + [service_subject(key) for key in planned]
