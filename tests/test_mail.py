"""Outbound e-mail against a real SMTP server on localhost (the development catcher): both
parts and both languages, the outbox that sends each mail once, a failed try retried."""

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from flask_babel import lazy_gettext as _l
from sqlmodel import select

from core import mail
from core.mail import OutboxMail
from tests.conftest import PASSWORD, free_port, make_user, post_form
from webapp.tasks import scheduled_steps


def _send(app, database, key="probe:1", language="de"):
    with app.test_request_context("/"):
        return mail.send(
            database,
            key=key,
            to="anna@example.org",
            language=language,
            template="mail/confirm_email",
            subject=_l("Bitte bestätigen Sie Ihre E-Mail-Adresse"),
            name="Anna",
            link="http://localhost/konto/bestaetigen/abc",
        )


def _outbox(database, key="probe:1") -> OutboxMail:
    database.expire_all()
    return database.exec(select(OutboxMail).where(OutboxMail.key == key)).one()


def test_a_mail_arrives_with_text_and_html_in_german(app, database, mailbox):
    assert _send(app, database) is True
    [caught] = mailbox.mails()
    headers = caught.message
    assert headers["To"] == "anna@example.org"
    assert headers["From"] == app.config["MAIL_FROM"]
    assert headers["Subject"] == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert headers["Content-Language"] == "de"
    assert headers["Message-ID"].endswith("@landwerk.example>")
    assert headers.get_content_type() == "multipart/alternative"
    assert "Hallo Anna," in caught.text
    assert "http://localhost/konto/bestaetigen/abc" in caught.text
    assert '<a href="http://localhost/konto/bestaetigen/abc">' in caught.html
    assert '<html lang="de">' in caught.html
    assert _outbox(database).sent_at is not None


def test_a_mail_to_an_english_reader_is_in_english(app, database, mailbox):
    _send(app, database, language="en")
    [caught] = mailbox.mails()
    assert caught.message["Subject"] == "Please confirm your e-mail address"
    assert caught.message["Content-Language"] == "en"
    assert "Hello Anna," in caught.text
    assert '<html lang="en">' in caught.html


def test_the_same_key_is_one_mail(app, database, mailbox):
    assert _send(app, database) is True
    assert _send(app, database) is False
    assert len(mailbox.mails()) == 1
    assert len(list(database.exec(select(OutboxMail)))) == 1


def test_a_retry_does_not_send_again_what_was_marked_sent(app, database, mailbox):
    _send(app, database)
    mail_id = _outbox(database).id
    with app.app_context():
        assert mail.deliver_now(mail_id) is False
        assert mail.deliver.call_local(mail_id) is False
    assert len(mailbox.mails()) == 1
    assert _outbox(database).attempts == 1


def test_a_failed_try_keeps_the_mail_for_the_retry(app, database, mailbox, mail_catcher):
    # Nobody listens on this port: the first try fails, the mail stays unsent.
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{free_port()}"
    _send(app, database)
    stored = _outbox(database)
    assert stored.sent_at is None
    assert stored.claimed_at is None
    assert "ConnectionRefusedError" in stored.last_error
    assert mailbox.mails() == []
    # The retry, once the server is back, sends it – once.
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{mail_catcher.port}"
    with app.app_context():
        assert mail.deliver_now(stored.id) is True
        assert mail.deliver_now(stored.id) is False
    assert len(mailbox.mails()) == 1
    stored = _outbox(database)
    assert stored.attempts == 2
    assert stored.last_error is None


def test_a_try_that_holds_the_mail_keeps_a_second_one_out(app, database, mailbox):
    app.config["MAIL_URL"] = f"smtp://127.0.0.1:{free_port()}"
    _send(app, database)
    stored = _outbox(database)
    stored.claimed_at = mail.utcnow()
    database.add(stored)
    database.commit()
    with app.app_context():
        assert mail.deliver_now(stored.id) is False


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://post%40landwerk.de:ge%3Aheim@mail.example:587?starttls=1",
            mail.MailServer("mail.example", 587, False, True, "post@landwerk.de", "ge:heim"),
        ),
        ("smtps://mail.example", mail.MailServer("mail.example", 465, True, False, "", "")),
        ("smtp://127.0.0.1:8025", mail.MailServer("127.0.0.1", 8025, False, False, "", "")),
    ],
)
def test_mail_urls(url, expected):
    assert mail.parse_mail_url(url) == expected


