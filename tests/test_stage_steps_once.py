"""A step along the ladder is taken from the stage the owner saw, or not at all: a double
click, a double-submitted form or two owners at once move a service (or the platform) one
stage, never two – skipping a wave nobody looked at."""

import re

import pytest
from sqlmodel import Session, select

from core.audit import AuditEntry
from stages.models import PlatformState, ServiceState
from tests.conftest import PASSWORD, AuthActions, csrf_token, make_user
from tests.fake_services import TEST_SERVICES

CHANGED = "inzwischen von jemand anderem geändert"


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


@pytest.fixture
def database(staged):
    with Session(staged.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


@pytest.fixture
def owner(staged, database):
    make_user(database, email="chefin@example.org", is_product_owner=True)
    client = staged.test_client()
    AuthActions(client).login("chefin@example.org", PASSWORD)
    return client


def stage_of(database, key: str) -> str:
    database.expire_all()
    return database.get(ServiceState, key).stage


def live_stage(database) -> str:
    database.expire_all()
    return database.get(PlatformState, 1).live_stage


def steps(database) -> list[tuple[str, str]]:
    entries = database.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
    return [(e.action, e.subject) for e in entries if e.action in ("promote", "advance")]


def confirmation_fields(client, url: str) -> dict:
    """What the browser sends when the owner presses Bestätigen on the page it was shown."""
    page = client.get(url).get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    assert "seen_stage" in fields and "csrf_token" in fields
    return fields


def test_a_double_submitted_promotion_moves_the_service_one_stage(owner, database):
    form = confirmation_fields(owner, "/admin/stages/gamma/promote")
    assert form["seen_stage"] == "truck"

    first = owner.post("/admin/stages/gamma/promote", data=form)
    second = owner.post("/admin/stages/gamma/promote", data=form)

    assert first.status_code == 302
    assert second.status_code == 409
    assert CHANGED in second.get_data(as_text=True)
    assert stage_of(database, "gamma") == "moped"
    assert steps(database) == [("promote", "gamma")]


def test_after_the_refusal_the_page_describes_the_stage_now_and_can_be_confirmed(owner, database):
    form = confirmation_fields(owner, "/admin/stages/gamma/promote")
    owner.post("/admin/stages/gamma/promote", data=form)
    refused = owner.post("/admin/stages/gamma/promote", data=form, headers={"HX-Request": "true"})
    assert refused.status_code == 409
    assert 'name="seen_stage" type="hidden" value="moped"' in refused.get_data(as_text=True)

    again = owner.post("/admin/stages/gamma/promote", data={**form, "seen_stage": "moped"})
    assert again.status_code == 302
    assert stage_of(database, "gamma") == "bicycle"


def test_a_double_submitted_advance_moves_the_platform_one_stage(owner, database):
    form = confirmation_fields(owner, "/admin/platform/advance")
    assert form["seen_stage"] == "bicycle"

    assert owner.post("/admin/platform/advance", data=form).status_code == 302
    assert owner.post("/admin/platform/advance", data=form).status_code == 409
    assert live_stage(database) == "moped"
    assert steps(database) == [("advance", "platform")]


def test_the_confirm_button_is_disabled_while_its_request_runs(owner):
    page = owner.get("/admin/stages/gamma/demote", headers={"HX-Request": "true"})
    assert 'hx-disabled-elt="find button[type=submit]"' in page.get_data(as_text=True)


def api_step(client, url: str, seen: str | None):
    headers = {"X-CSRFToken": csrf_token(client)}
    if seen is not None:
        headers["If-Match"] = f'"{seen}"'
    return client.post(url, json={}, headers=headers)


def test_the_api_refuses_a_step_from_a_stage_that_is_gone(owner, database):
    first = api_step(owner, "/api/v1/services/gamma/promote", "truck")
    assert first.status_code == 200
    assert first.headers["ETag"] == '"moped"'

    stale = api_step(owner, "/api/v1/services/gamma/promote", "truck")
    assert stale.status_code == 409
    assert stale.get_json()["error"] == 409
    assert CHANGED in stale.get_json()["message"]
    assert stage_of(database, "gamma") == "moped"

    assert api_step(owner, "/api/v1/services/gamma/promote", "moped").status_code == 200
    assert stage_of(database, "gamma") == "bicycle"


def test_the_api_refuses_a_platform_step_from_a_stale_live_stage(owner, database):
    assert api_step(owner, "/api/v1/stages/advance", "moped").status_code == 409
    assert live_stage(database) == "bicycle"
    advance = api_step(owner, "/api/v1/stages/advance", "bicycle")
    assert (advance.status_code, advance.headers["ETag"]) == (200, '"moped"')


def test_the_api_without_if_match_steps_from_where_the_service_stands(owner, database):
    assert api_step(owner, "/api/v1/services/gamma/promote", None).status_code == 200
    assert api_step(owner, "/api/v1/services/gamma/demote", None).status_code == 200
    assert stage_of(database, "gamma") == "truck"


def test_the_api_refuses_more_than_one_stage_in_if_match(owner, database):
    response = owner.post(
        "/api/v1/services/gamma/promote",
        json={},
        headers={"X-CSRFToken": csrf_token(owner), "If-Match": '"truck", "moped"'},
    )
    assert response.status_code == 400
    assert steps(database) == []


def test_the_cli_steps_without_a_seen_stage(staged, database):
    make_user(database, email="chefin@example.org", is_product_owner=True)
    runner = staged.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["stages", "promote", "gamma", "--as", "chefin@example.org"])
        assert result.exit_code == 0, result.output
    assert stage_of(database, "gamma") == "bicycle"
