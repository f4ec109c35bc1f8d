"""Sign-in, registration and the profile page."""

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from core import accounts as service
from core import db
from core.auth import end_every_sign_in, sign_in, sign_out
from core.rendering import render, safe_next_url
from core.security import (
    count_failed_sign_in,
    csrf,
    limiter,
    mail_allowed,
    refuse_if_account_locked,
)
from flags.gate import partner_pages
from webapp.accounts import bp
from webapp.accounts.forms import (
    DeleteAccountForm,
    LoginForm,
    PasswordForm,
    ProfileForm,
    RegistrationForm,
)
from webapp.accounts.mails import send_confirmation, send_known_address
from webapp.privacy import delete_account as delete_with_everything
from webapp.privacy import export_rate_limit, export_response


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        account = service.normalise_email(form.email.data)
        refuse_if_account_locked(account)
        user = service.authenticate(db=db.session(), email=account, password=form.password.data)
        if user is not None:
            sign_in(db.session(), user, remember=form.remember.data)
            flash(_("Willkommen zurück, %(name)s!", name=user.display_name), "success")
            return redirect(safe_next_url(request.args.get("next")) or url_for("home.index"))
        count_failed_sign_in(account)
        # Same words whether the e-mail exists or not.
        form.password.errors.append(_("E-Mail-Adresse oder Passwort stimmen nicht."))
    return render("accounts/login.html", form=form), 422 if form.errors else 200


@bp.route("/abmelden", methods=["POST"])
def logout():
    sign_out(db.session())
    flash(_("Sie sind abgemeldet. Bis bald!"), "success")
    return redirect(url_for("home.index"))


@bp.route("/profil/ueberall-abmelden", methods=["POST"])
@login_required
def logout_everywhere():
    # CSRF: checked for every POST by core.security's CSRFProtect.
    end_every_sign_in(db.session(), current_user._get_current_object())
    sign_out(db.session())
    flash(_("Sie sind jetzt auf allen Geräten abgemeldet."), "success")
    return redirect(url_for("home.index"))


@bp.route("/registrieren", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegistrationForm()
    if form.validate_on_submit():
        _register(db.session(), form)
        # The same answer, status and cost whether the e-mail was new or registered already, so
        # registration does not tell who has an account. Nobody is signed in here: signing in
        # the new account would tell the two apart. Either way a mail goes to the address: the
        # link to confirm it, or "you have an account already".
        flash(
            _(
                "Danke! Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie darin Ihre "
                "Adresse und melden Sie sich dann an."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render("accounts/register.html", form=form), 422 if form.errors else 200


def _register(database, form: RegistrationForm) -> None:
    try:
        user = service.create_user(
            db=database,
            email=form.email.data,
            display_name=form.display_name.data,
            municipality=form.municipality.data,
            password=form.password.data,
            email_verified=False,
            language=session.get("language", "de"),
        )
        database.commit()
    except (service.AccountError, IntegrityError):
        database.rollback()
        known = service.find_user_by_email(db=database, email=form.email.data)
        if known is not None and mail_allowed(known.email, "registered-again"):
            send_known_address(database, known)
        return
    send_confirmation(database, user)


def _profile_page(status=200, **forms):
    user = current_user._get_current_object()
    defaults = {
        "profile_form": ProfileForm(obj=user, formdata=None),
        "password_form": PasswordForm(formdata=None),
        "delete_form": DeleteAccountForm(formdata=None),
    }
    defaults.update(forms)
    organisations = service.organisations_of(db=db.session(), user=user)
    roles = service.roles_of(db=db.session(), user=user)
    return render(
        "accounts/profile.html",
        organisations=organisations,
        roles=roles,
        partner_pages=partner_pages() if organisations else [],
        **defaults,
    ), status


@bp.route("/profil", methods=["GET"])
@login_required
def profile():
    return _profile_page()


@bp.route("/profil", methods=["POST"])
@login_required
def update_profile():
    form = ProfileForm()
    if not form.validate_on_submit():
        return _profile_page(422, profile_form=form)
    user = current_user._get_current_object()
    user.display_name = form.display_name.data.strip()
    user.municipality = form.municipality.data
    db.session().add(user)
    db.session().commit()
    flash(_("Ihr Profil ist gespeichert."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/profil/testprogramm", methods=["POST"])
@login_required
def toggle_tester():
    user = current_user._get_current_object()
    join = request.form.get("teilnehmen") == "ja"
    user.is_tester = join
    db.session().add(user)
    db.session().commit()
    if join:
        flash(_("Sie sind jetzt Testerin oder Tester: Sie sehen neue Dienste vorab."), "success")
    else:
        flash(_("Sie haben das Testprogramm verlassen."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/profil/passwort", methods=["POST"])
@login_required
def change_password():
    form = PasswordForm()
    if not form.validate_on_submit():
        return _profile_page(422, password_form=form)
    user = current_user._get_current_object()
    try:
        service.change_password(
            db=db.session(),
            user=user,
            current=form.current_password.data,
            new=form.new_password.data,
        )
    except service.AccountError as error:
        form.current_password.errors.append(str(error))
        return _profile_page(422, password_form=form)
    # Other devices are signed out; this one gets a new sign-in.
    end_every_sign_in(db.session(), user)
    sign_in(db.session(), user)
    flash(_("Ihr Passwort ist geändert. Andere Geräte wurden abgemeldet."), "success")
    return redirect(url_for("accounts.profile"))


@bp.get("/profil/meine-daten")
@export_rate_limit
@login_required
def download_data():
    """The same JSON as GET /api/v1/me/export, saved as a file."""
    return export_response(db.session(), current_user._get_current_object(), as_file=True)


@bp.route("/profil/loeschen", methods=["POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    user = current_user._get_current_object()
    if not form.validate_on_submit():
        return _profile_page(422, delete_form=form)
    if not service.verify_password(user=user, password=form.password.data):
        form.password.errors.append(_("Das Passwort stimmt nicht."))
        return _profile_page(422, delete_form=form)
    delete_with_everything(db.session(), user)
    sign_out(db.session())
    session.clear()
    flash(_("Ihr Konto ist gelöscht. Schade, dass Sie gehen."), "success")
    return redirect(url_for("home.index"))


@bp.route("/sprache", methods=["POST"])
def set_language():
    language = request.form.get("sprache", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
        if current_user.is_authenticated:
            # The platform's mails follow the language the person reads it in.
            current_user.language = language
            db.session().add(current_user._get_current_object())
            db.session().commit()
    return redirect(safe_next_url(request.form.get("next")) or url_for("home.index"))


# Exempt from CSRF, so the footer's switch needs no token and a public page no session cookie:
# it changes only the display language of the browser that sends it, nothing of an account.
csrf.exempt(set_language)
