"""The forms of the help board: the filter (GET, no CSRF token), a post, a report, an owner's
hiding. Every value goes through the rules the API uses too (rules.py), so both refuse alike."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from core.errors import Refusal
from core.forms import PlatformForm
from core.municipalities import MUNICIPALITIES
from stages.moped.neighbour_help import rules
from stages.moped.neighbour_help.catalogue import CATEGORIES, KINDS, label
from stages.moped.neighbour_help.models import TEXT_MAX, TITLE_MAX, WHEN_MAX
from stages.moped.neighbour_help.moderation import REASONS
from stages.moped.neighbour_help.villages import VILLAGES

HIDE_REASON_MAX = 1000


def _villages(empty_label):
    """One list for all municipalities (works without JavaScript), each village with its
    municipality; checked against the chosen municipality on the server."""
    return [
        ("", empty_label),
        *(
            (name, name if name == MUNICIPALITIES[slug] else f"{name} ({MUNICIPALITIES[slug]})")
            for slug, names in VILLAGES.items()
            for name in names
        ),
    ]


def _one_of(message):
    def check(_form, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(message)

    return check


def _filter(text, choices, message):
    return SelectField(
        text, choices=choices, default="", validate_choice=False, validators=[_one_of(message)]
    )


def _date_given(_form, field):
    # Not DataRequired: it would drop the message that a typed date is no date.
    if not field.raw_data or not field.raw_data[0].strip():
        raise StopValidation(_l("Bitte geben Sie ein Enddatum an, z. B. 24.10.2026."))


def _by_rule(check):
    def validate(_form, field):
        try:
            field.data = check(field.data)
        except Refusal as refusal:
            raise ValidationError(refusal.message) from None

    return validate


class FilterForm(PlatformForm):
    """/nachbarschaftshilfe/?gemeinde=…&ortsteil=…&art=…&kategorie=…"""

    class Meta:
        csrf = False  # a filter changes nothing

    gemeinde = _filter(
        _l("Gemeinde"),
        lambda: [("", _l("Alle Gemeinden")), *MUNICIPALITIES.items()],
        _l("Diese Gemeinde gibt es nicht."),
    )
    ortsteil = _filter(
        _l("Ortsteil"),
        lambda: _villages(_l("Alle Ortsteile")),
        _l("Diesen Ortsteil gibt es nicht."),
    )
    art = _filter(
        _l("Was"),
        lambda: [("", _l("Angebote und Gesuche")), *((k, label(KINDS, k)) for k in KINDS)],
        _l("Bitte wählen Sie Angebote oder Gesuche."),
    )
    kategorie = _filter(
        _l("Kategorie"),
        lambda: [("", _l("Alle Kategorien")), *((k, label(CATEGORIES, k)) for k in CATEGORIES)],
        _l("Diese Kategorie gibt es nicht."),
    )

    def validate_ortsteil(self, field):
        if field.data and self.gemeinde.data and field.data not in VILLAGES[self.gemeinde.data]:
            raise ValidationError(_l("Dieser Ortsteil gehört nicht zu der gewählten Gemeinde."))


class PostForm(PlatformForm):
    kind = RadioField(
        _l("Was möchten Sie?"),
        choices=[SelectChoice(key, text) for key, text in KINDS.items()],
        validate_choice=False,
        validators=[_by_rule(rules.kind)],
    )
    category = SelectField(
        _l("Kategorie"),
        choices=lambda: [
            ("", _l("Bitte wählen")),
            *((k, label(CATEGORIES, k)) for k in CATEGORIES),
        ],
        validate_choice=False,
        validators=[_by_rule(rules.category)],
    )
    title = StringField(
        _l("Überschrift"),
        validators=[
            DataRequired(_l("Bitte geben Sie eine kurze Überschrift an.")),
            Length(max=TITLE_MAX, message=_l("Höchstens %(max)d Zeichen, bitte.")),
        ],
    )
    text = TextAreaField(
        _l("Beschreibung"),
        validators=[
            DataRequired(_l("Bitte beschreiben Sie kurz, worum es geht.")),
            Length(max=TEXT_MAX, message=_l("Höchstens %(max)d Zeichen, bitte.")),
        ],
    )
    when = StringField(
        _l("Wann"),
        validators=[Length(max=WHEN_MAX, message=_l("Höchstens %(max)d Zeichen, bitte."))],
    )
    municipality = SelectField(
        _l("Gemeinde"),
        choices=lambda: [("", _l("Bitte wählen")), *MUNICIPALITIES.items()],
        validate_choice=False,
        validators=[_by_rule(rules.municipality)],
    )
    village = SelectField(
        _l("Ortsteil (freiwillig)"),
        choices=lambda: _villages(_l("Ganze Gemeinde")),
        validate_choice=False,
    )
    ends_on = DateField(
        _l("Aushang bis"),
        validators=[_date_given],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Bitte geben Sie ein gültiges Datum an, z. B. 24.10.2026."),
    )
    on_behalf = BooleanField(
        _l("Ich stelle das für eine Nachbarin oder einen Nachbarn ohne Internet ein.")
    )
    contact_ok = BooleanField(_l("Trotzdem mit diesen Kontaktdaten veröffentlichen"))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.contact_warning = False  # shown above the form, with the confirm box

    def validate_village(self, field):
        try:
            field.data = rules.village(field.data, self.municipality.data or "")
        except Refusal as refusal:
            raise ValidationError(refusal.message) from None

    def validate_ends_on(self, field):
        if field.data is None:
            return  # not a date: its own message says so
        try:
            rules.ends_on(field.data, self.today)
        except Refusal as refusal:
            raise ValidationError(refusal.message) from None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        unconfirmed = valid and not self.contact_ok.data
        if unconfirmed and rules.contact_details(self.title.data, self.text.data, self.when.data):
            self.contact_warning = True
            self.text.errors = [*self.text.errors, rules.contact_warning()]
            return False
        return valid

    def values(self) -> dict:
        return {
            "kind": self.kind.data,
            "category": self.category.data,
            "municipality": self.municipality.data,
            "village": self.village.data or "",
            "title": self.title.data,
            "text": self.text.data,
            "when": self.when.data or "",
            "ends_on": self.ends_on.data,
            "on_behalf": bool(self.on_behalf.data),
        }


class ReportForm(PlatformForm):
    reason = RadioField(
        _l("Warum melden Sie diesen Aushang?"),
        choices=[SelectChoice(key, text) for key, text in REASONS.items()],
        validators=[DataRequired(_l("Bitte wählen Sie einen Grund."))],
    )


class HideForm(PlatformForm):
    reason = TextAreaField(
        _l("Grund"),
        validators=[
            DataRequired(_l("Bitte nennen Sie einen Grund.")),
            Length(max=HIDE_REASON_MAX, message=_l("Höchstens %(max)d Zeichen, bitte.")),
        ],
    )
