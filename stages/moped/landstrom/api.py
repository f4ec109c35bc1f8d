"""GET /api/v1/landstrom/quote: what the calculator answers, as JSON."""

from flask import jsonify, request
from flask_babel import gettext as _

from core import db
from core.errors import Refusal
from core.numbers import parse_number
from core.query import parse_flag
from stages.api import api_route
from stages.moped.landstrom import bp, service
from stages.moped.landstrom.calculator import HOUSEHOLD_MAX, KWH_MAX, KWH_MIN, household_kwh
from stages.moped.landstrom.forms import POSTCODE
from stages.moped.landstrom.postcodes import POSTCODES

QUOTE = {
    "type": "object",
    "properties": {
        "kwh": {"type": "integer", "description": "Yearly consumption the quote is for"},
        "tariffs": {
            "type": "array",
            "description": "Tariffs valid today for the postcode, cheapest first",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "is_example": {"type": "boolean", "description": "Example prices only"},
                    "yearly_cents": {"type": "integer"},
                    "monthly_instalment_cents": {
                        "type": "integer",
                        "description": "yearly / 12, rounded up to whole euros",
                    },
                },
                "required": ["name", "yearly_cents", "monthly_instalment_cents"],
            },
        },
    },
    "required": ["kwh", "tariffs"],
}


def _parameter(name: str, schema: dict, description: str, required=False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema,
            "description": description}  # fmt: skip


OPERATIONS = {
    "get": {
        "summary": "Yearly cost and monthly instalment in each tariff for a postcode",
        "parameters": [
            _parameter(
                "postcode", {"type": "string", "enum": list(POSTCODES)}, "Postcode", required=True
            ),
            _parameter(
                "household",
                {"type": "integer", "minimum": 1, "maximum": HOUSEHOLD_MAX},
                "People in the household (5: five or more); or give kwh",
            ),
            _parameter(
                "hot_water", {"type": "boolean"}, "Hot water heated with electricity (household)"
            ),
            _parameter(
                "kwh",
                {"type": "integer", "minimum": KWH_MIN, "maximum": KWH_MAX},
                "Own yearly consumption; wins over household",
            ),
        ],
        "responses": {
            "200": {"description": "The quote", "content": {"application/json": {"schema": QUOTE}}},
            "422": {"description": "Postcode outside the district, or no valid consumption"},
            "404": {"description": "The service is locked"},
        },
    }
}


def _kwh() -> int:
    """The consumption asked for; a parameter given must be valid, even empty or unused."""
    given = request.args
    hot_water = parse_flag(given.get("hot_water"))
    if hot_water is None:
        raise Refusal(_("„%(name)s“ muss true oder false sein.", name="hot_water"), 422)
    people = parse_number(given.get("household"), lowest=1, highest=HOUSEHOLD_MAX)
    if people is None and ("household" in given or "kwh" not in given):
        raise Refusal("Bitte household (1 bis 5) oder kwh angeben.", 422)
    if "kwh" in given:  # wins over the household
        number = parse_number(given["kwh"], lowest=KWH_MIN, highest=KWH_MAX)
        if number is None:
            raise Refusal(
                f"Der Verbrauch muss eine ganze Zahl von {KWH_MIN} bis {KWH_MAX} kWh sein.", 422
            )
        return number
    return household_kwh(people, hot_water=hot_water)


@api_route(bp, "/quote", operations=OPERATIONS)
def quote():
    postcode = request.args.get("postcode", "").strip()
    if not POSTCODE.fullmatch(postcode):
        raise Refusal("Bitte eine Postleitzahl mit fünf Ziffern angeben.", 422)
    if postcode not in POSTCODES:
        raise Refusal(f"Die Postleitzahl {postcode} liegt nicht im Jerichower Land.", 422)
    kwh = _kwh()
    offers = service.quote(
        db=db.session(), postcode=postcode, kwh=kwh, day=service.district_today()
    )
    return jsonify(
        {
            "kwh": kwh,
            "tariffs": [
                {
                    "name": offer.tariff.name,
                    "is_example": offer.tariff.is_example,
                    "yearly_cents": offer.cost.yearly_cents,
                    "monthly_instalment_cents": offer.cost.monthly_instalment_cents,
                }
                for offer in offers
            ],
        }
    )
