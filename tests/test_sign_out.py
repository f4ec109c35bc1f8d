"""Signing out ends the sign-in: a copied session cookie or remember cookie stops working.
"Abmelden" ends this device's sign-in; "Auf allen Geräten abmelden" ends every one."""

from datetime import timedelta

from sqlmodel import select

from core.models import SignIn, User
from tests.conftest import PASSWORD, make_user, post_form

EMAIL = "anna@example.org"


def signed_in(app, *, remember=False):
    client = app.test_client()
    data = {"email": EMAIL, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert post_form(client, "/login", data).status_code == 302
    return client


def copy_of(app, client, *names):
    """Another browser holding the same cookies – copied, stolen or restored from a backup."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def is_signed_in(client) -> bool:
    return client.get("/profil").status_code == 200


def test_a_copied_session_cookie_stops_working_after_sign_out(app, database):
    make_user(database, email=EMAIL)
    device = signed_in(app)
    copy = copy_of(app, device, "session")
    assert is_signed_in(copy)

    post_form(device, "/abmelden")

    assert not is_signed_in(device)
    assert not is_signed_in(copy)


def test_a_copied_remember_cookie_stops_working_after_sign_out(app, database):
    make_user(database, email=EMAIL)
    device = signed_in(app, remember=True)
    remembered = copy_of(app, device, "remember_token")
    assert is_signed_in(remembered)
    copy = copy_of(app, device, "remember_token")

    post_form(device, "/abmelden")

    assert not is_signed_in(copy)


def test_signing_out_on_one_device_keeps_the_others_signed_in(app, database):
    make_user(database, email=EMAIL)
    library, phone = signed_in(app), signed_in(app, remember=True)

    post_form(library, "/abmelden")

    assert not is_signed_in(library)
    assert is_signed_in(phone)


def test_signing_out_everywhere_ends_every_device_and_every_copy(app, database):
    make_user(database, email=EMAIL)
    here, phone = signed_in(app), signed_in(app, remember=True)
    remembered = copy_of(app, phone, "remember_token")
    assert "Auf allen Geräten abmelden" in here.get("/profil").get_data(as_text=True)

    response = post_form(here, "/profil/ueberall-abmelden")

    assert response.status_code == 302
    assert not any(is_signed_in(c) for c in (here, phone, remembered))
    assert database.exec(select(SignIn)).all() == []


def test_signing_out_everywhere_needs_the_csrf_token(app, database):
    make_user(database, email=EMAIL)
    device = signed_in(app)
    assert device.post("/profil/ueberall-abmelden").status_code == 400
    assert is_signed_in(device)


def test_a_password_change_ends_the_other_devices_and_keeps_this_one(app, database):
    make_user(database, email=EMAIL)
    here, phone = signed_in(app), signed_in(app, remember=True)
    response = post_form(
        here,
        "/profil/passwort",
        {
            "current_password": PASSWORD,
            "new_password": "ein-ganz-neues-passwort",
            "new_password_repeat": "ein-ganz-neues-passwort",
        },
    )
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(phone)


def test_the_remember_cookie_lasts_30_days_and_so_does_a_sign_in(app):
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)
    with app.app_context():
        from core import db

        make_user(db.session(), email=EMAIL)
    device = signed_in(app, remember=True)
    cookie = device.get_cookie("remember_token")
    assert cookie.expires is not None

    with app.app_context():
        from core import db

        session = db.session()
        [sign_in] = session.exec(select(SignIn)).all()
        sign_in.created_at -= timedelta(days=31)
        session.add(sign_in)
        session.commit()
    assert not is_signed_in(device)


def test_the_remember_duration_is_configurable(monkeypatch, tmp_path):
    monkeypatch.setenv("REMEMBER_DAYS", "7")
    from webapp.config import from_environment

    assert from_environment(str(tmp_path))["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)


def test_a_deleted_account_takes_its_sign_ins_with_it(app, database):
    make_user(database, email=EMAIL)
    device = signed_in(app)
    post_form(device, "/profil/loeschen", {"password": PASSWORD})
    assert database.exec(select(User)).all() == []
    assert database.exec(select(SignIn)).all() == []
