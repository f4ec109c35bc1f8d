"""The settings page of notification mails (from the profile, CSRF-protected, all or nothing)
and the unsubscribe link of every such mail: RFC 8058's one-click POST without a sign-in, a
page with a button for people, and a forged or expired token refused with a German page."""

import re
import time
from datetime import UTC, datetime, timedelta

import itsdangerous
import pytest
from sqlmodel import select

from core import accounts, email_tokens
from feedback.models import EmailPreference, NotificationDigest
from feedback.notifications import preferences, unsubscribe
from feedback.notifications.digest import send_digests
from feedback.notifications.preferences import INSTANT, OFF, WEEKLY
from tests.conftest import PASSWORD, make_user, post_form
from tests.notification_mails import choose, notify_now, stored, unsubscribe_token

SETTINGS = "/benachrichtigungen/einstellungen"
ALL_OFF = {kind.key: OFF for kind in preferences.KINDS}


def checked(html: str) -> dict[str, str]:
    """The choice each radio group shows as chosen."""
    return dict(
        re.findall(
            r'<input checked id="[^"]+" name="([^"]+)" required type="radio" value="([^"]+)"', html
        )
    )


@pytest.fixture
def anna(database):
    return make_user(database)


@pytest.fixture
def signed_in(client, anna):
    post_form(client, "/login", {"email": anna.email, "password": PASSWORD})
    return client


def test_the_profile_leads_to_the_settings_where_everything_is_off(signed_in):
    profile = signed_in.get("/profil").get_data(as_text=True)
    assert "E-Mail-Benachrichtigungen" in profile and f'href="{SETTINGS}"' in profile
    page = signed_in.get(SETTINGS)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert {kind.key: OFF for kind in preferences.KINDS} == checked(html)
    assert "Wöchentliche Zusammenfassung" in html


def test_visitors_are_sent_to_sign_in(client):
    assert client.get(SETTINGS).status_code == 302
    assert "/login" in client.get(SETTINGS).headers["Location"]


def test_choices_are_saved_and_shown_again(signed_in, database, anna):
    choices = {**ALL_OFF, "antworten": INSTANT, "nachrichten": WEEKLY}
    saved = post_form(signed_in, SETTINGS, choices)
    assert saved.status_code == 303
    assert stored(database, anna) == {"antworten": INSTANT, "nachrichten": WEEKLY}
    html = signed_in.get(SETTINGS).get_data(as_text=True)
    assert checked(html)["antworten"] == INSTANT
    assert "sind gespeichert" in html
    post_form(signed_in, SETTINGS, {**choices, "antworten": OFF})
    assert stored(database, anna) == {"nachrichten": WEEKLY}


@pytest.mark.parametrize(
    "bad", [{"antworten": "laut"}, {"antworten": ""}, {"ideen": None}, {"antworten": "SOFORT"}]
)
def test_a_bad_choice_is_refused_in_german_and_nothing_is_written(signed_in, database, anna, bad):
    choose(database, anna, erinnerungen=WEEKLY)
    form = {**ALL_OFF, "freischaltungen": INSTANT, **bad}
    refused = post_form(signed_in, SETTINGS, {k: v for k, v in form.items() if v is not None})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Bitte wählen Sie „Aus“, „Sofort“ oder „Wöchentliche Zusammenfassung“." in html
    # Not even the valid choices of the same form: what was stored before stays as it was.
    assert stored(database, anna) == {"erinnerungen": WEEKLY}


def test_saving_without_the_csrf_token_is_refused(signed_in, database, anna):
    refused = signed_in.post(SETTINGS, data={**ALL_OFF, "antworten": INSTANT})
    assert refused.status_code == 400
    assert stored(database, anna) == {}


def test_a_saved_kind_in_an_unknown_form_is_refused_by_the_service(database, anna):
    with pytest.raises(preferences.PreferenceError):
        choose(database, anna, antworten=INSTANT, posteingang=INSTANT)
    assert stored(database, anna) == {}


# --- Unsubscribing ------------------------------------------------------------------------------


def _mailed_token(app, database, mailbox, anna) -> str:
    choose(database, anna, antworten=INSTANT, ideen=WEEKLY)
    notify_now(app, database, anna)
    [caught] = mailbox.mails()
    return unsubscribe_token(caught)


