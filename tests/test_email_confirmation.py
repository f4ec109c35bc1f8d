"""A new account confirms its address by a signed link (48 h) before its votes count; until
then it reads and comments. The link comes by mail to a real SMTP server on localhost."""

import re
from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlmodel import select

from core import email_tokens
from core.models import User
from feedback.models import Vote
from tests.conftest import make_user, post_form
from tests.test_accounts import REGISTRATION
from tests.test_api_votes import call, signed_in, staged  # noqa: F401  (staged: a fixture)

LINK = re.compile(r"http://localhost(/konto/bestaetigen/[A-Za-z0-9_.\-]+)")


def _register(client, **changes):
    return post_form(client, "/registrieren", {**REGISTRATION, **changes}, follow_redirects=True)


def _confirmation_path(mailbox, to="neu@example.org") -> str:
    [caught] = mailbox.mails(to)
    return LINK.search(caught.text).group(1)


def _fresh_user(database, email="neu@example.org") -> User:
    database.expire_all()
    return database.exec(select(User).where(User.email == email)).one()


def test_registration_mails_a_confirmation_link_in_the_readers_language(client, mailbox):
    post_form(client, "/sprache", {"sprache": "en"})
    _register(client)
    [caught] = mailbox.mails("neu@example.org")
    assert caught.message["Subject"] == "Please confirm your e-mail address"
    assert LINK.search(caught.text) and LINK.search(caught.html)


def test_the_link_shows_a_button_and_the_button_confirms(client, database, mailbox):
    _register(client)
    path = _confirmation_path(mailbox)
    assert _fresh_user(database).email_verified_at is None
    page = client.get(path)
    assert page.status_code == 200
    assert _fresh_user(database).email_verified_at is None  # opening the link changes nothing
    answer = post_form(client, path, follow_redirects=True)
    assert "Ihre E-Mail-Adresse ist bestätigt" in answer.get_data(as_text=True)
    assert _fresh_user(database).email_verified_at is not None
    again = post_form(client, path, follow_redirects=True)
    assert "war schon bestätigt" in again.get_data(as_text=True)


