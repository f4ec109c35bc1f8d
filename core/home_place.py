"""Local lists (news, events, the help board) open on the signed-in resident's own
municipality; one tap shows the whole district. A query string that names a municipality, or
names none on purpose (`gemeinde=`, "Alle Gemeinden"), is kept as it is. Visitors, and residents
without a municipality, see the whole district."""

from flask import request
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from core.municipalities import MUNICIPALITIES

PARAMETER = "gemeinde"


def _home() -> str:
    if not current_user.is_authenticated:
        return ""
    return current_user.municipality if current_user.municipality in MUNICIPALITIES else ""


def opened_on_home() -> str:
    """The viewer's municipality where this list opened on it by itself, else ""."""
    return "" if PARAMETER in request.args else _home()


def list_arguments() -> MultiDict:
    """The list's query string, with the viewer's municipality where it names none."""
    home = opened_on_home()
    if not home:
        return request.args
    arguments = MultiDict(request.args)
    arguments[PARAMETER] = home
    return arguments


def place_argument(place: str) -> str | None:
    """The place for a link to the same list (a next page): "" (the whole district, chosen)
    where leaving it out would open the viewer's own municipality again."""
    if place:
        return place
    return "" if _home() else None
