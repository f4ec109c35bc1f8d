"""Blocking, reporting into the moderation queue, rate limits and notifications."""

import re

from sqlmodel import select

from core.audit import AuditEntry
from feedback.models import Notification
from stages.moped.messages.models import Message, MessageBlock, MessageReport, MessageThread
from tests.conftest import make_user, post_form
from tests.messages.conftest import client_of, counts, start


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def thread_of(database) -> MessageThread:
    database.expire_all()
    return database.exec(select(MessageThread).order_by(MessageThread.id.desc())).first()


def last_message(database) -> Message:
    database.expire_all()
    return database.exec(select(Message).order_by(Message.id.desc())).first()


def test_a_blocked_neighbour_is_not_told_and_never_heard(live_app, people, database):
    bert = client_of(live_app, "bert@example.org")
    start(bert, person=people.anna.id, text="Hallo Anna")
    thread = thread_of(database)
    anna = client_of(live_app, "anna@example.org")
    message = last_message(database)
    assert post_form(anna, f"/nachrichten/nachricht/{message.id}/blockieren").status_code == 303
    assert database.exec(select(MessageBlock)).one().blocked_id == people.bert.id
    # Blocking twice is once.
    post_form(anna, f"/nachrichten/nachricht/{message.id}/blockieren")
    assert len(database.exec(select(MessageBlock)).all()) == 1

    answer = post_form(bert, f"/nachrichten/{thread.id}", {"text": "Warum antwortest du nicht?"})
    assert answer.status_code == 303  # for Bert it looks sent
    assert "Warum antwortest du nicht?" in bert.get(f"/nachrichten/{thread.id}").get_data(
        as_text=True
    )
    page = anna.get(f"/nachrichten/{thread.id}").get_data(as_text=True)
    assert "Warum antwortest du nicht?" not in page
    assert last_message(database).withheld

    # A new thread from Bert does not reach her either, not even as a thread.
    start(bert, person=people.anna.id, text="Neuer Versuch")
    newest = thread_of(database)
    assert bert.get(f"/nachrichten/{newest.id}").status_code == 200
    assert anna.get(f"/nachrichten/{newest.id}").status_code == 404
    inbox = anna.get("/nachrichten/").get_data(as_text=True)
    assert "Neuer Versuch" not in inbox and "Warum" not in inbox
    notified = database.exec(select(Notification).where(Notification.user_id == people.anna.id))
    assert len(notified.all()) == 1  # the first message only

    # Unblocked, she hears from him again (what was withheld stays withheld).
    assert "Bert Nachbar" in anna.get("/nachrichten/blockiert").get_data(as_text=True)
    post_form(anna, f"/nachrichten/blockiert/{people.bert.id}/aufheben")
    post_form(bert, f"/nachrichten/{thread.id}", {"text": "Wieder da"})
    assert "Wieder da" in anna.get(f"/nachrichten/{thread.id}").get_data(as_text=True)


