"""The product-owner console: stages and flags of every service, and the audit log."""

from flask import Blueprint, url_for
from werkzeug.routing import BuildError

from core.auth import refuse_unless_owner

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


# Every console route, present and future, is for product owners only.
bp.before_request(refuse_unless_owner)


def optional_url(endpoint: str, **values) -> str | None:
    """A link to a page another module provides, or None while that page does not exist yet,
    so the console never breaks on a colleague's unfinished work."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.context_processor
def console_helpers() -> dict:
    return {"optional_url": optional_url}


@bp.after_request
def not_cached(response):
    # Staff pages reflect live state; a page and its htmx fragment share a URL.
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("HX-Request")
    return response


from webapp.admin import audit_routes, mail_routes, roadmap_export, routes  # noqa: E402,F401  (attach the views to bp)
