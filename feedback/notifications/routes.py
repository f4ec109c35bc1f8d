"""The signed-in resident's notifications, marking them read, and the bell in the header."""

from dataclasses import dataclass
from datetime import datetime

from flask import redirect, render_template, url_for
from flask_babel import to_user_timezone
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from core import db
from core.numbers import parse_id
from core.ownership import get_authorised
from core.rendering import render, safe_next_url, wants_fragment
from feedback import bp
from feedback.models import Idea, Notification
from feedback.notifications import service as notifications
from feedback.notifications import wording
from flags import access
from stages.models import PlannedService

# Tells the bell to fetch its count again after something was marked read.
READ_EVENT = "notifications-read"


@dataclass(frozen=True)
class Item:
    notification: Notification
    when: datetime  # in Berlin
    message: str
    url: str | None  # None when the service or idea is gone


def _subject_urls(subjects: set[str]) -> dict[str, str]:
    """Page URLs of the subjects that still exist: two queries for the whole list."""
    service_keys = {s.partition(":")[2] for s in subjects if s.startswith("service:")}
    idea_ids = {
        parse_id(key) for kind, _sep, key in (s.partition(":") for s in subjects) if kind == "idea"
    } - {None}
    existing_services = service_keys & set(access.flags().by_key)
    if service_keys - existing_services:
        planned = select(PlannedService.key).where(
            PlannedService.key.in_(service_keys - existing_services)
        )
        existing_services |= set(db.session().exec(planned))
    urls = {
        f"service:{key}": url_for("feedback.service_page", key=key) for key in existing_services
    }
    # A service's notice links to its own page (which answers 404 if it is gone or locked).
    for subject in subjects:
        if subject.startswith(notifications.PAGE):
            path = safe_next_url(subject.removeprefix(notifications.PAGE))
            if path:
                urls[subject] = path
    if idea_ids:
        for idea_id in db.session().exec(select(Idea.id).where(Idea.id.in_(idea_ids))):
            urls[f"idea:{idea_id}"] = url_for("feedback.idea_page", idea_id=idea_id)
    return urls


def _page():
    latest = notifications.latest(db.session(), current_user.id)
    urls = _subject_urls({n.subject for n in latest})
    texts = wording.messages(db.session(), latest)
    items = [
        Item(n, to_user_timezone(n.created_at), text, urls.get(n.subject))
        for n, text in zip(latest, texts, strict=True)
    ]
    unread = sum(1 for item in items if item.notification.read_at is None)
    return render("feedback/notifications.html", items=items, unread=unread)


@bp.get("/benachrichtigungen")
@login_required
def notification_list():
    return _page()


def _after_marking():
    # htmx: the page again (the form picks out the list) and the bell hears the event.
    if wants_fragment():
        return _page(), 200, {"HX-Trigger": READ_EVENT}
    return redirect(url_for("feedback.notification_list"), 303)


@bp.post("/benachrichtigungen/<id:notification_id>/gelesen")
@login_required
def mark_notification_read(notification_id: int):
    # Only the reader's own: another person's notification is not found, like every object
    # that is not theirs, and stays as it is.
    get_authorised(
        db.session(), Notification, notification_id, may_see=lambda n: n.user_id == current_user.id
    )
    notifications.mark_read(db.session(), current_user.id, notification_id)
    return _after_marking()


@bp.post("/benachrichtigungen/alle-gelesen")
@login_required
def mark_all_notifications_read():
    notifications.mark_read(db.session(), current_user.id)
    return _after_marking()


@bp.app_template_global()
def unread_notifications() -> int:
    """For the bell on every page; visitors have none and cost no query."""
    if not current_user.is_authenticated:
        return 0
    try:
        return notifications.unread_count(db.session(), current_user.id)
    except SQLAlchemyError:
        # The bell must not break a page, least of all the error page of a database in trouble.
        db.session().rollback()
        return 0


@bp.get("/benachrichtigungen/glocke")
def notification_bell():
    """The bell alone, for htmx to refresh it in the header."""
    return render_template("feedback/_bell.html")
