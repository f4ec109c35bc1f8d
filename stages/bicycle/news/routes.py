"""Views of news: the list with filters, a post, writing and publishing, the feeds."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db, submissions
from core.home_place import list_arguments, place_argument
from core.models import utcnow
from core.ownership import acting_organisations
from core.pagination import Pager, requested_page
from core.rendering import render
from stages.bicycle.news import bp, changes, service
from stages.bicycle.news.feeds import ATOM, FEED_SIZE, RSS, build_feed
from stages.bicycle.news.forms import NewsFilterForm, NewsPostForm
from stages.bicycle.news.models import NewsPost
from stages.bicycle.news.permissions import editable_post, may_create, may_edit, readable_post
from stages.bicycle.news.text import body_html


@bp.context_processor
def _names():
    return {"place_name": service.place_name, "category_name": service.category_name}


@bp.route("/")
def index():
    filters = NewsFilterForm(formdata=list_arguments())
    if not filters.validate():
        abort(400)
    place, category = filters.gemeinde.data or "", filters.kategorie.data or ""
    database = db.session()
    page = service.published_page(
        db=database, place=place, category=category, number=requested_page()
    )
    query = {"gemeinde": place_argument(place), "kategorie": category or None}
    return render(
        "news/index.html",
        "news/_list.html",
        filters=filters,
        results=page,
        place=place,
        pager=Pager(page, lambda number: url_for("news.index", seite=number, **query)),
        organisations=service.organisation_names(db=database, posts=page.rows),
        may_create=may_create(database, current_user),
    )


@bp.route("/<id:post_id>")
def detail(post_id: int):
    database = db.session()
    post = readable_post(database, current_user, post_id)
    return render(
        "news/detail.html",
        post=post,
        body=body_html(post),
        organisations=service.organisation_names(db=database, posts=[post]),
        may_edit=may_edit(database, current_user, post),
    )


@bp.route("/verwalten")
@login_required
def manage():
    database = db.session()
    if not may_create(database, current_user):
        abort(403)
    posts = service.managed_posts(db=database, user=current_user)
    return render(
        "news/manage.html",
        posts=posts,
        organisations=service.organisation_names(db=database, posts=posts),
    )


def _fill(post: NewsPost, form: NewsPostForm) -> None:
    post.title = form.title.data
    post.teaser = form.teaser.data or ""
    post.body = form.body.data
    post.municipality = form.municipality.data
    post.category = form.category.data
    post.updated_at = utcnow()
    service.set_published(post=post, published=form.publish.data)


def _saved_message(post: NewsPost) -> str:
    if post.is_published:
        return _("Der Beitrag ist veröffentlicht.")
    return _("Der Beitrag ist als Entwurf gespeichert. Nur Ihre Organisation sieht ihn.")


@bp.route("/neu", methods=["GET", "POST"])
@login_required
def create():
    database = db.session()
    organisations = acting_organisations(database, current_user)
    if not organisations:
        abort(403)
    # Preselected: where the (first) organisation is at home.
    form = NewsPostForm(organisations=organisations, municipality=organisations[0].municipality)
    if form.validate_on_submit():
        claimed = submissions.claim(
            database, user_id=current_user.id, fallback=url_for("news.manage")
        )
        # The choices are the writer's own organisations, so this id is one they may use.
        post = NewsPost(
            organisation_id=int(form.organisation.data), author_id=current_user.id, body=""
        )
        changes.save(db=database, user=current_user, post=post, apply=lambda p: _fill(p, form))
        submissions.created(database, claimed, url_for("news.detail", post_id=post.id))
        flash(_saved_message(post), "success")
        return redirect(url_for("news.detail", post_id=post.id))
    return render("news/form.html", form=form, post=None), 422 if form.errors else 200


@bp.route("/<id:post_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = editable_post(db.session(), current_user, post_id)
    form = NewsPostForm(obj=post, publish=post.is_published)
    if form.validate_on_submit():
        changes.save(db=db.session(), user=current_user, post=post, apply=lambda p: _fill(p, form))
        flash(_saved_message(post), "success")
        return redirect(url_for("news.detail", post_id=post.id))
    return render("news/form.html", form=form, post=post), 422 if form.errors else 200


def _switch_publication(post_id: int, published: bool):
    post = editable_post(db.session(), current_user, post_id)
    changes.set_published(db=db.session(), user=current_user, post=post, published=published)
    if published:
        flash(_("Der Beitrag ist veröffentlicht."), "success")
    else:
        flash(
            _("Der Beitrag ist zurückgezogen und nur noch für Ihre Organisation sichtbar."),
            "success",
        )
    return redirect(url_for("news.detail", post_id=post.id))


@bp.route("/<id:post_id>/veroeffentlichen", methods=["POST"])
@login_required
def publish(post_id: int):
    return _switch_publication(post_id, True)


@bp.route("/<id:post_id>/zurueckziehen", methods=["POST"])
@login_required
def unpublish(post_id: int):
    return _switch_publication(post_id, False)


def _feed(content_type: str) -> Response:
    place = request.args.get("gemeinde", "")
    if place and not service.place_name(place):
        abort(404)
    database = db.session()
    posts = service.newest_published(db=database, place=place, limit=FEED_SIZE)
    if place:
        title = _(
            "Neuigkeiten aus %(place)s – Landwerk Jerichower Land", place=service.place_name(place)
        )
    else:
        title = _("Neuigkeiten – Landwerk Jerichower Land")
    feed = build_feed(
        posts=posts,
        organisations=service.organisation_names(db=database, posts=posts),
        title=title,
        description=_("Meldungen der Vereine, Betriebe und Verwaltungen im Jerichower Land."),
        list_url=url_for("news.index", gemeinde=place or None, _external=True),
        self_url=request.url,
        for_rss=content_type == RSS,
    )
    body = feed.rss_str(pretty=True) if content_type == RSS else feed.atom_str(pretty=True)
    return Response(body, content_type=content_type)


@bp.route("/feed.rss")
def feed_rss():
    return _feed(RSS)


@bp.route("/feed.atom")
def feed_atom():
    return _feed(ATOM)
