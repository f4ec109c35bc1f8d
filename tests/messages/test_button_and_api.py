"""The "Nachricht schreiben" button on other services' pages, which disappears with the
service and leaves those pages whole; and the JSON API under /api/v1/messages."""

import pytest
from sqlmodel import select

from core import db as core_db
from core.audit import Actor
from stages import control
from stages.moped.messages.models import MessageThread
from tests.conftest import csrf_token
from tests.directory.test_directory import add_entry
from tests.messages.conftest import client_of, counts, start

BUTTON = "Nachricht schreiben"


@pytest.fixture
def entry(database, people):
    return add_entry(database, "Hofladen Gommern", organisation_id=people.shop.id)


def kill(app):
    with app.test_request_context():
        control.kill_service(
            db=core_db.session(),
            services=app.extensions["services"],
            key="messages",
            actor=Actor(None, "test"),
        )


def test_the_directory_page_offers_a_message_to_its_organisation(live_app, people, entry):
    anna = client_of(live_app, "anna@example.org")
    page = anna.get(f"/verzeichnis/{entry.id}").get_data(as_text=True)
    assert BUTTON in page
    assert f"/nachrichten/neu?bezug=directory:entry:{entry.id}" in page.replace("%3A", ":")
    form = anna.get(f"/nachrichten/neu?organisation={people.shop.id}&betreff=Hofladen+Gommern")
    assert 'value="Hofladen Gommern"' in form.get_data(as_text=True)
    # The shop's own partners do not write to themselves.
    carla = client_of(live_app, "carla@example.org")
    assert BUTTON not in carla.get(f"/verzeichnis/{entry.id}").get_data(as_text=True)


def test_no_button_for_an_organisation_nobody_answers_for(live_app, people, database):
    from core.models import Organisation

    club = Organisation(name="Angelverein Parey", kind="club", municipality="elbe-parey")
    database.add(club)
    database.commit()
    lonely = add_entry(database, "Angelverein Parey", organisation_id=club.id)
    anna = client_of(live_app, "anna@example.org")
    page = anna.get(f"/verzeichnis/{lonely.id}")
    assert page.status_code == 200 and BUTTON not in page.get_data(as_text=True)


def test_without_messages_the_button_is_gone_and_the_page_still_works(app, people, entry):
    anna = client_of(app, "anna@example.org")
    page = anna.get(f"/verzeichnis/{entry.id}")
    assert page.status_code == 200 and "Hofladen Gommern" in page.get_data(as_text=True)
    assert BUTTON not in page.get_data(as_text=True)


def test_killed_the_button_disappears_and_threads_stay_stored(live_app, people, entry, database):
    anna = client_of(live_app, "anna@example.org")
    start(anna, organisation=people.shop.id, text="Vor dem Abschalten")
    kill(live_app)
    page = anna.get(f"/verzeichnis/{entry.id}")
    assert page.status_code == 200 and BUTTON not in page.get_data(as_text=True)
    assert anna.get("/nachrichten/").status_code in (404, 503)
    assert counts(database) == (1, 1)


def api_post(client, url, body):
    return client.post(url, json=body, headers={"X-CSRFToken": csrf_token(client)})


