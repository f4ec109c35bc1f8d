"""The calculator (a GET form: it changes nothing, so no CSRF token) and the tariff form of the
Stadtwerke's partners. Every field is checked on the server, every message is German. Prices
are typed as people read them ("32,9" ct/kWh, "9,50" €/month) and kept as whole numbers."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from core.forms import PlatformForm
from core.numbers import parse_number
from stages.moped.landstrom.calculator import (
    HOT_WATER_PERCENT,
    HOUSEHOLD_KWH,
    HOUSEHOLD_MAX,
    KWH_MAX,
    KWH_MIN,
)
from stages.moped.landstrom.models import (
    NAME_MAX,
    NOTE_MAX,
    PRICE_TENTHS_MAX,
    PRICE_TENTHS_MIN,
    STANDING_MAX,
)
from stages.moped.landstrom.postcodes import POSTCODES

POSTCODE = re.compile(r"\d{5}", re.ASCII)
ENERGY_PRICE = re.compile(r"(\d{1,3})(?:[.,](\d))?", re.ASCII)  # ct/kWh with tenths
STANDING_CHARGE = re.compile(r"(\d{1,3})(?:[.,](\d{1,2}))?", re.ASCII)  # €/month
YEAR_MIN, YEAR_MAX = 2000, 2099


def _postcode(_form, field):
    postcode = (field.data or "").strip()
    if not POSTCODE.fullmatch(postcode):
        raise ValidationError(_l("Bitte geben Sie eine Postleitzahl mit fünf Ziffern an."))
    if postcode not in POSTCODES:
        raise ValidationError(
            _l(
                "Die Postleitzahl %(postcode)s liegt nicht im Jerichower Land. Der Rechner gilt "
                "für die Postleitzahlen %(served)s.",
                postcode=postcode,
                served=", ".join(POSTCODES),
            )
        )
    field.data = postcode


def _household_choices():
    labels = [
        _l("1 Person"), _l("2 Personen"), _l("3 Personen"), _l("4 Personen"),
        _l("5 und mehr Personen"),
    ]  # fmt: skip
    return [("", _l("– bitte wählen –"))] + [
        (str(people), label) for people, label in zip(HOUSEHOLD_KWH, labels, strict=True)
    ]


class CalculatorForm(PlatformForm):
    """/energie/?plz=39288&haushalt=3&warmwasser=y or …&kwh=3200"""

    class Meta:
        csrf = False  # a calculation changes nothing

    plz = StringField(_l("Postleitzahl"), validators=[_postcode])
    haushalt = SelectField(
        _l("Personen im Haushalt"), choices=_household_choices, default="", validate_choice=False
    )
    warmwasser = BooleanField(
        _l(
            "Warmwasser mit Strom (Durchlauferhitzer oder Boiler): %(percent)d %% mehr Verbrauch",
            percent=HOT_WATER_PERCENT,
        )
    )
    kwh = StringField(_l("Oder Ihr eigener Verbrauch in kWh im Jahr"))

    def validate_kwh(self, field):
        if field.data and parse_number(field.data, lowest=KWH_MIN, highest=KWH_MAX) is None:
            raise ValidationError(
                _l(
                    "Bitte geben Sie den Verbrauch als ganze Zahl von %(low)d bis %(high)d kWh an.",
                    low=KWH_MIN,
                    high=KWH_MAX,
                )
            )

    def validate_haushalt(self, field):
        # The select sends one of its values; anything else came from a hand-made address.
        if field.data and parse_number(field.data, lowest=1, highest=HOUSEHOLD_MAX) is None:
            raise ValidationError(_l("Bitte wählen Sie 1 bis 5 Personen."))
        if not field.data and not self.kwh.data:
            raise ValidationError(
                _l("Bitte wählen Sie die Personen im Haushalt oder geben Sie Ihren Verbrauch an.")
            )

    def own_kwh(self) -> int | None:
        return (
            parse_number(self.kwh.data, lowest=KWH_MIN, highest=KWH_MAX) if self.kwh.data else None
        )

    def people(self) -> int | None:
        return int(self.haushalt.data) if self.haushalt.data else None


def tenths_of(text: str) -> int | None:
    """'32,9' → 329 (tenths of a cent), within bounds, else None."""
    match = ENERGY_PRICE.fullmatch(text.strip())
    if match is None:
        return None
    tenths = int(match[1]) * 10 + int(match[2] or "0")
    return tenths if PRICE_TENTHS_MIN <= tenths <= PRICE_TENTHS_MAX else None


def cents_of(text: str) -> int | None:
    """'9,50' → 950 (cents), within bounds, else None."""
    match = STANDING_CHARGE.fullmatch(text.strip())
    if match is None:
        return None
    cents = int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))
    return cents if cents <= STANDING_MAX else None


def _energy_price(_form, field):
    if tenths_of(field.data or "") is None:
        raise ValidationError(
            _l("Bitte geben Sie den Arbeitspreis in Cent je kWh an, von 0,1 bis 200, z. B. 32,9.")
        )


def _standing_charge(_form, field):
    if cents_of(field.data or "") is None:
        raise ValidationError(
            _l("Bitte geben Sie den Grundpreis in Euro im Monat an, bis 100, z. B. 9,50.")
        )


def _within_years(_form, field):
    if field.data and not YEAR_MIN <= field.data.year <= YEAR_MAX:
        raise ValidationError(_l("Bitte ein Datum zwischen 2000 und 2099."))


def _date_field(label, *validators):
    return DateField(
        label,
        validators=[*validators, _within_years],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Bitte geben Sie ein gültiges Datum an, z. B. 01.01.2027."),
    )


def served_postcodes(text: str) -> list[str] | None:
    """'39288, 39307' → ['39288', '39307'] (sorted, once each) if all are the district's."""
    found = sorted(set(re.split(r"[\s,;]+", text.strip()))) if text.strip() else []
    if not found or any(postcode not in POSTCODES for postcode in found):
        return None
    return found


