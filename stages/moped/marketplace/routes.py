"""Views of the marketplace."""

from stages.moped.marketplace import bp


@bp.route("/")
def index():
    return "Regionales"
