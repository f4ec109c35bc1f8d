"""Who may see and change what: partners of the organisation that owns the producer's directory
entry, and product owners (`core.ownership`). Drafts and hidden listings are theirs alone;
everyone else does not even learn that they exist (404)."""

from sqlmodel import Session

from core.models import User
from core.ownership import acting_organisations, get_authorised, may_act_for
from stages.moped.marketplace.models import Producer, Product


def may_edit_producer(db: Session, user: User, producer: Producer) -> bool:
    return may_act_for(db, user, producer.organisation_id)


def may_see_producer(db: Session, user: User, producer: Producer) -> bool:
    return is_public(producer) or may_edit_producer(db, user, producer)


def is_public(listing: Product | Producer) -> bool:
    """Whether everyone may see the listing (and every cache keep its photos)."""
    if isinstance(listing, Product):
        return listing.is_published and not listing.is_hidden and not listing.producer.is_hidden
    return not listing.is_hidden


def may_see_product(db: Session, user: User, product: Product) -> bool:
    return is_public(product) or may_edit_producer(db, user, product.producer)


def may_hide(user: User) -> bool:
    return bool(user.is_authenticated and user.is_product_owner)


def may_manage(db: Session, user: User) -> bool:
    """Whether this person acts for some organisation at all (the "Meine Produkte" page)."""
    return bool(acting_organisations(db, user))


def readable_producer(db: Session, user: User, producer_id: int) -> Producer:
    return get_authorised(
        db, Producer, producer_id, may_see=lambda p: may_see_producer(db, user, p)
    )


def editable_producer(db: Session, user: User, producer_id: int) -> Producer:
    return get_authorised(
        db,
        Producer,
        producer_id,
        may_see=lambda p: may_see_producer(db, user, p),
        may=lambda p: may_edit_producer(db, user, p),
    )


def readable_product(db: Session, user: User, product_id: int) -> Product:
    return get_authorised(db, Product, product_id, may_see=lambda p: may_see_product(db, user, p))


def editable_product(db: Session, user: User, product_id: int) -> Product:
    return get_authorised(
        db,
        Product,
        product_id,
        may_see=lambda p: may_see_product(db, user, p),
        may=lambda p: may_edit_producer(db, user, p.producer),
    )
