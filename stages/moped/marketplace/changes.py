"""What partners and owners change, one transaction each, each with its audit entry."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select, update

from core import audit
from core import db as core_db
from core.audit import Actor
from core.db import all_or_nothing
from core.models import User, utcnow
from stages.bicycle.directory.models import DirectoryEntry
from stages.moped.marketplace.models import ListingPhoto, ListingReport, Producer, Product
from stages.moped.marketplace.photos import PHOTOS_MAX, PhotoRefused


def _name_of(kind: str, statement, number: str) -> str | None:
    """A listing's name today (the log's reader knows it by that), None once it is deleted.
    The names of a kind are read once per request: the log's subject filter names every
    listing the log holds, and a query each would be thousands."""
    session = core_db.session()
    names = session.info.setdefault("marketplace_audit_names", {})
    if kind not in names:
        names[kind] = dict(session.exec(statement).all())
    return names[kind].get(int(number)) if number.isdigit() else None


def _product_words(number: str) -> str:
    name = _name_of("product", select(Product.id, Product.name), number)
    if name is None:
        return _("Produkt Nr. %(number)s", number=number)
    return _("Produkt „%(name)s“ (Nr. %(number)s)", name=name, number=number)


def _producer_words(number: str) -> str:
    name = _name_of(
        "producer", select(Producer.id, DirectoryEntry.name).join(Producer.entry), number
    )
    if name is None:
        return _("Erzeuger Nr. %(number)s", number=number)
    return _("Erzeuger „%(name)s“ (Nr. %(number)s)", name=name, number=number)


audit.describe(
    actions={
        "product_create": _l("Produkt angelegt"),
        "product_edit": _l("Produkt geändert"),
        "product_publish": _l("Produkt veröffentlicht"),
        "product_withdraw": _l("Produkt zurückgezogen"),
        "product_hide": _l("Produkt ausgeblendet"),
        "product_show": _l("Produkt wieder eingeblendet"),
        "producer_edit": _l("Erzeugerprofil geändert"),
        "producer_hide": _l("Erzeuger ausgeblendet"),
        "producer_show": _l("Erzeuger wieder eingeblendet"),
        "product_keep": _l("Gemeldetes Produkt belassen"),
        "producer_keep": _l("Gemeldeten Erzeuger belassen"),
        "photo_add": _l("Foto hinzugefügt"),
        "photo_delete": _l("Foto gelöscht"),
    },
    fields={
        "name": _l("Name"),
        "price_cents": _l("Preis (Cent)"),
        "availability": _l("Verfügbarkeit"),
        "is_published": _l("Veröffentlicht"),
        "is_hidden": _l("Ausgeblendet"),
    },
    subjects={"product": _product_words, "producer": _producer_words},
)

PRODUCT_FIELDS = (
    "name", "category", "description", "price_cents", "unit", "quantity",
    "season_from", "season_to", "availability", "stock",
)  # fmt: skip
PRODUCER_FIELDS = ("makes", "practice", "vat_note", "market_days", "pickup_points")


def _state(row, names) -> dict:
    return {name: getattr(row, name) for name in names}


def _published_state(product: Product, published: bool) -> None:
    product.is_published = published
    if published and product.published_at is None:
        product.published_at = utcnow()


def save_product(
    *, db: Session, user: User, product: Product, values: dict, publish: bool
) -> Product:
    """A new product (no id yet) or changes to one; `values` are PRODUCT_FIELDS."""
    is_new = product.id is None
    before = {} if is_new else _state(product, (*PRODUCT_FIELDS, "is_published"))
    with all_or_nothing(db):
        for name in PRODUCT_FIELDS:
            setattr(product, name, values[name])
        _published_state(product, publish)
        db.add(product)
        db.flush()
        audit.record(
            db,
            actor=Actor.of(user),
            action="product_create" if is_new else "product_edit",
            subject=f"product:{product.id}",
            before=before,
            after=_state(product, (*PRODUCT_FIELDS, "is_published")),
        )
    return product


def set_published(*, db: Session, user: User, product: Product, published: bool) -> None:
    with all_or_nothing(db):
        before = {"is_published": product.is_published}
        _published_state(product, published)
        db.add(product)
        audit.record(
            db,
            actor=Actor.of(user),
            action="product_publish" if published else "product_withdraw",
            subject=f"product:{product.id}",
            before=before,
            after={"is_published": published},
        )


def save_producer(*, db: Session, user: User, producer: Producer, values: dict) -> None:
    with all_or_nothing(db):
        before = _state(producer, PRODUCER_FIELDS)
        for name in PRODUCER_FIELDS:
            setattr(producer, name, values[name])
        producer.updated_at = utcnow()
        db.add(producer)
        audit.record(
            db,
            actor=Actor.of(user),
            action="producer_edit",
            subject=f"producer:{producer.id}",
            before=before,
            after=_state(producer, PRODUCER_FIELDS),
        )


def kind_of(listing: Product | Producer) -> str:
    return "product" if isinstance(listing, Product) else "producer"


def reports_of(listing: Product | Producer):
    """The condition that selects the listing's reports."""
    if isinstance(listing, Product):
        return ListingReport.product_id == listing.id
    return ListingReport.producer_id == listing.id


