"""What every page's layout needs: navigation, language, the signed-in person."""

from flask import has_request_context, request
from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from core import db
from core.home_place import opened_on_home
from core.models import Role
from core.municipalities import MUNICIPALITIES
from feedback.moderation import service as moderation
from flags.gate import navigation_items

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}

ROLE_LABELS = {
    Role.RESIDENT: _l("Einwohnerin/Einwohner"),
    Role.TESTER: _l("Testerin/Tester"),
    Role.PARTNER: _l("Partner"),
    Role.PRODUCT_OWNER: _l("Produktverantwortung"),
}


def main_navigation() -> list[dict]:
    """The front page, every service the viewer may open (from the stage registry), then where
    residents decide what comes next; the console for product owners."""
    items = [
        {"endpoint": "home.index", "label": _l("Start"), "icon": "🏠"},
        *navigation_items(),
        {"endpoint": "feedback.roadmap", "label": _l("Fahrplan"), "icon": "🗺️"},
        {"endpoint": "feedback.ideas", "label": _l("Ideen"), "icon": "💡"},
    ]
    if current_user.is_authenticated and current_user.is_product_owner:
        items.append({"endpoint": "admin.stages", "label": _l("Stufen und Freigaben"), "icon": "🛠️"})
        items.append(_moderation_item())
    return items


def _moderation_item() -> dict:
    """Owners see on every page whether reports wait for them, not only when they look."""
    try:
        count = moderation.waiting(db.session())
    except SQLAlchemyError:
        # The navigation must not break a page, least of all a database error's.
        db.session().rollback()
        count = 0
    return {
        "endpoint": "feedback.moderation",
        "label": _l("Moderation"),
        "icon": "🛡️",
        "count": count,
        "count_text": ngettext(
            "%(num)d wartet auf Ihre Entscheidung", "%(num)d warten auf Ihre Entscheidung", count
        ),
    }


def layout_context() -> dict:
    return {
        "main_navigation": main_navigation,  # called by the template: error pages may not reach the database
        "current_language": str(get_locale()),
        "language_names": LANGUAGE_NAMES,
        "role_labels": ROLE_LABELS,
        "municipalities": MUNICIPALITIES,
        "opened_on_home": opened_on_home,
        # Mails are also rendered by the task queue, outside any request.
        "current_path": request.full_path.rstrip("?") if has_request_context() else "/",
    }
