"""Marketplace forms: the search (a GET form, no CSRF token needed), a product, a producer's
profile, an owner's hiding of a listing and a resident's report of one. Every field is checked on the server; every message
is German; a price is typed in euros ("4,50") and stored in cents."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from core.forms import PlatformForm
from core.municipalities import MUNICIPALITIES
from stages.moped.marketplace.catalogue import (
    AVAILABILITY,
    CATEGORIES,
    MONTHS,
    QUANTITY_MAX,
    UNITS,
    VAT_NOTES,
    label,
    month_name,
    needs_quantity,
)
from stages.moped.marketplace.models import (
    ALT_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    PRICE_MAX,
    PROFILE_MAX,
    STOCK_MAX,
)
from stages.moped.marketplace.service import QUERY_MAX

PRICE = re.compile(r"(\d{1,5})(?:[.,](\d{1,2}))?", re.ASCII)  # "٤" is no price
REASON_MAX = 1000


def _choices(table: dict, empty_label=None) -> list[tuple[str, str]]:
    listed = [(key, label(table, key)) for key in table]
    return [("", empty_label), *listed] if empty_label is not None else listed


def _one_of(message):
    def check(_form, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(message)

    return check


def _select(text, choices, message, default=""):
    return SelectField(
        text, choices=choices, default=default, validate_choice=False, validators=[_one_of(message)]
    )


def _length(maximum: int):
    return Length(max=maximum, message=_l("Höchstens %(max)d Zeichen, bitte."))


def _text(text, maximum: int, required_message=None, area=False):
    validators = [DataRequired(required_message)] if required_message else []
    field = TextAreaField if area else StringField
    return field(
        text,
        validators=[*validators, _length(maximum)],
    )


class SearchForm(PlatformForm):
    """/regionales/?q=…&kategorie=…&gemeinde=…&saison=1&heute=1&sortierung=name|entfernung
    (with `entfernung` the Gemeinde is where the distance is measured from, not a filter; without
    one, a signed-in resident's own)"""

    class Meta:
        csrf = False  # a search changes nothing

    q = StringField(
        _l("Suchbegriff"),
        validators=[
            Length(
                max=QUERY_MAX, message=_l("Der Suchbegriff darf höchstens %(max)d Zeichen haben.")
            )
        ],
    )
    kategorie = _select(
        _l("Kategorie"),
        lambda: _choices(CATEGORIES, _l("Alle Kategorien")),
        _l("Diese Kategorie gibt es nicht."),
    )
    gemeinde = _select(
        _l("Gemeinde"),
        lambda: [("", _l("Alle Gemeinden")), *MUNICIPALITIES.items()],
        _l("Diese Gemeinde gibt es nicht."),
    )
    saison = BooleanField(_l("Jetzt in Saison"))
    heute = BooleanField(_l("Heute geöffnet"))
    sortierung = _select(
        _l("Sortierung"),
        lambda: [
            ("", _l("Beste Treffer zuerst")),
            ("name", _l("Nach Name")),
            ("entfernung", _l("Nach Entfernung (nächste zuerst)")),
        ],
        _l("Diese Sortierung gibt es nicht."),
    )


def _price(_form, field):
    match = PRICE.fullmatch(field.data or "")
    if match is None:
        raise ValidationError(_l("Bitte geben Sie den Preis in Euro an, zum Beispiel 4,50."))
    cents = int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))
    if cents > PRICE_MAX:
        raise ValidationError(_l("Der Preis darf höchstens 10.000 € betragen."))
    field.cents = cents


def _month_choices():
    return [("", _l("ganzjährig"))] + [(str(month), month_name(month)) for month in MONTHS]


