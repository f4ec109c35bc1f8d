"""Views of news."""

from flask import render_template

from stages.bicycle.news import bp


@bp.route("/")
def index():
    return render_template("news/index.html")
