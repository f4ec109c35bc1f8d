"""The forms of a thread: writing (or replying), and reporting. Several share one page."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from core.forms import PlatformForm
from feedback.comments.service import REASONS
from feedback.models import COMMENT_MAX


class CommentForm(PlatformForm):
    body = TextAreaField(
        _l("Ihr Kommentar"),
        validators=[
            DataRequired(_l("Bitte schreiben Sie einen Kommentar.")),
            Length(
                max=COMMENT_MAX, message=_l("Ein Kommentar darf höchstens %(max)d Zeichen haben.")
            ),
        ],
    )


class ReportForm(PlatformForm):
    reason = RadioField(
        _l("Warum melden Sie diesen Kommentar?"),
        choices=[SelectChoice(value, label) for value, label in REASONS.items()],
        validators=[InputRequired(_l("Bitte wählen Sie einen Grund."))],
    )


def placed(form: PlatformForm, slot: str) -> PlatformForm:
    """Several forms share a page: their fields get ids of their own."""
    for form_field in form:
        form_field.id = form_field.label.field_id = f"{slot}-{form_field.name}"
    return form


def reply_slot(parent_id: int | None) -> str:
    return f"antwort-{parent_id}" if parent_id else "kommentar-neu"


def writing_form(parent_id: int | None = None, **kwargs) -> CommentForm:
    """The form for a new comment, or for a reply to the top-level comment `parent_id`."""
    form = placed(CommentForm(**kwargs), reply_slot(parent_id))
    if parent_id:
        form.body.label.text = _("Ihre Antwort")
    return form
