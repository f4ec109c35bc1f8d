"""Starting threads, writing, reading and blocking; each a function of one transaction that
refuses bad input with a German `Refusal` before anything is written.

Blocking: a message from someone the receiving resident has blocked is stored and shown to
its author's side as sent, but never given to the blocker (no unread mark, no notification,
not in their thread). The issue asks that a blocked sender is not told; a refusal, however
neutral, would tell them, and a message that vanished without a trace would look like a
fault. Stored and withheld, it also stays at hand should moderators need it."""

import re

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import case, exists, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.db import all_or_nothing
from core.errors import Refusal
from core.models import Membership, Organisation, User, utcnow
from core.text import clean_text, has_control_characters
from stages import signals
from stages.moped.messages.models import (
    RECIPIENT,
    STARTER,
    SUBJECT_REF_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Message,
    MessageBlock,
    MessageThread,
)
from stages.moped.messages.permissions import ID_MAX

# "marketplace:product:12", "organisation:3": a service key, then one to three parts.
SUBJECT_REF = re.compile(r"[a-z][a-z0-9_]{1,39}(:[A-Za-z0-9_-]{1,40}){1,3}")


def _refuse_blocked_account(author: User) -> None:
    if author.is_blocked:
        raise Refusal(_("Ihr Konto ist gesperrt: Sie können keine Nachrichten schreiben."), 403)


def checked_text(text) -> str:
    text = clean_text(text) if isinstance(text, str) else ""
    if not text or len(text) > TEXT_MAX:
        raise Refusal(_("Eine Nachricht braucht 1 bis %(max)d Zeichen.", max=TEXT_MAX), 422)
    if has_control_characters(text):
        raise Refusal(_("Bitte keine Steuerzeichen verwenden."), 422)
    return text


def checked_title(title) -> str:
    title = clean_text(title) if isinstance(title, str) else ""
    if len(title) > TITLE_MAX or has_control_characters(title):
        raise Refusal(_("Der Betreff darf höchstens %(max)d Zeichen haben.", max=TITLE_MAX), 422)
    return title or _("Anfrage")


def checked_subject_ref(subject_ref) -> str:
    if subject_ref in (None, ""):
        return ""
    if (
        not isinstance(subject_ref, str)
        or len(subject_ref) > SUBJECT_REF_MAX
        or not SUBJECT_REF.fullmatch(subject_ref)
    ):
        raise Refusal(_("Der Bezug der Nachricht ist ungültig."), 422)
    return subject_ref


def _recipient_organisation(db: Session, author: User, organisation_id: int) -> Organisation:
    organisation = db.get(Organisation, organisation_id) if 0 < organisation_id <= ID_MAX else None
    if organisation is None:
        raise Refusal(_("Diese Organisation gibt es nicht."), 404)
    partners = set(
        db.exec(select(Membership.user_id).where(Membership.organisation_id == organisation.id))
    )
    if not partners:
        raise Refusal(
            _(
                "%(name)s kann auf Landwerk noch keine Nachrichten empfangen.",
                name=organisation.name,
            ),
            422,
        )
    if author.id in partners:
        raise Refusal(_("Sie gehören selbst zu %(name)s.", name=organisation.name), 422)
    return organisation


def _recipient_resident(db: Session, author: User, resident_id: int) -> User:
    resident = db.get(User, resident_id) if 0 < resident_id <= ID_MAX else None
    if resident is None:
        raise Refusal(_("Diese Person gibt es nicht."), 404)
    if resident.id == author.id:
        raise Refusal(_("Sie können sich nicht selbst schreiben."), 422)
    return resident


def start_thread(
    db: Session,
    *,
    author: User,
    organisation_id: int | None = None,
    resident_id: int | None = None,
    subject_ref: str = "",
    title: str = "",
    text: str,
) -> MessageThread:
    """A new thread from a resident to an organisation or to another resident, with its
    first message."""
    _refuse_blocked_account(author)
    if (organisation_id is None) == (resident_id is None):
        raise Refusal(_("Bitte wählen Sie, wem Sie schreiben."), 422)
    text, title = checked_text(text), checked_title(title)
    subject_ref = checked_subject_ref(subject_ref)
    with all_or_nothing(db):
        thread = MessageThread(resident_id=author.id, subject_ref=subject_ref, title=title)
        if organisation_id is not None:
            thread.organisation_id = _recipient_organisation(db, author, organisation_id).id
        else:
            thread.other_resident_id = _recipient_resident(db, author, resident_id).id
        db.add(thread)
        db.flush()
        _add(db, thread=thread, author=author, side=STARTER, text=text)
    return thread


def post_message(
    db: Session, *, author: User, thread: MessageThread, side: str, text: str
) -> Message:
    """A reply on the author's side of the thread (checked by the caller: `thread_for`)."""
    _refuse_blocked_account(author)
    if _other_side_gone(thread, side):
        raise Refusal(
            _("Ihr Gegenüber hat sein Konto gelöscht; hier kann niemand mehr antworten."), 422
        )
    text = checked_text(text)
    with all_or_nothing(db):
        message = _add(db, thread=thread, author=author, side=side, text=text)
    return message


