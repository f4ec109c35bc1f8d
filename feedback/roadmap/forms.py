"""The roadmap's sorting and filters."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from core.forms import PlatformForm
from core.municipalities import MUNICIPALITIES
from feedback.roadmap.service import PLANNED, STATE_LABELS
from flags import access


def _listed(message):
    def check(_form, field):
        if (field.data or "") not in {choice.value for choice in field.choices}:
            raise ValidationError(message)

    return check


class RoadmapForm(PlatformForm):
    """Sorting and filters, read from the query string: shareable links, no CSRF on a GET."""

    class Meta:
        csrf = False

    sortierung = SelectField(
        _l("Sortierung"),
        default="beliebt",
        validate_choice=False,
        choices=[
            SelectChoice("beliebt", _l("Meistgewünscht")),
            SelectChoice("trend", _l("Im Trend")),
            SelectChoice("neu", _l("Neueste zuerst")),
        ],
        validators=[_listed(_l("Diese Sortierung gibt es nicht."))],
    )
    zustand = SelectField(
        _l("Zustand"),
        validate_choice=False,
        choices=[
            SelectChoice("", _l("Alle")),
            SelectChoice("nutzbar", STATE_LABELS[access.LIVE]),
            SelectChoice("vorschau", STATE_LABELS[access.PREVIEW]),
            SelectChoice("gesperrt", STATE_LABELS[access.LOCKED]),
            SelectChoice("geplant", STATE_LABELS[PLANNED]),
        ],
        validators=[_listed(_l("Diesen Zustand gibt es nicht."))],
    )
    gemeinde = SelectField(
        _l("Stimmen der Einwohnerinnen und Einwohner von"),
        validate_choice=False,
        choices=[
            SelectChoice("", _l("Alle Gemeinden")),
            *(SelectChoice(slug, name) for slug, name in MUNICIPALITIES.items()),
        ],
        validators=[_listed(_l("Diese Gemeinde kennen wir nicht."))],
    )

    def query_args(self) -> dict:
        return {f.name: f.data for f in self if f.data}
