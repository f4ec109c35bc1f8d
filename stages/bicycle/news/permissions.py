"""Who may read and change which post: published posts are public; drafts, and every change,
are for partners of the post's organisation and product owners."""

from sqlmodel import Session

from core.models import User
from core.ownership import acting_organisations, get_authorised, may_act_for
from stages.bicycle.news.models import NewsPost


def may_create(db: Session, user: User) -> bool:
    """Whether this person may write posts at all (for some organisation)."""
    return bool(acting_organisations(db, user))


def may_edit(db: Session, user: User, post: NewsPost) -> bool:
    return may_act_for(db, user, post.organisation_id)


def may_read(db: Session, user: User, post: NewsPost) -> bool:
    return post.is_published or may_edit(db, user, post)


def readable_post(db: Session, user: User, post_id: int) -> NewsPost:
    """The post, if this person may see it; a draft of someone else's is not there (404)."""
    return get_authorised(db, NewsPost, post_id, may_see=lambda post: may_read(db, user, post))


def editable_post(db: Session, user: User, post_id: int) -> NewsPost:
    """The post, if this person may change it: 404 if they may not even see it, else 403."""
    return get_authorised(
        db,
        NewsPost,
        post_id,
        may_see=lambda post: may_read(db, user, post),
        may=lambda post: may_edit(db, user, post),
    )
