"""The forms of messages: a reply, a new thread, a report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from core.text import clean_text, no_control_characters
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
        filters=[clean_text],
        validators=[
            DataRequired(_l("Bitte schreiben Sie eine Nachricht.")),
            Length(max=TEXT_MAX, message=_l("Die Nachricht darf höchstens %(max)d Zeichen haben.")),
            no_control_characters,
        ],
    )


class ReplyForm(FlaskForm):
    text = _text_field()


class NewThreadForm(FlaskForm):
    """Whom it goes to and what it is about come from the page that linked here."""

    organisation = HiddenField()
    person = HiddenField()
    bezug = HiddenField()
    betreff = StringField(
        _l("Betreff"),
        filters=[clean_text],
        validators=[
            Length(max=TITLE_MAX, message=_l("Der Betreff darf höchstens %(max)d Zeichen haben.")),
            no_control_characters,
        ],
    )
    text = _text_field()


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("Warum melden Sie diese Nachricht?"),
        choices=[SelectChoice(key, label) for key, label in REASONS.items()],
        validators=[DataRequired(_l("Bitte wählen Sie einen Grund."))],
    )