def test_a_known_address_gets_another_mail_and_the_same_answer(client, database, mailbox):
    make_user(database, email="neu@example.org")
    known = _register(client)
    new = _register(client, email="ganz-neu@example.org")
    assert known.status_code == new.status_code == 200
    assert known.request.path == new.request.path == "/login"
    message = "Danke! Wir haben Ihnen eine E-Mail geschickt."
    assert message in known.get_data(as_text=True) and message in new.get_data(as_text=True)
    [caught] = mailbox.mails("neu@example.org")
    assert caught.message["Subject"] == "Sie haben schon ein Konto bei Landwerk"
    assert "/passwort-vergessen" in caught.text
    assert mailbox.mails("ganz-neu@example.org")[0].message["Subject"] == (
        "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    )


def _token_for(app, user, *, purpose=email_tokens.CONFIRM_EMAIL, key="test-secret", **payload):
    serializer = URLSafeTimedSerializer(key, salt=purpose)
    return serializer.dumps({"u": user.id, "e": user.email, **payload})


@pytest.mark.parametrize(
    "forge",
    [
        lambda app, user: _token_for(app, user, key="another-secret"),
        lambda app, user: _token_for(app, user, purpose=email_tokens.RESET_PASSWORD),
        lambda app, user: _token_for(app, user, e="someone@example.org"),
        lambda app, user: _token_for(app, user, u=2**31),
        lambda app, user: "x" * 2000,
        lambda app, user: "abc.def.ghi",
    ],
    ids=["other-key", "reset-token", "other-address", "id-out-of-range", "too-long", "garbage"],
)
def test_a_forged_link_confirms_nothing(app, client, database, forge):
    user = make_user(database, email="neu@example.org", email_verified=False)
    path = f"/konto/bestaetigen/{forge(app, user)}"
    assert client.get(path).status_code == 400
    assert post_form(client, path).status_code == 400
    assert _fresh_user(database).email_verified_at is None


def test_an_expired_link_says_so(app, client, database, monkeypatch):
    user = make_user(database, email="neu@example.org", email_verified=False)
    with app.test_request_context("/"):
        token = email_tokens.issue(user, email_tokens.CONFIRM_EMAIL)
    monkeypatch.setitem(email_tokens.VALID_FOR, email_tokens.CONFIRM_EMAIL, timedelta(seconds=-1))
    page = client.get(f"/konto/bestaetigen/{token}")
    assert page.status_code == 410
    assert "Dieser Link ist abgelaufen." in page.get_data(as_text=True)
    assert _fresh_user(database).email_verified_at is None


def test_the_link_lasts_48_hours():
    assert email_tokens.VALID_FOR[email_tokens.CONFIRM_EMAIL] == timedelta(hours=48)
    assert email_tokens.VALID_FOR[email_tokens.RESET_PASSWORD] == timedelta(hours=1)


def test_an_unconfirmed_resident_cannot_vote_on_the_web(staged, database):  # noqa: F811
    client = signed_in(staged, database, email="neu@example.org", email_verified=False)
    page = client.get("/roadmap").get_data(as_text=True)
    assert "Bestätigungslink erneut senden" in page
    answer = post_form(
        client, "/abstimmen", {"subject": "service:gamma", "stimme": "ja"}, follow_redirects=True
    )
    page = answer.get_data(as_text=True)
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in page
    assert "Bestätigungslink erneut senden" in page
    assert database.exec(select(Vote)).all() == []


def test_an_unconfirmed_resident_gets_403_from_the_vote_api(staged, database):  # noqa: F811
    client = signed_in(staged, database, email="neu@example.org", email_verified=False)
    answer = call(client, "POST", "/api/v1/services/gamma/vote")
    assert answer.status_code == 403
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in answer.get_json()["message"]
    assert database.exec(select(Vote)).all() == []


def test_a_confirmed_resident_votes(staged, database):  # noqa: F811
    client = signed_in(staged, database, email="neu@example.org")
    assert call(client, "POST", "/api/v1/services/gamma/vote").status_code == 200


def test_resending_the_link_is_rate_limited(client, database, mailbox, links_a_second_apart):
    make_user(database, email="neu@example.org", email_verified=False)
    post_form(client, "/login", {"email": "neu@example.org", "password": "sicheres-passwort-1"})
    for _ in range(3):
        sent = post_form(client, "/konto/bestaetigung/erneut", follow_redirects=True)
        assert "Wir haben Ihnen einen neuen Link" in sent.get_data(as_text=True)
    refused = post_form(client, "/konto/bestaetigung/erneut", follow_redirects=True)
    assert "Wir haben Ihnen gerade erst einen Link geschickt" in refused.get_data(as_text=True)
    caught = mailbox.mails("neu@example.org")
    links = {LINK.search(mail.text).group(1) for mail in caught}
    assert len(caught) == len(links) == 3


def test_every_resent_link_confirms(client, database, mailbox):
    make_user(database, email="neu@example.org", email_verified=False)
    post_form(client, "/login", {"email": "neu@example.org", "password": "sicheres-passwort-1"})
    post_form(client, "/konto/bestaetigung/erneut")
    path = _confirmation_path(mailbox)
    post_form(client, path)
    assert _fresh_user(database).email_verified_at is not None


def test_demo_and_cli_accounts_are_confirmed(app, runner, database):
    result = runner.invoke(
        args=["users", "create", "amt@landwerk.example", "--password-stdin"],
        input="ein-gutes-passwort-9\n",
    )
    assert result.exit_code == 0, result.output
    assert _fresh_user(database, "amt@landwerk.example").email_verified_at is not None
    assert runner.invoke(args=["demo"]).exit_code == 0
    database.expire_all()
    unconfirmed = database.exec(select(User).where(User.email_verified_at.is_(None))).all()
    assert unconfirmed == []
