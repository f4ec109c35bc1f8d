"""Views of events."""

from flask import render_template

from stages.bicycle.events import bp


@bp.route("/")
def index():
    return render_template("events/index.html")
