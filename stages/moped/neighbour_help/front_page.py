"""The board on the front page: the newest posts of the viewer's municipality, and how often
neighbours helped there this month."""

from flask import render_template

from core import db
from stages.moped.neighbour_help import service

POSTS = 3


def front_page(municipality: str) -> str | None:
    database = db.session()
    posts = service.newest(
        database, municipality=municipality, limit=POSTS, today=service.local_today()
    )
    if not posts:
        return None
    return render_template(
        "neighbour_help/_front_page.html",
        posts=posts,
        municipality=municipality,
        helped=service.helped_this_month(database, municipality=municipality),
    )
