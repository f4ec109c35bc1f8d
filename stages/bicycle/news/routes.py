"""Views of news: the list with filters, a post, writing and publishing, the feeds."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.models import utcnow
from core.pagination import PageNotFound
from core.rendering import render
from stages.bicycle.news import bp, service
from stages.bicycle.news.feeds import ATOM, FEED_SIZE, RSS, build_feed
from stages.bicycle.news.forms import NewsFilterForm, NewsPostForm
from stages.bicycle.news.models import NewsPost
from stages.bicycle.news.text import body_html


@bp.context_processor
def _names():
    return {"place_name": service.place_name, "category_name": service.category_name}


def _page_number() -> int:
    raw = request.args.get("seite", "1")
    if not raw.isdigit():
        abort(400)
    return int(raw)


@bp.route("/")
def index():
    filters = NewsFilterForm(formdata=request.args)
    if not filters.validate():
        abort(400)
    place, category = filters.gemeinde.data or "", filters.kategorie.data or ""
    database = db.session()
    try:
        page = service.published_page(
            db=database, place=place, category=category, number=_page_number()
        )
    except PageNotFound:
        abort(404)
    return render(
        "news/index.html",
        "news/_list.html",
        filters=filters,
        results=page,
        place=place,
        category=category,
        organisations=service.organisation_names(db=database, posts=page.rows),
        may_write=bool(service.writable_organisations(db=database, user=current_user)),
    )


def _readable_post(post_id: int) -> NewsPost:
    post = db.session().get(NewsPost, post_id)
    if post is None or not service.can_read(db=db.session(), user=current_user, post=post):
        abort(404)
    return post


def _managed_post(post_id: int) -> NewsPost:
    """The post, if the signed-in person may change it: 404 if they may not even see it."""
    post = _readable_post(post_id)
    if not service.can_manage(db=db.session(), user=current_user, post=post):
        abort(403)
    return post


@bp.route("/<int:post_id>")
def detail(post_id: int):
    post = _readable_post(post_id)
    return render(
        "news/detail.html",
        post=post,
        body=body_html(post),
        organisations=service.organisation_names(db=db.session(), posts=[post]),
        may_manage=service.can_manage(db=db.session(), user=current_user, post=post),
    )


@bp.route("/verwalten")
@login_required
def manage():
    database = db.session()
    if not service.writable_organisations(db=database, user=current_user):
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
    organisations = service.writable_organisations(db=database, user=current_user)
    if not organisations:
        abort(403)
    # Preselected: where the (first) organisation is at home.
    form = NewsPostForm(organisations=organisations, municipality=organisations[0].municipality)
    if form.validate_on_submit():
        # The choices are the writer's own organisations, so this id is one they may use.
        post = NewsPost(
            organisation_id=int(form.organisation.data), author_id=current_user.id, body=""
        )
        _fill(post, form)
        database.add(post)
        database.commit()
        flash(_saved_message(post), "success")
        return redirect(url_for("news.detail", post_id=post.id))
    return render("news/form.html", form=form, post=None), 400 if form.errors else 200


@bp.route("/<int:post_id>/bearbeiten", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = _managed_post(post_id)
    form = NewsPostForm(obj=post, publish=post.is_published)
    if form.validate_on_submit():
        _fill(post, form)
        db.session().add(post)
        db.session().commit()
        flash(_saved_message(post), "success")
        return redirect(url_for("news.detail", post_id=post.id))
    return render("news/form.html", form=form, post=post), 400 if form.errors else 200


def _switch_publication(post_id: int, published: bool):
    post = _managed_post(post_id)
    service.set_published(post=post, published=published)
    db.session().add(post)
    db.session().commit()
    if published:
        flash(_("Der Beitrag ist veröffentlicht."), "success")
    else:
        flash(
            _("Der Beitrag ist zurückgezogen und nur noch für Ihre Organisation sichtbar."),
            "success",
        )
    return redirect(url_for("news.detail", post_id=post.id))


@bp.route("/<int:post_id>/veroeffentlichen", methods=["POST"])
@login_required
def publish(post_id: int):
    return _switch_publication(post_id, True)


@bp.route("/<int:post_id>/zurueckziehen", methods=["POST"])
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
    )
    body = feed.rss_str(pretty=True) if content_type == RSS else feed.atom_str(pretty=True)
    return Response(body, content_type=content_type)


@bp.route("/feed.rss")
def feed_rss():
    return _feed(RSS)


@bp.route("/feed.atom")
def feed_atom():
    return _feed(ATOM)
