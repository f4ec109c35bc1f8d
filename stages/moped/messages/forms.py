"""The forms of messages: a reply, a new thread, a report (text cleaned and checked by
PlatformForm)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from core.forms import PlatformForm
from stages.moped.messages.models import TEXT_MAX, TITLE_MAX

REASONS = {
    "belaestigung": _l("Belästigung oder Beleidigung"),
    "spam": _l("Spam oder Werbung"),
    "betrug": _l("Betrugsversuch"),
    "sonstiges": _l("Etwas anderes"),
}


def _text_field():
    return TextAreaField(
        _l("Ihre Nachricht"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie eine Nachricht.")),
            Length(max=TEXT_MAX, message=_l("Die Nachricht darf höchstens %(max)d Zeichen haben.")),
        ],
    )


class ReplyForm(PlatformForm):
    text = _text_field()


class NewThreadForm(PlatformForm):
    """Whom it goes to and what it is about come from the page that linked here."""

    organisation = HiddenField()
    person = HiddenField()
    bezug = HiddenField()
    betreff = StringField(
        _l("Betreff"),
        validators=[
            Length(max=TITLE_MAX, message=_l("Der Betreff darf höchstens %(max)d Zeichen haben.")),
        ],
    )
    text = _text_field()


class ReportForm(PlatformForm):
    reason = RadioField(
        _l("Warum melden Sie diese Nachricht?"),
        choices=[SelectChoice(key, label) for key, label in REASONS.items()],
        validators=[DataRequired(_l("Bitte wählen Sie einen Grund."))],
    )
