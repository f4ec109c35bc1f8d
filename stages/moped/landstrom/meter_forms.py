"""The forms of meters and readings: registering a meter, submitting a reading (with its confirm
step for a value far above the expected), the utility's filter. Every field is checked on the
server, every message is German."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.fields import DateField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from core.forms import PlatformForm
from core.numbers import parse_number
from stages.moped.landstrom.calculator import HOUSEHOLD_MAX
from stages.moped.landstrom.forms import YEAR_MIN, _household_choices, _within_years
from stages.moped.landstrom.models import (
    CUSTOMER_NUMBER_MAX,
    METER_NUMBER_MAX,
    READING_MAX,
    MeterKind,
    ReadingReason,
    ReadingStatus,
)

# What is printed on meters and bills: letters, digits, and spaces, dots or dashes between.
METER_NUMBER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 .\-]*[A-Za-z0-9])?", re.ASCII)
CUSTOMER_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*", re.ASCII)

KIND_LABELS = {
    MeterKind.POWER: _l("Strom"),
    MeterKind.GAS: _l("Gas"),
    MeterKind.WATER: _l("Wasser"),
}
REASON_LABELS = {
    ReadingReason.REGULAR: _l("Turnusablesung"),
    ReadingReason.MOVE: _l("Umzug"),
    ReadingReason.METER_CHANGE: _l("Zählerwechsel"),
}
STATUS_LABELS = {ReadingStatus.SUBMITTED: _l("offen"), ReadingStatus.TAKEN_OVER: _l("übernommen")}


def _choice_of(labels):
    def validate(_form, field):
        if field.data not in labels:
            raise ValidationError(_l("Bitte wählen Sie eine der Möglichkeiten."))

    return validate


class MeterForm(PlatformForm):
    utility = SelectField(_l("Versorger"), validate_choice=False)
    kind = SelectField(
        _l("Art des Zählers"),
        choices=lambda: [("", _l("– bitte wählen –")), *KIND_LABELS.items()],
        validate_choice=False,
        validators=[_choice_of(KIND_LABELS)],
    )
    number = StringField(
        _l("Zählernummer"),
        validators=[
            DataRequired(_l("Bitte geben Sie die Zählernummer an.")),
            Length(max=METER_NUMBER_MAX, message=_l("Höchstens %(max)d Zeichen, bitte.")),
        ],
    )
    customer_number = StringField(
        _l("Kundennummer"),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihre Kundennummer an.")),
            Length(max=CUSTOMER_NUMBER_MAX, message=_l("Höchstens %(max)d Zeichen, bitte.")),
        ],
    )
    household = SelectField(
        _l("Personen im Haushalt"), choices=_household_choices, default="", validate_choice=False
    )

    def validate_utility(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Bitte wählen Sie Ihren Versorger."))

    def validate_number(self, field):
        if field.data and not METER_NUMBER.fullmatch(field.data):
            raise ValidationError(
                _l("Die Zählernummer besteht aus Buchstaben und Ziffern, wie auf dem Zähler.")
            )

    def validate_customer_number(self, field):
        if field.data and not CUSTOMER_NUMBER.fullmatch(field.data):
            raise ValidationError(
                _l("Die Kundennummer besteht aus Buchstaben und Ziffern, wie auf Ihrer Rechnung.")
            )

    def validate_household(self, field):
        if parse_number(field.data, lowest=1, highest=HOUSEHOLD_MAX) is None:
            raise ValidationError(_l("Bitte wählen Sie 1 bis 5 Personen."))

    def values(self) -> dict:
        return {
            "organisation_id": int(self.utility.data),
            "kind": self.kind.data,
            "number": self.number.data,
            "customer_number": self.customer_number.data,
            "household": int(self.household.data),
        }


class ReadingForm(PlatformForm):
    """`today` and `last_day` (the previous reading's date) are set by the view."""

    value = StringField(_l("Zählerstand"))
    read_on = DateField(
        _l("Abgelesen am"),
        validators=[InputRequired(_l("Bitte geben Sie an, wann Sie abgelesen haben.")),
                    _within_years],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Bitte geben Sie ein gültiges Datum an, z. B. 01.11.2026."),
    )  # fmt: skip
    reason = SelectField(
        _l("Grund der Ablesung"),
        choices=lambda: list(REASON_LABELS.items()),
        default=ReadingReason.REGULAR,
        validate_choice=False,
        validators=[_choice_of(REASON_LABELS)],
    )
    confirm = BooleanField(_l("Ich habe den Stand geprüft, er stimmt."))

    today: date
    last_day: date | None = None

    def validate_value(self, field):
        if parse_number((field.data or "").replace(".", ""), lowest=0, highest=READING_MAX) is None:
            raise ValidationError(
                _l("Bitte geben Sie den Stand als ganze Zahl ohne Nachkommastellen an, von 0 bis "
                   "99.999.999.")
            )  # fmt: skip

    def validate_read_on(self, field):
        if field.data is None or field.data.year < YEAR_MIN:
            return
        if field.data > self.today:
            raise ValidationError(_l("Das Datum liegt in der Zukunft. Bitte melden Sie den Stand "
                                     "erst, wenn Sie abgelesen haben."))  # fmt: skip
        if self.last_day and field.data < self.last_day:
            raise ValidationError(
                _l("Das Datum liegt vor dem letzten Stand vom %(day)s.",
                   day=self.last_day.strftime("%d.%m.%Y"))
            )  # fmt: skip

    def number(self) -> int:
        return int(self.value.data.replace(".", ""))


class ReadingFilterForm(PlatformForm):
    """/energie/ablesungen/?von=2026-11-01&bis=2026-11-30&status=gemeldet (changes nothing)."""

    class Meta:
        csrf = False

    von = DateField(
        _l("Abgelesen ab"),
        validators=[Optional(), _within_years],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Bitte ein gültiges Datum, z. B. 01.11.2026."),
    )
    bis = DateField(
        _l("Abgelesen bis"),
        validators=[Optional(), _within_years],
        format=["%Y-%m-%d", "%d.%m.%Y"],
        invalid_value_message=_l("Bitte ein gültiges Datum, z. B. 30.11.2026."),
    )
    status = SelectField(
        _l("Status"),
        choices=lambda: [("", _l("alle")), *STATUS_LABELS.items()],
        default="",
        validate_choice=False,
    )  # fmt: skip

    def validate_status(self, field):
        if field.data and field.data not in STATUS_LABELS:
            raise ValidationError(_l("Bitte wählen Sie einen Status."))

    def validate_bis(self, field):
        if field.data and self.von.data and field.data < self.von.data:
            raise ValidationError(_l("Das Ende darf nicht vor dem Beginn liegen."))
