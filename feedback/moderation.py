"""The moderation queue at /moderation: comments hidden by reports or carrying reports, and what
product owners decide about them – restore, hide, block the author. Every decision is audited."""

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_
from sqlmodel import Session, select

from core import db
from core.audit import Actor, AuditEntry
from core.errors import error_response
from core.models import User
from core.rendering import render, wants_fragment
from feedback import bp
from feedback.comments import REASONS
from feedback.models import Comment, CommentReport
from feedback.subjects import resolve
from webapp.admin.forms import ConfirmForm


class ModerationRefused(Exception):
    pass


@dataclass(frozen=True)
class QueueItem:
    comment: Comment
    author: User | None  # None when the account is gone
    reasons: list[tuple[str, int]]  # (label, how many reports gave it)
    subject_title: str
    subject_url: str

    @property
    def may_block(self) -> bool:
        return (
            self.author is not None
            and not self.author.is_blocked
            and not self.author.is_product_owner
        )


def _reasons(database: Session, comment_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    counted = database.exec(
        select(CommentReport.comment_id, CommentReport.reason, func.count())
        .where(CommentReport.comment_id.in_(comment_ids))
        .group_by(CommentReport.comment_id, CommentReport.reason)
        .order_by(CommentReport.comment_id, func.count().desc(), CommentReport.reason)
    )
    reasons = defaultdict(list)
    for comment_id, reason, count in counted:
        reasons[comment_id].append((str(REASONS.get(reason, reason)), count))
    return reasons


def _items(database: Session, rows) -> list[QueueItem]:
    reasons = _reasons(database, [comment.id for comment, _author in rows])
    subjects = {}
    for comment, _author in rows:
        if comment.subject not in subjects:
            subjects[comment.subject] = resolve(comment.subject)
    return [
        QueueItem(
            comment=comment,
            author=author,
            reasons=reasons[comment.id],
            subject_title=subjects[comment.subject].title
            if subjects[comment.subject]
            else comment.subject,
            subject_url=subjects[comment.subject].page_url
            if subjects[comment.subject]
            else url_for("feedback.discussion", subject=comment.subject),
        )
        for comment, author in rows
    ]


def _with_authors():
    return select(Comment, User).outerjoin(User, User.id == Comment.user_id)


def moderation_queue(database: Session) -> list[QueueItem]:
    """Undecided comments that are hidden or reported: hidden first, then the most reported."""
    rows = database.exec(
        _with_authors()
        .where(
            Comment.deleted.is_(False),
            Comment.moderated.is_(False),
            or_(Comment.hidden.is_(True), Comment.report_count > 0),
        )
        .order_by(Comment.hidden.desc(), Comment.report_count.desc(), Comment.created_at)
    ).all()
    return _items(database, rows)


def queue_item(database: Session, comment: Comment) -> QueueItem:
    rows = database.exec(_with_authors().where(Comment.id == comment.id)).all()
    return _items(database, rows)[0]


def _audit(database: Session, *, actor: User, action: str, subject: str, before, after, reason):
    who = Actor.of(actor)
    database.add(
        AuditEntry(
            actor_id=who.id,
            actor=who.label,
            action=action,
            subject=subject,
            before=json.dumps(before, sort_keys=True),
            after=json.dumps(after, sort_keys=True),
            reason=reason,
        )
    )


def decide_comment(
    database: Session, *, actor: User, comment: Comment, hide: bool, reason: str = ""
) -> None:
    """Restore (visible) or hide a comment for good: later reports no longer hide it."""
    before = {"hidden": comment.hidden, "moderated": comment.moderated}
    comment.hidden = hide
    comment.moderated = True
    database.add(comment)
    _audit(
        database,
        actor=actor,
        action="comment_hide" if hide else "comment_restore",
        subject=f"comment:{comment.id}",
        before=before,
        after={"hidden": comment.hidden, "moderated": comment.moderated},
        reason=reason,
    )
    database.commit()


def block_user(database: Session, *, actor: User, user: User, reason: str = "") -> None:
    """The person may still read, but no longer vote, comment, propose or report."""
    if user.is_product_owner:
        raise ModerationRefused(_("Produktverantwortliche können nicht gesperrt werden."))
    if user.is_blocked:
        raise ModerationRefused(_("%(name)s ist bereits gesperrt.", name=user.display_name))
    user.is_blocked = True
    database.add(user)
    _audit(
        database,
        actor=actor,
        action="user_block",
        subject=f"user:{user.id}",
        before={"is_blocked": False},
        after={"is_blocked": True},
        reason=reason,
    )
    database.commit()


# --- Views ------------------------------------------------------------------------------------


def product_owners_only(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not current_user.is_product_owner:
            abort(403)
        return view(*args, **kwargs)

    return guarded


def _comment_or_404(comment_id: int) -> Comment:
    comment = db.session().get(Comment, comment_id)
    if comment is None or comment.deleted:
        abort(404)
    return comment


@bp.get("/moderation")
@product_owners_only
def moderation():
    queue = moderation_queue(db.session())
    return render_template("feedback/moderation.html", queue=queue), {"Cache-Control": "no-store"}


def _decide(comment_id: int, *, hide: bool, notice: str):
    comment = _comment_or_404(comment_id)
    database = db.session()
    decide_comment(database, actor=current_user._get_current_object(), comment=comment, hide=hide)
    if wants_fragment():
        return render_template(
            "feedback/_comment_moderation.html",
            item=queue_item(database, comment),
            done=notice,
        )
    flash(notice, "success")
    return redirect(url_for("feedback.moderation"))


@bp.post("/moderation/kommentare/<int:comment_id>/wiederherstellen")
@product_owners_only
def moderation_restore(comment_id: int):
    return _decide(comment_id, hide=False, notice=_("Der Kommentar ist wieder sichtbar."))


@bp.post("/moderation/kommentare/<int:comment_id>/ausblenden")
@product_owners_only
def moderation_hide(comment_id: int):
    return _decide(comment_id, hide=True, notice=_("Der Kommentar bleibt ausgeblendet."))


@bp.route("/moderation/nutzer/<int:user_id>/sperren", methods=["GET", "POST"])
@product_owners_only
def moderation_block(user_id: int):
    """A confirmation first (a page, or inside the queue entry with htmx), then the block."""
    database = db.session()
    user = database.get(User, user_id)
    if user is None:
        abort(404)
    # The queue entry the confirmation was opened from: htmx puts the answer back there.
    raw_origin = request.values.get("kommentar", "")
    origin = (
        database.get(Comment, int(raw_origin))
        if raw_origin.isdigit() and len(raw_origin) < 10
        else None
    )
    slot = f"sperren-{origin.id}" if origin else "sperren"
    form = ConfirmForm()
    for form_field in form:
        form_field.id = form_field.label.field_id = f"{slot}-{form_field.name}"
    if form.validate_on_submit():
        try:
            block_user(
                database,
                actor=current_user._get_current_object(),
                user=user,
                reason=form.reason.data or "",
            )
        except ModerationRefused as refusal:
            return error_response(409, str(refusal))
        notice = _("%(name)s ist jetzt gesperrt.", name=user.display_name)
        if wants_fragment() and origin:
            return render_template(
                "feedback/_comment_moderation.html", item=queue_item(database, origin), done=notice
            )
        flash(notice, "success")
        return redirect(url_for("feedback.moderation"))
    # htmx 2 swaps no 4xx answer: a reason that is too long comes back as 200, in its place.
    status = 400 if form.errors and not wants_fragment() else 200
    return render(
        "feedback/moderation.html",
        "feedback/_comment_author_block.html",
        queue=moderation_queue(database),
        blocking=user,
        form=form,
        slot=slot,
        origin=origin,
    ), status
