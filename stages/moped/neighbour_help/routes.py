"""The board, a post, writing and finishing one, answering through messages, the printable
notice and the feed."""

from feedgen.feed import FeedGenerator
from flask import Response, abort, current_app, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db, submissions
from core.home_place import list_arguments, place_argument
from core.municipalities import MUNICIPALITIES, municipality_name
from core.pagination import Pager, requested_page
from core.rendering import render
from core.security import limiter
from core.text import without_control_characters as xml_text
from flags import access
from stages.moped.neighbour_help import api, bp, report_routes, service  # noqa: F401  (routes)
from stages.moped.neighbour_help.catalogue import (
    ANSWERS,
    CATEGORIES,
    KINDS,
    STATUSES,
    default_end,
    label,
    latest_end,
)
from stages.moped.neighbour_help.forms import FilterForm, HideForm, PostForm
from stages.moped.neighbour_help.permissions import (
    is_author,
    is_public,
    may_moderate,
    own_post,
    readable_post,
)
from stages.moped.neighbour_help.qr import qr_svg

FEED_SIZE = 30


def post_limit() -> str:
    return current_app.config.get("NEIGHBOUR_HELP_POST_RATE_LIMIT", "5 per hour")


def per_user() -> str:
    return f"user:{current_user.id}"


@bp.context_processor
def _helpers() -> dict:
    return {
        "kind_name": lambda key: label(KINDS, key),
        "answer_name": lambda key: label(ANSWERS, key),
        "category_name": lambda key: label(CATEGORIES, key),
        "status_name": lambda key: label(STATUSES, key),
        "municipality_name": municipality_name,
    }


def _place(post) -> str:
    town = municipality_name(post.municipality)
    return f"{post.village} ({town})" if post.village and post.village != town else town


@bp.app_template_global("help_place")
def help_place(post) -> str:
    return _place(post)


@bp.route("/")
def index():
    form = FilterForm(list_arguments())
    valid = form.validate()
    database = db.session()
    today = service.local_today()
    pager, names = None, {}
    municipality = form.gemeinde.data if valid else ""
    if valid:
        filters = service.Filters(
            municipality=form.gemeinde.data or "",
            village=form.ortsteil.data or "",
            kind=form.art.data or "",
            category=form.kategorie.data or "",
        )
        query = {
            "gemeinde": place_argument(filters.municipality),
            "ortsteil": filters.village or None,
            "art": filters.kind or None,
            "kategorie": filters.category or None,
        }
        page = service.board(database, filters=filters, page=requested_page(), today=today)
        pager = Pager(page, lambda number: url_for("neighbour_help.index", **query, seite=number))
        if current_user.is_authenticated:
            names = service.authors(database, page.rows)
    page = render(
        "neighbour_help/index.html",
        form=form,
        pager=pager,
        names=names,
        municipality=municipality,
        helped=service.helped_this_month(database, municipality=municipality or ""),
    )
    return make_response(page, 200 if valid else 422)


@bp.route("/<id:post_id>")
def post(post_id: int):
    database = db.session()
    today = service.local_today()
    found = readable_post(database, current_user, post_id, today)
    names = service.authors(database, [found]) if current_user.is_authenticated else {}
    return render(
        "neighbour_help/post.html",
        post=found,
        author=names.get(found.author_id),
        public=is_public(found, today),
        mine=is_author(current_user, found),
        may_answer=_may_answer(found, today),
        may_moderate=may_moderate(current_user),
        hide_form=HideForm(),
    )


def _may_answer(post, today) -> bool:
    return (
        is_public(post, today)
        and post.author_id is not None
        and not is_author(current_user, post)
        and access.access("messages").visible
    )


@bp.get("/<id:post_id>/antworten")
@login_required
def answer(post_id: int):
    """ "Ich kann helfen" / "Das brauche ich": a message thread with the author, about this
    post. The author's account id is only given to signed-in residents, on this redirect."""
    found = readable_post(db.session(), current_user, post_id, service.local_today())
    if not _may_answer(found, service.local_today()):
        abort(404)
    return redirect(
        url_for(
            "messages.new",
            person=found.author_id,
            bezug=f"neighbour_help:post:{found.id}",
            betreff=_("Nachbarschaftshilfe: %(title)s", title=found.title)[:120],
        )
    )


