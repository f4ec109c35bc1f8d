"""What waits for someone: their threads with the newest message, and how many are unread
(one query, for the navigation of every page)."""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from core.models import Organisation, User
from core.pagination import Page, paginate
from stages.moped.messages.models import RECIPIENT, STARTER, Message, MessageThread
from stages.moped.messages.permissions import partner_organisation_ids

PER_PAGE = 20


def _mine(user: User):
    """Threads where this person is on a side that was given a message: as their starter, or
    as the recipient (themselves, or an organisation whose inbox they share)."""
    as_starter = and_(
        MessageThread.resident_id == user.id, MessageThread.starter_last_id.is_not(None)
    )
    as_recipient = and_(
        MessageThread.resident_id != user.id,
        or_(
            MessageThread.other_resident_id == user.id,
            MessageThread.organisation_id.in_(partner_organisation_ids(user)),
        ),
        MessageThread.recipient_last_id.is_not(None),
    )
    return as_starter, as_recipient


def _unread(as_starter, as_recipient):
    return or_(
        and_(as_starter, MessageThread.starter_last_id > MessageThread.starter_read_id),
        and_(as_recipient, MessageThread.recipient_last_id > MessageThread.recipient_read_id),
    )


def unread_threads(db: Session, user: User) -> int:
    """Threads with a message this person's side has not read: one statement."""
    as_starter, as_recipient = _mine(user)
    statement = (
        select(func.count()).select_from(MessageThread).where(_unread(as_starter, as_recipient))
    )
    return db.exec(statement).one()


@dataclass(frozen=True)
class InboxItem:
    thread: MessageThread
    side: str
    counterpart: str  # who is on the other side, as this reader may see it
    last: Message | None  # the newest message this side was given (None if it is hidden)
    unread: bool


def inbox_page(db: Session, *, user: User, number: int) -> Page:
    """One page of this person's threads, the latest activity of their side first; the rows
    are InboxItems. A handful of statements, whatever the page holds."""
    as_starter, as_recipient = _mine(user)
    mine_first = MessageThread.resident_id == user.id
    last_at = case(
        (mine_first, MessageThread.starter_last_at), else_=MessageThread.recipient_last_at
    )
    statement = (
        select(MessageThread)
        .where(or_(as_starter, as_recipient))
        .order_by(last_at.desc(), MessageThread.id.desc())
    )
    page = paginate(db, statement, number=number, per_page=PER_PAGE)
    threads = page.rows
    sides = {t.id: STARTER if t.resident_id == user.id else RECIPIENT for t in threads}
    last_ids = [getattr(t, f"{sides[t.id]}_last_id") for t in threads]
    last = {}
    if last_ids:
        shown = select(Message).where(Message.id.in_(last_ids), Message.hidden.is_(False))
        last = {m.id: m for m in db.exec(shown)}
    names = counterpart_names(db, threads=threads, sides=sides)
    items = [
        InboxItem(
            thread=t,
            side=sides[t.id],
            counterpart=names[t.id],
            last=last.get(getattr(t, f"{sides[t.id]}_last_id")),
            unread=getattr(t, f"{sides[t.id]}_last_id") > getattr(t, f"{sides[t.id]}_read_id"),
        )
        for t in threads
    ]
    return Page(rows=items, number=page.number, count=page.count, total=page.total)


def counterpart_names(
    db: Session, *, threads: list[MessageThread], sides: dict[int, str]
) -> dict[int, str]:
    """Per thread, the other side's name: the organisation's, or the resident's display name
    (never an e-mail address). Two statements for any number of threads."""
    user_ids, organisation_ids = set(), set()
    for t in threads:
        if sides[t.id] == RECIPIENT:
            user_ids.add(t.resident_id)
        elif t.organisation_id is not None:
            organisation_ids.add(t.organisation_id)
        else:
            user_ids.add(t.other_resident_id)
    people = display_names(db, user_ids)
    organisations = organisation_names(db, organisation_ids)
    names = {}
    for t in threads:
        if sides[t.id] == RECIPIENT:
            names[t.id] = people.get(t.resident_id, "")
        elif t.organisation_id is not None:
            names[t.id] = organisations.get(t.organisation_id, "")
        else:
            names[t.id] = people.get(t.other_resident_id, "")
    return names


def display_names(db: Session, user_ids) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = db.exec(select(User.id, User.display_name).where(User.id.in_(set(user_ids))))
    return dict(rows.all())


def organisation_names(db: Session, organisation_ids) -> dict[int, str]:
    if not organisation_ids:
        return {}
    statement = select(Organisation.id, Organisation.name).where(
        Organisation.id.in_(set(organisation_ids))
    )
    return dict(db.exec(statement).all())
