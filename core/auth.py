"""Who is asking: loading the signed-in user and answering when someone must sign in first."""

import secrets
from functools import wraps

from flask import abort, current_app, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlmodel import Session, delete, select

from core import db
from core.accounts import new_session_token
from core.models import SignIn, User, utcnow
from core.numbers import parse_id
from core.rendering import htmx, is_api_request

# Flask-Login keeps the signed-in id here, and writes it into the remember cookie too.
SESSION_USER_KEY = "_user_id"


def _oldest_valid_sign_in():
    """A sign-in lasts as long as its remember cookie may, with or without the cookie."""
    return utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]


def load_user(user_id: str) -> User | None:
    """The id is `user:session token:sign-in nonce`: rotating the token ends every sign-in of
    the account, deleting a sign-in ends that one device (and every copy of its cookies)."""
    raw_id, token, nonce = (user_id.split(":") + ["", ""])[:3]
    # The cookie is signed, but a forged or stale id must still never reach the database
    # out of its range (a server error on every page instead of being signed out).
    number = parse_id(raw_id)
    if number is None or not token or not nonce:
        return None
    return (
        db.session()
        .exec(
            select(User)
            .join(SignIn, SignIn.user_id == User.id)
            .where(
                User.id == number,
                User.session_token == token,
                SignIn.nonce == nonce,
                SignIn.created_at >= _oldest_valid_sign_in(),
            )
        )
        .first()
    )


def sign_in(database: Session, user: User, *, remember: bool = False) -> None:
    """Sign this device in with a sign-in of its own (and drop the account's expired ones)."""
    database.exec(
        delete(SignIn).where(SignIn.user_id == user.id, SignIn.created_at < _oldest_valid_sign_in())
    )
    nonce = secrets.token_urlsafe(32)
    database.add(SignIn(user_id=user.id, nonce=nonce))
    database.commit()
    login_user(user, remember=remember)
    session[SESSION_USER_KEY] = f"{user.get_id()}:{nonce}"


def sign_out(database: Session) -> None:
    """End this device's sign-in: its session cookie, its remember cookie and their copies."""
    _raw_id, _token, nonce = (str(session.get(SESSION_USER_KEY, "")).split(":") + ["", ""])[:3]
    if nonce:
        database.exec(delete(SignIn).where(SignIn.nonce == nonce))
        database.commit()
    logout_user()


def end_every_sign_in(database: Session, user: User) -> None:
    """New session token: every device's cookies, copied or not, stop working."""
    user.session_token = new_session_token()
    database.add(user)
    database.exec(delete(SignIn).where(SignIn.user_id == user.id))
    database.commit()


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