def _settle_reports(db: Session, listing: Product | Producer) -> None:
    db.exec(update(ListingReport).where(reports_of(listing)).values(decided=True))


def set_hidden(
    *, db: Session, user: User, listing: Product | Producer, hidden: bool, reason: str
) -> None:
    """A product owner hides a product or a whole producer (or shows it again), with a reason.
    Hiding also decides the listing's open reports, from the moderation page or its own."""
    kind = kind_of(listing)
    with all_or_nothing(db):
        before = {"is_hidden": listing.is_hidden}
        listing.is_hidden = hidden
        db.add(listing)
        if hidden:
            _settle_reports(db, listing)
        audit.record(
            db,
            actor=Actor.of(user),
            action=f"{kind}_{'hide' if hidden else 'show'}",
            subject=f"{kind}:{listing.id}",
            before=before,
            after={"is_hidden": hidden},
            reason=reason,
        )


def keep_reported(*, db: Session, user: User, listing: Product | Producer) -> None:
    """A product owner found a reported listing in order: it stays, its reports are decided."""
    kind = kind_of(listing)
    with all_or_nothing(db):
        _settle_reports(db, listing)
        audit.record(
            db,
            actor=Actor.of(user),
            action=f"{kind}_keep",
            subject=f"{kind}:{listing.id}",
            before={"is_hidden": listing.is_hidden},
            after={"is_hidden": listing.is_hidden},
        )


def photos_on(listing: Product | Producer):
    """The condition that selects the listing's photos."""
    if isinstance(listing, Product):
        return ListingPhoto.product_id == listing.id
    return ListingPhoto.producer_id == listing.id


def add_photo(
    *, db: Session, user: User, listing: Product | Producer, encoded, alt: str
) -> ListingPhoto:
    """Refused (422) when the product or producer has its PHOTOS_MAX already."""
    kind = kind_of(listing)
    with all_or_nothing(db):
        count = db.exec(select(func.count()).where(photos_on(listing))).one()
        if count >= PHOTOS_MAX:
            if kind == "product":
                message = _("Ein Produkt hat höchstens %(count)d Fotos.", count=PHOTOS_MAX)
            else:
                message = _("Ein Erzeuger hat höchstens %(count)d Fotos.", count=PHOTOS_MAX)
            raise PhotoRefused(message)
        photo = ListingPhoto(
            alt=alt,
            width=encoded.width,
            height=encoded.height,
            small=encoded.small,
            large=encoded.large,
            **{f"{kind}_id": listing.id},
        )
        db.add(photo)
        db.flush()
        audit.record(
            db,
            actor=Actor.of(user),
            action="photo_add",
            subject=f"{kind}:{listing.id}",
            after={"photo": photo.id, "alt": alt},
        )
    return photo


def _subject_of(photo: ListingPhoto) -> str:
    if photo.product_id is not None:
        return f"product:{photo.product_id}"
    return f"producer:{photo.producer_id}"


def delete_photo(*, db: Session, user: User, photo: ListingPhoto) -> None:
    with all_or_nothing(db):
        audit.record(
            db,
            actor=Actor.of(user),
            action="photo_delete",
            subject=_subject_of(photo),
            before={"photo": photo.id, "alt": photo.alt},
        )
        db.delete(photo)
