"""What went live for everyone: the changelog entries, written when a change unlocks services
(with the voters' news), and read for the changelog and the front page."""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import to_user_timezone
from sqlmodel import Session, select

from core import db
from feedback.models import Unlock, Vote
from feedback.notifications.service import notify
from feedback.subjects import service_subject
from feedback.votes.service import tally
from flags import access
from stages.ladder import STAGES, Stage
from stages.manifest import ServiceManifest, in_german


def record_unlocks(db: Session, *, services: list[ServiceManifest], live_stage: str) -> None:
    """Connected to stages.signals.services_unlocked (the sender is the change's session): adds
    to the change's transaction."""
    for service in services:
        subject = service_subject(service.key)
        db.add(Unlock(service_key=service.key, stage=live_stage, votes=tally(db, subject)))
        for user_id in db.exec(select(Vote.user_id).where(Vote.subject == subject)):
            notify(
                db,
                user_id=user_id,
                kind="unlocked",
                subject=subject,
                title=in_german(service.title),
            )


@dataclass(frozen=True)
class ChangelogItem:
    unlock: Unlock
    day: date  # in Berlin
    title: str
    stage: Stage | None
    page_url: str | None


def changelog_items(limit: int | None = None) -> list[ChangelogItem]:
    """What went live for everyone, newest first; a service taken back and unlocked again is
    listed once, where it last went live."""
    services = access.flags().by_key
    unlocks = db.session().exec(select(Unlock).order_by(Unlock.at.desc(), Unlock.id.desc()))
    items = []
    listed: set[str] = set()
    for unlock in unlocks:
        if unlock.service_key in listed:
            continue
        listed.add(unlock.service_key)
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
        if limit is not None and len(items) == limit:
            break
    return items
