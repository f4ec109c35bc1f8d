"""What waits for someone: their threads with the newest message, and how many are unread
(one query, for the navigation of every page)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from core.accounts import FORMER_MEMBER
from core.models import Organisation, User
from core.pagination import Page, paginate
from stages.moped.messages.models import RECIPIENT, STARTER, Message, MessageBlock, MessageThread
from stages.moped.messages.permissions import partner_organisation_ids

PER_PAGE = 20


def _mine(user: User):
    """Threads where this person is on a side that was given a message: as their starter, or
    as the recipient (themselves, or an organisation whose inbox they share)."""
    as_starter = and_(
        MessageThread.resident_id == user.id, MessageThread.starter_last_id.is_not(None)
    )
    as_recipient = and_(
        or_(MessageThread.resident_id.is_(None), MessageThread.resident_id != user.id),
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
            names[t.id] = people.get(t.resident_id) or FORMER_MEMBER
        elif t.organisation_id is not None:
            names[t.id] = organisations.get(t.organisation_id, "")
        else:
            names[t.id] = people.get(t.other_resident_id) or FORMER_MEMBER
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


@dataclass(frozen=True)
class BlockedSender:
    user_id: int
    name: str  # as the blocker knows them


def blocked_senders(db: Session, *, blocker: User) -> list[BlockedSender]:
    """Whom this person blocked, named as they met them: a neighbour by name, a partner who
    answered for an organisation as "jemand von <Organisation>" – the resident never saw that
    partner's own name, and the list must not tell it. Three statements for any number."""
    blocked = db.exec(
        select(User.id, User.display_name)
        .join(MessageBlock, MessageBlock.blocked_id == User.id)
        .where(MessageBlock.blocker_id == blocker.id)
    ).all()
    ids = {user_id for user_id, _name in blocked}
    if not ids:
        return []
    by_name = set()
    for resident_id, other_id in db.exec(
        select(MessageThread.resident_id, MessageThread.other_resident_id).where(
            MessageThread.organisation_id.is_(None),
            or_(
                and_(
                    MessageThread.resident_id == blocker.id,
                    MessageThread.other_resident_id.in_(ids),
                ),
                and_(
                    MessageThread.other_resident_id == blocker.id,
                    MessageThread.resident_id.in_(ids),
                ),
            ),
        )
    ):
        by_name.add(other_id if resident_id == blocker.id else resident_id)
    organisations: dict[int, set[str]] = {}
    for author_id, organisation in db.exec(
        select(Message.author_id, Organisation.name)
        .join(MessageThread, MessageThread.id == Message.thread_id)
        .join(Organisation, Organisation.id == MessageThread.organisation_id)
        .where(
            MessageThread.resident_id == blocker.id,
            Message.side == RECIPIENT,
            Message.author_id.in_(ids),
        )
        .distinct()
    ):
        organisations.setdefault(author_id, set()).add(organisation)
    senders = []
    for user_id, display_name in blocked:
        if user_id in by_name or user_id not in organisations:
            name = display_name if user_id in by_name else _("jemand, der Ihnen geschrieben hat")
        else:
            name = _(
                "jemand von %(organisation)s",
                organisation=", ".join(sorted(organisations[user_id])),
            )
        senders.append(BlockedSender(user_id=user_id, name=name))
    return sorted(senders, key=lambda sender: sender.name.casefold())
