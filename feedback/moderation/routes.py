"""The moderation pages: the queue, and product owners' decisions with htmx in place or as
plain forms. Refusals go to the one error handler."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core import db
from core.auth import owner_required
from core.models import User
from core.numbers import parse_id
from core.rendering import render, wants_fragment
from feedback import bp
from feedback.models import Comment
from feedback.moderation.service import (
    block_user,
    decide_comment,
    moderation_queue,
    queue_item,
    reported_in_services,
)
from stages.forms import ConfirmForm


def _comment_or_404(comment_id: int) -> Comment:
    comment = db.session().get(Comment, comment_id)
    if comment is None or comment.deleted:
        abort(404)
    return comment


@bp.get("/moderation")
@owner_required
def moderation():
    database = db.session()
    page = render_template(
        "feedback/moderation.html",
        queue=moderation_queue(database),
        reported=reported_in_services(database),
    )
    return page, {"Cache-Control": "no-store"}


def _decide(comment_id: int, *, hide: bool):
    comment = _comment_or_404(comment_id)
    database = db.session()
    # Said from where the comment stood: hiding a visible one is not "it stays hidden".
    if hide:
        notice = (
            _("Der Kommentar bleibt ausgeblendet.")
            if comment.hidden
            else _("Der Kommentar ist jetzt ausgeblendet.")
        )
    else:
        notice = (
            _("Der Kommentar ist wieder sichtbar.")
            if comment.hidden
            else _("Der Kommentar bleibt sichtbar.")
        )
    decide_comment(database, actor=current_user._get_current_object(), comment=comment, hide=hide)
    if wants_fragment():
        return render_template(
            "feedback/_comment_moderation.html",
            item=queue_item(database, comment),
            done=notice,
        )
    flash(notice, "success")
    return redirect(url_for("feedback.moderation"))


@bp.post("/moderation/kommentare/<id:comment_id>/wiederherstellen")
@owner_required
def moderation_restore(comment_id: int):
    return _decide(comment_id, hide=False)


@bp.post("/moderation/kommentare/<id:comment_id>/ausblenden")
@owner_required
def moderation_hide(comment_id: int):
    return _decide(comment_id, hide=True)


@bp.route("/moderation/nutzer/<id:user_id>/sperren", methods=["GET", "POST"])
@owner_required
def moderation_block(user_id: int):
    """A confirmation first (a page, or inside the queue entry with htmx), then the block."""
    database = db.session()
    user = database.get(User, user_id)
    if user is None:
        abort(404)
    # The queue entry the confirmation was opened from: htmx puts the answer back there.
    origin_id = parse_id(request.values.get("kommentar"))
    origin = database.get(Comment, origin_id) if origin_id else None
    slot = f"sperren-{origin.id}" if origin else "sperren"
    form = ConfirmForm()
    for form_field in form:
        form_field.id = form_field.label.field_id = f"{slot}-{form_field.name}"
    if form.validate_on_submit():
        block_user(
            db=database,
            actor=current_user._get_current_object(),
            user=user,
            reason=form.reason.data or "",
        )
        notice = _("%(name)s ist jetzt gesperrt.", name=user.display_name)
        if wants_fragment() and origin:
            return render_template(
                "feedback/_comment_moderation.html", item=queue_item(database, origin), done=notice
            )
        flash(notice, "success")
        return redirect(url_for("feedback.moderation"))
    return render(
        "feedback/moderation.html",
        "feedback/_comment_author_block.html",
        queue=moderation_queue(database),
        reported=reported_in_services(database),
        blocking=user,
        form=form,
        slot=slot,
        origin=origin,
    ), 422 if form.errors else 200
