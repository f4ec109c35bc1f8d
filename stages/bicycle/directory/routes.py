"""Views of the directory: search, an entry's page, and the forms to create and edit entries."""

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload
from sqlmodel import select

from core import db
from core.accounts import organisations_of
from core.formatting import tel_uri
from core.models import Organisation, utcnow
from core.municipalities import municipality_name
from core.ownership import acting_organisations, get_or_404
from core.pagination import Pager, requested_page
from core.rendering import render
from core.search import short_words
from stages.bicycle.directory import bp, changes
from stages.bicycle.directory.categories import category_name
from stages.bicycle.directory.forms import DAY_FIELDS, EntryForm, SearchForm
from stages.bicycle.directory.hours import day_name, describe, describe_day, opening_status, week
from stages.bicycle.directory.models import DirectoryEntry, OpeningHours
from stages.bicycle.directory.permissions import editable_entry, may_create, may_edit
from stages.bicycle.directory.service import QUERY_WORDS_MAX, search_entries


@bp.context_processor
def _helpers() -> dict:
    return {
        "category_name": category_name,
        "municipality_name": municipality_name,
        "opening_status": opening_status,
        "describe_status": describe,
        "describe_day": describe_day,
        "day_name": day_name,
        "phone_link": tel_uri,
    }


@bp.route("/")
def index():
    form = SearchForm(request.args)
    valid = form.validate()
    pager = None
    if valid:
        query = {
            "q": form.q.data or None,
            "kategorie": form.kategorie.data or None,
            "gemeinde": form.gemeinde.data or None,
        }
        result = search_entries(
            db=db.session(),
            query=form.q.data or "",
            category=form.kategorie.data,
            municipality=form.gemeinde.data,
            page=requested_page(),
        )
        pager = Pager(result, lambda number: url_for("directory.index", **query, seite=number))
    page = render(
        "directory/index.html",
        "directory/_results.html",
        form=form,
        pager=pager,
        now=utcnow(),
        may_create=may_create(current_user),
        short_words=short_words(form.q.data or "", QUERY_WORDS_MAX) if valid else [],
    )
    response = make_response(page, 200 if valid else 422)
    # The same address answers with the page or, for htmx, the results only: caches must know.
    response.vary.add("HX-Request")
    return response


@bp.route("/<id:entry_id>")
def detail(entry_id: int):
    database = db.session()
    entry = get_or_404(database, DirectoryEntry, entry_id)
    now = utcnow()
    organisation = (
        database.get(Organisation, entry.organisation_id) if entry.organisation_id else None
    )
    return render(
        "directory/detail.html",
        entry=entry,
        organisation=organisation,
        days=week(entry.hours),
        today=to_user_timezone(now).weekday(),
        status=opening_status(entry.hours, now),
        may_edit=may_edit(database, current_user, entry),
    )


def _organisation_choices() -> list[tuple[str, str]]:
    organisations = db.session().exec(select(Organisation).order_by(Organisation.name))
    return [("", _("Keine"))] + [(str(o.id), o.name) for o in organisations]


def _form_data(entry: DirectoryEntry) -> dict:
    days = week(entry.hours)
    data = {"organisation": str(entry.organisation_id or "")}
    for weekday, name in enumerate(DAY_FIELDS):
        ranges = days[weekday]
        data[name] = {
            "first_opens": ranges[0].opens if ranges else None,
            "first_closes": ranges[0].closes if ranges else None,
            "second_opens": ranges[1].opens if len(ranges) > 1 else None,
            "second_closes": ranges[1].closes if len(ranges) > 1 else None,
        }
    return data


def _entry_form(entry: DirectoryEntry | None) -> EntryForm:
    form = EntryForm(obj=entry, data=_form_data(entry)) if entry is not None else EntryForm()
    if current_user.is_product_owner:
        form.organisation.choices = _organisation_choices()
    else:
        del form.organisation  # partners cannot hand their entry to someone else
    return form


def _save(form: EntryForm, entry: DirectoryEntry) -> DirectoryEntry:
    def apply(row: DirectoryEntry) -> None:
        for name in ("name", "category", "municipality", "description", "address", "phone"):
            setattr(row, name, form[name].data)
        row.email = form.email.data or ""
        row.website = form.website.data or ""
        if "organisation" in form:
            row.organisation_id = int(form.organisation.data) if form.organisation.data else None
        row.hours = [
            OpeningHours(weekday=weekday, opens=opens, closes=closes)
            for weekday, day in form.days()
            for opens, closes in day.form.ranges
        ]

    changes.save(db=db.session(), user=current_user, entry=entry, apply=apply)
    flash(_("Der Eintrag ist gespeichert."), "success")
    return entry


def _edit_page(form: EntryForm, entry: DirectoryEntry | None):
    return render("directory/edit.html", form=form, entry=entry), 422 if form.errors else 200


@bp.route("/verwalten")
@login_required
def manage():
    """The entries of the partner's own organisations, each a tap from its form."""
    database = db.session()
    if not acting_organisations(database, current_user):
        abort(403)
    own = [org.id for org in organisations_of(db=database, user=current_user)]
    entries = database.exec(
        select(DirectoryEntry)
        .where(DirectoryEntry.organisation_id.in_(own))
        .options(selectinload(DirectoryEntry.hours))
        .order_by(DirectoryEntry.search_name, DirectoryEntry.id)
    ).all()
    return render("directory/manage.html", entries=entries, now=utcnow())


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def create():
    if not may_create(current_user):
        abort(403)
    form = _entry_form(None)
    if form.validate_on_submit():
        entry = _save(form, DirectoryEntry())
        return redirect(url_for("directory.detail", entry_id=entry.id))
    return _edit_page(form, None)


@bp.route("/<id:entry_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(entry_id: int):
    entry = editable_entry(db.session(), current_user, entry_id)
    form = _entry_form(entry)
    if form.validate_on_submit():
        _save(form, entry)
        return redirect(url_for("directory.detail", entry_id=entry.id))
    return _edit_page(form, entry)
