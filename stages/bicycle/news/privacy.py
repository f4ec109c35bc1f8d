"""A partner's part of news in their data download: the posts they wrote. The posts are their
organisation's, not theirs: they stay when the account goes, without an author (the database
sets it to NULL), so news has nothing to forget."""

from sqlmodel import Session, select

from core.models import Organisation, User
from stages.bicycle.news.models import NewsPost


def personal_data(db: Session, user: User) -> dict[str, list[dict]]:
    rows = db.exec(
        select(NewsPost, Organisation.name)
        .join(Organisation, Organisation.id == NewsPost.organisation_id)
        .where(NewsPost.author_id == user.id)
        .order_by(NewsPost.id)
    ).all()
    return {
        "news_post": [
            {
                "id": post.id,
                "organisation": organisation,
                "title": post.title,
                "is_published": post.is_published,
                "created_at": post.created_at.isoformat(),
            }
            for post, organisation in rows
        ]
    }
