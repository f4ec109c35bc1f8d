"""The person's rights under the DSGVO for this service: their posts as data, and what goes
when their account is deleted (open posts go; closed ones stay without an author, so the
"… Mal geholfen" counts stay true; reports they made go)."""

from sqlalchemy import delete, update
from sqlmodel import Session, select

from core.models import User
from stages.moped.neighbour_help.catalogue import CLOSED
from stages.moped.neighbour_help.models import HelpPost, HelpReport


def _when(value):
    return value.isoformat() if value is not None else None


def personal_data(db: Session, user: User) -> dict[str, list[dict]]:
    posts = db.exec(select(HelpPost).where(HelpPost.author_id == user.id).order_by(HelpPost.id))
    reports = db.exec(
        select(HelpReport).where(HelpReport.reporter_id == user.id).order_by(HelpReport.id)
    )
    return {
        "neighbour_help_post": [
            {
                "id": post.id,
                "kind": post.kind,
                "category": post.category,
                "municipality": post.municipality,
                "village": post.village,
                "title": post.title,
                "text": post.text,
                "when": post.when,
                "ends_on": _when(post.ends_on),
                "on_behalf": post.on_behalf,
                "status": post.status,
                "closed_at": _when(post.closed_at),
                "created_at": _when(post.created_at),
            }
            for post in posts
        ],
        "neighbour_help_report": [
            {"post_id": r.post_id, "reason": r.reason, "created_at": _when(r.created_at)}
            for r in reports
        ],
    }


def forget(db: Session, user: User) -> None:
    """No commit: the account's deletion commits everything at once."""
    db.exec(delete(HelpReport).where(HelpReport.reporter_id == user.id))
    # What stays of a closed post is that it helped, where and when: no words of the person.
    db.exec(
        update(HelpPost)
        .where(HelpPost.author_id == user.id, HelpPost.status == CLOSED)
        .values(author_id=None, title="", text="", when="", village="")
    )
    mine = select(HelpPost.id).where(HelpPost.author_id == user.id)
    db.exec(delete(HelpReport).where(HelpReport.post_id.in_(mine)))
    db.exec(delete(HelpPost).where(HelpPost.author_id == user.id))
