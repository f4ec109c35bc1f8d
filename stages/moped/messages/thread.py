"""A thread as one reader sees it: who wrote each message in words they may see, and whether
the other side has read one's own messages ("gelesen")."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlmodel import Session

from core.accounts import FORMER_MEMBER
from core.models import Organisation, User
from stages.moped.messages.inbox import counterpart_names, display_names
from stages.moped.messages.models import STARTER, Message, MessageThread
from stages.moped.messages.permissions import other
from stages.moped.messages.service import thread_messages


@dataclass(frozen=True)
class ShownMessage:
    message: Message
    mine: bool  # written on the reader's side (by them or, in a shared inbox, a colleague)
    author: str
    read: bool  # one's own side's message, read by the other side


@dataclass(frozen=True)
class ThreadView:
    thread: MessageThread
    side: str
    counterpart: str
    organisation: str | None  # the organisation whose inbox it is in, if any
    messages: list[ShownMessage]
    may_block: bool  # the reader is the one resident the other side writes to


def _author(message: Message, *, reader: User, side: str, names: dict, organisation: str | None):
    """An organisation's partners see which of them answered; the resident sees the
    organisation (its partners' names stay within it)."""
    name = names.get(message.author_id) or str(FORMER_MEMBER)
    if message.side == side:
        if organisation and side != STARTER:
            if message.author_id == reader.id:
                return _("Sie für %(organisation)s", organisation=organisation)
            return _("%(name)s für %(organisation)s", name=name, organisation=organisation)
        return _("Sie") if message.author_id == reader.id else name
    if organisation and side == STARTER:
        return organisation
    return name


def thread_view(db: Session, thread: MessageThread, side: str, reader: User) -> ThreadView:
    messages = thread_messages(db, thread=thread, side=side)
    names = display_names(db, {m.author_id for m in messages if m.author_id is not None})
    organisation = None
    if thread.organisation_id is not None:
        found = db.get(Organisation, thread.organisation_id)
        organisation = found.name if found else None
    other_read = getattr(thread, f"{other(side)}_read_id")
    shown = [
        ShownMessage(
            message=m,
            mine=m.side == side,
            author=_author(m, reader=reader, side=side, names=names, organisation=organisation),
            read=m.side == side and not m.withheld and other_read >= m.id,
        )
        for m in messages
    ]
    return ThreadView(
        thread=thread,
        side=side,
        counterpart=counterpart_names(db, threads=[thread], sides={thread.id: side})[thread.id],
        organisation=organisation,
        messages=shown,
        may_block=side == STARTER or thread.other_resident_id == reader.id,
    )
