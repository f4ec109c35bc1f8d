"""/api/v1/neighbour_help/posts: the board as JSON, and a new post. The path carries the
service key, as every service API of the platform does (stages.api)."""

from datetime import date

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import db
from core.errors import Refusal
from core.municipalities import MUNICIPALITIES
from core.pagination import MAX_PAGE, parse_page_number
from core.query import any_of
from core.security import limiter, per_user
from stages.api import api_route
from stages.moped.neighbour_help import bp, rules, service
from stages.moped.neighbour_help.catalogue import CATEGORIES, KINDS, default_end
from stages.moped.neighbour_help.models import TEXT_MAX, TITLE_MAX, WHEN_MAX

POST_ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "municipality": {"type": "string", "enum": list(MUNICIPALITIES)},
        "village": {"type": "string"},
        "title": {"type": "string"},
        "text": {"type": "string"},
        "when": {"type": "string"},
        "ends_on": {"type": "string", "format": "date"},
        "on_behalf": {"type": "boolean"},
        "author": {
            "type": "string",
            "description": "First name and initial; only for signed-in residents",
        },
    },
    "required": ["id", "kind", "category", "municipality", "text", "ends_on"],
}
NEW_POST = {
    "type": "object",
    "properties": {
        "kind": {"type": "string", "enum": list(KINDS)},
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "municipality": {"type": "string", "enum": list(MUNICIPALITIES)},
        "village": {"type": "string"},
        "title": {"type": "string", "maxLength": TITLE_MAX},
        "text": {"type": "string", "maxLength": TEXT_MAX},
        "when": {"type": "string", "maxLength": WHEN_MAX},
        "ends_on": {"type": "string", "format": "date", "description": "at most 3 months on"},
        "on_behalf": {"type": "boolean"},
        "confirm_contact": {
            "type": "boolean",
            "description": "Publish although the text holds a phone number or e-mail address",
        },
    },
    "required": ["kind", "category", "municipality", "title", "text"],
}


def _parameter(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}  # fmt: skip


OPERATIONS = {
    "get": {
        "summary": "Open help posts, newest first",
        "parameters": [
            _parameter("municipality", any_of(MUNICIPALITIES), "Municipality"),
            _parameter("kind", any_of(KINDS), "Offer or request"),
            _parameter("category", any_of(CATEGORIES), "Category"),
            _parameter("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                       "Page number, from 1"),
        ],
        "responses": {
            "200": {"description": "One page", "content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": POST_ITEM},
                               "page": {"type": "integer"}, "pages": {"type": "integer"},
                               "total": {"type": "integer"}}}}}},
            "400": {"description": "Bad parameter"},
            "404": {"description": "A page past the last, or the service is locked"},
        },
    },
    "post": {
        "summary": "Put up a help post (signed-in residents)",
        "requestBody": {"content": {"application/json": {"schema": NEW_POST}}},
        "responses": {
            "201": {"description": "Created", "content": {"application/json": {"schema": POST_ITEM}}},
            "400": {"description": "Not a JSON object, a NUL character, or no CSRF token",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            "401": {"description": "Not signed in"},
            "422": {"description": "A value breaks a rule; `message` says which, in German"},
            "429": {"description": "Too many new posts"},
        },
    },
}  # fmt: skip


def _allowed(name: str, allowed) -> str:
    value = request.args.get(name, "")
    if value and value not in allowed:
        raise Refusal(_("Unbekannter Wert für „%(name)s“: %(value)s", name=name, value=value), 400)
    return value


def post_json(post, names: dict) -> dict:
    item = {
        "id": post.id,
        "kind": post.kind,
        "category": post.category,
        "municipality": post.municipality,
        "village": post.village,
        "title": post.title,
        "text": post.text,
        "when": post.when,
        "ends_on": post.ends_on.isoformat(),
        "on_behalf": post.on_behalf,
        "url": url_for("neighbour_help.post", post_id=post.id, _external=True),
    }
    if current_user.is_authenticated:
        item["author"] = names.get(post.author_id, service.first_and_initial(None))
    return item


def _listing():
    number = parse_page_number(request.args.get("page", "1"))
    if number is None:
        raise Refusal(_("Die Seite muss eine Zahl ab 1 sein."), 400)
    filters = service.Filters(
        municipality=_allowed("municipality", MUNICIPALITIES),
        kind=_allowed("kind", KINDS),
        category=_allowed("category", CATEGORIES),
    )
    database = db.session()
    page = service.board(database, filters=filters, page=number, today=service.local_today())
    names = service.authors(database, page.rows) if current_user.is_authenticated else {}
    return jsonify(
        items=[post_json(row, names) for row in page.rows],
        page=page.number,
        pages=page.count,
        total=page.total,
    )


def _end_date(raw, today: date) -> date:
    if raw in (None, ""):
        return default_end(today)
    try:
        if isinstance(raw, str) and len(raw) == 10:
            return date.fromisoformat(raw)
    except ValueError:
        pass
    raise Refusal(_("„ends_on“ muss ein Datum sein (JJJJ-MM-TT)."), 422)


def _post_limit() -> str:
    return current_app.config.get("NEIGHBOUR_HELP_POST_RATE_LIMIT", "5 per hour")


def _create():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refusal(_("Bitte senden Sie ein JSON-Objekt."), 400)
    today = service.local_today()
    raw = {**body, "ends_on": _end_date(body.get("ends_on"), today)}
    checked = rules.values(raw, today)
    if body.get("confirm_contact") is not True and rules.contact_details(
        checked["title"], checked["text"], checked["when"]
    ):
        raise Refusal(rules.contact_warning(), 422)
    database = db.session()
    created = service.create_post(database, author=current_user, values=checked)
    names = service.authors(database, [created])
    return jsonify(post_json(created, names)), 201


@api_route(bp, "/posts", operations=OPERATIONS, methods=("GET", "POST"))
# per_user, not current_user.id: a visitor's POST reaches the limit before login_required.
@limiter.limit(_post_limit, key_func=per_user, methods=["POST"])
def posts():
    if request.method == "POST":
        return login_required(_create)()
    return _listing()