def _form_page(form: PostForm, post=None):
    page = render("neighbour_help/form.html", form=form, post=post, latest=latest_end(form.today))
    return page, 422 if form.errors else 200


@bp.route("/neu", methods=["GET", "POST"])
@login_required
@limiter.limit(post_limit, key_func=per_user, methods=["POST"])
def new():
    database = db.session()
    today = service.local_today()
    form = PostForm(today=today)
    if request.method == "GET":
        form.ends_on.data = default_end(today)
        form.municipality.data = current_user.municipality
        asked = request.args.get("art")
        form.kind.data = asked if asked in KINDS else None
    if form.validate_on_submit():
        claimed = submissions.claim(
            database, user_id=current_user.id, fallback=url_for("neighbour_help.index")
        )
        created = service.create_post(database, author=current_user, values=form.values())
        submissions.created(database, claimed, url_for("neighbour_help.post", post_id=created.id))
        flash(_("Ihr Aushang hängt jetzt an der Pinnwand."), "success")
        return redirect(url_for("neighbour_help.post", post_id=created.id), 303)
    return _form_page(form)


@bp.route("/<id:post_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    database = db.session()
    found = own_post(database, current_user, post_id)
    form = PostForm(obj=found, today=service.local_today())
    if form.validate_on_submit():
        service.update_post(database, post=found, values=form.values())
        flash(_("Ihr Aushang ist geändert."), "success")
        return redirect(url_for("neighbour_help.post", post_id=found.id), 303)
    return _form_page(form, found)


@bp.post("/<id:post_id>/geklappt")
@login_required
def close(post_id: int):
    found = own_post(db.session(), current_user, post_id)
    service.finish(db.session(), post=found, helped=True)
    flash(_("Schön, dass es geklappt hat! Der Aushang ist von der Pinnwand genommen."), "success")
    return redirect(url_for("neighbour_help.post", post_id=found.id), 303)


@bp.post("/<id:post_id>/zurueckziehen")
@login_required
def withdraw(post_id: int):
    found = own_post(db.session(), current_user, post_id)
    service.finish(db.session(), post=found, helped=False)
    flash(_("Ihr Aushang ist zurückgezogen."), "success")
    return redirect(url_for("neighbour_help.post", post_id=found.id), 303)


@bp.get("/<id:post_id>/aushang")
def notice(post_id: int):
    """The notice for the village shop's pinboard: A4 or A5, large type, a QR code."""
    found = readable_post(db.session(), current_user, post_id, service.local_today())
    size = "a5" if request.args.get("format") == "a5" else "a4"
    url = url_for("neighbour_help.post", post_id=found.id, _external=True)
    return render(
        "neighbour_help/notice.html",
        post=found,
        size=size,
        url=url,
        qr=qr_svg(url, _("QR-Code: Link zu diesem Aushang auf Landwerk")),
    )


@bp.get("/feed.atom")
def feed():
    place = request.args.get("gemeinde", "")
    if place and place not in MUNICIPALITIES:
        abort(404)
    posts = service.newest(
        db.session(), municipality=place, limit=FEED_SIZE, today=service.local_today()
    )
    generator = FeedGenerator()
    board = url_for("neighbour_help.index", gemeinde=place or None, _external=True)
    generator.id(board)
    where = municipality_name(place) or _("Jerichower Land")
    generator.title(_("Nachbarschaftshilfe in %(place)s – Landwerk", place=where))
    generator.link(href=request.url, rel="self")
    generator.link(href=board, rel="alternate")
    generator.language("de")
    if posts:
        generator.updated(max(p.updated_at for p in posts).replace(tzinfo=None).isoformat() + "Z")
    for found in posts:
        entry = generator.add_entry(order="append")
        link = url_for("neighbour_help.post", post_id=found.id, _external=True)
        entry.id(link)
        entry.link(href=link)
        entry.title(xml_text(f"{label(KINDS, found.kind)}: {found.title}"))
        entry.category(term=found.category, label=label(CATEGORIES, found.category))
        entry.summary(xml_text(f"{_place(found)} · {found.when}\n{found.text}"))
        entry.updated(found.updated_at.replace(tzinfo=None).isoformat() + "Z")
    body = generator.atom_str(pretty=True)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
