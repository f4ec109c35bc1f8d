"""Views of the marketplace: finding products, a producer's and a product's page, and the forms
with which partners keep their products and profile and owners hide listings."""

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.errors import Refusal
from core.formatting import tel_uri
from core.markdown import safe_markdown
from core.models import utcnow
from core.municipalities import MUNICIPALITIES, distance_km, municipality_name
from core.pagination import Pager, requested_page
from core.rendering import render
from core.search import short_words
from stages.bicycle.directory.hours import day_name, describe, describe_day, opening_status, week
from stages.moped.marketplace import (  # noqa: F401  (api: its routes)
    api,
    bp,
    changes,
    joining,
    service,
)
from stages.moped.marketplace.catalogue import (
    AVAILABILITY,
    CATEGORIES,
    VAT_NOTES,
    euros,
    label,
    quantity_of,
    season_text,
    unit_price_text,
    unit_text,
)
from stages.moped.marketplace.forms import (
    HideForm,
    PhotoForm,
    ProducerForm,
    ProductForm,
    SearchForm,
)
from stages.moped.marketplace.jsonld import producer_jsonld, product_jsonld
from stages.moped.marketplace.models import Product
from stages.moped.marketplace.permissions import (
    editable_producer,
    editable_product,
    may_edit_producer,
    may_hide,
    readable_producer,
    readable_product,
)
from stages.moped.marketplace.photo_routes import photos_of


@bp.context_processor
def _helpers() -> dict:
    return {
        "category_name": lambda key: label(CATEGORIES, key),
        "availability_name": lambda key: label(AVAILABILITY, key),
        "vat_note_name": lambda key: label(VAT_NOTES, key),
        "municipality_name": municipality_name,
        "distance_km": distance_km,
        "municipality_names": MUNICIPALITIES,
        "euros": euros,
        "unit_text": unit_text,
        "unit_price_text": unit_price_text,
        "season_text": season_text,
        "opening_status": opening_status,
        "describe_status": describe,
        "describe_day": describe_day,
        "day_name": day_name,
        "phone_link": tel_uri,
    }


@bp.route("/")
def index():
    form = SearchForm(request.args)
    valid = form.validate()
    pager = None
    if valid:
        query = {
            "q": form.q.data or None,
            "kategorie": form.kategorie.data or None,
            "gemeinde": form.gemeinde.data or None,
            "saison": "y" if form.saison.data else None,
            "heute": "y" if form.heute.data else None,
            "sortierung": form.sortierung.data or None,
        }
        filters = service.Filters(
            query=form.q.data or "",
            category=form.kategorie.data,
            municipality=form.gemeinde.data,
            in_season=form.saison.data,
            open_today=form.heute.data,
            sort=form.sortierung.data,
            near=getattr(current_user, "municipality", "") or "",
        )
        result = service.search_products(db=db.session(), filters=filters, page=requested_page())
        pager = Pager(result, lambda number: url_for("marketplace.index", **query, seite=number))
    page = render(
        "marketplace/index.html",
        "marketplace/_results.html",
        form=form,
        pager=pager,
        origin=filters.origin if valid else "",
        no_origin=valid and filters.sort == service.BY_DISTANCE and not filters.origin,
        short_words=short_words(form.q.data or "", service.QUERY_WORDS_MAX) if valid else [],
        own_organisations=joining.own_organisations(db.session(), current_user),
    )
    response = make_response(page, 200 if valid else 422)
    response.vary.add("HX-Request")  # the page, or for htmx the results only
    return response


@bp.route("/erzeuger/<id:producer_id>")
def producer(producer_id: int):
    database = db.session()
    found = readable_producer(database, current_user, producer_id)
    may_edit = may_edit_producer(database, current_user, found)
    products = service.producer_products(db=database, producer=found, with_drafts=may_edit)
    url = url_for("marketplace.producer", producer_id=found.id, _external=True)
    public = [p for p in products if p.is_published and not p.is_hidden]
    offers = [(p, url_for("marketplace.product", product_id=p.id, _external=True)) for p in public]
    now = utcnow()
    return render(
        "marketplace/producer.html",
        producer=found,
        products=products,
        days=week(found.entry.hours),
        status=opening_status(found.entry.hours, now),
        jsonld=producer_jsonld(found, url, offers),
        photos=photos_of(found),
        may_edit=may_edit,
        may_hide=may_hide(current_user),
        hide_form=HideForm(),
    )


@bp.route("/<id:product_id>")
def product(product_id: int):
    database = db.session()
    found = readable_product(database, current_user, product_id)
    url = url_for("marketplace.product", product_id=found.id, _external=True)
    producer_url = url_for("marketplace.producer", producer_id=found.producer_id, _external=True)
    return render(
        "marketplace/product.html",
        product=found,
        description=safe_markdown(found.description),
        photos=photos_of(found),
        photo_form=PhotoForm(),
        status=opening_status(found.producer.entry.hours, utcnow()),
        jsonld=product_jsonld(found, url, producer_url),
        may_edit=may_edit_producer(database, current_user, found.producer),
        may_hide=may_hide(current_user),
        hide_form=HideForm(),
    )


