"""Forms for what stage control changes and audits: the confirmation with its reason, and planned
services. The rules live in stages.control; the forms repeat its limits with the same messages
only so an error can be shown at its field. The console and feedback (an idea becoming a
planned service, blocking a resident) both use them."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import Length, Regexp

from core.forms import PlatformForm
from stages import control
from stages.ladder import LADDER
from stages.manifest import FLAG_NAME


def reason_field():
    return TextAreaField(
        _l("Begründung (freiwillig)"),
        validators=[
            Length(
                max=control.REASON_MAX,
                message=_l("Die Begründung darf höchstens %(max)d Zeichen haben."),
            )
        ],
    )


class ConfirmForm(PlatformForm):
    """The confirmation step every change goes through: an optional reason."""

    reason = reason_field()

    def control_arguments(self) -> dict:
        return {"reason": self.reason.data or ""}


def stage_choices() -> list[tuple[str, str]]:
    return [(stage.key, f"{stage.icon} {stage.label}") for stage in LADDER]


class PlannedEditForm(PlatformForm):
    title = StringField(
        _l("Titel"),
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
