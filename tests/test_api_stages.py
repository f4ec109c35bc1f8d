"""/api/v1/stages, /api/v1/services and the owners' controls through the API."""

import pytest
from sqlmodel import select

from core.audit import AuditEntry
from stages.models import PlannedService, ServiceState
from tests.conftest import PASSWORD, csrf_token, make_user, post_form
from tests.fake_services import TEST_SERVICES


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def signed_in(app, database, **fields):
    client = app.test_client()
    email = "owner@example.org" if fields.get("is_product_owner") else "anna@example.org"
    make_user(database, email=email, **fields)
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client


def test_stages_names_the_live_stage_and_the_ladder(staged):
    body = staged.test_client().get("/api/v1/stages").get_json()
    assert body["live_stage"] == "bicycle"
    assert [(s["key"], s["level"], s["label"]) for s in body["ladder"]] == [
        ("bicycle", 1, "Fahrrad"),
        ("moped", 2, "Moped"),
        ("truck", 3, "LKW"),
    ]


def test_services_for_a_visitor_include_planned_ones_and_urls_only_where_allowed(staged, database):
    database.add(
        PlannedService(key="mitfahrbank", title="Mitfahrbank", summary="", target_stage="moped")
    )
    database.commit()
    body = staged.test_client().get("/api/v1/services").get_json()
    assert [(s["key"], s["state"], s["url"]) for s in body] == [
        ("alpha", "live", "/alpha/"),
        ("beta", "locked", None),
        ("gamma", "locked", None),
        ("mitfahrbank", "planned", None),
    ]
    assert body[1] == {
        "key": "beta",
        "title": "Dienst Beta",
        "stage": "moped",
        "home_stage": "moped",
        "state": "locked",
        "url": None,
        "votes": 0,
        "you_voted": False,
    }


def test_services_for_a_tester_show_the_preview(staged, database):
    client = signed_in(staged, database, is_tester=True)
    states = {s["key"]: (s["state"], s["url"]) for s in client.get("/api/v1/services").get_json()}
    assert states == {
        "alpha": ("live", "/alpha/"),
        "beta": ("preview", "/beta/"),
        "gamma": ("locked", None),
    }


def test_owner_promotes_through_the_api_and_it_is_audited(staged, database):
    client = signed_in(staged, database, is_product_owner=True)
    response = client.post(
        "/api/v1/services/gamma/promote",
        json={"reason": "Bereit"},
        headers={"X-CSRFToken": csrf_token(client)},
    )
    assert response.get_json() == {
        "key": "gamma",
        "stage": "moped",
        "enabled": True,
        "rollout": 100,
    }
    entry = database.exec(select(AuditEntry)).one()
    assert (entry.actor, entry.action, entry.reason) == ("owner@example.org", "promote", "Bereit")


def test_owner_sets_rollout_kills_and_advances(staged, database):
    client = signed_in(staged, database, is_product_owner=True)
    headers = {"X-CSRFToken": csrf_token(client)}
    assert (
        client.put(
            "/api/v1/services/alpha/rollout", json={"rollout": 40}, headers=headers
        ).get_json()["rollout"]
        == 40
    )
    assert (
        client.post("/api/v1/services/alpha/kill", headers=headers).get_json()["enabled"] is False
    )
    assert (
        client.post("/api/v1/services/alpha/restore", headers=headers).get_json()["enabled"] is True
    )
    assert client.post("/api/v1/stages/advance", headers=headers).get_json() == {
        "live_stage": "moped"
    }
    assert client.post("/api/v1/stages/retreat", headers=headers).get_json() == {
        "live_stage": "bicycle"
    }


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "words"),
    [
        ("put", "/api/v1/services/alpha/rollout", {"rollout": 101}, 400, "0 bis 100"),
        ("put", "/api/v1/services/alpha/rollout", {"rollout": "viel"}, 400, "0 bis 100"),
        ("put", "/api/v1/services/alpha/rollout", {"rollout": 12.5}, 400, "0 bis 100"),
        ("post", "/api/v1/services/alpha/promote", {}, 409, "ersten Stufe"),
        ("post", "/api/v1/services/gamma/demote", {}, 409, "letzten Stufe"),
        ("post", "/api/v1/services/nirgends/promote", {}, 404, "Unbekannter Dienst"),
        ("post", "/api/v1/stages/retreat", {}, 409, "ersten Stufe"),
        ("post", "/api/v1/services/gamma/promote", {"reason": 5}, 400, ""),
        ("post", "/api/v1/services/gamma/promote", ["keine", "liste"], 400, ""),
    ],
)
def test_bad_owner_requests_change_nothing(staged, database, method, url, body, status, words):
    client = signed_in(staged, database, is_product_owner=True)
    response = getattr(client, method)(url, json=body, headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == status
    assert words in response.get_json()["message"]
    assert database.exec(select(AuditEntry)).all() == []
    assert database.exec(select(ServiceState)).all() == []


@pytest.mark.parametrize("fields", [{}, {"is_tester": True}])
def test_non_owners_get_403_and_change_nothing(staged, database, fields):
    client = signed_in(staged, database, **fields)
    response = client.post(
        "/api/v1/services/gamma/promote", headers={"X-CSRFToken": csrf_token(client)}
    )
    assert response.status_code == 403
    assert database.exec(select(AuditEntry)).all() == []


def test_signed_out_gets_401_and_missing_csrf_gets_400(staged, database):
    assert staged.test_client().post("/api/v1/stages/advance").status_code == 400  # CSRF is checked first
    client = signed_in(staged, database, is_product_owner=True)
    assert client.post("/api/v1/stages/advance").status_code == 400
    assert database.exec(select(AuditEntry)).all() == []


def test_signed_out_write_with_valid_csrf_gets_401(staged):
    client = staged.test_client()
    response = client.post("/api/v1/stages/advance", headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 401
