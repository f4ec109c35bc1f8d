"""When a change makes services live for everyone: the changelog entry and the voters' news."""

from sqlmodel import Session, select

from feedback.models import Unlock, Vote
from feedback.notifications.service import notify
from feedback.subjects import service_subject
from feedback.votes.service import tally
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