def _other_side_gone(thread: MessageThread, side: str) -> bool:
    if side == STARTER:
        return thread.organisation_id is None and thread.other_resident_id is None
    return thread.resident_id is None


def _receiver(thread: MessageThread, side: str) -> int | None:
    """The one resident a message on `side` goes to; None for an organisation's inbox."""
    return thread.other_resident_id if side == STARTER else thread.resident_id


def is_blocked_by(db: Session, *, blocker_id: int | None, author_id: int) -> bool:
    if blocker_id is None:
        return False
    statement = select(MessageBlock.id).where(
        MessageBlock.blocker_id == blocker_id, MessageBlock.blocked_id == author_id
    )
    return db.exec(statement).first() is not None


def _if_newer(marker, message_id: int, new_value, column):
    """`new_value` where `message_id` is newer than what `marker` records, else the column as
    it is. Evaluated by the database on the row it updates, so of two writers at once both are
    counted and the newest message wins, whichever commits first."""
    return case((marker.is_(None) | (marker < message_id), new_value), else_=column)


def _add(db: Session, *, thread: MessageThread, author: User, side: str, text: str) -> Message:
    withheld = is_blocked_by(db, blocker_id=_receiver(thread, side), author_id=author.id)
    message = Message(
        thread_id=thread.id, author_id=author.id, side=side, text=text, withheld=withheld
    )
    db.add(message)
    db.flush()
    now = utcnow()
    columns = MessageThread.__table__.c
    values = {}
    for given in [side] if withheld else [STARTER, RECIPIENT]:
        last_id, last_at = columns[f"{given}_last_id"], columns[f"{given}_last_at"]
        values[f"{given}_last_id"] = _if_newer(last_id, message.id, message.id, last_id)
        values[f"{given}_last_at"] = _if_newer(last_id, message.id, now, last_at)
    # What one's own side wrote, it has read.
    read_id = columns[f"{side}_read_id"]
    values[f"{side}_read_id"] = _if_newer(read_id, message.id, message.id, read_id)
    db.exec(update(MessageThread).where(MessageThread.id == thread.id).values(**values))
    if not withheld:
        _announce(db, thread=thread, author=author, side=side)
    return message


def _announce(db: Session, *, thread: MessageThread, author: User, side: str) -> None:
    """The other side hears of it in the app: the resident, or the organisation's partners."""
    receiver = _receiver(thread, side)
    if receiver is not None:
        user_ids = {receiver}
    else:
        user_ids = set(
            db.exec(
                select(Membership.user_id).where(
                    Membership.organisation_id == thread.organisation_id
                )
            )
        )
    user_ids.discard(author.id)
    signals.notice.send(
        db,
        user_ids=user_ids,
        kind="message",
        title=thread.title,
        path=url_for("messages.thread", thread_id=thread.id),
    )


def mark_read(db: Session, *, thread: MessageThread, side: str) -> None:
    """The reader's side has read what it was given (never less than it had read)."""
    columns = MessageThread.__table__.c
    last_id = columns[f"{side}_last_id"]
    read_id = columns[f"{side}_read_id"]
    with all_or_nothing(db):
        db.exec(
            update(MessageThread)
            .where(MessageThread.id == thread.id, last_id > read_id)
            .values({read_id: last_id})
        )
    db.refresh(thread)


def thread_messages(db: Session, *, thread: MessageThread, side: str) -> list[Message]:
    """The messages this side may see, oldest first: withheld ones only on their author's side."""
    statement = select(Message).where(Message.thread_id == thread.id)
    statement = statement.where(Message.withheld.is_(False) | (Message.side == side))
    return list(db.exec(statement.order_by(Message.id)))


def block(db: Session, *, blocker: User, blocked_id: int | None) -> None:
    """From now on, nothing this account writes reaches the blocker. Blocking twice is once."""
    if blocked_id is None or blocked_id == blocker.id:
        raise Refusal(_("Diese Person können Sie nicht blockieren."), 422)
    try:
        with all_or_nothing(db):
            already = exists().where(
                MessageBlock.blocker_id == blocker.id, MessageBlock.blocked_id == blocked_id
            )
            if not db.exec(select(already)).one():
                db.add(MessageBlock(blocker_id=blocker.id, blocked_id=blocked_id))
    except IntegrityError:
        pass  # the same block sent twice at once: the constraint kept one


def unblock(db: Session, *, blocker: User, blocked_id: int) -> None:
    with all_or_nothing(db):
        row = db.exec(
            select(MessageBlock).where(
                MessageBlock.blocker_id == blocker.id, MessageBlock.blocked_id == blocked_id
            )
        ).first()
        if row is not None:
            db.delete(row)
