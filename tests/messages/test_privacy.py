"""A person's messages in their data download, and what deleting their account leaves: the
other side keeps its copy, signed "ehemaliges Mitglied", and nobody can write into it."""

import json

from sqlmodel import select

from core.models import User
from stages.moped.messages.models import Message, MessageBlock, MessageThread
from stages.moped.messages.privacy import forget, personal_data
from tests.conftest import csrf_token, post_form
from tests.messages.conftest import client_of, start


def _newest_thread(database) -> MessageThread:
    database.expire_all()
    return database.exec(select(MessageThread).order_by(MessageThread.id.desc())).first()


def _delete_account(database, user_id: int) -> None:
    user = database.get(User, user_id)
    forget(database, user)
    database.delete(user)
    database.commit()
    database.expire_all()


def _conversations(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Haben Sie Heidehonig?")
    shop_thread = _newest_thread(database)
    carla = client_of(live_app, "carla@example.org")
    post_form(carla, f"/nachrichten/{shop_thread.id}", {"text": "Ja, noch zehn Gläser."})
    bert = client_of(live_app, "bert@example.org")
    start(bert, person=people.anna.id, text="Fährst du Dienstag nach Burg?")
    lift = _newest_thread(database)
    post_form(anna, f"/nachrichten/{lift.id}", {"text": "Ja, um neun."})
    return anna, carla, bert, shop_thread, lift


def test_the_download_holds_her_conversations_but_no_partners_name(live_app, people, database):
    anna, _carla, _bert, shop_thread, lift = _conversations(live_app, people, database)
    blocked = database.exec(select(Message).where(Message.author_id == people.bert.id)).first()
    post_form(anna, f"/nachrichten/nachricht/{blocked.id}/blockieren")
    data = personal_data(database, database.get(User, people.anna.id))
    threads = {t["id"]: t for t in data["message_thread"]}
    assert set(threads) == {shop_thread.id, lift.id}
    assert threads[shop_thread.id]["with_organisation"] == "Hofladen Gommern"
    assert [m["text"] for m in threads[shop_thread.id]["messages"]] == [
        "Haben Sie Heidehonig?",
        "Ja, noch zehn Gläser.",
    ]
    assert {m["text"] for m in data["message"]} == {"Haben Sie Heidehonig?", "Ja, um neun."}
    assert len(data["message_block"]) == 1
    exported = json.dumps(data)  # JSON-ready, and the partner who answered is not named
    assert "Carla" not in exported and "carla@" not in exported
    # The partner's download holds what she wrote for the shop, not the shop's threads.
    hers = personal_data(database, database.get(User, people.carla.id))
    assert [m["text"] for m in hers["message"]] == ["Ja, noch zehn Gläser."]
    assert hers["message_thread"] == []


def test_a_deleted_resident_leaves_the_other_sides_copy(live_app, people, database):
    anna, carla, bert, shop_thread, lift = _conversations(live_app, people, database)
    post_form(anna, f"/nachrichten/nachricht/{lift.id}/blockieren")  # a block of hers goes too
    _delete_account(database, people.anna.id)
    assert database.exec(select(MessageBlock)).all() == []
    assert database.exec(select(Message).where(Message.author_id == people.anna.id)).all() == []

    page = carla.get(f"/nachrichten/{shop_thread.id}").get_data(as_text=True)
    assert "Haben Sie Heidehonig?" in page and "ehemaliges Mitglied" in page
    assert "Anna" not in page
    assert "ehemaliges Mitglied" in carla.get("/nachrichten/").get_data(as_text=True)
    lift_page = bert.get(f"/nachrichten/{lift.id}").get_data(as_text=True)
    assert "Ja, um neun." in lift_page and "ehemaliges Mitglied" in lift_page
    # Nobody is there to read a reply: refused in German, nothing written.
    before = len(database.exec(select(Message)).all())
    refused = post_form(bert, f"/nachrichten/{lift.id}", {"text": "Hallo?"})
    assert refused.status_code == 422
    assert "Konto gelöscht" in refused.get_data(as_text=True)
    api = carla.post(
        f"/api/v1/messages/threads/{shop_thread.id}",
        json={"text": "Noch da?"},
        headers={"X-CSRFToken": csrf_token(carla)},
    )
    assert api.status_code == 422
    database.expire_all()
    assert len(database.exec(select(Message)).all()) == before


def test_a_thread_nobody_is_left_on_is_deleted(live_app, people, database):
    _anna, _carla, _bert, shop_thread, lift = _conversations(live_app, people, database)
    shop_thread_id, lift_id = shop_thread.id, lift.id
    _delete_account(database, people.anna.id)
    _delete_account(database, people.bert.id)
    assert database.get(MessageThread, lift_id) is None
    assert database.get(MessageThread, shop_thread_id) is not None  # the shop's copy


def test_a_deleted_partners_answer_stays_the_organisations(live_app, people, database):
    anna, _carla, _bert, shop_thread, _lift = _conversations(live_app, people, database)
    _delete_account(database, people.carla.id)
    page = anna.get(f"/nachrichten/{shop_thread.id}").get_data(as_text=True)
    assert "Ja, noch zehn Gläser." in page and "Hofladen Gommern" in page
    dieter = client_of(live_app, "dieter@example.org")
    shared = dieter.get(f"/nachrichten/{shop_thread.id}").get_data(as_text=True)
    assert "ehemaliges Mitglied für Hofladen Gommern" in shared
    # The shop still answers: its inbox is not the partner's.
    assert (
        post_form(dieter, f"/nachrichten/{shop_thread.id}", {"text": "Abholbereit."}).status_code
        == 303
    )