def _postcodes(_form, field):
    if served_postcodes(field.data or "") is None:
        raise ValidationError(
            _l(
                "Bitte nennen Sie Postleitzahlen des Jerichower Landes, durch Komma getrennt "
                "(%(served)s).",
                served=", ".join(POSTCODES),
            )
        )


class TariffForm(PlatformForm):
    organisation = SelectField(
        _l("Anbieter"), validate_choice=False, validators=[DataRequired(_l("Bitte wählen Sie."))]
    )
    name = StringField(
        _l("Name des Tarifs"),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Namen ein.")),
            Length(max=NAME_MAX, message=_l("Höchstens %(max)d Zeichen, bitte.")),
        ],
    )
    energy_price = StringField(
        _l("Arbeitspreis in Cent je kWh (brutto)"), validators=[_energy_price]
    )
    standing_charge = StringField(
        _l("Grundpreis in Euro im Monat (brutto)"), validators=[_standing_charge]
    )
    valid_from = _date_field(_l("Gültig ab"), InputRequired(_l("Bitte geben Sie an, ab wann.")))
    valid_to = _date_field(_l("Gültig bis (leer: unbefristet)"), Optional())
    postcodes = StringField(_l("Postleitzahlen"), validators=[_postcodes])
    note = TextAreaField(
        _l("Hinweis"),
        validators=[Length(max=NOTE_MAX, message=_l("Höchstens %(max)d Zeichen, bitte."))],
    )
    is_example = BooleanField(_l("Beispielpreise (kein Angebot)"))

    def validate_organisation(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Für diesen Anbieter können Sie keine Tarife pflegen."))

    def validate_valid_to(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(_l("Das Ende darf nicht vor dem Beginn liegen."))

    def values(self) -> dict:
        return {
            "organisation_id": int(self.organisation.data),
            "name": self.name.data,
            "energy_price_tenths": tenths_of(self.energy_price.data),
            "standing_charge_cents": cents_of(self.standing_charge.data),
            "valid_from": self.valid_from.data,
            "valid_to": self.valid_to.data,
            "postcodes": " ".join(served_postcodes(self.postcodes.data)),
            "note": self.note.data or "",
            "is_example": self.is_example.data,
        }


class DeleteForm(PlatformForm):
    """Only the CSRF token: the confirmation is sending it."""
