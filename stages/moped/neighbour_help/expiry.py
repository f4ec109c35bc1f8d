"""The scheduled step: posts past their end date are told to their author, once each. The
board does not wait for it – its query leaves out what has ended (service.on_the_board)."""

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, select

from stages import signals
from stages.moped.neighbour_help.catalogue import OPEN
from stages.moped.neighbour_help.models import HelpPost
from stages.moped.neighbour_help.service import local_today

URL_PREFIX = "/nachbarschaftshilfe"
BATCH = 500


def tell_expired(db: Session, now: datetime) -> int:
    """Tell the authors of open posts that ended before today (local) – each post once, even
    when two instances run it at the same moment: the post is marked by an update that only
    one of them can win, in the transaction that sends the notice."""
    today = local_today(now)
    due = db.exec(
        select(HelpPost.id, HelpPost.author_id, HelpPost.title)
        .where(
            HelpPost.status == OPEN,
            HelpPost.ends_on < today,
            HelpPost.expiry_told_at.is_(None),
            HelpPost.author_id.is_not(None),
        )
        .order_by(HelpPost.id)
        .limit(BATCH)
    ).all()
    told = 0
    for post_id, author_id, title in due:
        marked = db.exec(
            update(HelpPost)
            .where(HelpPost.id == post_id, HelpPost.expiry_told_at.is_(None))
            .values(expiry_told_at=now)
        )
        if marked.rowcount != 1:
            continue
        # A path, not url_for: the task queue runs this without a request.
        signals.notice.send(
            db,
            user_ids={author_id},
            kind="help_expired",
            title=title,
            path=f"{URL_PREFIX}/{post_id}",
        )
        told += 1
    db.commit()
    return told
