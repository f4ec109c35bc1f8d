"""The fixed lists of the marketplace: product categories, units, availability, VAT notes, and
what follows from them – the unit price the Preisangabenverordnung asks for (€/kg, €/l; §4
PAngV: per 1 kg or 1 l) and the season in words.

Labels stay German here because the search column is built from them; `N_` only marks them
for the translation catalog, and `label` translates them where they are shown."""

from dataclasses import dataclass

from babel.dates import get_month_names
from babel.numbers import format_currency
from flask_babel import get_locale, gettext


def N_(text: str) -> str:  # the name babel's extractor looks for
    return text


CATEGORIES: dict[str, str] = {
    "obst-gemuese": N_("Obst & Gemüse"),
    "kartoffeln": N_("Kartoffeln"),
    "fleisch-wurst": N_("Fleisch & Wurst"),
    "fisch": N_("Fisch"),
    "milch-kaese": N_("Milch & Käse"),
    "eier": N_("Eier"),
    "honig-aufstriche": N_("Honig & Aufstriche"),
    "brot-backwaren": N_("Brot & Backwaren"),
    "getraenke": N_("Getränke"),
    "pflanzen-blumen": N_("Pflanzen & Blumen"),
    "handwerk": N_("Handwerk"),
}

AVAILABLE, PREORDER, SOLD_OUT, OUT_OF_SEASON = (
    "verfuegbar",
    "vorbestellung",
    "ausverkauft",
    "saison",
)
AVAILABILITY: dict[str, str] = {
    AVAILABLE: N_("verfügbar"),
    PREORDER: N_("nur auf Vorbestellung"),
    SOLD_OUT: N_("ausverkauft"),
    OUT_OF_SEASON: N_("außerhalb der Saison"),
}

VAT_INCLUDED, SMALL_BUSINESS = "inkl", "kleinunternehmer"
VAT_NOTES: dict[str, str] = {
    VAT_INCLUDED: N_("inkl. MwSt."),
    SMALL_BUSINESS: N_("Kleinunternehmer, keine MwSt. (§19 UStG)"),
}

GRAMS, MILLILITRES = "g", "ml"


@dataclass(frozen=True)
class Unit:
    label: str
    measure: str | None = None  # GRAMS or MILLILITRES: a weight or volume, with a unit price
    fixed: int | None = None  # the quantity the unit itself says (kg = 1000 g); else entered


UNITS: dict[str, Unit] = {
    "stueck": Unit(N_("Stück")),
    "bund": Unit(N_("Bund")),
    "topf": Unit(N_("Topf")),
    "100g": Unit("100 g", GRAMS, 100),
    "250g": Unit("250 g", GRAMS, 250),
    "500g": Unit("500 g", GRAMS, 500),
    "kg": Unit("kg", GRAMS, 1000),
    "liter": Unit(N_("Liter"), MILLILITRES, 1000),
    "glas": Unit(N_("Glas"), GRAMS),
    "flasche": Unit(N_("Flasche"), MILLILITRES),
    "schale": Unit(N_("Schale"), GRAMS),
    "kiste": Unit(N_("Kiste"), GRAMS),
}

QUANTITY_MAX = 100_000  # g or ml: a 100-kg sack of potatoes is the most anyone sells here


def label(table: dict, key: str) -> str:
    """A fixed list's label in the page's language."""
    value = table.get(key)
    text = value.label if isinstance(value, Unit) else value
    return gettext(text) if text else ""


def needs_quantity(unit_key: str) -> bool:
    unit = UNITS[unit_key]
    return unit.measure is not None and unit.fixed is None


def quantity_of(unit_key: str, entered: int | None) -> int | None:
    """The g or ml the unit stands for: fixed by the unit, entered for a Glas or a Kiste, none
    for what is counted."""
    unit = UNITS[unit_key]
    if unit.measure is None:
        return None
    return unit.fixed or entered


def _amount(quantity: int, measure: str) -> str:
    big = "kg" if measure == GRAMS else "l"
    if quantity >= 1000:
        return f"{quantity / 1000:g} {big}".replace(".", ",")
    return f"{quantity} {measure}"


def unit_text(unit_key: str, quantity: int | None) -> str:
    """'Stück', '500 g', 'Glas 250 g', 'Flasche 0,75 l'."""
    unit = UNITS.get(unit_key)
    if unit is None:
        return ""
    name = label(UNITS, unit_key)
    if unit.fixed is not None or unit.measure is None or quantity is None:
        return name
    return f"{name} {_amount(quantity, unit.measure)}"


@dataclass(frozen=True)
class UnitPrice:
    cents: int
    per: str  # "kg" or "l"


def unit_price(price_cents: int, unit_key: str, quantity: int | None) -> UnitPrice | None:
    """Price per kg or litre, rounded to the cent; None for what is counted."""
    unit = UNITS.get(unit_key)
    if unit is None or unit.measure is None or not quantity:
        return None
    per = "kg" if unit.measure == GRAMS else "l"
    return UnitPrice(cents=(price_cents * 1000 + quantity // 2) // quantity, per=per)


def euros(cents: int) -> str:
    """'12,50 €' (German) or '€12.50' (English)."""
    return format_currency(cents / 100, "EUR", locale=str(get_locale() or "de"))


def unit_price_text(value: UnitPrice | None) -> str:
    return f"{euros(value.cents)}/{value.per}" if value else ""


MONTHS = range(1, 13)


def month_name(month: int) -> str:
    return get_month_names("wide", context="stand-alone", locale=str(get_locale() or "de"))[month]


def in_season(first: int | None, last: int | None, month: int) -> bool:
    """A season from month `first` to `last`, across the new year if last < first; none given
    means all year."""
    if first is None or last is None:
        return True
    if first <= last:
        return first <= month <= last
    return month >= first or month <= last


def season_text(first: int | None, last: int | None) -> str:
    """'Saison: Mai–Juni', 'Saison: Mai', or '' for all year."""
    if first is None or last is None:
        return ""
    if first == last:
        return gettext("Saison: %(months)s", months=month_name(first))
    return gettext("Saison: %(months)s", months=f"{month_name(first)}–{month_name(last)}")
