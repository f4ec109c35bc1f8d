"""Who may see and change a post. The board's posts are public; a post that is closed,
withdrawn, ended or hidden is seen only by its author (and product owners, who moderate).
Only the author edits, closes or withdraws – anyone else, whatever the id they try, gets 404."""

from datetime import date

from flask import abort
from sqlmodel import Session

from core.models import User
from core.ownership import get_or_404
from stages.moped.neighbour_help.catalogue import OPEN
from stages.moped.neighbour_help.models import HelpPost


def is_author(user: User, post: HelpPost) -> bool:
    return bool(user.is_authenticated) and post.author_id == user.id


def may_moderate(user: User) -> bool:
    return bool(user.is_authenticated and user.is_product_owner)


def is_public(post: HelpPost, today: date) -> bool:
    return post.status == OPEN and not post.is_hidden and post.ends_on >= today


def readable_post(db: Session, user: User, post_id: int, today: date) -> HelpPost:
    post = get_or_404(db, HelpPost, post_id)
    if not (is_public(post, today) or is_author(user, post) or may_moderate(user)):
        abort(404)
    return post


def own_post(db: Session, user: User, post_id: int) -> HelpPost:
    post = get_or_404(db, HelpPost, post_id)
    if not is_author(user, post) or user.is_blocked:
        abort(404)
    return post
