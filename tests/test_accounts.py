"""Registration, sign-in, profile: the rules and the bad input they refuse."""

import pytest
from sqlmodel import func, select

from core import accounts as service
from core.models import Membership, Organisation, User
from tests.conftest import PASSWORD, csrf_token, make_user, post_form

REGISTRATION = {
    "email": "Neu@Example.org",
    "display_name": "Karl Neumann",
    "municipality": "genthin",
    "password": "gutes-passwort-7",
    "password_repeat": "gutes-passwort-7",
}


def user_count(database) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(User)).one()


REGISTERED = "Danke! Wir haben Ihnen eine E-Mail geschickt."


def test_registration_creates_a_resident_who_then_signs_in(client, database):
    response = post_form(client, "/registrieren", REGISTRATION, follow_redirects=True)
    assert response.request.path == "/login"
    assert REGISTERED in response.get_data(as_text=True)
    user = database.exec(select(User)).one()
    assert user.email == "neu@example.org"
    assert user.municipality == "genthin"
    assert user.password_hash.startswith("scrypt:")
    assert client.get("/profil").status_code == 302  # not signed in by registering
    signed_in = post_form(
        client, "/login", {"email": "neu@example.org", "password": REGISTRATION["password"]}
    )
    assert signed_in.status_code == 302
    assert "Karl Neumann" in client.get("/profil").get_data(as_text=True)


def test_email_is_unique_whatever_its_case(client, database):
    make_user(database, email="neu@example.org")
    post_form(client, "/registrieren", {**REGISTRATION, "email": "NEU@EXAMPLE.ORG"})
    assert user_count(database) == 1
    assert database.exec(select(User)).one().display_name == "Anna Beispiel"


def test_registration_answers_a_known_email_like_a_new_one(app, database, monkeypatch):
    make_user(database, email="bekannt@example.org")
    hashed = []
    real_hash = service.hash_password
    monkeypatch.setattr(service, "hash_password", lambda pw: hashed.append(pw) or real_hash(pw))

    def register(email):
        client = app.test_client()
        response = post_form(client, "/registrieren", {**REGISTRATION, "email": email})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        return response.status_code, response.headers["Location"], REGISTERED in page

    known, new = register("bekannt@example.org"), register("unbekannt@example.org")
    assert known == new == (302, "/login", True)
    assert len(hashed) == 2  # the known e-mail costs a password hash too
    assert user_count(database) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "kein-at-zeichen"}, "keine gültige E-Mail-Adresse"),
        ({"email": "a" * 250 + "@example.org"}, "E-Mail-Adresse ist zu lang"),
        ({"display_name": ""}, "Bitte geben Sie einen Namen ein"),
        ({"display_name": "x" * 81}, "höchstens 80 Zeichen"),
        ({"municipality": "magdeburg"}, "Keine gültige Auswahl"),
        ({"municipality": ""}, "Bitte wählen Sie Ihre Gemeinde"),
        ({"password": "kurz1", "password_repeat": "kurz1"}, "10 bis 128 Zeichen"),
        (
            {"password": "nurbuchstaben", "password_repeat": "nurbuchstaben"},
            "mindestens eine Ziffer",
        ),
        ({"password_repeat": "anderes-passwort-8"}, "stimmen nicht überein"),
        ({"password": "p" * 129 + "1", "password_repeat": "p" * 129 + "1"}, "10 bis 128 Zeichen"),
    ],
)
def test_bad_registration_is_explained_and_writes_nothing(client, database, change, message):
    response = post_form(client, "/registrieren", {**REGISTRATION, **change})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert user_count(database) == 0


def test_registration_without_csrf_token_is_refused(client, database):
    response = client.post("/registrieren", data=REGISTRATION)
    assert response.status_code == 400
    assert "Sicherheitsprüfung" in response.get_data(as_text=True)
    assert user_count(database) == 0


def test_demo_style_account_signs_in_and_out(client, auth, database):
    make_user(database)
    response = auth.login()
    assert response.status_code == 302
    assert "Anna Beispiel" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert client.get("/profil").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth, database):
    make_user(database)
    wrong_password = auth.login(password="falsches-passwort-1")
    unknown_email = auth.login(email="niemand@example.org")
    for response in (wrong_password, unknown_email):
        assert response.status_code == 422
        assert "E-Mail-Adresse oder Passwort stimmen nicht." in response.get_data(as_text=True)
    assert client.get("/profil").status_code == 302


