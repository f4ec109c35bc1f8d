"""Reporting a product or a producer, and the moderators' decision on it (posted from the
moderation page, which asks every service for its reports through stages.signals)."""

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.auth import owner_required
from core.rendering import render
from core.security import limiter, per_user
from stages import signals
from stages.moped.marketplace import bp, reports
from stages.moped.marketplace.forms import ReportForm
from stages.moped.marketplace.models import Producer, Product
from stages.moped.marketplace.permissions import readable_producer, readable_product


def report_limit() -> str:
    return current_app.config.get("MARKETPLACE_REPORT_RATE_LIMIT", "10 per hour")


@bp.record_once
def _hear_moderation(_state) -> None:
    signals.reported_items.connect(_reported_listings)


def _reported_listings(database) -> list:
    # The signal is the process's; answer only for an app that serves the marketplace.
    if "marketplace" not in current_app.blueprints:
        return []
    return reports.open_reports(database)


def _report(listing: Product | Producer, back: str):
    form = ReportForm()
    if form.validate_on_submit():
        reported = reports.report_listing(
            db.session(), reporter=current_user, listing=listing, reason=form.reason.data
        )
        if reported:
            flash(_("Danke. Die Moderation sieht sich das Angebot an."), "success")
        else:
            flash(_("Sie hatten dieses Angebot schon gemeldet."), "info")
        return redirect(back, 303)
    page = render("marketplace/report.html", form=form, listing=listing, back=back)
    return page, 422 if form.errors else 200


@bp.route("/<id:product_id>/melden", methods=["GET", "POST"])
@login_required
@limiter.limit(report_limit, key_func=per_user, methods=["POST"])
def report_product(product_id: int):
    found = readable_product(db.session(), current_user, product_id)
    return _report(found, url_for("marketplace.product", product_id=found.id))


@bp.route("/erzeuger/<id:producer_id>/melden", methods=["GET", "POST"])
@login_required
@limiter.limit(report_limit, key_func=per_user, methods=["POST"])
def report_producer(producer_id: int):
    found = readable_producer(db.session(), current_user, producer_id)
    return _report(found, url_for("marketplace.producer", producer_id=found.id))


def _decide(listing: Product | Producer | None):
    decision = request.form.get("decision")
    if listing is None:
        abort(404)
    if decision not in ("hide", "keep"):
        abort(400)
    reports.decide(db.session(), actor=current_user, listing=listing, hide=decision == "hide")
    if decision == "hide":
        flash(_("Das Angebot ist ausgeblendet."), "success")
    else:
        flash(_("Das Angebot bleibt sichtbar."), "success")
    return redirect(url_for("feedback.moderation"), 303)


@bp.post("/moderation/produkt/<id:product_id>")
@owner_required
def moderate_product(product_id: int):
    return _decide(db.session().get(Product, product_id))


@bp.post("/moderation/erzeuger/<id:producer_id>")
@owner_required
def moderate_producer(producer_id: int):
    return _decide(db.session().get(Producer, producer_id))
