"""Directory forms: the search (a GET form, no CSRF token needed) and the entry form. Every
field is checked on the server; every message is German."""

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    Form,
    FormField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from core.forms import PlatformForm
from core.models import EMAIL_MAX
from core.municipalities import MUNICIPALITIES
from stages.bicycle.directory.categories import CATEGORIES, category_name
from stages.bicycle.directory.hours import day_name
from stages.bicycle.directory.models import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    PHONE_MAX,
    WEBSITE_MAX,
)
from stages.bicycle.directory.service import QUERY_MAX

DAY_FIELDS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")


def _one_of_the_choices(message):
    def check(_form, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(message)

    return check


def _web_address(_form, field):
    if not field.data:
        return
    try:
        parts = urlsplit(field.data)
        _port = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or "." not in (parts.hostname or "")
        or any(c.isspace() for c in field.data)
    ):
        raise ValidationError(_l("Bitte geben Sie eine Webadresse wie www.hofladen.de an."))


def _with_scheme(value):
    """"www.hofladen.de" is what people type: it means the https:// address."""
    if isinstance(value, str) and value and "://" not in value and "." in value:
        return "https://" + value
    return value


def _length(maximum: int):
    return Length(max=maximum, message=_l("Höchstens %(max)d Zeichen, bitte."))


def _category_choices(empty_label):
    return [("", empty_label)] + [(slug, category_name(slug)) for slug in CATEGORIES]


def _municipality_choices(empty_label):
    return [("", empty_label)] + list(MUNICIPALITIES.items())


class SearchForm(PlatformForm):
    """/verzeichnis/?q=…&kategorie=…&gemeinde=…"""

    class Meta:
        csrf = False  # a search changes nothing

    q = StringField(
        _l("Suchbegriff"),
        validators=[
            Length(
                max=QUERY_MAX,
                message=_l("Der Suchbegriff darf höchstens %(max)d Zeichen haben."),
            )
        ],
    )
    kategorie = SelectField(
        _l("Kategorie"),
        choices=lambda: _category_choices(_l("Alle Kategorien")),
        default="",
        validate_choice=False,
        validators=[_one_of_the_choices(_l("Diese Kategorie gibt es nicht."))],
    )
    gemeinde = SelectField(
        _l("Gemeinde"),
        choices=lambda: _municipality_choices(_l("Alle Gemeinden")),
        default="",
        validate_choice=False,
        validators=[_one_of_the_choices(_l("Diese Gemeinde gibt es nicht."))],
    )


def _time_field(label):
    return TimeField(
        label,
        format=["%H:%M", "%H:%M:%S"],  # browsers send seconds when a step below a minute is set
        invalid_value_message=_l("Bitte geben Sie eine Uhrzeit wie 08:00 an."),
        validators=[Optional()],
    )


class DayHoursForm(Form):
    """One weekday: up to two time ranges (morning and afternoon); all empty = closed."""

    first_opens = _time_field(_l("Öffnet um"))
    first_closes = _time_field(_l("Schließt um"))
    second_opens = _time_field(_l("Nach der Pause: öffnet um"))
    second_closes = _time_field(_l("Nach der Pause: schließt um"))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        self.ranges = []
        pairs = ((self.first_opens, self.first_closes), (self.second_opens, self.second_closes))
        for opens, closes in pairs:
            if opens.data is None and closes.data is None:
                continue
            if opens.data is None:
                opens.errors.append(_l("Bitte geben Sie auch an, wann geöffnet wird."))
            elif closes.data is None:
                closes.errors.append(_l("Bitte geben Sie auch an, wann geschlossen wird."))
            elif closes.data <= opens.data:
                closes.errors.append(_l("Die Schließzeit muss nach der Öffnungszeit liegen."))
            elif self.ranges and opens.data < self.ranges[-1][1]:
                opens.errors.append(_l("Der zweite Zeitraum darf erst nach dem ersten beginnen."))
            else:
                self.ranges.append((opens.data, closes.data))
                continue
            return False
        return True


class EntryForm(PlatformForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Namen ein.")),
            _length(NAME_MAX),
        ],
    )
    category = SelectField(
        _l("Kategorie"),
        choices=lambda: _category_choices(_l("Bitte wählen")),
        default="",
        validate_choice=False,
        validators=[
            DataRequired(_l("Bitte wählen Sie eine Kategorie.")),
            _one_of_the_choices(_l("Diese Kategorie gibt es nicht.")),
        ],
    )
    municipality = SelectField(
        _l("Gemeinde"),
        choices=lambda: _municipality_choices(_l("Bitte wählen")),
        default="",
        validate_choice=False,
        validators=[
            DataRequired(_l("Bitte wählen Sie eine Gemeinde.")),
            _one_of_the_choices(_l("Diese Gemeinde gibt es nicht.")),
        ],
    )
    description = TextAreaField(
        _l("Beschreibung"),
        validators=[_length(DESCRIPTION_MAX)],
    )
    address = StringField(
        _l("Adresse"),
        validators=[_length(ADDRESS_MAX)],
    )
    phone = TelField(
        _l("Telefon"),
        validators=[
            _length(PHONE_MAX),
            Regexp(
                r"^[0-9+()/ \-]*$",
                message=_l("Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden."),
            ),
        ],
    )
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            Optional(),
            _length(EMAIL_MAX),
            Email(_l("Das ist keine gültige E-Mail-Adresse."), check_deliverability=False),
        ],
    )
    website = URLField(
        _l("Webseite"),
        filters=[_with_scheme],
        validators=[Optional(), _length(WEBSITE_MAX), _web_address],
    )
    # Only product owners see this field; the routes remove it for everyone else.
    organisation = SelectField(
        _l("Organisation, die den Eintrag pflegt"),
        default="",
        validate_choice=False,
        validators=[_one_of_the_choices(_l("Diese Organisation gibt es nicht."))],
    )
    montag = FormField(DayHoursForm)
    dienstag = FormField(DayHoursForm)
    mittwoch = FormField(DayHoursForm)
    donnerstag = FormField(DayHoursForm)
    freitag = FormField(DayHoursForm)
    samstag = FormField(DayHoursForm)
    sonntag = FormField(DayHoursForm)

    def days(self) -> list[tuple[int, FormField]]:
        """(weekday, its sub-form), Monday first."""
        return [(weekday, self[name]) for weekday, name in enumerate(DAY_FIELDS)]

    def problems(self) -> list[tuple[str, str, str]]:
        """(field id, label, first error) of every field with errors, the weekdays' included,
        for the summary above the form."""
        days = {day.name: weekday for weekday, day in self.days()}
        found = []
        for field in self:
            if field.name in days:
                prefix = day_name(days[field.name])
                found += [
                    (f.id, f"{prefix} – {f.label.text}", f.errors[0]) for f in field if f.errors
                ]
            elif field.errors and field.type != "CSRFTokenField":
                found.append((field.id, field.label.text, field.errors[0]))
        return found
