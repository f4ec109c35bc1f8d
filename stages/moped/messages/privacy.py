"""A person's part of messages under the DSGVO: what they download (Art. 15/20), and what
deleting their account does (Art. 17).

Deleting keeps the other side's copy: a conversation belongs to both, and the farm shop that
answered a question, or the neighbour who arranged a lift, may still need what was agreed.
So the person's messages stay readable for the other side, signed "ehemaliges Mitglied" (no
name, no account to write to), the thread stays in the other side's inbox and takes no more
replies. What only the person ever saw goes: messages withheld from a blocker, their blocks
and their reports. A thread no one is left on is deleted."""

from sqlalchemy import delete, or_, update
from sqlmodel import Session, select

from core.models import Organisation, User
from stages.moped.messages.models import (
    STARTER,
    Message,
    MessageBlock,
    MessageReport,
    MessageThread,
)


def _when(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def personal_data(db: Session, user: User) -> dict[str, list[dict]]:
    """Their own threads with what each side wrote to them (the other side named as the
    person saw it: an organisation, never its partners), every message they wrote (also for
    an organisation), their blocks and their reports."""
    threads = db.exec(
        select(MessageThread).where(
            or_(MessageThread.resident_id == user.id, MessageThread.other_resident_id == user.id)
        )
    ).all()
    organisations = dict(
        db.exec(
            select(Organisation.id, Organisation.name).where(
                Organisation.id.in_({t.organisation_id for t in threads if t.organisation_id})
            )
        ).all()
    )
    sides = {t.id: STARTER if t.resident_id == user.id else "recipient" for t in threads}
    conversation = db.exec(
        select(Message).where(Message.thread_id.in_(sides)).order_by(Message.id)
    ).all()
    exported_threads = [
        {
            "id": t.id,
            "title": t.title,
            "subject_ref": t.subject_ref,
            "with_organisation": organisations.get(t.organisation_id),
            "created_at": _when(t.created_at),
            "messages": [
                {
                    "mine": m.author_id == user.id,
                    "text": m.text,
                    "created_at": _when(m.created_at),
                }
                for m in conversation
                if m.thread_id == t.id and (not m.withheld or m.side == sides[t.id])
            ],
        }
        for t in threads
    ]
    written = db.exec(select(Message).where(Message.author_id == user.id).order_by(Message.id))
    blocks = db.exec(select(MessageBlock).where(MessageBlock.blocker_id == user.id))
    reports = db.exec(select(MessageReport).where(MessageReport.reporter_id == user.id))
    return {
        "message_thread": exported_threads,
        "message": [
            {
                "id": m.id,
                "thread_id": m.thread_id,
                "text": m.text,
                "withheld": m.withheld,
                "created_at": _when(m.created_at),
            }
            for m in written
        ],
        "message_block": [{"blocked_since": _when(b.created_at)} for b in blocks],
        "message_report": [
            {"message_id": r.message_id, "reason": r.reason, "created_at": _when(r.created_at)}
            for r in reports
        ],
    }


def forget(db: Session, user: User) -> None:
    db.exec(delete(Message).where(Message.author_id == user.id, Message.withheld.is_(True)))
    db.exec(update(Message).where(Message.author_id == user.id).values(author_id=None))
    db.exec(delete(MessageBlock).where(MessageBlock.blocker_id == user.id))
    db.exec(delete(MessageReport).where(MessageReport.reporter_id == user.id))
    db.exec(
        update(MessageThread).where(MessageThread.resident_id == user.id).values(resident_id=None)
    )
    db.exec(
        update(MessageThread)
        .where(MessageThread.other_resident_id == user.id)
        .values(other_resident_id=None)
    )
    # Nobody left on either side: nobody to keep it for.
    db.exec(
        delete(MessageThread).where(
            MessageThread.resident_id.is_(None),
            MessageThread.organisation_id.is_(None),
            MessageThread.other_resident_id.is_(None),
        )
    )
    db.flush()
