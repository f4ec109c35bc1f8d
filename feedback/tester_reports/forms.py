"""The report form beside a preview, and the console list's filters."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from core.forms import PlatformForm
from feedback.models import REPORT_TEXT_MAX
from feedback.tester_reports.service import KINDS
from flags import access

STATES = {"offen": _l("offen"), "erledigt": _l("erledigt")}


class TesterReportForm(PlatformForm):
    kind = RadioField(
        _l("Wie läuft es?"),
        choices=[SelectChoice(kind, label) for kind, label in KINDS.items()],
        validators=[InputRequired(_l("Bitte wählen Sie, wie es läuft."))],
    )
    text = TextAreaField(
        _l("Was ist Ihnen aufgefallen?"),
        validators=[
            DataRequired(_l("Bitte beschreiben Sie kurz, was Ihnen aufgefallen ist.")),
            Length(
                max=REPORT_TEXT_MAX, message=_l("Der Text darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The panel shares a page with other forms (votes, comments): keep the ids apart.
        for field in self:
            field.id = field.label.field_id = f"rueckmeldung-{field.name}"


class ReportFilterForm(PlatformForm):
    """The console list's filters: a GET form, so a filtered list has its own URL."""

    class Meta:
        csrf = False

    dienst = SelectField(_l("Dienst"), default="")
    stand = SelectField(
        _l("Stand"),
        choices=[
            SelectChoice("", _l("Alle")),
            *(SelectChoice(s, label) for s, label in STATES.items()),
        ],
        default="",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dienst.choices = [
            SelectChoice("", _l("Alle Dienste")),
            *(SelectChoice(s.key, str(s.title)) for s in access.services()),
        ]
