"""Views of events: the list with filters, the month, one event, iCalendar files, and the forms
partners publish with."""

import re
import uuid
from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db, submissions
from core.formatting import link_with_id, time_formatter
from core.home_place import list_arguments, place_argument
from core.ownership import acting_organisations, get_or_404
from core.pagination import Pager, paginate, requested_page
from core.rendering import render
from stages.bicycle.events import bp, changes, ical, service, times
from stages.bicycle.events import month as months
from stages.bicycle.events.display import helpers
from stages.bicycle.events.forms import EventForm, FilterForm, form_values
from stages.bicycle.events.jsonld import event_jsonld
from stages.bicycle.events.models import Event
from stages.bicycle.events.permissions import editable_event, may_create, may_edit

PAGE_SIZE = 20
CALENDAR_LIMIT = 500
MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})", re.ASCII)


@bp.context_processor
def _helpers():
    return helpers()


CANCEL_CHOICES = {"ja": True, "nein": False}


@bp.route("/")
def index():
    form = FilterForm(formdata=list_arguments())
    if not form.validate():
        return _list_page(form, None, status=422)
    filters = form.filters()
    page = paginate(
        db.session(),
        service.upcoming_statement(filters, times.now()),
        number=requested_page(),
        per_page=PAGE_SIZE,
    )
    pager = Pager(
        page,
        lambda number: url_for(
            "events.index",
            seite=number,
            **{**filters.query_args(), "gemeinde": place_argument(filters.municipality)},
        ),
    )
    return _list_page(form, pager, status=200)


def _list_page(form: FilterForm, pager: Pager | None, *, status: int):
    body = render(
        "events/index.html",
        "events/_list.html",
        form=form,
        pager=pager,
        filters=form.filters(),
        may_create=may_create(db.session(), current_user),
    )
    # The same URL answers htmx with the list alone: caches must keep the two apart.
    return body, status, {"Vary": "HX-Request"}


@bp.route("/kalender.ics")
def calendar_file():
    form = FilterForm(formdata=request.args)
    if not form.validate():
        abort(400)
    events = service.upcoming(db.session(), form.filters(), times.now(), limit=CALENDAR_LIMIT)
    return _ics(
        ical.calendar(
            events,
            name=_("Veranstaltungen im Jerichower Land"),
            uid=str(uuid.uuid5(uuid.NAMESPACE_URL, request.url)),
            url_of=_absolute_url,
        ),
        "veranstaltungen.ics",
    )


@bp.route("/monat")
def month_from_query():
    """?monat=2026-12 (the month picker's form) or no month at all: this month."""
    text = request.args.get("monat")
    if text is None:
        today = times.berlin_today(times.now())
        return redirect(url_for("events.month_view", year=today.year, month=today.month))
    match = MONTH.fullmatch(text)
    if match is None:
        abort(400)
    year, month = int(match["year"]), int(match["month"])
    if not months.is_valid_month(year, month):
        abort(404)
    return redirect(url_for("events.month_view", year=year, month=month))


@bp.route("/monat/<id:year>/<id:month>")
def month_view(year: int, month: int):
    if not months.is_valid_month(year, month):
        abort(404)
    first, following = months.first_and_next(year, month)
    events = service.touching(
        db.session(), times.start_of_day(first), times.start_of_day(following)
    )
    return render(
        "events/month.html",
        weeks=months.weeks(year, month, events),
        event_link=link_with_id("events.detail", "event_id"),
        clock=time_formatter("short"),
        month_name=format_date(first, "LLLL y"),
        month_value=f"{year:04d}-{month:02d}",
        previous=_month_link(months.previous_month(year, month)),
        next=_month_link(months.next_month(year, month)),
        today=times.berlin_today(times.now()),
    )


def _month_link(year_month: tuple[int, int] | None) -> dict | None:
    if year_month is None:
        return None
    year, month = year_month
    return {
        "url": url_for("events.month_view", year=year, month=month),
        "label": format_date(date(year, month, 1), "LLLL y"),
    }


