"""One rule for content an organisation owns (news, events, directory entries, later products):
partners of the owning organisation and product owners may change it, nobody else. And one
helper that fetches an object and checks it, so no route forgets the check."""

from collections.abc import Callable
from typing import TypeVar

from flask import abort
from sqlmodel import Session, SQLModel, select

from core.models import Membership, Organisation, User

Row = TypeVar("Row", bound=SQLModel)


def is_partner_of(db: Session, user: User, organisation_id: int | None) -> bool:
    """Whether this person is a member (partner) of that organisation."""
    if not user.is_authenticated or organisation_id is None:
        return False
    membership = db.exec(
        select(Membership.id).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation_id
        )
    ).first()
    return membership is not None


def _may_act_at_all(user: User) -> bool:
    # A blocked account may still read, but acts for no organisation (moderation's block).
    return bool(user.is_authenticated) and not user.is_blocked


def may_act_for(db: Session, user: User, organisation_id: int | None) -> bool:
    """Partner of the owning organisation, or a product owner; never a blocked account."""
    if not _may_act_at_all(user):
        return False
    return bool(user.is_product_owner) or is_partner_of(db, user, organisation_id)


def acting_organisations(db: Session, user: User) -> list[Organisation]:
    """The organisations this person may act for: all for product owners, their own for
    partners, none for everyone else (blocked accounts included)."""
    if not _may_act_at_all(user):
        return []
    statement = select(Organisation).order_by(Organisation.name)
    if not user.is_product_owner:
        statement = statement.join(Membership).where(Membership.user_id == user.id)
    return list(db.exec(statement))


def get_or_404(db: Session, model: type[Row], row_id: int) -> Row:
    row = db.get(model, row_id)
    if row is None:
        abort(404)
    return row


def get_authorised(
    db: Session,
    model: type[Row],
    row_id: int,
    *,
    may: Callable[[Row], bool] | None = None,
    may_see: Callable[[Row], bool] | None = None,
) -> Row:
    """The row, if `may(row)` allows it: 404 when there is none (or, with `may_see`, when they
    may not even see it), 403 when it is not theirs (flaskr's get_post(id, check_author))."""
    row = get_or_404(db, model, row_id)
    if may_see is not None and not may_see(row):
        abort(404)
    if may is not None and not may(row):
        abort(403)
    return row
