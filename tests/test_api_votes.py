"""Votes through the JSON API, and the votes in GET /api/v1/services."""

import pytest
from sqlmodel import select

from feedback.models import Idea, Vote, VoteTally
from stages.models import PlannedService
from tests.conftest import PASSWORD, csrf_token, make_user, post_form
from tests.fake_services import TEST_SERVICES


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def signed_in(app, database, email="anna@example.org", **fields):
    client = app.test_client()
    make_user(database, email=email, **fields)
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client


def call(client, method, url):
    return client.open(url, method=method, headers={"X-CSRFToken": csrf_token(client)})


def add_idea(database, status="open") -> int:
    idea = Idea(title="Bücherschrank", description="Am Markt", municipality="burg", status=status)
    database.add(idea)
    database.commit()
    return idea.id


def test_casting_and_withdrawing_a_service_vote(staged, database):
    client = signed_in(staged, database)
    cast = call(client, "POST", "/api/v1/services/gamma/vote")
    assert cast.status_code == 200
    assert cast.get_json() == {"votes": 1, "you_voted": True, "votes_left": 4}
    again = call(client, "POST", "/api/v1/services/gamma/vote")
    assert again.get_json() == {"votes": 1, "you_voted": True, "votes_left": 4}
    withdrawn = call(client, "DELETE", "/api/v1/services/gamma/vote")
    assert withdrawn.get_json() == {"votes": 0, "you_voted": False, "votes_left": 5}


def test_a_planned_service_takes_votes_through_the_api(staged, database):
    database.add(
        PlannedService(key="mitfahrbank", title="Mitfahrbank", summary="", target_stage="moped")
    )
    database.commit()
    client = signed_in(staged, database)
    response = call(client, "POST", "/api/v1/services/mitfahrbank/vote")
    assert response.get_json() == {"votes": 1, "you_voted": True, "votes_left": 4}


def test_idea_votes_have_no_budget(staged, database):
    idea_id = add_idea(database)
    client = signed_in(staged, database)
    response = call(client, "POST", f"/api/v1/ideas/{idea_id}/vote")
    assert response.status_code == 200
    assert response.get_json() == {"votes": 1, "you_voted": True, "votes_left": None}
    withdrawn = call(client, "DELETE", f"/api/v1/ideas/{idea_id}/vote")
    assert withdrawn.get_json() == {"votes": 0, "you_voted": False, "votes_left": None}


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_signed_out_is_401(staged, method):
    client = staged.test_client()
    response = call(client, method, "/api/v1/services/gamma/vote")
    assert response.status_code == 401
    assert response.get_json()["error"] == 401


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/services/gibt_es_nicht/vote",
        "/api/v1/ideas/999/vote",
        "/api/v1/ideas/99999999999999999999/vote",
        "/api/v1/ideas/zwei/vote",
        "/api/v1/ideas/²/vote",
    ],
)
def test_unknown_service_or_idea_is_404(staged, database, url):
    client = signed_in(staged, database)
    response = call(client, "POST", url)
    assert response.status_code == 404
    assert response.get_json()["error"] == 404


def test_used_up_budget_is_409_and_writes_nothing(app_factory, database):
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0, VOTE_BUDGET=1)
    client = signed_in(app, database)
    assert call(client, "POST", "/api/v1/services/gamma/vote").status_code == 200
    refused = call(client, "POST", "/api/v1/services/beta/vote")
    assert refused.status_code == 409
    assert "alle 1 Stimmen" in refused.get_json()["message"]
    assert database.exec(select(Vote).where(Vote.subject == "service:beta")).all() == []


def test_a_service_live_for_the_requester_is_422(staged, database):
    client = signed_in(staged, database)
    response = call(client, "POST", "/api/v1/services/alpha/vote")
    assert response.status_code == 422
    assert "schon nutzbar" in response.get_json()["message"]


def test_a_preview_is_still_votable_for_a_tester(staged, database):
    client = signed_in(staged, database, is_tester=True)
    response = call(client, "POST", "/api/v1/services/beta/vote")
    assert response.get_json() == {"votes": 1, "you_voted": True, "votes_left": 4}


@pytest.mark.parametrize("status", ["declined", "duplicate"])
def test_a_declined_or_duplicate_idea_is_422(staged, database, status):
    idea_id = add_idea(database, status=status)
    client = signed_in(staged, database)
    response = call(client, "POST", f"/api/v1/ideas/{idea_id}/vote")
    assert response.status_code == 422
    assert database.exec(select(Vote)).all() == []


def test_a_vote_without_the_csrf_header_is_400(staged, database):
    client = signed_in(staged, database)
    response = client.post("/api/v1/services/gamma/vote")
    assert response.status_code == 400
    assert "Sicherheitsprüfung" in response.get_json()["message"]
    assert database.exec(select(Vote)).all() == []


def test_api_votes_are_rate_limited(app_factory, database):
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0, VOTE_RATE_LIMIT="2 per minute")
    client = signed_in(app, database)
    assert call(client, "POST", "/api/v1/services/gamma/vote").status_code == 200
    assert call(client, "DELETE", "/api/v1/services/gamma/vote").status_code == 200
    limited = call(client, "POST", "/api/v1/services/gamma/vote")
    assert limited.status_code == 429
    assert limited.get_json()["error"] == 429


def test_services_list_carries_votes_and_the_requesters_own(staged, database):
    database.add(VoteTally(subject="service:gamma", votes=7, trend=1.0))
    database.commit()
    visitor = staged.test_client().get("/api/v1/services").get_json()
    assert {s["key"]: (s["votes"], s["you_voted"]) for s in visitor} == {
        "alpha": (0, False),
        "beta": (0, False),
        "gamma": (7, False),
    }
    client = signed_in(staged, database)
    call(client, "POST", "/api/v1/services/beta/vote")
    mine = client.get("/api/v1/services").get_json()
    assert {s["key"]: (s["votes"], s["you_voted"]) for s in mine} == {
        "alpha": (0, False),
        "beta": (1, True),
        "gamma": (7, False),
    }


def test_openapi_documents_the_vote_routes_and_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    for path in ("/services/{key}/vote", "/ideas/{idea_id}/vote"):
        assert set(document["paths"][path]) == {"post", "delete"}
    service_vote = document["paths"]["/services/{key}/vote"]["post"]["responses"]
    assert {"200", "400", "401", "404", "409", "422", "429"} <= set(service_vote)
    schemas = document["components"]["schemas"]
    assert schemas["VoteResult"]["required"] == ["votes", "you_voted", "votes_left"]
    assert {"votes", "you_voted"} <= set(schemas["Service"]["required"])
