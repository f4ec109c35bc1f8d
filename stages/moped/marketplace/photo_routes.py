"""Photos of products and of producers (the farm shop, the fields): partners upload (checked
and re-encoded, `photos`) and delete them; everyone who may see the listing gets them, with
caching headers (a photo never changes: a new one gets a new id)."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import select

from core import db
from core.ownership import get_or_404
from core.security import allow_uploads
from stages.moped.marketplace import bp, changes
from stages.moped.marketplace.forms import PhotoForm
from stages.moped.marketplace.models import ListingPhoto, Product
from stages.moped.marketplace.permissions import (
    editable_producer,
    editable_product,
    is_public,
    readable_producer,
    readable_product,
)
from stages.moped.marketplace.photos import SIZES, UPLOAD_MAX, PhotoRefused, encode

A_YEAR = 365 * 24 * 3600
# Photos from phones are larger than the platform's 1 MiB for forms (the rest of the form is
# small: its CSRF token and the alt text).
for endpoint in ("marketplace.add_photo", "marketplace.add_producer_photo"):
    allow_uploads(endpoint, UPLOAD_MAX + 64 * 1024)


def photos_of(listing) -> list:
    """(id, alt, width, height) of a product's or producer's photos, without their bytes."""
    statement = (
        select(ListingPhoto.id, ListingPhoto.alt, ListingPhoto.width, ListingPhoto.height)
        .where(changes.photos_on(listing))
        .order_by(ListingPhoto.id)
    )
    return list(db.session().exec(statement))


def _page_of(listing) -> str:
    """Where a listing's photos are managed: the product's page, the producer's profile form."""
    if isinstance(listing, Product):
        return url_for("marketplace.product", product_id=listing.id)
    return url_for("marketplace.edit_producer", producer_id=listing.id)


def _upload(listing):
    form = PhotoForm()
    if not form.validate_on_submit():
        errors = [error for field in (form.photo, form.alt) for error in field.errors]
        raise PhotoRefused(" ".join(str(error) for error in errors))
    encoded = encode(form.photo.data.read(UPLOAD_MAX + 1))
    changes.add_photo(
        db=db.session(), user=current_user, listing=listing, encoded=encoded, alt=form.alt.data
    )
    flash(_("Das Foto ist gespeichert."), "success")
    return redirect(_page_of(listing))


@bp.route("/<id:product_id>/fotos", methods=["POST"])
@login_required
def add_photo(product_id: int):
    return _upload(editable_product(db.session(), current_user, product_id))


@bp.route("/erzeuger/<id:producer_id>/fotos", methods=["POST"])
@login_required
def add_producer_photo(producer_id: int):
    return _upload(editable_producer(db.session(), current_user, producer_id))


def _listing_of(photo: ListingPhoto, *, edit: bool):
    """The product or producer the photo shows, if the person may see it (or change it)."""
    database = db.session()
    if photo.product_id is not None:
        check = editable_product if edit else readable_product
        return check(database, current_user, photo.product_id)
    check = editable_producer if edit else readable_producer
    return check(database, current_user, photo.producer_id)


@bp.route("/foto/<id:photo_id>/loeschen", methods=["POST"])
@login_required
def delete_photo(photo_id: int):
    database = db.session()
    photo = get_or_404(database, ListingPhoto, photo_id)
    listing = _listing_of(photo, edit=True)
    changes.delete_photo(db=database, user=current_user, photo=photo)
    flash(_("Das Foto ist gelöscht."), "success")
    return redirect(_page_of(listing))


@bp.route("/foto/<id:photo_id>/<size>.jpg")
def photo(photo_id: int, size: str):
    if size not in SIZES:
        abort(404)
    found = get_or_404(db.session(), ListingPhoto, photo_id)
    listing = _listing_of(found, edit=False)
    response = Response(found.small if size == "klein" else found.large, mimetype="image/jpeg")
    # Public photos may be kept by every cache; a draft's only by the partner's browser.
    response.cache_control.max_age = A_YEAR
    if is_public(listing):
        response.cache_control.public = True
    else:
        response.cache_control.private = True
    response.cache_control.immutable = True
    response.set_etag(f"{found.id}-{size}")
    return response.make_conditional(request)
