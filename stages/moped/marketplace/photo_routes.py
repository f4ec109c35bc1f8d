"""Product photos: partners upload (checked and re-encoded, `photos`) and delete them; everyone
who may see the product gets them, with caching headers (a photo never changes: a new one gets
a new id)."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import select

from core import db
from core.ownership import get_or_404
from core.security import allow_uploads
from stages.moped.marketplace import bp, changes
from stages.moped.marketplace.forms import PhotoForm
from stages.moped.marketplace.models import ProductPhoto
from stages.moped.marketplace.permissions import editable_product, readable_product
from stages.moped.marketplace.photos import SIZES, UPLOAD_MAX, PhotoRefused, encode

A_YEAR = 365 * 24 * 3600
# Photos from phones are larger than the platform's 1 MiB for forms (the rest of the form is
# small: its CSRF token and the alt text).
allow_uploads("marketplace.add_photo", UPLOAD_MAX + 64 * 1024)


def photos_of(product_id: int) -> list:
    """(id, alt, width, height) of a product's photos, without their bytes."""
    statement = (
        select(ProductPhoto.id, ProductPhoto.alt, ProductPhoto.width, ProductPhoto.height)
        .where(ProductPhoto.product_id == product_id)
        .order_by(ProductPhoto.id)
    )
    return list(db.session().exec(statement))


@bp.route("/<id:product_id>/fotos", methods=["POST"])
@login_required
def add_photo(product_id: int):
    database = db.session()
    product = editable_product(database, current_user, product_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        errors = [error for field in (form.photo, form.alt) for error in field.errors]
        raise PhotoRefused(" ".join(str(error) for error in errors))
    encoded = encode(form.photo.data.read(UPLOAD_MAX + 1))
    changes.add_photo(
        db=database, user=current_user, product=product, encoded=encoded, alt=form.alt.data
    )
    flash(_("Das Foto ist gespeichert."), "success")
    return redirect(url_for("marketplace.product", product_id=product.id))


@bp.route("/foto/<id:photo_id>/loeschen", methods=["POST"])
@login_required
def delete_photo(photo_id: int):
    database = db.session()
    photo = get_or_404(database, ProductPhoto, photo_id)
    product = editable_product(database, current_user, photo.product_id)
    changes.delete_photo(db=database, user=current_user, photo=photo)
    flash(_("Das Foto ist gelöscht."), "success")
    return redirect(url_for("marketplace.product", product_id=product.id))


@bp.route("/foto/<id:photo_id>/<size>.jpg")
def photo(photo_id: int, size: str):
    if size not in SIZES:
        abort(404)
    database = db.session()
    found = get_or_404(database, ProductPhoto, photo_id)
    product = readable_product(database, current_user, found.product_id)
    response = Response(found.small if size == "klein" else found.large, mimetype="image/jpeg")
    # Public photos may be kept by every cache; a draft's only by the partner's browser.
    public = product.is_published and not product.is_hidden and not product.producer.is_hidden
    response.cache_control.max_age = A_YEAR
    if public:
        response.cache_control.public = True
    else:
        response.cache_control.private = True
    response.cache_control.immutable = True
    response.set_etag(f"{found.id}-{size}")
    return response.make_conditional(request)
