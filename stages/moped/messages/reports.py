"""Reporting a message to the moderators, and their decision. Only the reported message's text
reaches the queue, never the rest of the thread."""

from collections import defaultdict

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core import audit
from core.accounts import FORMER_MEMBER
from core.audit import Actor
from core.db import all_or_nothing
from core.errors import Refusal
from core.models import User
from stages.moped.messages.forms import REASONS
from stages.moped.messages.inbox import display_names
from stages.moped.messages.models import Message, MessageReport
from stages.signals import ReportedItem

audit.describe(
    actions={
        "message_hide": _l("Nachricht ausgeblendet"),
        "message_keep": _l("Nachricht belassen"),
    },
    fields={"hidden": _l("Ausgeblendet")},
    # By its number only: the log is no place for what residents wrote to each other.
    subjects={"message": lambda number: _("Nachricht Nr. %(number)s", number=number)},
)


def report_message(
    db: Session, *, reporter: User, message: Message, side: str, reason: str
) -> bool:
    """A participant reports a message of the other side, once; False if they had already."""
    if message.side == side:
        raise Refusal(_("Eigene Nachrichten können Sie nicht melden."), 422)
    if reason not in REASONS:
        raise Refusal(_("Bitte wählen Sie einen Grund."), 422)
    try:
        with all_or_nothing(db):
            already = db.exec(
                select(MessageReport.id).where(
                    MessageReport.message_id == message.id,
                    MessageReport.reporter_id == reporter.id,
                )
            ).first()
            if already is not None:
                return False
            db.add(MessageReport(message_id=message.id, reporter_id=reporter.id, reason=reason))
    except IntegrityError:  # the same report sent twice at once: the constraint kept one
        return False
    return True


def open_reports(db: Session) -> list[ReportedItem]:
    """Connected to stages.signals.reported_items: reported messages awaiting a decision."""
    counted = db.exec(
        select(MessageReport.message_id, MessageReport.reason, func.count())
        .where(MessageReport.decided.is_(False))
        .group_by(MessageReport.message_id, MessageReport.reason)
        .order_by(MessageReport.message_id)
    ).all()
    reasons = defaultdict(list)
    for message_id, reason, count in counted:
        reasons[message_id].append((str(REASONS.get(reason, reason)), count))
    if not reasons:
        return []
    messages = list(db.exec(select(Message).where(Message.id.in_(reasons)).order_by(Message.id)))
    authors = display_names(db, {m.author_id for m in messages if m.author_id is not None})
    return [
        ReportedItem(
            kind=_("Nachricht"),
            text=message.text,
            author_id=message.author_id,
            author=authors.get(message.author_id) or str(FORMER_MEMBER),
            reasons=reasons[message.id],
            decide_url=url_for("messages.moderate", message_id=message.id),
        )
        for message in messages
    ]


def decide(db: Session, *, actor: User, message: Message, hide: bool) -> None:
    """Hide the message from both sides, or keep it; either way its reports are decided."""
    before = {"hidden": message.hidden}
    with all_or_nothing(db):
        message.hidden = hide
        db.add(message)
        db.exec(
            update(MessageReport).where(MessageReport.message_id == message.id).values(decided=True)
        )
        audit.record(
            db,
            actor=Actor.of(actor),
            action="message_hide" if hide else "message_keep",
            subject=f"message:{message.id}",
            before=before,
            after={"hidden": hide},
        )
