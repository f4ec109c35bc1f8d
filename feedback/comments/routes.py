"""The discussion pages and the htmx fragments of a thread. The views load the thread and pass
it to the templates; refusals go to the one error handler."""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db, submissions
from core.models import utcnow
from core.numbers import parse_id
from core.rendering import render, safe_next_url, wants_fragment
from core.security import limiter, per_user
from feedback import bp
from feedback.comments.forms import CommentForm, ReportForm, placed, reply_slot, writing_form
from feedback.comments.permissions import blocked_refusal, edit_refusal, report_refusal
from feedback.comments.service import delete_comment, edit_comment, post_comment, report_comment
from feedback.comments.thread import OpenForm, comment_thread, entry_for, fragment_thread
from feedback.models import Comment
from feedback.subjects import Subject, resolve

SUBJECT_MAX = 60


def _comment_limit() -> str:
    return current_app.config.get("COMMENT_RATE_LIMIT", "5 per minute")


def _subject_or_404(raw: str | None) -> Subject:
    subject = resolve(raw) if raw and len(raw) <= SUBJECT_MAX else None
    if subject is None:
        abort(404)
    return subject


def _comment_or_404(comment_id: int) -> tuple[Comment, Subject]:
    comment = db.session().get(Comment, comment_id)
    if comment is None:
        abort(404)
    return comment, _subject_or_404(comment.subject)


def _parent_or_none(raw: str | None) -> Comment | None:
    if not raw:
        return None
    parent_id = parse_id(raw)
    if parent_id is None:
        abort(400)
    parent = db.session().get(Comment, parent_id)
    if parent is None:
        abort(404)
    return parent


def _back_url(subject: str) -> str:
    """Where a form goes back to without JavaScript: the page that showed the thread."""
    return safe_next_url(request.values.get("next")) or url_for(
        "feedback.discussion", subject=subject
    )


def _form_status(form) -> int:
    return 422 if form.errors else 200


def _context(
    subject: Subject, open_form: OpenForm | None = None, *, whole_thread: bool = False, **extra
) -> dict:
    """What the discussion page and its fragments need: the whole thread for a page (and the
    whole-thread fragment), only the viewer and the count for a smaller fragment."""
    if wants_fragment() and not whole_thread:
        thread = fragment_thread(subject.subject, open_form)
    else:
        thread = comment_thread(subject.subject, open_form)
    return {
        "subject": subject,
        "thread_subject": subject.subject,
        "thread": thread,
        "comment_open_form": open_form,
        "thread_back": _back_url(subject.subject),
        **extra,
    }


def _discussion_page(subject: Subject, open_form: OpenForm | None = None, status: int = 200):
    context = _context(subject, open_form, whole_thread=True)
    return render("feedback/discussion.html", "feedback/_thread.html", **context), status


def _done(comment: Comment, subject: Subject, notice: str, fragment: str):
    """After a change: PRG with a flash message, or for htmx the changed fragment (and the
    notice in the page's message region)."""
    if wants_fragment():
        entry = entry_for(db.session(), comment)
        return render_template(fragment, entry=entry, notice=notice, **_context(subject))
    flash(notice, "success")
    return redirect(f"{_back_url(subject.subject)}#kommentar-{comment.id}")


def _varies(answer):
    response = make_response(answer)
    response.vary.add("HX-Request")  # the page and its fragment share this address
    return response


@bp.get("/diskussion")
def discussion():
    """The whole thread: a page of its own (works without JavaScript) and the htmx refresh target."""
    subject = _subject_or_404(request.args.get("subject"))
    return _varies(_discussion_page(subject))


@bp.post("/diskussion/kommentare")
@login_required
@limiter.limit(_comment_limit, key_func=per_user)
def comment_create():
    subject = _subject_or_404(request.form.get("subject"))
    parent = _parent_or_none(request.form.get("parent_id"))
    if refusal := blocked_refusal(current_user):
        raise refusal
    slot_parent = (parent.parent_id or parent.id) if parent else None
    form = writing_form(slot_parent)
    if not form.validate_on_submit():
        open_form = OpenForm("reply" if parent else "new", form, slot_parent)
        if wants_fragment():
            body = render_template(
                "feedback/_comment_form.html",
                form=form,
                parent_id=slot_parent,
                **_context(subject, open_form),
            )
            return (
                body,
                422,
                {"HX-Retarget": f"#{reply_slot(slot_parent)}", "HX-Reswap": "outerHTML"},
            )
        return _discussion_page(subject, open_form, status=422)
    database = db.session()
    back = _back_url(subject.subject)
    claimed = submissions.claim(database, user_id=current_user.id, fallback=back)
    comment = post_comment(
        database,
        author=current_user._get_current_object(),
        subject=subject,
        body=form.body.data,
        parent=parent,
    )
    submissions.created(database, claimed, f"{back}#kommentar-{comment.id}")
    return _done(
        comment, subject, _("Ihr Kommentar ist veröffentlicht."), "feedback/_comment_created.html"
    )


@bp.get("/diskussion/kommentare/<id:comment_id>")
def comment_show(comment_id: int):
    comment, subject = _comment_or_404(comment_id)
    return _varies(
        render(
            "feedback/discussion.html",
            "feedback/_comment.html",
            entry=entry_for(db.session(), comment),
            **_context(subject),
        )
    )


@bp.route("/diskussion/kommentare/<id:comment_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def comment_edit(comment_id: int):
    comment, subject = _comment_or_404(comment_id)
    if refusal := edit_refusal(current_user, comment, utcnow()):
        raise refusal
    form = placed(CommentForm(obj=comment), f"bearbeiten-{comment.id}")
    if form.validate_on_submit():
        edit_comment(
            db.session(),
            user=current_user._get_current_object(),
            comment=comment,
            body=form.body.data,
        )
        return _done(
            comment, subject, _("Ihr Kommentar ist geändert."), "feedback/_comment_changed.html"
        )
    open_form = OpenForm("edit", form, comment.id)
    return render(
        "feedback/discussion.html",
        "feedback/_comment_edit.html",
        entry=entry_for(db.session(), comment),
        form=form,
        **_context(subject, open_form),
    ), _form_status(form)


@bp.post("/diskussion/kommentare/<id:comment_id>/loeschen")
@login_required
def comment_delete(comment_id: int):
    comment, subject = _comment_or_404(comment_id)
    delete_comment(db.session(), user=current_user._get_current_object(), comment=comment)
    return _done(
        comment, subject, _("Ihr Kommentar ist gelöscht."), "feedback/_comment_changed.html"
    )


@bp.route("/diskussion/kommentare/<id:comment_id>/melden", methods=["GET", "POST"])
@login_required
def comment_report(comment_id: int):
    comment, subject = _comment_or_404(comment_id)
    if refusal := report_refusal(current_user, comment):
        raise refusal
    form = placed(ReportForm(), f"melden-{comment.id}")
    if form.validate_on_submit():
        first_time = report_comment(
            db.session(),
            user=current_user._get_current_object(),
            comment=comment,
            reason=form.reason.data,
        )
        notice = (
            _("Danke für Ihre Meldung. Das Landwerk-Team sieht sich den Kommentar an.")
            if first_time
            else _("Sie haben diesen Kommentar schon gemeldet.")
        )
        return _done(comment, subject, notice, "feedback/_comment_changed.html")
    open_form = OpenForm("report", form, comment.id)
    return render(
        "feedback/discussion.html",
        "feedback/_comment_report.html",
        entry=entry_for(db.session(), comment),
        form=form,
        **_context(subject, open_form),
    ), _form_status(form)
