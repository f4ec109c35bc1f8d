"""The JSON API under /api/v1, for the jeppy app and for scripts (session cookie + CSRF header)."""

from flask import Blueprint, jsonify
from flask_login import current_user, login_required

from core import db
from core.accounts import roles_of
from webapp.api.openapi import openapi_document
from webapp.privacy import export_rate_limit, export_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/me")
@login_required
def me():
    user = current_user._get_current_object()
    return jsonify(
        email=user.email,
        display_name=user.display_name,
        roles=[str(role) for role in roles_of(db=db.session(), user=user)],
        municipality=user.municipality,
    )


@bp.get("/me/export")
@export_rate_limit
@login_required
def me_export():
    """Everything the platform holds of the signed-in person (DSGVO Art. 15/20)."""
    return export_response(db.session(), current_user._get_current_object(), as_file=False)


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


from webapp.api import stages, votes  # noqa: E402,F401  (they attach their routes to bp)