@pytest.mark.parametrize("url", ["", "http://mail.example", "smtp://", "mail.example:25"])
def test_a_mail_url_that_is_not_one_is_refused(url):
    with pytest.raises(mail.MailConfigurationError):
        mail.parse_mail_url(url)


def _signed_in(app, database, email, **fields):
    client = app.test_client()
    make_user(database, email=email, **fields)
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client


def test_owners_read_the_caught_mails_at_admin_mails(app, database, mailbox):
    _send(app, database)
    owner = _signed_in(app, database, "paula@example.org", is_product_owner=True)
    page = owner.get("/admin/mails")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in text
    assert '<a href="http://localhost/konto/bestaetigen/abc">' in text
    resident = _signed_in(app, database, "rita@example.org")
    assert resident.get("/admin/mails").status_code == 403


def test_with_a_real_mail_server_there_is_no_mail_page(app_factory, database):
    app = app_factory(MAIL_CATCHER_FOLDER="")
    owner = _signed_in(app, database, "paula@example.org", is_product_owner=True)
    assert owner.get("/admin/mails").status_code == 404


def test_mail_url_from_the_environment_turns_the_catcher_off(monkeypatch, tmp_path):
    from webapp import config

    monkeypatch.delenv("MAIL_URL", raising=False)
    embedded = config.from_environment(str(tmp_path))
    assert embedded["MAIL_URL"] == "smtp://127.0.0.1:8025"
    assert embedded["MAIL_CATCHER_FOLDER"] == str(tmp_path / "mails")
    monkeypatch.setenv("MAIL_URL", "smtps://post:geheim@mail.example")
    monkeypatch.setenv("MAIL_FROM", "Stadtwerke Burg <post@mail.example>")
    production = config.from_environment(str(tmp_path))
    assert production["MAIL_URL"] == "smtps://post:geheim@mail.example"
    assert production["MAIL_CATCHER_FOLDER"] == ""
    assert production["MAIL_ENVELOPE_FROM"] == "post@mail.example"


def _stranded(database, key: str, *, written_ago: timedelta, **fields) -> OutboxMail:
    """An outbox mail whose task never ran: recorded and committed, not handed to the queue."""
    message = EmailMessage()
    message["To"], message["Subject"] = "anna@example.org", key
    message.set_content("Hallo Anna")
    mail_id = mail.record(database, key=key, message=message)
    stored = database.get(OutboxMail, mail_id)
    stored.created_at = NOW - written_ago
    for name, value in fields.items():
        setattr(stored, name, value)
    database.add(stored)
    database.commit()
    return stored


NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def test_the_sweep_sends_a_mail_whose_task_was_lost_once(app, database, mailbox):
    lost = _stranded(database, "lost:1", written_ago=timedelta(minutes=20))
    _stranded(database, "fresh:1", written_ago=timedelta(minutes=5))  # its task may still come
    _stranded(database, "old:1", written_ago=timedelta(days=3))  # given up
    _stranded(database, "tried:1", written_ago=timedelta(hours=1), attempts=mail.MOST_ATTEMPTS)
    _stranded(  # a try holds it right now
        database, "held:1", written_ago=timedelta(hours=1), claimed_at=NOW - timedelta(minutes=1)
    )
    _stranded(database, "sent:1", written_ago=timedelta(hours=1), sent_at=NOW)
    with app.app_context():
        assert mail.resend_stranded(database, NOW) == 1
        assert mail.resend_stranded(database, NOW) == 0
    assert [caught.message["Subject"] for caught in mailbox.mails()] == ["lost:1"]
    assert _outbox(database, "lost:1").sent_at is not None
    assert lost.id == _outbox(database, "lost:1").id


def test_the_sweep_is_one_of_the_platforms_scheduled_steps(app):
    assert "mail.resend_stranded" in {step.name for step in scheduled_steps(app)}
