"""The forms of ideas: proposing one, the list's filters, and product owners' status forms."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, ValidationError

from core.forms import PlatformForm
from core.municipalities import MUNICIPALITIES
from core.numbers import parse_id
from feedback.ideas.service import ANSWER_MAX, DISTRICT, STATUS_LABELS, place_name
from feedback.models import IDEA_DESCRIPTION_MAX, IDEA_TITLE_MAX, Idea
from stages import control
from stages.forms import PlannedCreateForm
from stages.manifest import FLAG_NAME

STATUS_BY_SLUG = {
    "offen": "open",
    "geplant": "planned",
    "abgelehnt": "declined",
    "doppelt": "duplicate",
}
SORTS = {"beliebt": _l("Beliebteste zuerst"), "trend": _l("Im Trend"), "neu": _l("Neueste zuerst")}


class IdeaForm(PlatformForm):
    title = StringField(
        _l("Titel Ihrer Idee"),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihrer Idee einen Titel.")),
            Length(
                max=IDEA_TITLE_MAX, message=_l("Der Titel darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )
    description = TextAreaField(
        _l("Beschreibung"),
        validators=[
            DataRequired(_l("Bitte beschreiben Sie Ihre Idee.")),
            Length(
                max=IDEA_DESCRIPTION_MAX,
                message=_l("Die Beschreibung darf höchstens %(max)d Zeichen haben."),
            ),
        ],
    )
    municipality = SelectField(
        _l("Wo soll es das geben?"),
        validate_choice=False,  # AnyOf says what is wrong in words residents understand
        validators=[
            AnyOf(
                [DISTRICT, *MUNICIPALITIES],
                message=_l("Bitte wählen Sie eine Gemeinde oder den ganzen Landkreis."),
            )
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality.choices = [
            SelectChoice("", _l("Bitte wählen")),
            SelectChoice(DISTRICT, place_name(DISTRICT)),
            *(SelectChoice(slug, name) for slug, name in MUNICIPALITIES.items()),
        ]
        # Similar ideas appear while typing (htmx); the form works the same without it.
        self.title.render_kw = {
            "hx-get": url_for("feedback.similar_ideas_fragment"),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#aehnliche-ideen",
        }


class IdeaFilterForm(PlatformForm):
    """The list's sorting and status filter: a GET form, every result has its own URL."""

    class Meta:
        csrf = False

    sortierung = SelectField(
        _l("Sortierung"),
        choices=[SelectChoice(slug, label) for slug, label in SORTS.items()],
        default="beliebt",
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("Alle")),
            *(SelectChoice(slug, STATUS_LABELS[s]) for slug, s in STATUS_BY_SLUG.items()),
        ],
        default="",
    )


def _answer_field(label, *required):
    return TextAreaField(
        label,
        validators=[
            *required,
            Length(max=ANSWER_MAX, message=_l("Die Antwort darf höchstens %(max)d Zeichen haben.")),
        ],
    )


class PlanIdeaForm(PlannedCreateForm):
    answer = _answer_field(_l("Antwort an alle (freiwillig)"))


class DeclineIdeaForm(PlatformForm):
    answer = _answer_field(
        _l("Antwort an alle: Warum nicht?"),
        DataRequired(_l("Bitte begründen Sie die Ablehnung: Die Antwort lesen alle.")),
    )


def _idea_number(_form, field):
    if parse_id(field.data) is None:
        raise ValidationError(_l("Bitte geben Sie die Nummer einer Idee an."))


class DuplicateIdeaForm(PlatformForm):
    original = StringField(
        _l("Nummer der Original-Idee"),
        validators=[_idea_number],
        render_kw={"inputmode": "numeric", "maxlength": 9, "autocomplete": "off"},
    )
    answer = _answer_field(_l("Antwort an alle (freiwillig)"))


OWNER_FORMS = {"planen": PlanIdeaForm, "ablehnen": DeclineIdeaForm, "doppelt": DuplicateIdeaForm}


def _suggested_key(idea: Idea) -> str:
    key = idea.search_title.replace(" ", "_")[:40].rstrip("_")
    return key if FLAG_NAME.match(key) else ""


def owner_form(name: str, idea: Idea, submitted: bool = False) -> PlatformForm:
    """One of the status forms; their fields get distinct ids, they share one page."""
    if name == "planen" and not submitted:
        form = PlanIdeaForm(
            formdata=None,
            key=_suggested_key(idea),
            title=idea.title,
            summary=idea.description[: control.PLANNED_SUMMARY_MAX],
        )
    else:
        form = OWNER_FORMS[name]() if submitted else OWNER_FORMS[name](formdata=None)
    for field in form:
        field.id = field.label.field_id = f"{name}-{field.name}"
    return form
