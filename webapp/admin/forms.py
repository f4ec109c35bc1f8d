"""Console forms. The rules live in stages.control; the forms repeat its limits with the same
messages only so an error can be shown at its field. The confirmation and the planned-service
forms live in stages.forms: feedback uses them too."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from core.forms import PlatformForm
from stages import control
from stages.forms import ConfirmForm, PlannedCreateForm, PlannedEditForm

__all__ = ["ConfirmForm", "PlannedCreateForm", "PlannedEditForm"]  # the console's, from stages


class MoveConfirmForm(ConfirmForm):
    """For a step along the ladder: carries the stage the page described, so a double submit or
    a second owner's step in between is refused instead of taking the service a stage further."""

    seen_stage = HiddenField()

    def control_arguments(self) -> dict:
        return {**super().control_arguments(), "seen_stage": self.seen_stage.data or None}


class OverrideConfirmForm(MoveConfirmForm):
    """For steps that open blocker reports can stop (a service or a wave going live)."""

    override_blockers = BooleanField(_l("Blocker übergehen"))

    def control_arguments(self) -> dict:
        return {**super().control_arguments(), "override_blockers": self.override_blockers.data}


def _valid_rollout(_form, field):
    try:
        control.parse_rollout(field.data or "")
    except control.ControlError as error:
        raise ValidationError(str(error)) from error


class RolloutForm(ConfirmForm):
    percent = StringField(
        _l("Anteil in Prozent (0 bis 100)"),
        validators=[_valid_rollout],
        render_kw={"inputmode": "numeric", "maxlength": 3},
    )

    def control_arguments(self) -> dict:
        return {**super().control_arguments(), "percent": self.percent.data}


class AuditFilterForm(PlatformForm):
    """The audit log's filters: a GET form, so links to a filtered list can be shared."""

    class Meta:
        csrf = False

    subject = SelectField(_l("Betrifft"), default="")
    action = SelectField(_l("Aktion"), default="")
    actor = SelectField(_l("Wer"), default="")
    since = DateField(_l("Von (Datum)"), validators=[Optional()])
    until = DateField(_l("Bis (Datum)"), validators=[Optional()])

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", str(_l("Alle")))]
        for name, options in choices.items():
            self[name].choices = everything + options

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Das Enddatum liegt vor dem Anfangsdatum."))
