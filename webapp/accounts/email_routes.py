"""The links that come by e-mail: confirming an address, asking for another confirmation,
"Passwort vergessen?" and setting a new password. A link only shows a page; what it does is
a button (POST with CSRF), so a mail program that opens links does nothing by opening them."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core import accounts as service
from core import db, email_tokens
from core.auth import end_every_sign_in
from core.rendering import render
from core.security import limiter, mail_allowed
from webapp.accounts import bp
from webapp.accounts.forms import ForgotPasswordForm, ResetPasswordForm
from webapp.accounts.mails import send_confirmation, send_password_reset
from webapp.accounts.routes import _login_limit


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _bad_link(token_check: email_tokens.TokenCheck, purpose: str):
    if token_check.expired:
        reason = _("Dieser Link ist abgelaufen.")
    else:
        reason = _("Dieser Link ist ungültig oder wurde schon benutzt.")
    page = render("accounts/bad_link.html", reason=reason, purpose=purpose)
    return page, 410 if token_check.expired else 400


@bp.route("/konto/bestaetigen/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def confirm_email(token: str):
    database = db.session()
    checked = email_tokens.check(database, token, email_tokens.CONFIRM_EMAIL)
    if checked.user is None:
        return _bad_link(checked, "confirm")
    if request.method == "GET":
        return render("accounts/confirm_email.html", token=token, user=checked.user)
    if service.confirm_email(db=database, user=checked.user):
        database.commit()
        flash(_("Danke! Ihre E-Mail-Adresse ist bestätigt. Jetzt zählt Ihre Stimme."), "success")
    else:
        flash(_("Ihre E-Mail-Adresse war schon bestätigt."), "success")
    if current_user.is_authenticated:
        return redirect(url_for("feedback.roadmap"))
    return redirect(url_for("accounts.login"))


@bp.route("/konto/bestaetigung/erneut", methods=["POST"])
@login_required
def resend_confirmation():
    user = current_user._get_current_object()
    if user.email_verified:
        flash(_("Ihre E-Mail-Adresse ist schon bestätigt."), "success")
    elif not mail_allowed(user.email, "confirm"):
        flash(
            _(
                "Wir haben Ihnen gerade erst einen Link geschickt. Bitte sehen Sie in Ihrem "
                "Postfach (auch im Spam-Ordner) nach oder versuchen Sie es in einer Stunde noch einmal."
            ),
            "error",
        )
    else:
        send_confirmation(db.session(), user)
        flash(
            _("Wir haben Ihnen einen neuen Link an %(email)s geschickt.", email=user.email),
            "success",
        )
    return redirect(url_for("accounts.profile"))


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        database = db.session()
        user = service.find_user_by_email(db=database, email=form.email.data)
        if user is not None and mail_allowed(user.email, "reset"):
            send_password_reset(database, user)
        # The same words whether the address has an account or not.
        flash(
            _(
                "Wenn zu dieser Adresse ein Konto gehört, ist eine E-Mail mit einem Link "
                "unterwegs. Der Link gilt eine Stunde."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render("accounts/forgot_password.html", form=form), 422 if form.errors else 200


@bp.route("/passwort-neu/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    database = db.session()
    checked = email_tokens.check(database, token, email_tokens.RESET_PASSWORD)
    if checked.user is None:
        return _bad_link(checked, "reset")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        service.reset_password(db=database, user=checked.user, new=form.new_password.data)
        # Every device is signed out, this one too: whoever knew the old password is out.
        end_every_sign_in(database, checked.user)
        flash(
            _("Ihr neues Passwort gilt. Alle Geräte sind abgemeldet – melden Sie sich neu an."),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render("accounts/reset_password.html", form=form, token=token), (
        422 if form.errors else 200
    )
