"""Who may read and write a thread: the resident who started it, and the recipient – a second
resident, or every partner of the organisation (one shared inbox). Nobody else, product owners
included: a private conversation is not content an owner manages (reported messages reach the
moderators by their text alone). For everyone else a thread does not exist (404)."""

from flask import abort
from sqlmodel import Session, select

from core.models import Membership, User
from core.ownership import is_partner_of
from stages.moped.messages.models import RECIPIENT, STARTER, MessageThread

ID_MAX = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; a larger one matches nothing


def partner_organisation_ids(user: User):
    """A subquery: the organisations whose inbox this person shares."""
    return select(Membership.organisation_id).where(Membership.user_id == user.id)


def side_of(db: Session, user: User, thread: MessageThread) -> str | None:
    if not user.is_authenticated:
        return None
    if thread.resident_id == user.id:
        return STARTER
    if thread.other_resident_id == user.id:
        return RECIPIENT
    if thread.organisation_id is not None and is_partner_of(db, user, thread.organisation_id):
        return RECIPIENT
    return None


def thread_for(db: Session, user: User, thread_id: int) -> tuple[MessageThread, str]:
    """The thread and the reader's side, if they are on one and their side was given a message
    (a thread whose every message was withheld from them does not exist for them)."""
    thread = db.get(MessageThread, thread_id) if 0 < thread_id <= ID_MAX else None
    side = side_of(db, user, thread) if thread is not None else None
    if side is None or getattr(thread, f"{side}_last_id") is None:
        abort(404)
    return thread, side


def other(side: str) -> str:
    return RECIPIENT if side == STARTER else STARTER
