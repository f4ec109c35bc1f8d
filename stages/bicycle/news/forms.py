"""The form partners write posts with, and the list's filter form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from core.forms import PlatformForm
from core.models import Organisation
from stages.bicycle.news.models import BODY_MAX, TEASER_MAX, TITLE_MAX
from stages.bicycle.news.service import CATEGORIES, place_choices


class NewsPostForm(PlatformForm):
    organisation = SelectField(_l("Organisation"))
    title = StringField(
        _l("Überschrift"),
        validators=[
            DataRequired(_l("Bitte geben Sie eine Überschrift ein.")),
            Length(
                max=TITLE_MAX, message=_l("Die Überschrift darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )
    teaser = TextAreaField(
        _l("Kurzfassung"),
        validators=[
            Length(
                max=TEASER_MAX, message=_l("Die Kurzfassung darf höchstens %(max)d Zeichen haben.")
            )
        ],
    )
    body = TextAreaField(
        _l("Text"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie einen Text.")),
            Length(max=BODY_MAX, message=_l("Der Text darf höchstens %(max)d Zeichen haben.")),
        ],
    )
    municipality = SelectField(_l("Gemeinde"))
    category = SelectField(_l("Kategorie"))
    publish = BooleanField(_l("Veröffentlichen (sonst bleibt der Beitrag ein Entwurf)"))

    def __init__(self, *args, organisations: list[Organisation] | None = None, **kwargs):
        """`organisations`: the ones the writer may choose from; None when editing."""
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.organisation
        else:
            self.organisation.choices = [(str(org.id), org.name) for org in organisations]
        self.municipality.choices = place_choices()
        self.category.choices = list(CATEGORIES.items())


class NewsFilterForm(PlatformForm):
    """The list's filters: a GET form, so no CSRF token, and every result has its own URL."""

    class Meta:
        csrf = False

    gemeinde = SelectField(_l("Gemeinde"), default="")
    kategorie = SelectField(_l("Kategorie"), default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeinde.choices = [("", _l("Alle Gemeinden")), *place_choices()]
        self.kategorie.choices = [("", _l("Alle Kategorien")), *CATEGORIES.items()]
