"""Views of directory."""

from flask import render_template

from stages.bicycle.directory import bp


@bp.route("/")
def index():
    return render_template("directory/index.html")
