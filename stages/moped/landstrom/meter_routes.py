"""A resident's meters and readings: register a meter, submit a reading – checked against the
previous one and the expected consumption, with a confirm step for a value far above it (a form
that comes back with the warning and a checkbox: no JavaScript needed)."""

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db, submissions
from core.models import Organisation
from core.rendering import render
from core.security import limiter
from stages.moped.landstrom import bp, readings
from stages.moped.landstrom.meter_forms import KIND_LABELS, REASON_LABELS, MeterForm, ReadingForm
from stages.moped.landstrom.models import Meter
from stages.moped.landstrom.permissions import own_meter
from stages.moped.landstrom.plausibility import UNITS, judge
from stages.moped.landstrom.service import district_today


def reading_limit() -> str:
    return current_app.config.get("LANDSTROM_READING_RATE_LIMIT", "20 per hour")


def meter_limit() -> str:
    return current_app.config.get("LANDSTROM_METER_RATE_LIMIT", "10 per hour")


def per_user() -> str:
    return f"user:{current_user.id}"


@bp.context_processor
def _labels() -> dict:
    return {"kind_labels": KIND_LABELS, "reason_labels": REASON_LABELS, "units": UNITS}


@bp.route("/zaehler/")
@login_required
def meters():
    database = db.session()
    rows = [(meter, readings.last_reading(database, meter))
            for meter in readings.meters_of(database, current_user)]  # fmt: skip
    return render("landstrom/meters.html", rows=rows)


@bp.route("/zaehler/neu", methods=["GET", "POST"])
@login_required
@limiter.limit(meter_limit, key_func=per_user, methods=["POST"])
def new_meter():
    database = db.session()
    form = MeterForm()
    form.utility.choices = [(str(o.id), o.name) for o in readings.utilities(database)]
    if form.validate_on_submit():
        claimed = submissions.claim(database, user_id=current_user.id, fallback=url_for(".meters"))
        meter = readings.register_meter(database, user=current_user, values=form.values())
        submissions.created(database, claimed, url_for(".meter", meter_id=meter.id))
        flash(_("Der Zähler ist angelegt. Sie können jetzt den Stand melden."), "success")
        return redirect(url_for(".meter", meter_id=meter.id))
    return render("landstrom/meter_form.html", form=form), 422 if form.errors else 200


def _reading_form(meter: Meter, last) -> ReadingForm:
    form = ReadingForm()
    form.today = district_today()
    form.last_day = last.read_on if last else None
    return form


def _meter_page(meter: Meter, form: ReadingForm, *, verdict=None, status: int = 200):
    database = db.session()
    page = render(
        "landstrom/meter.html",
        meter=meter,
        form=form,
        verdict=verdict,
        history=readings.readings_of(database, meter),
        utility=database.get(Organisation, meter.organisation_id),
    )
    return page, status


@bp.route("/zaehler/<id:meter_id>")
@login_required
def meter(meter_id: int):
    database = db.session()
    found = own_meter(database, current_user, meter_id)
    return _meter_page(found, _reading_form(found, readings.last_reading(database, found)))


@bp.route("/zaehler/<id:meter_id>/stand", methods=["POST"])
@login_required
@limiter.limit(reading_limit, key_func=per_user)
def submit_reading(meter_id: int):
    database = db.session()
    found = own_meter(database, current_user, meter_id)
    last = readings.last_reading(database, found)
    form = _reading_form(found, last)
    if not form.validate_on_submit():
        return _meter_page(found, form, status=422)
    submissions.refuse_if_sent(database, user_id=current_user.id)
    verdict = judge(
        kind=found.kind, household=found.household, previous=readings.previous_of(last),
        value=form.number(), read_on=form.read_on.data, reason=form.reason.data,
        confirmed=form.confirm.data,
    )  # fmt: skip
    if verdict.refused:
        form.value.errors.append(verdict.explanation)
        return _meter_page(found, form, status=422)
    if verdict.needs_confirmation:
        return _meter_page(found, form, verdict=verdict, status=422)
    target = url_for(".meter", meter_id=found.id)
    claimed = submissions.claim(database, user_id=current_user.id, fallback=target)
    readings.submit_reading(
        database, meter=found, value=form.number(), read_on=form.read_on.data,
        reason=form.reason.data, confirmed_high=verdict.far_above,
    )  # fmt: skip
    submissions.created(database, claimed, target)
    flash(_("Danke, der Stand ist gemeldet. %(why)s", why=verdict.explanation), "success")
    return redirect(target)