class ProductForm(PlatformForm):
    name = _text(_l("Name"), NAME_MAX, _l("Bitte geben Sie einen Namen ein."))
    category = _select(
        _l("Kategorie"), lambda: _choices(CATEGORIES), _l("Diese Kategorie gibt es nicht.")
    )
    description = _text(_l("Beschreibung (Markdown)"), DESCRIPTION_MAX, area=True)
    price = StringField(
        _l("Preis in Euro"),
        validators=[DataRequired(_l("Bitte geben Sie einen Preis an.")), _price],
    )
    unit = _select(_l("Einheit"), lambda: _choices(UNITS), _l("Diese Einheit gibt es nicht."))
    quantity = IntegerField(
        _l("Inhalt in g oder ml (bei Glas, Flasche, Schale, Kiste)"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=QUANTITY_MAX, message=_l("Bitte eine Menge von 1 bis %(max)d angeben.")
            ),
        ],
    )
    season_from = _select(_l("Saison von"), _month_choices, _l("Diesen Monat gibt es nicht."))
    season_to = _select(_l("Saison bis"), _month_choices, _l("Diesen Monat gibt es nicht."))
    availability = _select(
        _l("Verfügbarkeit"), lambda: _choices(AVAILABILITY), _l("Diese Angabe gibt es nicht.")
    )
    stock = IntegerField(
        _l("Vorrat (optional)"),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=STOCK_MAX, message=_l("Bitte einen Vorrat von 0 bis %(max)d angeben.")
            ),
        ],
    )
    publish = BooleanField(_l("Veröffentlichen (sonst bleibt das Produkt ein Entwurf)"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Not an inline validator: Optional() ends the field's checks when it is empty.
        unit = self.unit.data
        if unit in UNITS and needs_quantity(unit) and self.quantity.data is None:
            self.quantity.errors = [
                *self.quantity.errors,
                _l("Bitte geben Sie an, wie viel g oder ml die Einheit enthält."),
            ]
            return False
        return valid

    def validate_season_to(self, field):
        if bool(self.season_from.data) != bool(field.data):
            raise ValidationError(_l("Bitte geben Sie beide Monate an, oder keinen (ganzjährig)."))

    def season(self) -> tuple[int | None, int | None]:
        if not self.season_from.data:
            return None, None
        return int(self.season_from.data), int(self.season_to.data)


class ProducerForm(PlatformForm):
    makes = _text(_l("Was wir herstellen"), PROFILE_MAX, area=True)
    practice = _text(_l("Wie wir arbeiten (z. B. Bioland, Familienbetrieb seit 1921)"), PROFILE_MAX)
    vat_note = _select(
        _l("Hinweis zur Mehrwertsteuer"),
        lambda: _choices(VAT_NOTES),
        _l("Diese Angabe gibt es nicht."),
    )
    market_days = _text(_l("Markttage"), PROFILE_MAX, area=True)
    pickup_points = _text(_l("Abholorte"), PROFILE_MAX, area=True)


class HideForm(PlatformForm):
    reason = _text(_l("Grund"), REASON_MAX, _l("Bitte nennen Sie einen Grund."), area=True)


REPORT_REASONS = {
    "irrefuehrend": _l("Falsche oder irreführende Angaben"),
    "verboten": _l("Verbotene oder gefährliche Ware"),
    "betrug": _l("Betrugsversuch"),
    "spam": _l("Spam oder Werbung"),
    "sonstiges": _l("Etwas anderes"),
}


class ReportForm(PlatformForm):
    reason = RadioField(
        _l("Warum melden Sie dieses Angebot?"),
        choices=[SelectChoice(key, label) for key, label in REPORT_REASONS.items()],
        validators=[DataRequired(_l("Bitte wählen Sie einen Grund."))],
    )


class PhotoForm(PlatformForm):
    photo = FileField(
        _l("Foto"),
        validators=[FileRequired(_l("Bitte wählen Sie ein Foto aus."))],
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    alt = _text(
        _l("Was ist auf dem Foto zu sehen?"),
        ALT_MAX,
        _l("Bitte beschreiben Sie das Foto in wenigen Worten (für Menschen, die es nicht sehen)."),
    )
