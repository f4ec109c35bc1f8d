"""What residents vote and comment on: services (built or planned) and ideas, as one "subject"
string ("service:<key>", "idea:<id>"), resolved for the person asking."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import get_locale
from sqlmodel import select

from feedback.models import Idea
from flags import access
from stages.models import PlannedService
from webapp import db

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


def service_subject(key: str) -> str:
    return f"service:{key}"


def idea_subject(idea_id: int) -> str:
    return f"idea:{idea_id}"


def resolve(subject: str) -> Subject | None:
    """The subject behind the string, or None if there is no such service or idea."""
    kind, _sep, key = subject.partition(":")
    if kind == "service":
        return _service(key)
    if kind == "idea" and key.isascii() and key.isdigit() and len(key) < 10:
        return _idea(int(key))
    return None


def _service(key: str) -> Subject | None:
    decided = access.access(key)
    if decided is not None:
        live = decided.state == access.LIVE
        return Subject(
            subject=service_subject(key),
            kind="service",
            key=key,
            title=decided.service.title(str(get_locale())),
            page_url=url_for("feedback.service_page", key=key),
            live_for_viewer=live,
            votable=not live,
            budgeted=not live,
        )
    planned = db.session().exec(select(PlannedService).where(PlannedService.key == key)).first()
    if planned is None:
        return None
    return Subject(
        subject=service_subject(key),
        kind="service",
        key=key,
        title=planned.title,
        page_url=url_for("feedback.service_page", key=key),
        live_for_viewer=False,
        votable=True,
        budgeted=True,
    )


def _idea(idea_id: int) -> Subject | None:
    idea = db.session().get(Idea, idea_id)
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
    for them, and every planned service. An unlocked service refunds its vote by leaving this list."""
    locked = [
        service_subject(service.key)
        for service in access.services()
        if access.access(service.key).state != access.LIVE
    ]
    planned = db.session().exec(select(PlannedService.key))
    return locked + [service_subject(key) for key in planned]