@bp.route("/<id:event_id>")
def detail(event_id: int):
    event = get_or_404(db.session(), Event, event_id)
    return render(
        "events/detail.html",
        event=event,
        jsonld=event_jsonld(event, _absolute_url(event)),
        may_edit=may_edit(db.session(), current_user, event),
    )


@bp.route("/verwalten")
@login_required
def manage():
    """A partner's own events, upcoming, past and called off, each a tap from being changed."""
    organisations = acting_organisations(db.session(), current_user)
    if not organisations:
        abort(403)
    own = None if current_user.is_product_owner else [org.id for org in organisations]
    page = paginate(
        db.session(), service.managed_statement(own), number=requested_page(), per_page=PAGE_SIZE
    )
    pager = Pager(page, lambda number: url_for("events.manage", seite=number))
    return render(
        "events/manage.html", "events/_manage_list.html", pager=pager, now=times.now()
    )


@bp.route("/<id:event_id>.ics")
def event_file(event_id: int):
    event = get_or_404(db.session(), Event, event_id)
    return _ics(
        ical.calendar([event], name=event.title, uid=f"kalender-{event.uid}", url_of=_absolute_url),
        f"veranstaltung-{event.id}.ics",
    )


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def create():
    organisations = acting_organisations(db.session(), current_user)
    if not organisations:
        abort(403)
    # Most partners belong to one organisation: it is already chosen for them.
    preset = {"organisation": str(organisations[0].id)} if len(organisations) == 1 else {}
    form = EventForm(data=preset, organisations=organisations)
    if form.validate_on_submit():
        claimed = submissions.claim(
            db.session(), user_id=current_user.id, fallback=url_for("events.index")
        )
        event = changes.save(
            db=db.session(),
            user=current_user,
            event=Event(created_by_id=current_user.id),
            apply=form.apply_to,
        )
        submissions.created(db.session(), claimed, url_for("events.detail", event_id=event.id))
        flash(_("Die Veranstaltung ist eingetragen."), "success")
        return redirect(url_for("events.detail", event_id=event.id))
    return render("events/form.html", form=form, event=None), 422 if form.errors else 200


@bp.route("/<id:event_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = editable_event(db.session(), current_user, event_id)
    form = EventForm(
        data=form_values(event),
        organisations=acting_organisations(db.session(), current_user),
    )
    if form.validate_on_submit():
        changes.save(db=db.session(), user=current_user, event=event, apply=form.apply_to)
        flash(_("Die Änderungen sind gespeichert."), "success")
        return redirect(url_for("events.detail", event_id=event.id))
    return render("events/form.html", form=form, event=event), 422 if form.errors else 200


@bp.route("/<id:event_id>/absagen", methods=["POST"])
@login_required
def cancel(event_id: int):
    """Called off (or on again) in one tap: the event stays listed, marked "Abgesagt", so those
    who planned to come find out. The form says which state it wants: a double tap changes
    nothing more."""
    event = editable_event(db.session(), current_user, event_id)
    wanted = CANCEL_CHOICES.get(request.form.get("abgesagt", ""))
    if wanted is None:
        abort(400)
    changes.set_cancelled(db=db.session(), user=current_user, event=event, cancelled=wanted)
    if wanted:
        flash(
            _(
                "„%(title)s“ ist abgesagt und bleibt mit diesem Hinweis sichtbar.",
                title=event.title,
            ),
            "success",
        )
    else:
        flash(_("„%(title)s“ findet wieder statt.", title=event.title), "success")
    return redirect(url_for("events.detail", event_id=event.id))


@bp.route("/<id:event_id>/loeschen", methods=["POST"])
@login_required
def delete(event_id: int):
    event = editable_event(db.session(), current_user, event_id)
    title = event.title
    changes.delete(db=db.session(), user=current_user, event=event)
    flash(_("„%(title)s“ ist gelöscht.", title=title), "success")
    return redirect(url_for("events.index"))


def _absolute_url(event: Event) -> str:
    return url_for("events.detail", event_id=event.id, _external=True)


def _ics(body: bytes, filename: str):
    return (
        body,
        200,
        {
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )
