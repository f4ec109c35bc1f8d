""" "Passwort vergessen?": a signed link for one hour and one use, by mail to a real SMTP server
on localhost; the same answer whether the address has an account or not; every device signed
out after the new password is set."""

import re
from datetime import timedelta

from sqlmodel import select

from core import email_tokens
from core.models import SignIn, User
from tests.conftest import PASSWORD, make_user, post_form
from tests.test_sign_out import is_signed_in, signed_in

EMAIL = "anna@example.org"
NEW_PASSWORD = "neues-passwort-42"
LINK = re.compile(r"http://localhost(/passwort-neu/[A-Za-z0-9_.\-]+)")
PASSWORD_RULES = "Mindestens 10 Zeichen, mit Buchstaben und mindestens einer Ziffer oder einem"
SAME_ANSWER = "Wenn zu dieser Adresse ein Konto gehört, ist eine E-Mail mit einem Link unterwegs."


def _ask(client, email=EMAIL):
    return post_form(client, "/passwort-vergessen", {"email": email}, follow_redirects=True)


def _reset_path(mailbox) -> str:
    [caught] = mailbox.mails(EMAIL)
    assert caught.message["Subject"] == "Ein neues Passwort für Landwerk"
    return LINK.search(caught.text).group(1)


def _set(client, path, password=NEW_PASSWORD):
    return post_form(
        client,
        path,
        {"new_password": password, "new_password_repeat": password},
        follow_redirects=True,
    )


def _can_sign_in(app, password) -> bool:
    client = app.test_client()
    answer = post_form(client, "/login", {"email": EMAIL, "password": password})
    return answer.status_code == 302


def test_the_sign_in_page_leads_to_it(client):
    assert 'href="/passwort-vergessen"' in client.get("/login").get_data(as_text=True)


def test_a_known_and_an_unknown_address_get_the_same_answer(client, database, mailbox):
    make_user(database, email=EMAIL)
    known = _ask(client)
    unknown = _ask(client, "niemand@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.request.path == unknown.request.path == "/login"
    assert SAME_ANSWER in known.get_data(as_text=True)
    assert SAME_ANSWER in unknown.get_data(as_text=True)
    assert len(mailbox.mails(EMAIL)) == 1
    assert mailbox.mails("niemand@example.org") == []


def test_the_link_sets_a_new_password_and_ends_every_sign_in(app, database, mailbox):
    make_user(database, email=EMAIL)
    other_device = signed_in(app, remember=True)
    client = app.test_client()
    _ask(client)
    path = _reset_path(mailbox)
    assert client.get(path).status_code == 200
    done = _set(client, path)
    assert done.request.path == "/login"
    assert "Ihr neues Passwort gilt." in done.get_data(as_text=True)
    assert not is_signed_in(other_device)
    assert database.exec(select(SignIn)).all() == []
    assert _can_sign_in(app, NEW_PASSWORD)
    assert not _can_sign_in(app, PASSWORD)


def test_the_link_works_once(app, client, database, mailbox):
    make_user(database, email=EMAIL)
    _ask(client)
    path = _reset_path(mailbox)
    _set(client, path)
    reused = _set(client, path, "noch-ein-passwort-3")
    assert reused.status_code == 400
    assert "ungültig oder wurde schon benutzt" in reused.get_data(as_text=True)
    assert _can_sign_in(app, NEW_PASSWORD)


def test_a_link_from_before_a_password_change_is_void(app, client, database, mailbox):
    user = make_user(database, email=EMAIL)
    with app.test_request_context("/"):
        token = email_tokens.issue(user, email_tokens.RESET_PASSWORD)
    stored = database.get(User, user.id)
    stored.password_hash = "changed"
    database.add(stored)
    database.commit()
    assert client.get(f"/passwort-neu/{token}").status_code == 400


def test_an_expired_link_sets_nothing(app, client, database, monkeypatch):
    user = make_user(database, email=EMAIL)
    with app.test_request_context("/"):
        token = email_tokens.issue(user, email_tokens.RESET_PASSWORD)
    monkeypatch.setitem(email_tokens.VALID_FOR, email_tokens.RESET_PASSWORD, timedelta(seconds=-1))
    answer = _set(client, f"/passwort-neu/{token}")
    assert answer.status_code == 410
    assert "Dieser Link ist abgelaufen." in answer.get_data(as_text=True)
    assert _can_sign_in(app, PASSWORD)


def test_a_confirmation_link_is_no_reset_link(app, client, database):
    user = make_user(database, email=EMAIL)
    with app.test_request_context("/"):
        token = email_tokens.issue(user, email_tokens.CONFIRM_EMAIL)
    assert _set(client, f"/passwort-neu/{token}").status_code == 400
    assert _can_sign_in(app, PASSWORD)


def test_a_weak_password_is_refused_and_nothing_changes(app, client, database, mailbox):
    make_user(database, email=EMAIL)
    _ask(client)
    path = _reset_path(mailbox)
    # The form says the rules before one tries, as registration does.
    assert PASSWORD_RULES in client.get(path).get_data(as_text=True)
    answer = _set(client, path, "kurz")
    assert answer.status_code == 422
    assert _can_sign_in(app, PASSWORD)


def test_a_reset_confirms_an_unconfirmed_address(app, client, database, mailbox):
    user = make_user(database, email=EMAIL, email_verified=False)
    _ask(client)
    _set(client, _reset_path(mailbox))
    database.expire_all()
    assert database.get(User, user.id).email_verified_at is not None


def test_mails_to_one_address_are_rate_limited_and_the_answer_stays_the_same(
    client, database, mailbox, links_a_second_apart
):
    make_user(database, email=EMAIL)
    for _ in range(4):
        assert SAME_ANSWER in _ask(client).get_data(as_text=True)
    assert len(mailbox.mails(EMAIL)) == 3  # MAIL_ADDRESS_RATE_LIMIT: 3 per hour


def test_asking_is_rate_limited_per_client(app_factory, database):
    app = app_factory(PASSWORD_RESET_RATE_LIMIT="2 per hour")
    client = app.test_client()
    assert _ask(client).status_code == 200
    assert _ask(client).status_code == 200
    assert _ask(client).status_code == 429


def test_bad_input_is_a_german_error(client):
    for email in ["", "kein-at-zeichen", "a" * 300 + "@example.org", "nul\x00@example.org"]:
        answer = post_form(client, "/passwort-vergessen", {"email": email})
        assert answer.status_code in (400, 422), email