def test_one_click_post_without_sign_in_or_csrf_turns_that_kind_off(app, database, mailbox, anna):
    token = _mailed_token(app, database, mailbox, anna)
    mail_program = app.test_client()  # no session, no cookie, no form token
    answer = mail_program.post(
        f"/benachrichtigungen/abbestellen/{token}",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    assert "Diese E-Mails schicken wir Ihnen nicht mehr." in answer.get_data(as_text=True)
    assert stored(database, anna) == {"ideen": WEEKLY}
    # Clicked twice: still off, and still a friendly answer.
    assert mail_program.post(f"/benachrichtigungen/abbestellen/{token}").status_code == 200
    notify_now(app, database, anna)
    assert len(mailbox.mails()) == 1


def test_the_link_opened_shows_a_button_and_changes_nothing(app, database, mailbox, anna):
    token = _mailed_token(app, database, mailbox, anna)
    visitor = app.test_client()
    page = visitor.get(f"/benachrichtigungen/abbestellen/{token}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Antworten auf Ihre Kommentare" in html
    assert f'<form method="post" action="/benachrichtigungen/abbestellen/{token}">' in html
    assert stored(database, anna) == {"antworten": INSTANT, "ideen": WEEKLY}
    assert visitor.post(f"/benachrichtigungen/abbestellen/{token}").status_code == 200
    assert stored(database, anna) == {"ideen": WEEKLY}


def test_the_digests_link_turns_off_every_weekly_kind_it_summed_up(app, database, mailbox, anna):
    choose(database, anna, antworten=WEEKLY, ideen=WEEKLY, nachrichten=INSTANT)
    notify_now(app, database, anna)
    with app.app_context():
        # Her reply of this week, summed up in the digest of the Monday after.
        assert send_digests(database, datetime.now(UTC) + timedelta(days=7)) == 1
    [caught] = mailbox.mails()
    token = unsubscribe_token(caught)
    assert app.test_client().post(f"/benachrichtigungen/abbestellen/{token}").status_code == 200
    assert stored(database, anna) == {"nachrichten": INSTANT}


def _token_issued_days_ago(app, anna, days: int, kinds=("antworten",)) -> str:
    issued = int(time.time()) - days * 86400
    original = itsdangerous.timed.TimestampSigner.get_timestamp
    itsdangerous.timed.TimestampSigner.get_timestamp = lambda _self: issued
    try:
        with app.app_context():
            return unsubscribe.issue(anna, kinds)
    finally:
        itsdangerous.timed.TimestampSigner.get_timestamp = original


def _forged_tokens(app, anna, database) -> list[str]:
    with app.app_context():
        genuine = unsubscribe.issue(anna, ["antworten"])
        other_purpose = email_tokens.issue(anna, email_tokens.CONFIRM_EMAIL)
    bert = make_user(database, email="bert@example.org")
    with app.app_context():
        berts = unsubscribe.issue(bert, ["antworten"])
    head, _dot, signature = genuine.rpartition(".")
    return [
        head + "." + ("A" if signature[0] != "A" else "B") + signature[1:],  # signature changed
        berts.replace(berts.split(".")[0], genuine.split(".")[0]),  # Bert's signature, Anna's id
        other_purpose,  # a confirmation link's token
        "x" * 1000,
        "abc",
    ]


def test_a_forged_token_is_refused_with_a_german_page_and_nothing_changes(
    app, database, mailbox, anna
):
    choose(database, anna, antworten=INSTANT)
    for token in _forged_tokens(app, anna, database):
        for method in ("GET", "POST"):
            answer = app.test_client().open(
                f"/benachrichtigungen/abbestellen/{token}", method=method
            )
            assert answer.status_code == 400, token
            html = answer.get_data(as_text=True)
            assert "Dieser Link funktioniert nicht" in html
            assert "ungültig" in html and "Es wurde nichts geändert." in html
    assert stored(database, anna) == {"antworten": INSTANT}


def test_an_expired_token_is_refused_and_nothing_changes(app, database, anna):
    choose(database, anna, antworten=INSTANT)
    fresh = _token_issued_days_ago(app, anna, 89)
    expired = _token_issued_days_ago(app, anna, 91)
    answer = app.test_client().post(f"/benachrichtigungen/abbestellen/{expired}")
    assert answer.status_code == 400
    assert "abgelaufen" in answer.get_data(as_text=True)
    assert stored(database, anna) == {"antworten": INSTANT}
    assert app.test_client().post(f"/benachrichtigungen/abbestellen/{fresh}").status_code == 200
    assert stored(database, anna) == {}


def test_a_link_to_an_address_changed_since_does_nothing(app, database, anna):
    choose(database, anna, antworten=INSTANT)
    with app.app_context():
        token = unsubscribe.issue(anna, ["antworten"])
    anna.email = "anna.neu@example.org"
    database.add(anna)
    database.commit()
    assert app.test_client().post(f"/benachrichtigungen/abbestellen/{token}").status_code == 400
    assert stored(database, anna) == {"antworten": INSTANT}


def test_a_deleted_account_takes_its_choices_and_digests_along(app, database, mailbox, anna):
    choose(database, anna, antworten=WEEKLY)
    notify_now(app, database, anna)
    with app.app_context():
        assert send_digests(database, datetime.now(UTC) + timedelta(days=7)) == 1
    accounts.delete_account(db=database, user=anna)
    database.expire_all()
    assert database.exec(select(EmailPreference)).all() == []
    assert database.exec(select(NotificationDigest)).all() == []
