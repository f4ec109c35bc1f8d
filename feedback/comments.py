"""Comments on services and ideas: writing, replying, editing for a short while, deleting and
reporting; and `comment_thread(subject)`, the data the roadmap and idea pages show.

Replies have two levels: a reply to a reply is attached to the same top-level comment (and
notifies the author of the comment actually answered), so every conversation stays one list
under the comment that started it.

Without JavaScript every action is a form POST that redirects back to the thread (`next`) with
a flash message; with htmx the answer is the changed fragment, swapped in place."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

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
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import and_, case, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from core import db
from core.errors import error_response
from core.models import User, utcnow
from core.rendering import render, safe_next_url, wants_fragment
from core.security import limiter
from core.text import clean_text
from feedback import bp
from feedback.models import COMMENT_MAX, Comment, CommentReport
from feedback.notifications import notify
from feedback.subjects import Subject, resolve

EDIT_WINDOW = timedelta(minutes=15)
HIDE_AFTER_REPORTS = 3
SUBJECT_MAX = 60
REASONS = {"spam": _l("Spam"), "beleidigend": _l("Beleidigend"), "unpassend": _l("Unpassend")}


class CommentRefused(Exception):
    """An action the person may not take on this comment; the message says why, in German."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


# --- Showing what residents wrote -------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"'\x00-\x1f\x7f]+", re.IGNORECASE)


def _without_trailing_punctuation(url: str) -> str:
    # "Siehe https://example.org." – the full stop ends the sentence, not the address.
    url = url.rstrip(".,;:!?")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:!?")
    return url


def comment_html(body: str) -> Markup:
    """Plain text made safe to show: everything escaped, http(s) addresses clickable, line
    breaks kept. Nothing else becomes a link (no javascript:, no data:)."""
    parts, position = [], 0
    for match in _URL.finditer(body):
        url = _without_trailing_punctuation(match.group())
        if not urlsplit(url).netloc:
            continue
        parts.append(escape(body[position : match.start()]))
        # Markup.format escapes its arguments: the address is text and attribute, both escaped.
        parts.append(Markup('<a href="{0}" rel="nofollow noopener">{0}</a>').format(url))
        position = match.start() + len(url)
    parts.append(escape(body[position:]))
    return Markup("<br>\n").join(Markup("").join(parts).split("\n"))


bp.add_app_template_filter(comment_html)


