"""Who is asking: loading the signed-in user and answering when someone must sign in first."""

from functools import wraps

from flask import abort, current_app, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from core import db
from core.models import User
from core.rendering import htmx, is_api_request


def load_user(user_id: str) -> User | None:
    raw_id, _sep, token = user_id.partition(":")
    if not raw_id.isdigit() or not token:
        return None
    return (
        db.session()
        .exec(select(User).where(User.id == int(raw_id), User.session_token == token))
        .first()
    )


def unauthorized():
    if is_api_request():
        return jsonify(error=401, message=_("Bitte melden Sie sich an.")), 401
    login_url = url_for("accounts.login", next=request.full_path.rstrip("?"))
    if htmx:
        # A redirect would be swapped into the fragment; ask htmx to navigate instead.
        return "", 401, {"HX-Redirect": login_url}
    return redirect(login_url)


def refuse_unless_owner():
    """The owner-only rule: None for a product owner; the signed-out are sent to sign in (or
    get 401 from the API and HX-Redirect from htmx, see `unauthorized`), others get 403."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_product_owner:
        abort(403)
    return None


def owner_required(view):
    """A view only for product owners (`refuse_unless_owner`)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        return refuse_unless_owner() or view(*args, **kwargs)

    return guarded
