"""Account forms: every field validated on the server, every message in German (translatable)."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from core.forms import PlatformForm
from core.models import EMAIL_MAX, NAME_MAX
from core.municipalities import MUNICIPALITIES

PASSWORD_MIN = 10
PASSWORD_MAX = 128


def _municipality_choices():
    return [SelectChoice("", _l("Bitte wählen"))] + [
        SelectChoice(slug, name) for slug, name in MUNICIPALITIES.items()
    ]


def _password_rules(form, field):
    password = field.data or ""
    if not any(c.isalpha() for c in password) or not any(not c.isalpha() for c in password):
        raise ValidationError(
            _l("Das Passwort braucht Buchstaben und mindestens eine Ziffer oder ein Sonderzeichen.")
        )
    email = getattr(form, "email", None)
    if email is not None and email.data and password.lower() == email.data.strip().lower():
        raise ValidationError(_l("Das Passwort darf nicht Ihre E-Mail-Adresse sein."))


def _email_field():
    return EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse ein.")),
            Length(max=EMAIL_MAX, message=_l("Die E-Mail-Adresse ist zu lang.")),
            Email(_l("Das ist keine gültige E-Mail-Adresse."), check_deliverability=False),
        ],
    )


def _display_name_field():
    return StringField(
        _l("Anzeigename"),
        validators=[
            DataRequired(_l("Bitte geben Sie einen Namen ein.")),
            Length(max=NAME_MAX, message=_l("Der Name darf höchstens %(max)d Zeichen haben.")),
        ],
    )


def _municipality_field():
    return SelectField(
        _l("Heimatgemeinde"),
        choices=_municipality_choices(),
        validators=[DataRequired(_l("Bitte wählen Sie Ihre Gemeinde."))],
    )


def _new_password_field(label):
    # The rules in words, shown by every form that sets a password (its hint).
    return PasswordField(
        label,
        description=_l(
            "Mindestens %(min)d Zeichen, mit Buchstaben und mindestens einer Ziffer oder einem "
            "Sonderzeichen.",
            min=PASSWORD_MIN,
        ),
        validators=[
            DataRequired(_l("Bitte geben Sie ein Passwort ein.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l("Das Passwort muss %(min)d bis %(max)d Zeichen lang sein."),
            ),
            _password_rules,
        ],
    )


class LoginForm(PlatformForm):
    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihre E-Mail-Adresse ein.")),
            Length(max=EMAIL_MAX, message=_l("Die E-Mail-Adresse ist zu lang.")),
        ],
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihr Passwort ein.")),
            Length(max=PASSWORD_MAX, message=_l("Das Passwort ist zu lang.")),
        ],
    )
    remember = BooleanField(_l("Angemeldet bleiben"))


class RegistrationForm(PlatformForm):
    email = _email_field()
    display_name = _display_name_field()
    municipality = _municipality_field()
    password = _new_password_field(_l("Passwort"))
    password_repeat = PasswordField(
        _l("Passwort wiederholen"),
        validators=[EqualTo("password", _l("Die beiden Passwörter stimmen nicht überein."))],
    )


class ProfileForm(PlatformForm):
    display_name = _display_name_field()
    municipality = _municipality_field()


class PasswordForm(PlatformForm):
    current_password = PasswordField(
        _l("Bisheriges Passwort"),
        validators=[
            DataRequired(_l("Bitte geben Sie Ihr bisheriges Passwort ein.")),
            Length(max=PASSWORD_MAX, message=_l("Das Passwort ist zu lang.")),
        ],
    )
    new_password = _new_password_field(_l("Neues Passwort"))
    new_password_repeat = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[EqualTo("new_password", _l("Die beiden Passwörter stimmen nicht überein."))],
    )


class DeleteAccountForm(PlatformForm):
    password = PasswordField(
        _l("Passwort zur Bestätigung"),
        validators=[
            DataRequired(_l("Bitte bestätigen Sie mit Ihrem Passwort.")),
            Length(max=PASSWORD_MAX, message=_l("Das Passwort ist zu lang.")),
        ],
    )


class ForgotPasswordForm(PlatformForm):
    email = _email_field()


class ResetPasswordForm(PlatformForm):
    new_password = _new_password_field(_l("Neues Passwort"))
    new_password_repeat = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[EqualTo("new_password", _l("Die beiden Passwörter stimmen nicht überein."))],
    )