# --- Forms ------------------------------------------------------------------------------------


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Ihr Kommentar"),
        filters=[clean_text],
        validators=[
            DataRequired(_l("Bitte schreiben Sie einen Kommentar.")),
            Length(
                max=COMMENT_MAX, message=_l("Ein Kommentar darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("Warum melden Sie diesen Kommentar?"),
        choices=[SelectChoice(value, label) for value, label in REASONS.items()],
        validators=[InputRequired(_l("Bitte wählen Sie einen Grund."))],
    )


def placed(form: FlaskForm, slot: str) -> FlaskForm:
    """Several forms share a page: their fields get ids of their own."""
    for form_field in form:
        form_field.id = form_field.label.field_id = f"{slot}-{form_field.name}"
    return form


def reply_slot(parent_id: int | None) -> str:
    return f"antwort-{parent_id}" if parent_id else "kommentar-neu"


def writing_form(parent_id: int | None = None, **kwargs) -> CommentForm:
    """The form for a new comment, or for a reply to the top-level comment `parent_id`."""
    form = placed(CommentForm(**kwargs), reply_slot(parent_id))
    if parent_id:
        form.body.label.text = _("Ihre Antwort")
    return form


# --- Who may do what --------------------------------------------------------------------------


def _blocked_refusal(user: User) -> CommentRefused | None:
    if user.is_blocked:
        return CommentRefused(
            _(
                "Ihr Konto ist gesperrt. Sie können weiter mitlesen, aber nicht kommentieren "
                "oder melden."
            )
        )
    return None


def _is_author(user: User, comment: Comment) -> bool:
    return comment.user_id is not None and comment.user_id == user.id


def edit_refusal(user: User, comment: Comment, now: datetime) -> CommentRefused | None:
    if not _is_author(user, comment):
        return CommentRefused(_("Sie können nur Ihre eigenen Kommentare bearbeiten."))
    if comment.deleted or comment.hidden:
        return CommentRefused(_("Dieser Kommentar kann nicht mehr bearbeitet werden."))
    if now - comment.created_at > EDIT_WINDOW:
        return CommentRefused(
            _("Kommentare können nur in den ersten 15 Minuten bearbeitet werden.")
        )
    return _blocked_refusal(user)


def delete_refusal(user: User, comment: Comment) -> CommentRefused | None:
    if not _is_author(user, comment):
        return CommentRefused(_("Sie können nur Ihre eigenen Kommentare löschen."))
    return None


def report_refusal(user: User, comment: Comment) -> CommentRefused | None:
    if _is_author(user, comment):
        return CommentRefused(_("Ihren eigenen Kommentar können Sie nicht melden."))
    if comment.deleted:
        return CommentRefused(_("Dieser Kommentar wurde gelöscht."), 400)
    return _blocked_refusal(user)


@dataclass(frozen=True)
class Viewer:
    """The person looking at a thread, and which actions each comment offers them."""

    user: User | None
    reported: frozenset[int]  # comments they have reported already
    now: datetime

    @property
    def may_write(self) -> bool:
        return self.user is not None and not self.user.is_blocked

    @property
    def is_blocked(self) -> bool:
        return self.user is not None and self.user.is_blocked

    @property
    def is_product_owner(self) -> bool:
        return self.user is not None and self.user.is_product_owner

    def may_reply(self, comment: Comment) -> bool:
        return self.may_write and not comment.deleted

    def may_edit(self, comment: Comment) -> bool:
        return self.user is not None and edit_refusal(self.user, comment, self.now) is None

    def may_delete(self, comment: Comment) -> bool:
        return (
            self.user is not None
            and not comment.deleted
            and delete_refusal(self.user, comment) is None
        )

    def may_report(self, comment: Comment) -> bool:
        return (
            self.user is not None
            and not comment.hidden
            and comment.id not in self.reported
            and report_refusal(self.user, comment) is None
        )


def viewer_for(database: Session, user, subject: str) -> Viewer:
    """`user`: current_user (a visitor too)."""
    if not user.is_authenticated:
        return Viewer(user=None, reported=frozenset(), now=utcnow())
    reported = database.exec(
        select(CommentReport.comment_id)
        .join(Comment, Comment.id == CommentReport.comment_id)
        .where(CommentReport.user_id == user.id, Comment.subject == subject)
    )
    return Viewer(user=user._get_current_object(), reported=frozenset(reported), now=utcnow())


# --- The thread -------------------------------------------------------------------------------


@dataclass
class Entry:
    comment: Comment
    author: str  # display name; empty when the account is gone
    replies: list["Entry"] = field(default_factory=list)


@dataclass(frozen=True)
class OpenForm:
    """A form the page shows filled in: one that came back with errors, or an edit/report form
    opened without JavaScript. kind: new, reply, edit, report."""

    kind: str
    form: FlaskForm
    comment_id: int | None = None


@dataclass(frozen=True)
class Thread:
    subject: str
    viewer: Viewer
    count: int  # comments not deleted
    entries: list[Entry] = field(default_factory=list)  # top-level, oldest first
    open_form: OpenForm | None = None

    def opened(self, kind: str, comment_id: int | None = None) -> FlaskForm | None:
        if self.open_form and (self.open_form.kind, self.open_form.comment_id) == (
            kind,
            comment_id,
        ):
            return self.open_form.form
        return None

    def comment_form(self, parent_id: int | None = None) -> FlaskForm:
        # formdata=None: a POST that re-shows the page must not fill every form with its text.
        return self.opened("reply" if parent_id else "new", parent_id) or writing_form(
            parent_id, formdata=None
        )


def count_comments(database: Session, subject: str) -> int:
    return database.exec(
        select(func.count())
        .select_from(Comment)
        .where(Comment.subject == subject, Comment.deleted.is_(False))
    ).one()


def comment_thread(subject: str, open_form: OpenForm | None = None) -> Thread:
    """The thread of a subject in two queries: its comments with their authors' names, and
    which of them the viewer reported."""
    database = db.session()
    rows = database.exec(
        select(Comment, User.display_name)
        .outerjoin(User, User.id == Comment.user_id)
        .where(Comment.subject == subject)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    top_level: dict[int, Entry] = {}
    for comment, author in rows:
        entry = Entry(comment=comment, author=author or "")
        if comment.parent_id is None:
            top_level[comment.id] = entry
        elif comment.parent_id in top_level:
            top_level[comment.parent_id].replies.append(entry)
    return Thread(
        subject=subject,
        viewer=viewer_for(database, current_user, subject),
        count=sum(1 for comment, _author in rows if not comment.deleted),
        entries=list(top_level.values()),
        open_form=open_form,
    )


bp.add_app_template_global(comment_thread)


def entry_for(database: Session, comment: Comment) -> Entry:
    author = database.get(User, comment.user_id) if comment.user_id else None
    return Entry(comment=comment, author=author.display_name if author else "")


# --- Changes ----------------------------------------------------------------------------------


def _checked_body(body: str) -> str:
    body = clean_text(body)
    if not body or len(body) > COMMENT_MAX:
        raise CommentRefused(
            _("Ein Kommentar braucht 1 bis %(max)d Zeichen.", max=COMMENT_MAX), 400
        )
    return body


def post_comment(
    database: Session, *, author: User, subject: Subject, body: str, parent: Comment | None
) -> Comment:
    """Write a comment or a reply and notify the author of the comment answered."""
    if refusal := _blocked_refusal(author):
        raise refusal
    body = _checked_body(body)
    top_level_id = None
    if parent is not None:
        if parent.subject != subject.subject:
            raise CommentRefused(_("Diese Antwort gehört zu einer anderen Diskussion."), 400)
        if parent.deleted:
            raise CommentRefused(_("Auf gelöschte Kommentare kann man nicht antworten."), 400)
        top_level_id = parent.parent_id or parent.id
    comment = Comment(
        subject=subject.subject,
        user_id=author.id,
        parent_id=top_level_id,
        body=body,
        official=author.is_product_owner,
    )
    database.add(comment)
    if parent is not None and parent.user_id not in (None, author.id):
        notify(
            database,
            user_id=parent.user_id,
            kind="official_answer" if comment.official else "reply",
            subject=subject.subject,
            title=subject.title,
        )
    database.commit()
    return comment


def edit_comment(
    database: Session, *, user: User, comment: Comment, body: str, now: datetime | None = None
) -> None:
    now = now or utcnow()
    if refusal := edit_refusal(user, comment, now):
        raise refusal
    comment.body = _checked_body(body)
    comment.edited_at = now
    database.add(comment)
    database.commit()


def delete_comment(database: Session, *, user: User, comment: Comment) -> None:
    """The thread keeps the entry ("Kommentar gelöscht") so replies keep their place; the text
    itself is gone."""
    if refusal := delete_refusal(user, comment):
        raise refusal
    comment.deleted = True
    comment.body = ""
    database.add(comment)
    database.commit()


def report_comment(database: Session, *, user: User, comment: Comment, reason: str) -> bool:
    """Report a comment once; False if this person had reported it already. From the
    HIDE_AFTER_REPORTS-th report on it is hidden, unless a product owner has decided on it."""
    if refusal := report_refusal(user, comment):
        raise refusal
    if reason not in REASONS:
        raise CommentRefused(_("Bitte wählen Sie einen Grund."), 400)
    already = database.exec(
        select(CommentReport.id).where(
            CommentReport.comment_id == comment.id, CommentReport.user_id == user.id
        )
    ).first()
    if already is not None:
        return False
    database.add(CommentReport(comment_id=comment.id, user_id=user.id, reason=reason))
    try:
        database.flush()
    except IntegrityError:  # the same report sent twice at once: the constraint decides
        database.rollback()
        return False
    # One statement, so parallel reports are all counted and the threshold is met exactly.
    database.exec(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(
            report_count=Comment.report_count + 1,
            hidden=case(
                (
                    and_(
                        Comment.moderated.is_(False),
                        Comment.report_count + 1 >= HIDE_AFTER_REPORTS,
                    ),
                    True,
                ),
                else_=Comment.hidden,
            ),
        )
    )
    database.commit()
    database.refresh(comment)
    return True


# --- Views ------------------------------------------------------------------------------------


def _comment_limit() -> str:
    return current_app.config.get("COMMENT_RATE_LIMIT", "5 per minute")


def _per_user() -> str:
    return f"user:{current_user.id}"


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
    if not raw.isdigit() or len(raw) > 9:
        abort(400)
    parent = db.session().get(Comment, int(raw))
    if parent is None:
        abort(404)
    return parent


def _back_url(subject: str) -> str:
    """Where a form goes back to without JavaScript: the page that showed the thread."""
    return safe_next_url(request.values.get("next")) or url_for(
        "feedback.discussion", subject=subject
    )


def _refused(refusal: CommentRefused):
    return error_response(refusal.status, refusal.message)


def _form_status(form: FlaskForm) -> int:
    # htmx 2 swaps no 4xx answer: a form with errors goes back to htmx as 200, in its place.
    if form.errors and not wants_fragment():
        return 400
    return 200


def _fragment_thread(subject: str, open_form: OpenForm | None) -> Thread:
    """What a fragment of the thread needs without its comments: the viewer and the count."""
    database = db.session()
    return Thread(
        subject=subject,
        viewer=viewer_for(database, current_user, subject),
        count=count_comments(database, subject),
        open_form=open_form,
    )


def _context(
    subject: Subject, open_form: OpenForm | None = None, *, whole_thread: bool = False, **extra
) -> dict:
    """What the discussion page and its fragments need. The page (and the whole-thread
    fragment) load the thread in _thread.html; a smaller fragment takes `thread` from here."""
    needs_thread = wants_fragment() and not whole_thread
    return {
        "subject": subject,
        "thread_subject": subject.subject,
        "thread": _fragment_thread(subject.subject, open_form) if needs_thread else None,
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
@limiter.limit(_comment_limit, key_func=_per_user)
def comment_create():
    subject = _subject_or_404(request.form.get("subject"))
    parent = _parent_or_none(request.form.get("parent_id"))
    if refusal := _blocked_refusal(current_user):
        return _refused(refusal)
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
                200,
                {"HX-Retarget": f"#{reply_slot(slot_parent)}", "HX-Reswap": "outerHTML"},
            )
        return _discussion_page(subject, open_form, status=400)
    try:
        comment = post_comment(
            db.session(),
            author=current_user._get_current_object(),
            subject=subject,
            body=form.body.data,
            parent=parent,
        )
    except CommentRefused as refusal:
        return _refused(refusal)
    return _done(
        comment, subject, _("Ihr Kommentar ist veröffentlicht."), "feedback/_comment_created.html"
    )


@bp.get("/diskussion/kommentare/<int:comment_id>")
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


@bp.route("/diskussion/kommentare/<int:comment_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def comment_edit(comment_id: int):
    comment, subject = _comment_or_404(comment_id)
    if refusal := edit_refusal(current_user, comment, utcnow()):
        return _refused(refusal)
    form = placed(CommentForm(obj=comment), f"bearbeiten-{comment.id}")
    if form.validate_on_submit():
        try:
            edit_comment(
                db.session(),
                user=current_user._get_current_object(),
                comment=comment,
                body=form.body.data,
            )
        except CommentRefused as refusal:
            return _refused(refusal)
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


@bp.post("/diskussion/kommentare/<int:comment_id>/loeschen")
@login_required
def comment_delete(comment_id: int):
    comment, subject = _comment_or_404(comment_id)
    try:
        delete_comment(db.session(), user=current_user._get_current_object(), comment=comment)
    except CommentRefused as refusal:
        return _refused(refusal)
    return _done(
        comment, subject, _("Ihr Kommentar ist gelöscht."), "feedback/_comment_changed.html"
    )


@bp.route("/diskussion/kommentare/<int:comment_id>/melden", methods=["GET", "POST"])
@login_required
def comment_report(comment_id: int):
    comment, subject = _comment_or_404(comment_id)
    if refusal := report_refusal(current_user, comment):
        return _refused(refusal)
    form = placed(ReportForm(), f"melden-{comment.id}")
    if form.validate_on_submit():
        try:
            first_time = report_comment(
                db.session(),
                user=current_user._get_current_object(),
                comment=comment,
                reason=form.reason.data,
            )
        except CommentRefused as refusal:
            return _refused(refusal)
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