def test_login_without_csrf_token_signs_nobody_in(client, database):
    make_user(database)
    response = client.post("/login", data={"email": "anna@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/profil").status_code == 302


def test_login_with_wrong_csrf_token_signs_nobody_in(client, database):
    make_user(database)
    csrf_token(client)
    response = client.post(
        "/login",
        data={"email": "anna@example.org", "password": PASSWORD, "csrf_token": "gefälscht"},
    )
    assert response.status_code == 400
    assert client.get("/profil").status_code == 302


def test_login_follows_only_local_next_targets(client, database):
    make_user(database)
    token = csrf_token(client)
    form = {"email": "anna@example.org", "password": PASSWORD, "csrf_token": token}
    response = client.post("/login?next=https://evil.example/", data=form)
    assert response.headers["Location"] == "/"
    client.post("/abmelden", data={"csrf_token": csrf_token(client)})
    response = client.post("/login?next=/profil", data={**form, "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/profil"


def test_login_is_rate_limited(app_factory, database_url):
    app = app_factory(LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [
        post_form(
            client, "/login", {"email": "x@example.org", "password": "falsch-123456"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [422, 422, 422, 429]


def test_rate_limits_can_be_switched_off(app_factory):
    app = app_factory(LOGIN_RATE_LIMIT="1 per minute", RATELIMIT_ENABLED=False)
    client = app.test_client()
    for _ in range(3):
        response = post_form(
            client, "/login", {"email": "x@example.org", "password": "falsch-123456"}
        )
        assert response.status_code == 422


def test_remember_me_sets_a_remember_cookie(client, database):
    make_user(database)
    response = post_form(
        client, "/login", {"email": "anna@example.org", "password": PASSWORD, "remember": "y"}
    )
    assert "remember_token=" in " ".join(response.headers.getlist("Set-Cookie"))


def test_profile_needs_sign_in(client):
    response = client.get("/profil")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/profil")


def test_profile_needs_sign_in_htmx_gets_a_redirect_header(client):
    response = client.get("/profil", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_profile_edits_name_and_municipality(client, auth, database):
    user = make_user(database)
    auth.login()
    response = post_form(client, "/profil", {"display_name": "Anna B.", "municipality": "moeser"})
    assert response.status_code == 302
    database.refresh(user)
    assert (user.display_name, user.municipality) == ("Anna B.", "moeser")


def test_profile_refuses_bad_input_and_keeps_the_old_values(client, auth, database):
    user = make_user(database)
    auth.login()
    response = post_form(client, "/profil", {"display_name": "y" * 500, "municipality": "mars"})
    assert response.status_code == 422
    database.refresh(user)
    assert (user.display_name, user.municipality) == ("Anna Beispiel", "burg")


def test_resident_joins_and_leaves_the_tester_programme(client, auth, database):
    user = make_user(database)
    auth.login()
    post_form(client, "/profil/testprogramm", {"teilnehmen": "ja"})
    database.refresh(user)
    assert user.is_tester
    assert "Testprogramm verlassen" in client.get("/profil").get_data(as_text=True)
    post_form(client, "/profil/testprogramm", {"teilnehmen": "nein"})
    database.refresh(user)
    assert not user.is_tester


def test_password_change_needs_the_current_password(client, auth, database):
    user = make_user(database)
    auth.login()
    # The rules are shown where the new password is typed, in the words registration uses.
    hint = "Mindestens 10 Zeichen, mit Buchstaben und mindestens einer Ziffer oder einem"
    assert hint in client.get("/profil").get_data(as_text=True)
    auth.logout()
    assert hint in client.get("/registrieren").get_data(as_text=True)
    auth.login()
    old_hash = user.password_hash
    response = post_form(
        client,
        "/profil/passwort",
        {
            "current_password": "falsch-falsch-1",
            "new_password": "neues-passwort-2",
            "new_password_repeat": "neues-passwort-2",
        },
    )
    assert response.status_code == 422
    assert "bisherige Passwort stimmt nicht" in response.get_data(as_text=True)
    database.refresh(user)
    assert user.password_hash == old_hash


def test_password_change_signs_out_other_devices(app, auth, client, database):
    make_user(database)
    other_device = app.test_client()
    post_form(other_device, "/login", {"email": "anna@example.org", "password": PASSWORD})
    assert other_device.get("/profil").status_code == 200
    auth.login()
    response = post_form(
        client,
        "/profil/passwort",
        {
            "current_password": PASSWORD,
            "new_password": "neues-passwort-2",
            "new_password_repeat": "neues-passwort-2",
        },
    )
    assert response.status_code == 302
    assert client.get("/profil").status_code == 200
    assert other_device.get("/profil").status_code == 302
    auth.logout()
    assert auth.login(password="neues-passwort-2").status_code == 302


def test_delete_account_needs_the_password_and_removes_memberships(client, auth, database):
    user = make_user(database)
    organisation = Organisation(name="Verein", kind="club", municipality="burg")
    database.add(organisation)
    database.commit()
    database.add(Membership(user_id=user.id, organisation_id=organisation.id))
    database.commit()
    auth.login()
    response = post_form(client, "/profil/loeschen", {"password": "falsch-falsch-1"})
    assert response.status_code == 422
    assert user_count(database) == 1
    response = post_form(client, "/profil/loeschen", {"password": PASSWORD})
    assert response.status_code == 302
    assert user_count(database) == 0
    assert database.exec(select(Membership)).all() == []
    assert client.get("/profil").status_code == 302


def test_login_limit_counts_the_forwarded_address_behind_a_proxy(app_factory):
    app = app_factory(LOGIN_RATE_LIMIT="2 per minute", PROXY_HOPS=1)
    client = app.test_client()
    form = {"email": "x@example.org", "password": "falsch-123456"}

    def attempt(address):
        return post_form(client, "/login", form, headers={"X-Forwarded-For": address}).status_code

    assert [attempt("203.0.113.7") for _ in range(3)] == [422, 422, 429]
    assert attempt("203.0.113.8") == 422  # another resident behind the same proxy