def _product_values(form: ProductForm) -> dict:
    season_from, season_to = form.season()
    return {
        "name": form.name.data,
        "category": form.category.data,
        "description": form.description.data or "",
        "price_cents": form.price.cents,
        "unit": form.unit.data,
        "quantity": quantity_of(form.unit.data, form.quantity.data),
        "season_from": season_from,
        "season_to": season_to,
        "availability": form.availability.data,
        "stock": form.stock.data,
    }


def _product_form_page(form: ProductForm, producer, product: Product | None):
    page = render("marketplace/product_form.html", form=form, producer=producer, product=product)
    return page, 422 if form.errors else 200


def _saved(product: Product):
    if product.is_published:
        flash(_("Das Produkt ist veröffentlicht."), "success")
    else:
        flash(
            _("Das Produkt ist als Entwurf gespeichert. Nur Ihre Organisation sieht es."), "success"
        )
    return redirect(url_for("marketplace.product", product_id=product.id))


@bp.route("/erzeuger/<id:producer_id>/neu", methods=["GET", "POST"])
@login_required
def create_product(producer_id: int):
    database = db.session()
    owner = editable_producer(database, current_user, producer_id)
    form = ProductForm()
    if form.validate_on_submit():
        product = changes.save_product(
            db=database,
            user=current_user,
            product=Product(producer_id=owner.id),
            values=_product_values(form),
            publish=form.publish.data,
        )
        return _saved(product)
    return _product_form_page(form, owner, None)


@bp.route("/<id:product_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit_product(product_id: int):
    database = db.session()
    found = editable_product(database, current_user, product_id)
    form = ProductForm(
        obj=found,
        price=f"{found.price_cents // 100},{found.price_cents % 100:02d}",
        season_from=str(found.season_from or ""),
        season_to=str(found.season_to or ""),
        publish=found.is_published,
    )
    if form.validate_on_submit():
        changes.save_product(
            db=database,
            user=current_user,
            product=found,
            values=_product_values(form),
            publish=form.publish.data,
        )
        return _saved(found)
    return _product_form_page(form, found.producer, found)


def _switch_publication(product_id: int, published: bool):
    database = db.session()
    found = editable_product(database, current_user, product_id)
    changes.set_published(db=database, user=current_user, product=found, published=published)
    if published:
        flash(_("Das Produkt ist veröffentlicht."), "success")
    else:
        flash(
            _("Das Produkt ist zurückgezogen und nur noch für Ihre Organisation sichtbar."),
            "success",
        )
    return redirect(url_for("marketplace.product", product_id=found.id))


@bp.route("/<id:product_id>/veroeffentlichen", methods=["POST"])
@login_required
def publish_product(product_id: int):
    return _switch_publication(product_id, True)


@bp.route("/<id:product_id>/zurueckziehen", methods=["POST"])
@login_required
def withdraw_product(product_id: int):
    return _switch_publication(product_id, False)


@bp.route("/erzeuger/<id:producer_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit_producer(producer_id: int):
    database = db.session()
    found = editable_producer(database, current_user, producer_id)
    form = ProducerForm(obj=found)
    if form.validate_on_submit():
        values = {name: form[name].data or "" for name in changes.PRODUCER_FIELDS}
        changes.save_producer(db=database, user=current_user, producer=found, values=values)
        flash(_("Das Profil ist gespeichert."), "success")
        return redirect(url_for("marketplace.producer", producer_id=found.id))
    page = render(
        "marketplace/producer_form.html",
        form=form,
        producer=found,
        photos=photos_of(found),
        photo_form=PhotoForm(),
    )
    return page, 422 if form.errors else 200


def _hide(listing, hidden: bool, back: str):
    if not may_hide(current_user):
        abort(403)
    form = HideForm()
    if hidden and not form.validate_on_submit():
        raise Refusal(_("Bitte nennen Sie einen Grund (höchstens 1000 Zeichen)."), 422)
    changes.set_hidden(
        db=db.session(),
        user=current_user,
        listing=listing,
        hidden=hidden,
        reason=form.reason.data or "",
    )
    flash(_("Ausgeblendet.") if hidden else _("Wieder eingeblendet."), "success")
    return redirect(back)


@bp.route("/<id:product_id>/ausblenden", methods=["POST"])
@bp.route("/<id:product_id>/einblenden", methods=["POST"], endpoint="show_product")
@login_required
def hide_product(product_id: int):
    found = readable_product(db.session(), current_user, product_id)
    back = url_for("marketplace.product", product_id=found.id)
    return _hide(found, request.endpoint == "marketplace.hide_product", back)


@bp.route("/erzeuger/<id:producer_id>/ausblenden", methods=["POST"])
@bp.route("/erzeuger/<id:producer_id>/einblenden", methods=["POST"], endpoint="show_producer")
@login_required
def hide_producer(producer_id: int):
    found = readable_producer(db.session(), current_user, producer_id)
    back = url_for("marketplace.producer", producer_id=found.id)
    return _hide(found, request.endpoint == "marketplace.hide_producer", back)
