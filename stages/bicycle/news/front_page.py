"""The news on the front page: the newest posts for the viewer's municipality."""

from flask import render_template

from core import db
from stages.bicycle.news import service

POSTS = 3


def front_page(municipality: str) -> str | None:
    database = db.session()
    posts = service.newest_published(db=database, place=municipality, limit=POSTS)
    if not posts:
        return None
    return render_template(
        "news/_front_page.html",
        posts=posts,
        organisations=service.organisation_names(db=database, posts=posts),
        municipality=municipality,
        place_name=service.place_name,
        category_name=service.category_name,
    )