def test_api_threads_for_participants_only(live_app, people, database):
    anna = client_of(live_app, "anna@example.org")
    created = api_post(
        anna,
        "/api/v1/messages/threads",
        {
            "organisation_id": people.shop.id,
            "subject_ref": "marketplace:product:12",
            "text": "Honig?",
        },
    )
    assert created.status_code == 201
    thread = created.get_json()
    assert (
        thread["subject_ref"] == "marketplace:product:12" and thread["with"] == "Hofladen Gommern"
    )
    assert thread["messages"][0]["text"] == "Honig?" and thread["messages"][0]["mine"] is True

    carla = client_of(live_app, "carla@example.org")
    listed = carla.get("/api/v1/messages/threads").get_json()
    assert listed["total"] == 1 and listed["threads"][0]["unread"] is True
    assert listed["threads"][0]["with"] == "Anna Beispiel"
    replied = api_post(carla, f"/api/v1/messages/threads/{thread['id']}", {"text": "Ja, noch da."})
    assert replied.status_code == 201
    assert replied.get_json()["messages"][-1]["author"] == "Sie für Hofladen Gommern"
    seen = anna.get(f"/api/v1/messages/threads/{thread['id']}").get_json()
    assert seen["messages"][-1]["author"] == "Hofladen Gommern"
    assert seen["messages"][0]["read"] is True

    bert = client_of(live_app, "bert@example.org")
    assert bert.get(f"/api/v1/messages/threads/{thread['id']}").status_code == 404
    assert (
        api_post(bert, f"/api/v1/messages/threads/{thread['id']}", {"text": "x"}).status_code == 404
    )
    assert bert.get("/api/v1/messages/threads").get_json()["threads"] == []
    to_neighbour = api_post(
        bert, "/api/v1/messages/threads", {"resident_id": people.anna.id, "text": "Hallo"}
    )
    assert to_neighbour.status_code == 201 and to_neighbour.get_json()["with"] == "Anna Beispiel"


@pytest.mark.parametrize(
    "body, status",
    [
        ([], 400),
        ({"text": "Hallo"}, 422),
        ({"organisation_id": "1", "text": "Hallo"}, 422),
        ({"organisation_id": True, "text": "Hallo"}, 422),
        ({"organisation_id": 1, "resident_id": 1, "text": "Hallo"}, 422),
        ({"organisation_id": 10**12, "text": "Hallo"}, 404),
        ({"organisation_id": 1, "text": ""}, 422),
        ({"organisation_id": 1, "text": 5}, 422),
        ({"organisation_id": 1, "text": "x" * 4001}, 422),
        ({"organisation_id": 1, "text": "Hallo", "subject_ref": "ohne Doppelpunkt"}, 422),
        ({"organisation_id": 1, "text": "Hallo", "subject_ref": ["a"]}, 422),
    ],
)
def test_api_bad_input_is_refused_in_german_and_writes_nothing(
    live_app, people, database, body, status
):
    anna = client_of(live_app, "anna@example.org")
    answer = api_post(anna, "/api/v1/messages/threads", body)
    assert answer.status_code == status
    assert answer.get_json()["message"]
    assert database.exec(select(MessageThread)).first() is None


def test_api_without_csrf_token_or_signed_out(live_app, people):
    anna = client_of(live_app, "anna@example.org")
    refused = anna.post(
        "/api/v1/messages/threads", json={"organisation_id": people.shop.id, "text": "x"}
    )
    assert refused.status_code == 400
    assert live_app.test_client().get("/api/v1/messages/threads").status_code == 401


def test_demo_conversations_load_once(live_app, database):
    runner = live_app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    database.expire_all()
    first = counts(database)
    assert first[0] == 3 and first[1] >= 6
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert counts(database) == first
    tester = client_of(live_app, "tester@landwerk.example", password="landwerk-demo")
    inbox = tester.get("/nachrichten/").get_data(as_text=True)
    assert "Mitfahrt zum Wochenmarkt nach Genthin" in inbox and "Rita Rentner" in inbox
    partner = client_of(live_app, "partner@landwerk.example", password="landwerk-demo")
    assert "Abschlag nach dem Umzug nach Genthin" in partner.get("/nachrichten/").get_data(
        as_text=True
    )


def test_openapi_describes_the_messages_routes(live_app, people):
    paths = client_of(live_app, "anna@example.org").get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/messages/threads"]) == {"get", "post"}
    assert set(paths["/messages/threads/{thread_id}"]) == {"get", "post"}
    started = paths["/messages/threads"]["post"]
    assert "429" in started["responses"]
    body = started["requestBody"]["content"]["application/json"]["schema"]
    assert {"organisation_id", "resident_id", "subject_ref", "text"} <= set(body["properties"])
    thread = started["responses"]["201"]["content"]["application/json"]["schema"]
    assert {"author", "mine", "text", "read"} <= set(
        thread["properties"]["messages"]["items"]["properties"]
    )
    listed = paths["/messages/threads"]["get"]["responses"]["200"]["content"]["application/json"]
    assert "unread" in listed["schema"]["properties"]["threads"]["items"]["properties"]