def test_one_cannot_block_someone_on_ones_own_side(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Frage")
    message = last_message(database)
    assert post_form(anna, f"/nachrichten/nachricht/{message.id}/blockieren").status_code == 404
    assert database.exec(select(MessageBlock)).first() is None


def test_a_report_puts_only_that_message_into_the_moderation_queue(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Erste, harmlose Frage")
    thread = thread_of(database)
    carla = client_of(live_app, "carla@example.org")
    post_form(carla, f"/nachrichten/{thread.id}", {"text": "Antwort"})
    post_form(anna, f"/nachrichten/{thread.id}", {"text": "Sie Betrüger!"})
    rude = last_message(database)
    assert "Warum melden" in carla.get(f"/nachrichten/nachricht/{rude.id}/melden").get_data(
        as_text=True
    )
    assert post_form(carla, f"/nachrichten/nachricht/{rude.id}/melden", {}).status_code == 422
    reported = post_form(
        carla, f"/nachrichten/nachricht/{rude.id}/melden", {"reason": "belaestigung"}
    )
    assert reported.status_code == 303
    post_form(carla, f"/nachrichten/nachricht/{rude.id}/melden", {"reason": "spam"})
    assert len(database.exec(select(MessageReport)).all()) == 1
    # One's own side's messages are not reported, and outsiders do not find any.
    own = database.exec(select(Message).where(Message.text == "Antwort")).one()
    assert (
        post_form(carla, f"/nachrichten/nachricht/{own.id}/melden", {"reason": "spam"}).status_code
        == 422
    )
    bert = client_of(live_app, "bert@example.org")
    assert (
        post_form(bert, f"/nachrichten/nachricht/{rude.id}/melden", {"reason": "spam"}).status_code
        == 404
    )

    make_user(database, email="owner@example.org", is_product_owner=True)
    owner = client_of(live_app, "owner@example.org")
    queue = owner.get("/moderation").get_data(as_text=True)
    assert "Sie Betrüger!" in queue and "Belästigung oder Beleidigung (1)" in queue
    assert (
        "Erste, harmlose Frage" not in queue and "Antwort" not in text(queue).split("Gemeldet")[1]
    )
    decided = post_form(owner, f"/nachrichten/moderation/{rude.id}", {"decision": "hide"})
    assert decided.status_code == 303
    assert "Sie Betrüger!" not in owner.get("/moderation").get_data(as_text=True)
    page = anna.get(f"/nachrichten/{thread.id}").get_data(as_text=True)
    assert "Sie Betrüger!" not in page and "Moderation ausgeblendet" in page
    entry = database.exec(select(AuditEntry).where(AuditEntry.action == "message_hide")).one()
    assert entry.subject == f"message:{rude.id}"
    # The owners' log names the message by its number, never by what was written.
    log = owner.get("/admin/audit").get_data(as_text=True)
    assert f"<strong>Nachricht ausgeblendet</strong>: Nachricht Nr. {rude.id}" in log
    assert f">message:{rude.id}<" not in log and "Sie Betrüger!" not in log
    # Not an owner: no decision.
    assert (
        post_form(carla, f"/nachrichten/moderation/{rude.id}", {"decision": "keep"}).status_code
        == 403
    )


def test_rate_limits_for_new_threads_and_messages(app_factory, people, database):
    from tests.messages.conftest import promote

    app = app_factory(
        FLAG_CHECK_INTERVAL=0,
        MESSAGE_THREAD_RATE_LIMIT="2 per hour",
        MESSAGE_RATE_LIMIT="2 per minute",
    )
    promote(app)
    anna = client_of(app, "anna@example.org")
    assert start(anna, organisation=people.shop.id).status_code == 303
    assert start(anna, organisation=people.shop.id).status_code == 303
    assert (
        post_form(
            anna, "/nachrichten/neu", {"organisation": people.shop.id, "text": "3"}
        ).status_code
        == 429
    )
    thread = thread_of(database)
    for expected in (303, 303, 429):
        assert (
            post_form(anna, f"/nachrichten/{thread.id}", {"text": "Hallo"}).status_code == expected
        )
    assert counts(database) == (2, 4)


def test_new_messages_notify_the_other_side_once_until_read(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, betreff="Eier", text="Frage 1")
    thread = thread_of(database)
    post_form(anna, f"/nachrichten/{thread.id}", {"text": "Frage 2"})
    notes = database.exec(select(Notification).order_by(Notification.user_id)).all()
    assert [n.user_id for n in notes] == [people.carla.id, people.dieter.id]
    assert {n.kind for n in notes} == {"message"}
    carla = client_of(live_app, "carla@example.org")
    listed = carla.get("/benachrichtigungen").get_data(as_text=True)
    assert "Neue Nachricht: „Eier“" in listed and f'href="/nachrichten/{thread.id}"' in listed
    post_form(carla, f"/nachrichten/{thread.id}", {"text": "Antwort"})
    mine = database.exec(select(Notification).where(Notification.user_id == people.anna.id)).all()
    assert len(mine) == 1  # the author's own side hears nothing of its own message


def test_a_blocked_partner_is_listed_by_the_organisation_not_by_name(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Haben Sie Honig?")
    thread = thread_of(database)
    carla = client_of(live_app, "carla@example.org")
    post_form(carla, f"/nachrichten/{thread.id}", {"text": "Ja, Raps und Linde."})
    answer = last_message(database)
    # Nowhere in the thread, its API answer or the blocked list does Anna read Carla's name.
    assert "Carla" not in anna.get(f"/nachrichten/{thread.id}").get_data(as_text=True)
    assert "Carla" not in anna.get(f"/api/v1/messages/threads/{thread.id}").get_data(as_text=True)
    assert "Carla" not in anna.get("/nachrichten/").get_data(as_text=True)
    assert post_form(anna, f"/nachrichten/nachricht/{answer.id}/blockieren").status_code == 303
    listed = anna.get("/nachrichten/blockiert").get_data(as_text=True)
    assert "jemand von Hofladen Gommern" in listed
    assert "Carla" not in listed
    # A neighbour Anna met by name stays listed by name.
    bert = client_of(live_app, "bert@example.org")
    start(bert, person=people.anna.id, text="Hallo Anna")
    post_form(anna, f"/nachrichten/nachricht/{last_message(database).id}/blockieren")
    listed = anna.get("/nachrichten/blockiert").get_data(as_text=True)
    assert "Bert Nachbar" in listed and "Carla" not in listed
