"""The front page: what is new in the viewer's municipality (news, next events, what to decide
on, what went live lately), from the services the viewer can open, and what Landwerk is."""

from flask import Blueprint, request
from flask_login import current_user
from markupsafe import Markup

from core import db
from core.municipalities import MUNICIPALITIES, municipality_name
from core.rendering import render
from feedback.changelog.service import changelog_items
from feedback.roadmap.service import STATE_LABELS, most_wanted
from feedback.votes.service import has_ever_voted, vote_budget
from flags import access

bp = Blueprint("home", __name__)

WANTED = 3
UNLOCKED = 2
EVERYWHERE = "alle"  # ?gemeinde=alle: the whole district, whatever the account says


def _municipality() -> str:
    """The municipality asked for, else the resident's own; "" is the whole district."""
    asked = request.args.get("gemeinde", "")
    if asked in MUNICIPALITIES:
        return asked
    if asked == EVERYWHERE or not current_user.is_authenticated:
        return ""
    return current_user.municipality if current_user.municipality in MUNICIPALITIES else ""


@bp.route("/")
def index():
    municipality = _municipality()
    sections = [
        # Each part comes from render_template, which escaped what it filled in.
        Markup(section)  # noqa: S704
        for decided in access.visible_services()
        if decided.service.front_page is not None
        and (section := decided.service.front_page(municipality)) is not None
    ]
    return render(
        "home/index.html",
        municipality=municipality,
        place=municipality_name(municipality),
        everywhere=EVERYWHERE,
        sections=sections,
        wanted=most_wanted(municipality, WANTED),
        unlocked=changelog_items(limit=UNLOCKED),
        state_labels=STATE_LABELS,
        # New here: the first steps, until the first vote is given.
        first_steps=current_user.is_authenticated
        and not has_ever_voted(db.session(), current_user),
        budget=vote_budget(),
    )
