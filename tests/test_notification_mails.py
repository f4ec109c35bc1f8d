"""Notifications by e-mail, against the real SMTP catcher: nothing without the person's choice,
one mail at once for "sofort" (with the unsubscribe headers of RFC 2369 and RFC 8058) and never
a second for the same notification, only to confirmed addresses; the weekly digest collects a
week's notifications of the weekly kinds and goes out once per person and ISO week."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from core import mail
from feedback.models import Comment, Notification, NotificationDigest
from feedback.notifications import preferences
from feedback.notifications.digest import last_week, send_digests
from feedback.notifications.mails import mail_instantly
from feedback.notifications.service import KINDS, notify, record_notice
from tests.conftest import PASSWORD, make_user, post_form
from tests.notification_mails import choose, notify_now, outbox, unsubscribe_token
from webapp.tasks import scheduled_steps

REPLY_TEXT = "Bert hat auf Ihren Kommentar zu „Neuigkeiten“ geantwortet."


def test_every_notification_kind_can_be_mailed_under_exactly_one_choice():
    mailed = [n for kind in preferences.KINDS for n in kind.notifications]
    assert sorted(mailed) == sorted(KINDS)


def test_without_a_choice_nothing_is_mailed(app, database, mailbox):
    anna = make_user(database)
    notify_now(app, database, anna)
    assert database.exec(select(Notification)).one().user_id == anna.id
    assert outbox(database) == []
    assert mailbox.mails() == []


def test_a_weekly_kind_or_another_kind_is_not_mailed_at_once(app, database, mailbox):
    anna = make_user(database)
    choose(database, anna, antworten=preferences.WEEKLY, nachrichten=preferences.INSTANT)
    notify_now(app, database, anna, kind="reply")
    notify_now(app, database, anna, kind="unlocked")
    assert outbox(database) == []
    assert mailbox.mails() == []


def test_a_reply_is_mailed_at_once_with_the_unsubscribe_headers(app, client, database, mailbox):
    anna = make_user(database)
    make_user(database, email="bert@example.org", display_name="Bert")
    choose(database, anna, antworten=preferences.INSTANT)
    question = Comment(subject="service:news", user_id=anna.id, body="Wann kommt das?")
    database.add(question)
    database.commit()
    post_form(client, "/login", {"email": "bert@example.org", "password": PASSWORD})
    answered = post_form(
        client,
        "/diskussion/kommentare",
        {"subject": "service:news", "body": "Im Frühjahr.", "parent_id": str(question.id)},
    )
    assert answered.status_code == 302
    [caught] = mailbox.mails()
    assert caught.message["To"] == "anna@example.org"
    assert caught.message["Subject"] == "Neues zu Ihrem Kommentar bei Landwerk"
    assert REPLY_TEXT in caught.text
    assert "http://127.0.0.1:5000/roadmap/news" in caught.text
    assert '<a href="http://127.0.0.1:5000/roadmap/news">' in caught.html
    assert "http://127.0.0.1:5000/benachrichtigungen/einstellungen" in caught.text
    assert unsubscribe_token(caught)
    [sent] = outbox(database)
    assert sent.sent_at is not None and sent.key.startswith(f"notification:{anna.id}:")
    # On the wire in one piece, not folded into encoded words that mail programs cannot use.
    header = "List-Unsubscribe: <http://127.0.0.1:5000/benachrichtigungen/abbestellen/"
    assert f"\r\n{header}{unsubscribe_token(caught)}>\r\n" in sent.message


def test_an_english_reader_gets_the_mail_in_english(app, database, mailbox):
    anna = make_user(database, language="en")
    choose(database, anna, antworten=preferences.INSTANT)
    notify_now(app, database, anna)
    [caught] = mailbox.mails()
    assert caught.message["Subject"] == "News about your comment on Landwerk"
    assert "There is a reply to your comment on “Neuigkeiten”." in caught.text
    assert '<html lang="en">' in caught.html


def test_the_same_notification_is_mailed_once_whatever_is_tried_again(app, database, mailbox):
    anna = make_user(database)
    choose(database, anna, antworten=preferences.INSTANT)
    notification = notify_now(app, database, anna)
    [recorded] = outbox(database)
    with app.app_context():
        # The hook again for the same notification, and the queue's task once more.
        assert mail_instantly(database, notification) is False
        database.commit()
        assert mail.deliver_now(recorded.id) is False
        assert mail.deliver.call_local(recorded.id) is False
    assert len(mailbox.mails()) == 1
    assert len(outbox(database)) == 1


def test_a_notice_repeated_while_unread_is_one_notification_and_one_mail(app, database, mailbox):
    anna = make_user(database)
    choose(database, anna, erinnerungen=preferences.INSTANT)
    for _run in range(2):
        # As the help board's scheduled step sends it: no request, a path for the link.
        with app.app_context():
            record_notice(
                database, user_ids={anna.id}, kind="help_expired", title="Rasenmähen",
                path="/nachbarschaftshilfe/7",
            )  # fmt: skip
            database.commit()
    assert len(database.exec(select(Notification)).all()) == 1
    [caught] = mailbox.mails()
    assert "http://127.0.0.1:5000/nachbarschaftshilfe/7" in caught.text
    assert "„Rasenmähen“" in caught.text


def test_a_notification_rolled_back_sends_nothing(app, database, mailbox):
    anna = make_user(database)
    choose(database, anna, antworten=preferences.INSTANT)
    with app.app_context():
        notify(database, user_id=anna.id, kind="reply", subject="service:news", title="X")
        database.rollback()
        database.commit()  # a later commit of the same session hands nothing over
    assert outbox(database) == []
    assert mailbox.mails() == []


def test_an_unconfirmed_address_gets_no_notification_mail(app, database, mailbox):
    anna = make_user(database, email_verified=False)
    choose(database, anna, antworten=preferences.INSTANT, ideen=preferences.WEEKLY)
    notify_now(app, database, anna)
    last_monday = datetime(2026, 11, 30, 12, tzinfo=UTC)
    database.add(Notification(user_id=anna.id, kind="idea_planned", subject="idea:1",
                              title="Bank", created_at=last_monday))  # fmt: skip
    database.commit()
    with app.app_context():
        assert send_digests(database, datetime(2026, 12, 7, 5, 30, tzinfo=UTC)) == 0
    assert outbox(database) == []
    assert mailbox.mails() == []


# --- The weekly digest ---------------------------------------------------------------------------

# ISO week 49 of 2026 runs from Monday 30 November to Sunday 6 December (Berlin, UTC+1).
MONDAY_AFTER = datetime(2026, 12, 7, 5, 30, tzinfo=UTC)


def _add(database, user, kind, at, title="Mitfahrbank", subject="service:mitfahrbank", actor=None):
    database.add(Notification(user_id=user.id, kind=kind, subject=subject, title=title,
                              created_at=at, actor_id=actor and actor.id))  # fmt: skip
    database.commit()


def test_the_week_before_is_the_one_summed_up_in_berlin_time():
    # 00:10 on Monday 7 December in Berlin is still Sunday in UTC.
    week, start, end = last_week(datetime(2026, 12, 6, 23, 10, tzinfo=UTC))
    assert week == "2026-W49"
    assert (start, end) == (
        datetime(2026, 11, 29, 23, tzinfo=UTC),
        datetime(2026, 12, 6, 23, tzinfo=UTC),
    )
    assert last_week(datetime(2026, 12, 6, 22, 50, tzinfo=UTC))[0] == "2026-W48"
    assert last_week(datetime(2027, 1, 5, 8, tzinfo=UTC))[0] == "2026-W53"


def test_the_digest_collects_the_weeks_notifications_of_the_weekly_kinds_once(
    app, database, mailbox
):
    anna = make_user(database)
    bert = make_user(database, email="bert@example.org", display_name="Bert")
    choose(database, anna, antworten=preferences.WEEKLY, freischaltungen=preferences.WEEKLY)
    _add(database, anna, "unlocked", datetime(2026, 12, 1, 10, tzinfo=UTC))
    _add(database, anna, "reply", datetime(2026, 12, 6, 22, 30, tzinfo=UTC), title="Rufbus",
         actor=bert)  # fmt: skip
    # Before and after the week (Berlin midnight), and a kind she did not ask for.
    _add(database, anna, "reply", datetime(2026, 11, 29, 22, 30, tzinfo=UTC), title="Früher")
    _add(database, anna, "reply", datetime(2026, 12, 6, 23, 30, tzinfo=UTC), title="Später")
    _add(database, anna, "message", datetime(2026, 12, 2, 9, tzinfo=UTC), title="Honig")
    # Bert asked for nothing.
    _add(database, bert, "reply", datetime(2026, 12, 2, 9, tzinfo=UTC))
    with app.app_context():
        assert send_digests(database, MONDAY_AFTER) == 1
        # Later the same day, the next day, and a run at once: nothing again.
        assert send_digests(database, MONDAY_AFTER) == 0
        assert send_digests(database, MONDAY_AFTER + timedelta(days=1)) == 0
    [caught] = mailbox.mails()
    assert caught.message["To"] == "anna@example.org"
    assert caught.message["Subject"] == "Ihre Wochenübersicht von Landwerk – KW 49"
    text = caught.text
    assert "„Mitfahrbank“ ist jetzt für alle freigeschaltet." in text
    assert "Bert hat auf Ihren Kommentar zu „Rufbus“ geantwortet." in text
    assert text.index("Mitfahrbank") < text.index("Rufbus")  # in the order they came
    for left_out in ("Früher", "Später", "Honig"):
        assert left_out not in text
    assert "http://127.0.0.1:5000/roadmap/mitfahrbank" in text
    assert unsubscribe_token(caught)
    [digest] = database.exec(select(NotificationDigest)).all()
    assert (digest.user_id, digest.week, digest.notifications) == (anna.id, "2026-W49", 2)
    assert [m.key for m in outbox(database)] == [
        f"digest:{anna.id}:{anna.created_at:%Y%m%d%H%M%S%f}:2026-W49"
    ]


def test_a_week_without_news_sends_no_digest_and_the_next_week_has_its_own(app, database, mailbox):
    anna = make_user(database)
    choose(database, anna, ideen=preferences.WEEKLY)
    with app.app_context():
        assert send_digests(database, MONDAY_AFTER) == 0
        _add(database, anna, "idea_planned", datetime(2026, 12, 9, 8, tzinfo=UTC), title="Bank")
        assert send_digests(database, MONDAY_AFTER + timedelta(days=7)) == 1
        assert send_digests(database, MONDAY_AFTER + timedelta(days=8)) == 0
    [caught] = mailbox.mails()
    assert "KW 50" in caught.message["Subject"]
    assert "Ihre Idee „Bank“ ist jetzt geplant." in caught.text


def test_the_digest_is_a_scheduled_step_of_the_task_queue(app):
    [step] = [s for s in scheduled_steps(app) if s.name == "feedback.weekly_digest"]
    assert step.run is send_digests
    result = app.test_cli_runner().invoke(args=["tasks", "run-due"])
    assert "feedback.weekly_digest: 0" in result.output
