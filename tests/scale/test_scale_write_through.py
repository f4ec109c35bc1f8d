"""Owner changes go through to the Unleash server before they commit; while the server is away
they are refused and nothing is written, and the site serves the last known flags."""

import json
import logging

import pytest
from sqlmodel import Session, select

from core import db
from core.audit import Actor, AuditEntry
from flags.payload import strategies_for
from flags.unleash_admin import UnleashRefused, UnleashUnavailable, toggle_state
from stages import control
from stages.models import PlatformState, ServiceState
from stages.state import ServiceStatus
from tests.conftest import PASSWORD, csrf_token, make_user, post_form
from tests.scale.conftest import REFRESH_INTERVAL, wait_until
from tests.test_propagation import free_port

pytestmark = pytest.mark.scale

OWNER = Actor(id=None, label="chefin@example.org")


def change(app, operation, **arguments):
    with app.app_context():
        return operation(
            db=db.session(), services=app.extensions["services"], actor=OWNER, **arguments
        )


def visitor_states(client) -> dict:
    return {s["key"]: s["state"] for s in client.get("/api/v1/services").get_json()}


def served(server, key: str) -> tuple[bool, list[dict]]:
    environment = server.environment(key)
    return toggle_state(environment["enabled"], environment["strategies"])


def wanted(status: ServiceStatus) -> tuple[bool, list[dict]]:
    return toggle_state(status.enabled, strategies_for(status))


def stored(app) -> tuple[int, list, list]:
    """What the app database holds of the owners' changes."""
    with Session(app.extensions["db_engine"]) as session:
        return (
            session.get(PlatformState, 1).version,
            session.exec(select(AuditEntry)).all(),
            session.exec(select(ServiceState)).all(),
        )


def signed_in_owner(app):
    with Session(app.extensions["db_engine"]) as session:
        make_user(session, email="owner@example.org", is_product_owner=True)
    client = app.test_client()
    post_form(client, "/login", {"email": "owner@example.org", "password": PASSWORD})
    return client


def test_owner_changes_are_written_to_the_server_and_audited_in_the_app(
    empty_unleash, server_app_factory
):
    app = server_app_factory()
    visitor = app.test_client()
    demoted = change(app, control.demote_service, key="news", reason="Umbau")

    # The first change found an empty server: it created the context fields and every toggle.
    assert empty_unleash.feature_names() == sorted(s.key for s in app.extensions["services"])
    assert served(empty_unleash, "news") == wanted(demoted)
    killed = change(app, control.kill_service, key="events")
    assert served(empty_unleash, "events") == wanted(killed)
    rolled = change(app, control.set_rollout, key="directory", percent=40)
    assert served(empty_unleash, "directory") == wanted(rolled)
    restored = change(app, control.restore_service, key="events")
    assert served(empty_unleash, "events") == wanted(restored)
    with Session(app.extensions["db_engine"]) as session:
        actions = [(e.action, e.subject) for e in session.exec(select(AuditEntry))]
    assert actions == [
        ("demote", "news"),
        ("kill", "events"),
        ("rollout", "directory"),
        ("restore", "events"),
    ]
    unleash_log = [(e["type"], e["featureName"]) for e in empty_unleash.events()]
    assert ("feature-environment-disabled", "events") in unleash_log
    assert ("feature-environment-enabled", "events") in unleash_log
    assert ("feature-strategy-update", "directory") in unleash_log

    # The app serves what the server serves: news, now on the moped, is locked for visitors.
    wait_until(lambda: visitor_states(visitor)["news"] == "locked", timeout=REFRESH_INTERVAL + 1)


def test_a_change_the_guard_rails_refuse_reaches_neither_database_nor_server(
    empty_unleash, server_app_factory
):
    app = server_app_factory()
    assert app.test_cli_runner().invoke(args=["stages", "sync"]).exit_code == 0
    events, before = empty_unleash.events(), stored(app)

    with pytest.raises(control.GuardRailError, match="ersten Stufe"):
        change(app, control.promote_service, key="news")

    assert empty_unleash.events() == events
    assert stored(app) == before


