"""Views of the energy corner: the calculator for everyone, and the tariff forms with which
the Stadtwerke's partners (and product owners) keep their tariffs."""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.rendering import render

# api, meter_routes, utility_routes: imported for the routes they attach to bp.
from stages.moped.landstrom import (  # noqa: F401
    api,
    bp,
    changes,
    meter_routes,
    service,
    utility_routes,
)  # fmt: skip
from stages.moped.landstrom.calculator import HOUSEHOLD_KWH, household_kwh
from stages.moped.landstrom.forms import CalculatorForm, DeleteForm, TariffForm
from stages.moped.landstrom.models import Tariff
from stages.moped.landstrom.permissions import editable_tariff, keeping_organisations
from stages.moped.landstrom.postcodes import POSTCODES


def euros(cents: int) -> str:
    """'1.234,56 €' – from whole cents, without a float on the way."""
    return format_currency(Decimal(cents).scaleb(-2), "EUR", locale=str(get_locale() or "de"))


def cents_per_kwh(tenths: int) -> str:
    """'32,9 ct/kWh'."""
    number = format_decimal(
        Decimal(tenths).scaleb(-1), format="#,##0.0", locale=str(get_locale() or "de")
    )
    return f"{number} ct/kWh"


def kwh_text(kwh: int) -> str:
    return f"{format_decimal(kwh, locale=str(get_locale() or 'de'))} kWh"


@bp.context_processor
def _helpers() -> dict:
    return {"euros": euros, "cents_per_kwh": cents_per_kwh, "kwh_text": kwh_text}


@bp.route("/")
def index():
    form = CalculatorForm(request.args)
    asked = bool(request.args)
    valid = asked and form.validate()
    result = None
    if valid:
        people = form.people()
        kwh = form.own_kwh() or household_kwh(people, hot_water=form.warmwasser.data)
        offers = service.quote(
            db=db.session(), postcode=form.plz.data, kwh=kwh, day=service.district_today()
        )
        result = {"kwh": kwh, "offers": offers, "postcode": form.plz.data, "people": people}
        if form.own_kwh():
            result["people"] = None
    page = render(
        "landstrom/index.html",
        "landstrom/_quote.html",
        form=form,
        asked=asked,
        result=result,
        household_kwh=HOUSEHOLD_KWH,
        postcodes=POSTCODES,
        may_keep=bool(keeping_organisations(db.session(), current_user)),
    )
    response = make_response(page, 422 if asked and not valid else 200)
    response.vary.add("HX-Request")  # the page, or for htmx the answer only
    return response


@bp.route("/tarife")
@login_required
def tariffs():
    organisations = keeping_organisations(db.session(), current_user)
    if not organisations:
        abort(403)
    rows = service.organisation_tariffs(
        db=db.session(), organisation_ids=[o.id for o in organisations]
    )
    return render("landstrom/tariffs.html", tariffs=rows)


def _tariff_form(tariff: Tariff | None) -> TariffForm:
    organisations = keeping_organisations(db.session(), current_user)
    if not organisations:
        abort(403)
    if tariff is None:
        form = TariffForm()
    else:
        form = TariffForm(
            obj=tariff,
            organisation=str(tariff.organisation_id),
            energy_price=cents_per_kwh(tariff.energy_price_tenths).removesuffix(" ct/kWh"),
            standing_charge=f"{tariff.standing_charge_cents // 100},{tariff.standing_charge_cents % 100:02d}",
            postcodes=", ".join(tariff.postcode_list),
        )
    form.organisation.choices = [(str(o.id), o.name) for o in organisations]
    return form


def _form_page(form: TariffForm, tariff: Tariff | None):
    page = render("landstrom/tariff_form.html", form=form, tariff=tariff)
    return page, 422 if form.errors else 200


@bp.route("/tarife/neu", methods=["GET", "POST"])
@login_required
def create_tariff():
    form = _tariff_form(None)
    if form.validate_on_submit():
        changes.save_tariff(
            db=db.session(), user=current_user, tariff=Tariff(), values=form.values()
        )
        flash(_("Der Tarif ist gespeichert."), "success")
        return redirect(url_for("landstrom.tariffs"))
    return _form_page(form, None)


@bp.route("/tarife/<id:tariff_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit_tariff(tariff_id: int):
    found = editable_tariff(db.session(), current_user, tariff_id)
    form = _tariff_form(found)
    if form.validate_on_submit():
        changes.save_tariff(db=db.session(), user=current_user, tariff=found, values=form.values())
        flash(_("Der Tarif ist gespeichert."), "success")
        return redirect(url_for("landstrom.tariffs"))
    return _form_page(form, found)


@bp.route("/tarife/<id:tariff_id>/loeschen", methods=["GET", "POST"])
@login_required
def delete_tariff(tariff_id: int):
    """A page that asks first; the tariff goes only with the confirmation sent."""
    found = editable_tariff(db.session(), current_user, tariff_id)
    form = DeleteForm()
    if form.validate_on_submit():
        name = found.name  # gone from the session with the row
        changes.delete_tariff(db=db.session(), user=current_user, tariff=found)
        flash(_("Der Tarif „%(name)s“ ist gelöscht.", name=name), "success")
        return redirect(url_for("landstrom.tariffs"))
    page = render("landstrom/tariff_delete.html", form=form, tariff=found)
    return page, 422 if form.errors else 200
