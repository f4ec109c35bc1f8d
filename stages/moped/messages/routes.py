"""The pages of messages: the inbox, a thread with its reply form, a new thread, reporting and
blocking, and the moderators' decision on a reported message."""

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.auth import owner_required
from core.models import Organisation
from core.pagination import Pager, requested_page
from core.rendering import render, wants_fragment
from core.security import limiter, per_user
from stages import signals
from stages.moped.messages import bp, inbox, reports, service
from stages.moped.messages.forms import NewThreadForm, ReplyForm, ReportForm
from stages.moped.messages.models import Message
from stages.moped.messages.permissions import ID_MAX, thread_for
from stages.moped.messages.thread import thread_view


def thread_limit() -> str:
    return current_app.config.get("MESSAGE_THREAD_RATE_LIMIT", "10 per hour")


def message_limit() -> str:
    return current_app.config.get("MESSAGE_RATE_LIMIT", "20 per minute")


@bp.record_once
def _hear_moderation(_state) -> None:
    signals.reported_items.connect(_reported_messages)


def _reported_messages(database) -> list:
    # The signal is the process's; answer only for an app that serves messages.
    if "messages" not in current_app.blueprints:
        return []
    return reports.open_reports(database)


@bp.route("/nachrichten/")
@login_required
def index():
    database = db.session()
    page = inbox.inbox_page(database, user=current_user, number=requested_page())
    return render(
        "messages/index.html",
        "messages/_inbox.html",
        results=page,
        pager=Pager(page, lambda number: url_for("messages.index", seite=number)),
    )


def _int_or_404(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or int(raw) > ID_MAX:
        abort(404)
    return int(raw)


@bp.route("/nachrichten/neu", methods=["GET", "POST"])
@login_required
@limiter.limit(thread_limit, key_func=per_user, methods=["POST"])
def new():
    source = request.form if request.method == "POST" else request.args
    organisation_id = _int_or_404(source.get("organisation"))
    person_id = _int_or_404(source.get("person"))
    if (organisation_id is None) == (person_id is None):
        abort(404)
    database = db.session()
    organisation = database.get(Organisation, organisation_id) if organisation_id else None
    if organisation_id and organisation is None:
        abort(404)
    form = NewThreadForm(
        organisation=organisation_id,
        person=person_id,
        bezug=request.args.get("bezug", ""),
        betreff=request.args.get("betreff", ""),
    )
    if form.validate_on_submit():
        thread = service.start_thread(
            database,
            author=current_user,
            organisation_id=organisation_id,
            resident_id=person_id,
            subject_ref=form.bezug.data or "",
            title=form.betreff.data or "",
            text=form.text.data,
        )
        flash(_("Ihre Nachricht ist verschickt."), "success")
        return redirect(url_for("messages.thread", thread_id=thread.id), 303)
    page = render("messages/new.html", form=form, organisation=organisation)
    return page, 422 if form.errors else 200


@bp.get("/nachrichten/<id:thread_id>")
@login_required
def thread(thread_id: int):
    database = db.session()
    found, side = thread_for(database, current_user, thread_id)
    service.mark_read(database, thread=found, side=side)
    return render(
        "messages/thread.html",
        view=thread_view(database, found, side, current_user),
        form=ReplyForm(),
    )


@bp.post("/nachrichten/<id:thread_id>")
@login_required
@limiter.limit(message_limit, key_func=per_user)
def reply(thread_id: int):
    database = db.session()
    found, side = thread_for(database, current_user, thread_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        view = thread_view(database, found, side, current_user)
        return render(
            "messages/thread.html", "messages/_conversation.html", view=view, form=form
        ), 422
    message = service.post_message(
        database, author=current_user, thread=found, side=side, text=form.text.data
    )
    if wants_fragment():
        database.refresh(found)
        view = thread_view(database, found, side, current_user)
        return render(
            "messages/thread.html",
            "messages/_conversation.html",
            view=view,
            form=ReplyForm(formdata=None),
        )
    return redirect(
        url_for("messages.thread", thread_id=found.id, _anchor=f"nachricht-{message.id}"), 303
    )


def _message_for(message_id: int) -> tuple[Message, str]:
    """The message and the reader's side, if they may see its thread (else 404)."""
    database = db.session()
    message = database.get(Message, message_id) if message_id <= ID_MAX else None
    if message is None:
        abort(404)
    found, side = thread_for(database, current_user, message.thread_id)
    if message.withheld and message.side != side:
        abort(404)
    return message, side


@bp.route("/nachrichten/nachricht/<id:message_id>/melden", methods=["GET", "POST"])
@login_required
def report(message_id: int):
    message, side = _message_for(message_id)
    form = ReportForm()
    if form.validate_on_submit():
        reported = reports.report_message(
            db.session(), reporter=current_user, message=message, side=side, reason=form.reason.data
        )
        if reported:
            flash(_("Danke. Die Moderation sieht sich die Nachricht an."), "success")
        else:
            flash(_("Sie hatten diese Nachricht schon gemeldet."), "info")
        return redirect(url_for("messages.thread", thread_id=message.thread_id), 303)
    page = render("messages/report.html", form=form, message=message)
    return page, 422 if form.errors else 200


@bp.post("/nachrichten/nachricht/<id:message_id>/blockieren")
@login_required
def block(message_id: int):
    message, side = _message_for(message_id)
    if message.side == side:
        abort(404)
    service.block(db.session(), blocker=current_user, blocked_id=message.author_id)
    flash(
        _("Sie bekommen von dieser Person keine Nachrichten mehr. Sie erfährt davon nichts."),
        "success",
    )
    return redirect(url_for("messages.thread", thread_id=message.thread_id), 303)


@bp.get("/nachrichten/blockiert")
@login_required
def blocked():
    senders = inbox.blocked_senders(db.session(), blocker=current_user)
    return render("messages/blocked.html", senders=senders)


@bp.post("/nachrichten/blockiert/<id:user_id>/aufheben")
@login_required
def unblock(user_id: int):
    service.unblock(db.session(), blocker=current_user, blocked_id=min(user_id, ID_MAX))
    flash(_("Die Blockierung ist aufgehoben."), "success")
    return redirect(url_for("messages.blocked"), 303)


@bp.post("/nachrichten/moderation/<id:message_id>")
@owner_required
def moderate(message_id: int):
    database = db.session()
    message = database.get(Message, message_id) if message_id <= ID_MAX else None
    decision = request.form.get("decision")
    if message is None:
        abort(404)
    if decision not in ("hide", "keep"):
        abort(400)
    reports.decide(database, actor=current_user, message=message, hide=decision == "hide")
    if decision == "hide":
        flash(_("Die Nachricht ist ausgeblendet."), "success")
    else:
        flash(_("Die Nachricht bleibt sichtbar."), "success")
    return redirect(url_for("feedback.moderation"), 303)