@pytest.fixture
def server_away(server_app_factory):
    """An app whose Unleash server does not answer: nothing listens on its port."""
    return server_app_factory(UNLEASH_URL=f"http://127.0.0.1:{free_port()}/api")


def test_changes_while_the_server_is_away_are_refused_with_503_and_nothing_is_written(
    server_away,
):
    owner = signed_in_owner(server_away)
    before = stored(server_away)

    response = owner.post(
        "/api/v1/services/news/demote", headers={"X-CSRFToken": csrf_token(owner)}
    )

    assert response.status_code == 503
    assert "Unleash-Server ist gerade nicht erreichbar" in response.get_json()["message"]
    with pytest.raises(UnleashUnavailable) as refused:
        change(server_away, control.kill_service, key="events")
    assert refused.value.status == 503
    assert stored(server_away) == before
    # The console can say so before anyone tries.
    with server_away.app_context():
        assert server_away.jinja_env.globals["flags_writable"]() is False
    # The site itself goes on.
    assert owner.get("/").status_code == 200
    assert server_away.test_client().get("/neuigkeiten/").status_code == 200


def test_planned_services_can_still_be_added_while_the_server_is_away(server_away):
    planned = change(
        server_away,
        control.create_planned_service,
        key="mitfahrbank",
        title="Mitfahrbank",
        summary="",
        target_stage="moped",
    )
    assert planned.key == "mitfahrbank"


def test_a_start_while_the_server_is_away_serves_the_kept_snapshot_with_one_warning(
    empty_unleash, server_app_factory, tmp_path, caplog
):
    first = server_app_factory()
    assert first.test_cli_runner().invoke(args=["stages", "sync"]).exit_code == 0
    # Switched off in the Unleash UI: the database does not know, the kept snapshot will.
    path = "/admin/projects/default/features/news/environments/development/off"
    empty_unleash.admin("POST", path).raise_for_status()
    snapshot_file = tmp_path / "instance" / "unleash-features.json"

    def kept_news_off():
        first.test_client().get("/")
        if not snapshot_file.exists():
            return False
        kept = {f["name"]: f["enabled"] for f in json.loads(snapshot_file.read_text())["features"]}
        return kept.get("news") is False

    wait_until(kept_news_off, timeout=REFRESH_INTERVAL + 3, what="the snapshot with news off")
    first.extensions["flags"].close()

    with caplog.at_level(logging.WARNING):
        restarted = server_app_factory(UNLEASH_URL=f"http://127.0.0.1:{free_port()}/api")
        visitor = restarted.test_client()
        responses = [visitor.get(url).status_code for url in ("/", "/neuigkeiten/", "/")]

    assert responses == [200, 404, 200]
    assert visitor.get("/veranstaltungen/").status_code == 200
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in warnings] == ["flags.server"]
    assert "is not answering" in warnings[0].getMessage()
    assert all(r.exc_info is None for r in caplog.records)


def test_a_first_start_while_the_server_is_away_serves_the_database_state(server_app_factory):
    embedded = server_app_factory(UNLEASH_URL="")
    change(embedded, control.kill_service, key="news")

    app = server_app_factory(UNLEASH_URL=f"http://127.0.0.1:{free_port()}/api")
    visitor = app.test_client()

    assert visitor.get("/neuigkeiten/").status_code == 503
    assert visitor.get("/veranstaltungen/").status_code == 200


def test_stages_sync_while_the_server_is_away_fails_with_the_reason(server_away):
    result = server_away.test_cli_runner().invoke(args=["stages", "sync"])

    assert result.exit_code == 1
    assert "Unleash-Server ist gerade nicht erreichbar" in result.output


def test_a_write_the_server_refuses_rolls_the_change_back(unleash, server_app_factory):
    app = server_app_factory(UNLEASH_ADMIN_TOKEN="*:*.falsch")
    before = stored(app)

    with pytest.raises(UnleashRefused, match="HTTP 401") as refused:
        change(app, control.kill_service, key="events")

    assert refused.value.status == 502
    assert stored(app) == before
