"""Notifications by e-mail: the settings page (one choice per kind, reached from the profile)
and the unsubscribe link of every notification mail – a page with a button for people, and
the same address answering RFC 8058's one-click POST for mail programs."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from core import db
from core.db import all_or_nothing
from core.forms import PlatformForm
from core.rendering import render
from core.security import csrf
from feedback import bp
from feedback.notifications import preferences, unsubscribe
from feedback.notifications.preferences import DELIVERIES, KINDS, OFF

_CHOOSE = _l("Bitte wählen Sie „Aus“, „Sofort“ oder „Wöchentliche Zusammenfassung“.")


def _choice(kind: preferences.MailKind) -> RadioField:
    return RadioField(
        kind.label,
        choices=[SelectChoice(value, label) for value, label in DELIVERIES.items()],
        default=OFF,
        # Checked by AnyOf below, with a German message instead of WTForms' own.
        validate_choice=False,
        validators=[InputRequired(_CHOOSE), AnyOf(list(DELIVERIES), message=_CHOOSE)],
    )


EmailSettingsForm = type(
    "EmailSettingsForm", (PlatformForm,), {kind.key: _choice(kind) for kind in KINDS}
)


def _settings_page(form, status: int = 200):
    return render(
        "feedback/email_settings.html", form=form, kinds=KINDS, verified=current_user.email_verified
    ), status


@bp.get("/benachrichtigungen/einstellungen")
@login_required
def email_settings():
    stored = preferences.chosen(db.session(), current_user.id)
    return _settings_page(EmailSettingsForm(formdata=None, data=stored))


@bp.post("/benachrichtigungen/einstellungen")
@login_required
def save_email_settings():
    form = EmailSettingsForm()
    if not form.validate_on_submit():
        return _settings_page(form, 422)
    choices = {kind.key: form[kind.key].data for kind in KINDS}
    with all_or_nothing(db.session()) as session:
        preferences.save(session, current_user.id, choices)
    flash(_("Ihre Einstellungen für E-Mail-Benachrichtigungen sind gespeichert."), "success")
    return redirect(url_for("feedback.email_settings"), 303)


def _refused(found: unsubscribe.Unsubscribe):
    return render("feedback/unsubscribe_refused.html", expired=found.expired), 400


@bp.get("/benachrichtigungen/abbestellen/<token>")
def unsubscribe_page(token: str):
    """Only a page: mail scanners open links, and opening one must change nothing."""
    found = unsubscribe.check(db.session(), token)
    if found.user is None:
        return _refused(found)
    kinds = [preferences.BY_KEY[key] for key in found.kinds]
    return render("feedback/unsubscribe.html", token=token, kinds=kinds, done=False)


@bp.post("/benachrichtigungen/abbestellen/<token>")
def unsubscribe_now(token: str):
    found = unsubscribe.check(db.session(), token)
    if found.user is None:
        return _refused(found)
    with all_or_nothing(db.session()) as session:
        preferences.turn_off(session, found.user.id, found.kinds)
    kinds = [preferences.BY_KEY[key] for key in found.kinds]
    return render("feedback/unsubscribe.html", token=token, kinds=kinds, done=True)


# Exempt from CSRF on purpose: this is RFC 8058's one-click unsubscribe, which mail programs
# POST without a session, a cookie or a form token. The signed token in the address is what
# authorises it (it names the person and the kinds); it can only switch mails off.
csrf.exempt(unsubscribe_now)
