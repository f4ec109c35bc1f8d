"""GET /api/v1/marketplace/products and /producers: what the list pages show, as JSON."""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from core import db
from core.errors import Refusal
from core.municipalities import MUNICIPALITIES
from core.pagination import MAX_PAGE, parse_page_number
from core.query import any_of, parse_flag
from stages.api import api_route
from stages.moped.marketplace import bp, service
from stages.moped.marketplace.catalogue import AVAILABILITY, CATEGORIES, UNITS
from stages.moped.marketplace.models import Producer, Product


def _page_of(items_schema: dict) -> dict:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": items_schema},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }


PRODUCER = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "organisation_id": {"type": ["integer", "null"]},
        "municipality": {"type": "string", "enum": list(MUNICIPALITIES)},
    },
    "required": ["id", "name", "organisation_id"],
}
PRODUCT_ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "producer": PRODUCER,
        "price_cents": {"type": "integer", "minimum": 0},
        "unit": {"type": "string", "enum": list(UNITS)},
        "quantity": {"type": ["integer", "null"], "description": "g or ml of the unit"},
        "unit_price": {
            "type": ["object", "null"],
            "description": "Price per kg or litre (Preisangabenverordnung); null if counted",
            "properties": {"cents": {"type": "integer"}, "per": {"enum": ["kg", "l"]}},
        },
        "availability": {"type": "string", "enum": list(AVAILABILITY)},
        "season": {"type": ["array", "null"], "items": {"type": "integer"}},
    },
    "required": ["id", "name", "producer", "price_cents", "unit", "unit_price", "availability"],
}


def _parameter(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PAGE = _parameter(
    "page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "Page number, from 1"
)
NOT_FOUND = {"description": "Unknown filter value, a page past the last, or the service is locked"}


def _list_operation(summary: str, schema: dict, parameters: list) -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": [*parameters, PAGE],
            "responses": {
                "200": {
                    "description": "One page",
                    "content": {"application/json": {"schema": schema}},
                },
                "400": {"description": "Bad parameter"},
                "404": NOT_FOUND,
            },
        }
    }


def _refuse_unless(value: str, allowed, what: str) -> str:
    if value and value not in allowed:
        raise Refusal(f"Unbekannte {what}: {value}", 400)
    return value


def _in_season() -> bool:
    flag = parse_flag(request.args.get("in_season"))
    if flag is None:
        raise Refusal(_("„%(name)s“ muss true oder false sein.", name="in_season"), 400)
    return flag


def _page() -> int:
    number = parse_page_number(request.args.get("page", "1"))
    if number is None:
        raise Refusal("Die Seite muss eine Zahl ab 1 sein.", 400)
    return number


def producer_json(producer: Producer) -> dict:
    return {
        "id": producer.id,
        "name": producer.name,
        "organisation_id": producer.organisation_id,
        "municipality": producer.entry.municipality,
    }


def product_json(product: Product) -> dict:
    price = product.unit_price
    has_season = product.season_from is not None
    return {
        "id": product.id,
        "name": product.name,
        "category": product.category,
        "producer": producer_json(product.producer),
        "price_cents": product.price_cents,
        "unit": product.unit,
        "quantity": product.quantity,
        "unit_price": {"cents": price.cents, "per": price.per} if price else None,
        "availability": product.availability,
        "season": [product.season_from, product.season_to] if has_season else None,
    }


def _listing(page, to_json) -> dict:
    return {
        "items": [to_json(row) for row in page.rows],
        "page": page.number,
        "pages": page.count,
        "total": page.total,
    }


PRODUCT_PARAMETERS = [
    _parameter("q", {"type": "string", "maxLength": service.QUERY_MAX}, "Search words"),
    _parameter("category", any_of(CATEGORIES), "Category"),
    _parameter("municipality", any_of(MUNICIPALITIES), "Municipality"),
    _parameter("in_season", {"type": "boolean"}, "Only what is in season this month"),
    _parameter(
        "sort",
        {"type": "string", "enum": ["", "relevance", "name", "distance"]},
        "relevance (default, also when empty; by name without q), name, or distance: nearest first from "
        "`municipality` (then not a filter) or the signed-in resident's municipality",
    ),
]
SORTS = {"relevance": service.BEST, "name": service.BY_NAME, "distance": service.BY_DISTANCE}


@api_route(
    bp,
    "/products",
    operations=_list_operation(
        "Published products, best match first", _page_of(PRODUCT_ITEM), PRODUCT_PARAMETERS
    ),
)
def products():
    query = request.args.get("q", "").strip()
    if len(query) > service.QUERY_MAX:
        raise Refusal("Der Suchbegriff ist zu lang.", 400)
    filters = service.Filters(
        query=query,
        category=_refuse_unless(request.args.get("category", ""), CATEGORIES, "Kategorie"),
        municipality=_refuse_unless(
            request.args.get("municipality", ""), MUNICIPALITIES, "Gemeinde"
        ),
        in_season=_in_season(),
        sort=SORTS[_refuse_unless(request.args.get("sort") or "relevance", SORTS, "Sortierung")],
        near=getattr(current_user, "municipality", "") or "",
    )
    if filters.sort == service.BY_DISTANCE and not filters.origin:
        raise Refusal("Für sort=distance bitte municipality angeben.", 400)
    page = service.search_products(db=db.session(), filters=filters, page=_page())
    listing = _listing(page, product_json)
    listing["more"] = page.capped  # more matches than were read: narrow the search
    if filters.origin:
        listing["distance_from"] = filters.origin
    return jsonify(listing)


@api_route(
    bp,
    "/producers",
    operations=_list_operation(
        "Producers by name",
        _page_of(PRODUCER),
        [_parameter("municipality", any_of(MUNICIPALITIES), "Municipality")],
    ),
)
def producers():
    municipality = _refuse_unless(request.args.get("municipality", ""), MUNICIPALITIES, "Gemeinde")
    page = service.producers_page(db=db.session(), municipality=municipality, page=_page())
    return jsonify(_listing(page, producer_json))
