"""Messages: a resident asks an organisation, its partners share the inbox and see who
answered, read receipts per side, only participants see a thread, bad input writes nothing."""

import re

import pytest
from sqlalchemy import event
from sqlmodel import select

from stages.moped.messages.models import Message, MessageThread
from tests.conftest import csrf_token, make_user, post_form
from tests.messages.conftest import client_of, counts, start

HTMX = {"HX-Request": "true"}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def only_thread(database) -> MessageThread:
    database.expire_all()
    return database.exec(select(MessageThread)).one()


def nav_count(html: str) -> str | None:
    found = re.search(r'href="/nachrichten/".*?</a>', html, re.S)
    badge = re.search(r'badge-count" aria-hidden="true">(\d+)<', found.group()) if found else None
    return badge.group(1) if badge else None


def test_resident_asks_a_farm_shop_and_its_partners_share_the_inbox(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    sent = start(
        anna,
        organisation=people.shop.id,
        bezug="marketplace:product:12",
        betreff="Honig aus Gommern",
        text="Haben Sie noch Rapshonig?",
    )
    assert sent.status_code == 303
    thread = only_thread(database)
    assert (thread.resident_id, thread.organisation_id) == (people.anna.id, people.shop.id)
    assert thread.subject_ref == "marketplace:product:12" and thread.title == "Honig aus Gommern"

    carla, dieter = (
        client_of(live_app, "carla@example.org"),
        client_of(live_app, "dieter@example.org"),
    )
    for partner in (carla, dieter):
        inbox = partner.get("/nachrichten/").get_data(as_text=True)
        assert "Honig aus Gommern" in inbox and "Anna Beispiel" in inbox
        assert "Haben Sie noch Rapshonig?" in inbox and "neu" in text(inbox)
        assert nav_count(inbox) == "1"

    answer = post_form(carla, f"/nachrichten/{thread.id}", {"text": "Ja, 500 g für 6,50 €."})
    assert answer.status_code == 303
    # The colleague sees who answered for the shop; the resident sees the shop.
    colleague_view = text(dieter.get(f"/nachrichten/{thread.id}").get_data(as_text=True))
    assert "Carla Hof für Hofladen Gommern" in colleague_view
    resident_view = text(anna.get(f"/nachrichten/{thread.id}").get_data(as_text=True))
    assert "Hofladen Gommern" in resident_view and "Carla Hof" not in resident_view
    assert "Ja, 500 g für 6,50 €." in resident_view
    own = text(carla.get(f"/nachrichten/{thread.id}").get_data(as_text=True))
    assert "Sie für Hofladen Gommern" in own


def test_read_receipts_are_per_side(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Frage")
    thread = only_thread(database)
    page = text(anna.get(f"/nachrichten/{thread.id}").get_data(as_text=True))
    assert "verschickt" in page and "gelesen" not in page
    dieter = client_of(live_app, "dieter@example.org")
    assert nav_count(dieter.get("/").get_data(as_text=True)) == "1"
    dieter.get(f"/nachrichten/{thread.id}")
    # One partner read it: the shop's side has read it, for both partners.
    carla = client_of(live_app, "carla@example.org")
    assert nav_count(carla.get("/").get_data(as_text=True)) is None
    page = text(anna.get(f"/nachrichten/{thread.id}").get_data(as_text=True))
    assert "gelesen" in page
    thread = only_thread(database)
    assert thread.recipient_read_id == thread.recipient_last_id


def test_two_residents_write_each_other(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    assert (
        start(anna, person=people.bert.id, text="Brauchen Sie Hilfe beim Einkauf?").status_code
        == 303
    )
    thread = only_thread(database)
    assert thread.other_resident_id == people.bert.id and thread.organisation_id is None
    bert = client_of(live_app, "bert@example.org")
    page = text(bert.get(f"/nachrichten/{thread.id}").get_data(as_text=True))
    assert "Gespräch mit Anna Beispiel" in page and "Brauchen Sie Hilfe" in page
    assert post_form(bert, f"/nachrichten/{thread.id}", {"text": "Gern, danke!"}).status_code == 303
    assert "Gespräch mit Bert Nachbar" in text(
        anna.get(f"/nachrichten/{thread.id}").get_data(as_text=True)
    )


def test_a_reply_with_htmx_returns_the_conversation(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Erste Frage")
    thread = only_thread(database)
    answer = anna.post(
        f"/nachrichten/{thread.id}",
        data={"text": "Noch eine Frage", "csrf_token": csrf_token(anna)},
        headers=HTMX,
    )
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and body.lstrip().startswith('<div id="gespraech"')
    assert "Erste Frage" in body and "Noch eine Frage" in body and "<html" not in body
    assert counts(database) == (1, 2)


@pytest.mark.parametrize("url", ["/nachrichten/{id}", "/api/v1/messages/threads/{id}"])
def test_others_do_not_see_a_thread_exists(live_app, people, database, url):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Privat")
    thread = only_thread(database)
    make_user(database, email="owner@example.org", is_product_owner=True)
    for email in ("bert@example.org", "owner@example.org"):
        outsider = client_of(live_app, email)
        assert outsider.get(url.format(id=thread.id)).status_code == 404
        assert outsider.get(url.format(id=thread.id + 1)).status_code == 404
        token = csrf_token(outsider)
        if url.startswith("/api"):
            wrote = outsider.post(
                url.format(id=thread.id), json={"text": "Hallo"}, headers={"X-CSRFToken": token}
            )
        else:
            wrote = outsider.post(
                url.format(id=thread.id), data={"text": "Hallo", "csrf_token": token}
            )
        assert wrote.status_code == 404
    assert counts(database) == (1, 1)
    visitor = live_app.test_client()
    assert visitor.get(f"/nachrichten/{thread.id}").status_code == 302


def test_plain_text_is_escaped_and_links_are_clickable(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(
        anna,
        organisation=people.shop.id,
        text='<script>alert(1)</script> Siehe https://example.org/honig. "Danke"',
    )
    thread = only_thread(database)
    page = (
        client_of(live_app, "carla@example.org")
        .get(f"/nachrichten/{thread.id}")
        .get_data(as_text=True)
    )
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/honig" rel="nofollow noopener">' in page


def test_no_e_mail_address_is_shown_unless_the_sender_typed_it(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Rufen Sie mich an: 03921 12345")
    thread = only_thread(database)
    carla = client_of(live_app, "carla@example.org")
    pages = [
        carla.get(f"/nachrichten/{thread.id}").get_data(as_text=True),
        carla.get("/nachrichten/").get_data(as_text=True),
        carla.get(f"/api/v1/messages/threads/{thread.id}").get_data(as_text=True),
    ]
    for page in pages:
        assert "anna@example.org" not in page and "dieter@example.org" not in page
    assert "03921 12345" in pages[0]  # she typed it herself


@pytest.mark.parametrize(
    "data, status",
    [
        ({"text": ""}, 422),
        ({"text": "x" * 4001}, 422),
        ({"text": "Hallo", "betreff": "x" * 121}, 422),
        ({"text": "Hallo\x07"}, 422),
        ({"text": "Hallo", "bezug": "<script>"}, 422),
        ({"text": "Hallo", "bezug": "x" * 81}, 422),
    ],
)
def test_bad_input_for_a_new_thread_writes_nothing(live_app, people, database, data, status):
    anna = client_of(live_app, "anna@example.org")
    answer = post_form(anna, "/nachrichten/neu", {"organisation": people.shop.id, **data})
    assert answer.status_code == status
    assert counts(database) == (0, 0)


@pytest.mark.parametrize(
    "recipient, status, words",
    [
        ({"organisation": "999999"}, 404, ""),
        ({"organisation": "99999999999999"}, 404, ""),
        ({"organisation": "abc"}, 404, ""),
        ({}, 404, ""),
        ({"person": "999999"}, 404, "Diese Person gibt es nicht"),
        ({"person": "self"}, 422, "nicht selbst schreiben"),
        ({"organisation": "own"}, 422, "gehören selbst zu"),
        ({"organisation": "empty"}, 422, "noch keine Nachrichten empfangen"),
    ],
)
def test_forged_recipients_are_refused_in_german(
    live_app, people, database, recipient, status, words
):
    from core.models import Organisation

    empty = Organisation(name="Verein ohne Partner", kind="club", municipality="burg")
    database.add(empty)
    database.commit()
    replace = {"self": people.carla.id, "own": people.shop.id, "empty": empty.id}
    recipient = {key: str(replace.get(value, value)) for key, value in recipient.items()}
    carla = client_of(live_app, "carla@example.org")
    answer = post_form(carla, "/nachrichten/neu", {"text": "Hallo", **recipient})
    assert answer.status_code == status
    assert words in answer.get_data(as_text=True)
    assert counts(database) == (0, 0)


def test_a_blocked_account_may_read_but_not_write(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Frage")
    people.anna.is_blocked = True
    database.add(people.anna)
    database.commit()
    thread = only_thread(database)
    assert anna.get(f"/nachrichten/{thread.id}").status_code == 200
    refused = post_form(anna, f"/nachrichten/{thread.id}", {"text": "Noch was"})
    assert refused.status_code == 403 and "gesperrt" in refused.get_data(as_text=True)
    assert counts(database) == (1, 1)


def test_the_unread_count_is_one_query_however_many_threads(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    for number in range(5):
        start(anna, organisation=people.shop.id, text=f"Frage {number}")
    carla = client_of(live_app, "carla@example.org")
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if "message_thread" in statement:
            statements.append(statement)

    engine = live_app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        page = carla.get("/").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert nav_count(page) == "5"
    assert len(statements) == 1


def test_the_inbox_pages_and_a_page_past_the_last_does_not_exist(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    with live_app.test_request_context():
        from core import db as core_db
        from stages.moped.messages import service

        session = core_db.session()
        for number in range(21):
            service.start_thread(
                session,
                author=people.anna,
                organisation_id=people.shop.id,
                title=f"Frage {number}",
                text="?",
            )
    first = anna.get("/nachrichten/").get_data(as_text=True)
    assert "Frage 20" in first and "Frage 0<" not in first and "Seite 1 von 2" in first
    assert "Frage 0<" in anna.get("/nachrichten/?seite=2").get_data(as_text=True)
    assert anna.get("/nachrichten/?seite=3").status_code == 404


def test_messages_are_locked_like_every_moped_service_until_promoted(app, people, database):
    anna = client_of(app, "anna@example.org")
    assert anna.get("/nachrichten/").status_code == 404
    assert anna.get("/api/v1/messages/threads").status_code == 404
    assert database.exec(select(Message)).first() is None
