"""The event form partners fill in, and the filter form of the list. Every field is checked on
the server, with German messages; times are entered as Berlin wall-clock time."""

import re
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields import DateField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from core.forms import PlatformForm
from core.municipalities import MUNICIPALITIES
from stages.bicycle.events import models
from stages.bicycle.events.categories import CATEGORIES
from stages.bicycle.events.models import Event
from stages.bicycle.events.service import Filters
from stages.bicycle.events.times import FIRST_YEAR, LAST_YEAR, SpanError, event_span

PRICE = re.compile(r"^(\d{1,5})(?:[,.](\d{1,2}))?$")


def _listed(message):
    """The value must be one the form offered; forged values get a German message."""

    def check(_form, field):
        if (field.data or "") not in {str(value) for value, _label in field.choices}:
            raise ValidationError(message)

    return check


def _within_years(_form, field):
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(
            _l(
                "Bitte geben Sie ein Datum zwischen %(first)d und %(last)d an.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )


def price_in_cents(text: str) -> int | None:
    """ "8", "8,50" or "8.50" euros in cents; None for anything else."""
    match = PRICE.match(text.replace("€", "").strip())
    if match is None:
        return None
    euros, cents = match.groups()
    return int(euros) * 100 + int((cents or "0").ljust(2, "0"))


def _price(_form, field):
    if field.data and price_in_cents(field.data) is None:
        raise ValidationError(_l("Bitte geben Sie einen Betrag in Euro an, z. B. 8 oder 8,50."))


def _date_field(label, *validators):
    # <input type="date"> sends 2026-10-24; where a browser shows a text box, people type 24.10.2026.
    return DateField(
        label,
        validators=[*validators, _within_years],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Bitte geben Sie ein gültiges Datum an, z. B. 24.10.2026."),
    )


def _time_field(label):
    return TimeField(
        label,
        validators=[Optional()],
        format=["%H:%M", "%H:%M:%S", "%H.%M"],
        invalid_value_message=_l("Bitte geben Sie eine Uhrzeit an, z. B. 19:30."),
    )


def _choices(options: dict, placeholder) -> list[tuple[str, str]]:
    return [("", placeholder), *((slug, str(label)) for slug, label in options.items())]


class EventForm(PlatformForm):
    organisation = SelectField(
        _l("Veranstalter"),
        validate_choice=False,
        validators=[
            DataRequired(_l("Bitte wählen Sie die veranstaltende Organisation.")),
            _listed(_l("Für diese Organisation können Sie keine Veranstaltungen eintragen.")),
        ],
    )
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Titel ein.")),
            Length(
                max=models.TITLE_MAX, message=_l("Der Titel darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )
    description = TextAreaField(
        _l("Beschreibung"),
        validators=[
            Length(
                max=models.DESCRIPTION_MAX,
                message=_l("Die Beschreibung darf höchstens %(max)d Zeichen haben."),
            )
        ],
    )
    category = SelectField(
        _l("Kategorie"),
        validate_choice=False,
        validators=[
            DataRequired(_l("Bitte wählen Sie eine Kategorie.")),
            _listed(_l("Bitte wählen Sie eine Kategorie aus der Liste.")),
        ],
    )
    all_day = BooleanField(_l("Ganztägig (ohne Uhrzeit)"))
    # InputRequired, not DataRequired: a mistyped date keeps its own message.
    start_date = _date_field(
        _l("Beginn: Datum"), InputRequired(_l("Bitte geben Sie das Datum des Beginns an."))
    )
    start_time = _time_field(_l("Beginn: Uhrzeit"))
    end_date = _date_field(_l("Ende: Datum"), Optional())
    end_time = _time_field(_l("Ende: Uhrzeit"))
    place_name = StringField(
        _l("Ort"),
        validators=[
            DataRequired(_l("Bitte geben Sie den Ort an.")),
            Length(
                max=models.PLACE_MAX, message=_l("Der Ort darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )
    address = StringField(
        _l("Adresse"),
        validators=[
            Length(
                max=models.ADDRESS_MAX,
                message=_l("Die Adresse darf höchstens %(max)d Zeichen haben."),
            )
        ],
    )
    municipality = SelectField(
        _l("Gemeinde"),
        validate_choice=False,
        validators=[
            DataRequired(_l("Bitte wählen Sie die Gemeinde.")),
            _listed(_l("Bitte wählen Sie eine der acht Gemeinden.")),
        ],
    )
    is_free = BooleanField(_l("Eintritt frei"))
    price = StringField(
        _l("Eintritt in Euro"),
        validators=[
            Length(max=12, message=_l("Bitte geben Sie einen kürzeren Betrag an.")),
            _price,
        ],
    )
    price_note = StringField(
        _l("Hinweis zum Eintritt"),
        validators=[
            Length(
                max=models.PRICE_NOTE_MAX,
                message=_l("Der Hinweis darf höchstens %(max)d Zeichen haben."),
            )
        ],
    )
    is_accessible = BooleanField(_l("Barrierefrei zugänglich"))
    accessibility_notes = TextAreaField(
        _l("Hinweise zur Barrierefreiheit"),
        validators=[
            Length(
                max=models.ACCESSIBILITY_MAX,
                message=_l("Die Hinweise dürfen höchstens %(max)d Zeichen haben."),
            )
        ],
    )
    is_cancelled = BooleanField(_l("Abgesagt"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(o.id), o.name) for o in organisations]
        # A partner of one organisation has nothing to choose: it is chosen for them.
        self.organisation.choices = (
            choices if len(choices) == 1 else [("", _l("Bitte wählen"))] + choices
        )
        self.category.choices = _choices(CATEGORIES, _l("Bitte wählen"))
        self.municipality.choices = _choices(MUNICIPALITIES, _l("Bitte wählen"))
        self.starts_at: datetime | None = None
        self.ends_at: datetime | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        time_fields = (self.start_date, self.start_time, self.end_date, self.end_time)
        if not any(field.errors for field in time_fields):
            try:
                self.starts_at, self.ends_at = event_span(
                    all_day=self.all_day.data,
                    start_date=self.start_date.data,
                    start_time=self.start_time.data,
                    end_date=self.end_date.data,
                    end_time=self.end_time.data,
                )
            except SpanError as error:
                self[error.field].errors.append(str(error))
                valid = False
        if self.is_free.data and self.price.data:
            self.price.errors.append(
                str(
                    _l(
                        "Bei freiem Eintritt bitte keinen Preis angeben – oder „Eintritt frei“ abwählen."
                    )
                )
            )
            valid = False
        return valid

    def apply_to(self, event: Event) -> None:
        """Write the checked values into the event (call only after validate())."""
        event.organisation_id = int(self.organisation.data)
        event.title = self.title.data
        event.description = self.description.data or ""
        event.category = self.category.data
        event.all_day = self.all_day.data
        event.starts_at, event.ends_at = self.starts_at, self.ends_at
        event.place_name = self.place_name.data
        event.address = self.address.data or ""
        event.municipality = self.municipality.data
        event.is_free = self.is_free.data
        event.price_cents = price_in_cents(self.price.data) if self.price.data else None
        event.price_note = self.price_note.data or ""
        event.is_accessible = self.is_accessible.data
        event.accessibility_notes = self.accessibility_notes.data or ""
        event.is_cancelled = self.is_cancelled.data


def form_values(event: Event) -> dict:
    """What the edit form starts with: the event as its organiser entered it, in Berlin time."""
    timed = not event.all_day
    return {
        "organisation": str(event.organisation_id),
        "title": event.title,
        "description": event.description,
        "category": event.category,
        "all_day": event.all_day,
        "start_date": event.first_day,
        "start_time": event.local_start.time() if timed else None,
        "end_date": event.local_end.date() if timed else event.last_day,
        "end_time": event.local_end.time() if timed else None,
        "place_name": event.place_name,
        "address": event.address,
        "municipality": event.municipality,
        "is_free": event.is_free,
        "price": format_euros(event.price_cents) if event.price_cents is not None else "",
        "price_note": event.price_note,
        "is_accessible": event.is_accessible,
        "accessibility_notes": event.accessibility_notes,
        "is_cancelled": event.is_cancelled,
    }


def format_euros(cents: int) -> str:
    """8,50 – the way people here write prices."""
    euros, rest = divmod(cents, 100)
    return f"{euros},{rest:02d}" if rest else str(euros)


class FilterForm(PlatformForm):
    """The list's filters, read from the query string: shareable links, and no CSRF on a GET."""

    class Meta:
        csrf = False

    gemeinde = SelectField(
        _l("Gemeinde"),
        validate_choice=False,
        validators=[_listed(_l("Diese Gemeinde kennen wir nicht."))],
    )
    kategorie = SelectField(
        _l("Kategorie"),
        validate_choice=False,
        validators=[_listed(_l("Diese Kategorie gibt es nicht."))],
    )
    von = _date_field(_l("Von"), Optional())
    bis = _date_field(_l("Bis"), Optional())
    wochenende = BooleanField(_l("Nur dieses Wochenende (Samstag und Sonntag)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeinde.choices = _choices(MUNICIPALITIES, _l("Alle Gemeinden"))
        self.kategorie.choices = _choices(CATEGORIES, _l("Alle Kategorien"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.von.data and self.bis.data and self.bis.data < self.von.data:
            self.bis.errors.append(_("„Bis“ liegt vor „Von“."))
            valid = False
        return valid

    def filters(self) -> Filters:
        return Filters(
            municipality=self.gemeinde.data or "",
            category=self.kategorie.data or "",
            date_from=self.von.data,
            date_to=self.bis.data,
            weekend=bool(self.wochenende.data),
        )
