"""The utility's view of the readings: its partners (of the organisation that keeps the
tariffs) filter them by period and status, mark them taken over into the billing, and export
them as CSV. Nobody else sees them – not other partners, not product owners."""

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.rendering import render
from stages.moped.landstrom import bp, readings
from stages.moped.landstrom.export import readings_csv
from stages.moped.landstrom.meter_forms import STATUS_LABELS, ReadingFilterForm
from stages.moped.landstrom.permissions import reading_organisations, utility_reading


@bp.context_processor
def _reads_readings() -> dict:
    # Only where a page asks: the links to this view on the calculator and the tariffs.
    return {"reads_readings": lambda: bool(reading_organisations(db.session(), current_user))}


def _organisations() -> list[int]:
    organisations = reading_organisations(db.session(), current_user)
    if not organisations:
        abort(403)
    return organisations


def _filtered(organisations: list[int]):
    form = ReadingFilterForm(request.args)
    valid = form.validate()
    rows = readings.submitted_readings(
        db=db.session(),
        organisation_ids=organisations,
        since=form.von.data if valid else None,
        until=form.bis.data if valid else None,
        status=form.status.data if valid else "",
    )
    return form, valid, rows


@bp.route("/ablesungen/")
@login_required
def utility_readings():
    form, valid, rows = _filtered(_organisations())
    page = render(
        "landstrom/utility_readings.html",
        form=form,
        rows=rows if valid else [],
        status_labels=STATUS_LABELS,
        query=request.query_string.decode("ascii", "replace") if valid else "",
    )
    return page, 200 if valid else 422


@bp.route("/ablesungen.csv")
@login_required
def export_readings():
    form, valid, rows = _filtered(_organisations())
    if not valid:
        abort(422)
    response = make_response(readings_csv(rows).encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="zaehlerstaende.csv"'
    response.headers["Cache-Control"] = "no-store"  # personal data: no copy in any cache
    return response


@bp.route("/ablesungen/<id:reading_id>/uebernehmen", methods=["POST"])
@login_required
def take_over(reading_id: int):
    database = db.session()
    reading = utility_reading(database, current_user, reading_id)
    if readings.take_over(database, user=current_user, reading=reading):
        flash(_("Der Zählerstand ist als übernommen markiert."), "success")
    else:
        flash(_("Dieser Zählerstand war schon übernommen."), "info")
    back = request.form.get("zurueck", "")
    query = back if back.isascii() and back.isprintable() and len(back) < 200 else ""
    return redirect(url_for(".utility_readings") + ("?" + query if query else ""), 303)
