"""Console forms. The rules live in stages.control; the forms repeat its limits with the same
messages only so an error can be shown at its field."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp, ValidationError

from core.text import clean_text
from stages import control
from stages.ladder import LADDER
from stages.manifest import FLAG_NAME


def _reason_field():
    return TextAreaField(
        _l("Begründung (freiwillig)"),
        filters=[clean_text],
        validators=[
            Length(
                max=control.REASON_MAX,
                message=_l("Die Begründung darf höchstens %(max)d Zeichen haben."),
            )
        ],
    )


class ConfirmForm(FlaskForm):
    """The confirmation step every change goes through: an optional reason."""

    reason = _reason_field()

    def control_arguments(self) -> dict:
        return {"reason": self.reason.data or ""}


class OverrideConfirmForm(ConfirmForm):
    """For changes that open blocker reports can stop (a service or a wave going live)."""

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
        filters=[clean_text],
        validators=[_valid_rollout],
        render_kw={"inputmode": "numeric", "maxlength": 3},
    )

    def control_arguments(self) -> dict:
        return {**super().control_arguments(), "percent": self.percent.data}


def stage_choices() -> list[tuple[str, str]]:
    return [(stage.key, f"{stage.icon} {str(stage.label)}") for stage in LADDER]


class PlannedEditForm(FlaskForm):
    title = StringField(
        _l("Titel"),
        filters=[clean_text],
        validators=[
            Length(
                min=1,
                max=control.PLANNED_TITLE_MAX,
                message=_l("Der Titel muss 1 bis %(max)d Zeichen haben."),
            ),
        ],
    )
    summary = TextAreaField(
        _l("Beschreibung"),
        filters=[clean_text],
        validators=[
            Length(
                max=control.PLANNED_SUMMARY_MAX,
                message=_l("Die Beschreibung darf höchstens %(max)d Zeichen haben."),
            )
        ],
    )
    target_stage = SelectField(_l("Zielstufe"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_stage.choices = stage_choices()

    def control_arguments(self) -> dict:
        return {
            "title": self.title.data,
            "summary": self.summary.data or "",
            "target_stage": self.target_stage.data,
        }


class PlannedCreateForm(PlannedEditForm):
    key = StringField(
        _l("Schlüssel"),
        filters=[clean_text],
        validators=[
            Regexp(
                FLAG_NAME,
                message=_l(
                    "Der Schlüssel braucht 2–40 Zeichen: Kleinbuchstaben, Ziffern, Unterstrich."
                ),
            )
        ],
        render_kw={"maxlength": 40, "autocapitalize": "none", "spellcheck": "false"},
    )

    def control_arguments(self) -> dict:
        return {**super().control_arguments(), "key": self.key.data}


class AuditFilterForm(FlaskForm):
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
