"""Reporting a post, the moderators' decision on it, and owners hiding a post (audited)."""

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.auth import owner_required
from core.errors import Refusal
from core.ownership import get_or_404
from core.rendering import render
from core.security import limiter, per_user
from stages import signals
from stages.moped.neighbour_help import bp, moderation, service
from stages.moped.neighbour_help.forms import HideForm, ReportForm
from stages.moped.neighbour_help.models import HelpPost
from stages.moped.neighbour_help.permissions import readable_post


def report_limit() -> str:
    return current_app.config.get("NEIGHBOUR_HELP_REPORT_RATE_LIMIT", "10 per hour")


@bp.record_once
def _hear_moderation(_state) -> None:
    signals.reported_items.connect(_reported_posts)


def _reported_posts(database) -> list:
    # The signal is the process's; answer only for an app that serves this service.
    if "neighbour_help" not in current_app.blueprints:
        return []
    return moderation.open_reports(database)


@bp.route("/<id:post_id>/melden", methods=["GET", "POST"])
@login_required
@limiter.limit(report_limit, key_func=per_user, methods=["POST"])
def report(post_id: int):
    found = readable_post(db.session(), current_user, post_id, service.local_today())
    back = url_for("neighbour_help.post", post_id=found.id)
    form = ReportForm()
    if form.validate_on_submit():
        if moderation.report(
            db.session(), reporter=current_user, post=found, reason=form.reason.data
        ):
            flash(_("Danke. Die Moderation sieht sich den Aushang an."), "success")
        else:
            flash(_("Sie hatten diesen Aushang schon gemeldet."), "info")
        return redirect(back, 303)
    page = render("neighbour_help/report.html", form=form, post=found, back=back)
    return page, 422 if form.errors else 200


@bp.post("/moderation/<id:post_id>")
@owner_required
def moderate(post_id: int):
    found = get_or_404(db.session(), HelpPost, post_id)
    decision = request.form.get("decision")
    if decision not in ("hide", "keep"):
        abort(400)
    moderation.decide(db.session(), actor=current_user, post=found, hide=decision == "hide")
    if decision == "hide":
        flash(_("Der Aushang ist ausgeblendet."), "success")
    else:
        flash(_("Der Aushang bleibt sichtbar."), "success")
    return redirect(url_for("feedback.moderation"), 303)


@bp.post("/<id:post_id>/ausblenden")
@bp.post("/<id:post_id>/einblenden", endpoint="show")
@owner_required
def hide(post_id: int):
    found = get_or_404(db.session(), HelpPost, post_id)
    hidden = request.endpoint == "neighbour_help.hide"
    form = HideForm()
    if hidden and not form.validate_on_submit():
        raise Refusal(_("Bitte nennen Sie einen Grund (höchstens 1000 Zeichen)."), 422)
    moderation.set_hidden(
        db.session(), actor=current_user, post=found, hidden=hidden, reason=form.reason.data or ""
    )
    flash(_("Ausgeblendet.") if hidden else _("Wieder eingeblendet."), "success")
    return redirect(url_for("neighbour_help.post", post_id=found.id), 303)
