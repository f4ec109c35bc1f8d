"""A real Unleash server as flag source: `stages sync` fills it and is idempotent, the exported
payload imported into it evaluates like the embedded client, and the visibility rule holds for
a client that polled it."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import db
from core.audit import Actor
from flags.access import LOCKED, context_for, viewer_state
from flags.source import bootstrapped_client
from flags.unleash_admin import AdminApi, served_toggles, toggle_state
from stages import control
from stages.ladder import at_level
from stages.state import ServiceStatus, Snapshot, read_snapshot
from tests.fake_services import make_service
from tests.flag_reference import AUDIENCES, reference_visible
from tests.scale.conftest import (
    UnleashServer,
    expected_toggles,
    fetched_client,
    import_body,
)

pytestmark = pytest.mark.scale

OWNER = Actor(id=None, label="chefin@example.org")


def served_state(server: UnleashServer, key: str) -> tuple[bool, list[dict]]:
    environment = server.environment(key)
    return toggle_state(environment["enabled"], environment["strategies"])


def database_toggles(app) -> dict:
    with app.app_context():
        snapshot = read_snapshot(db.session(), app.extensions["services"])
    return expected_toggles(snapshot.services.values())


def test_sync_fills_an_empty_server_and_a_second_run_changes_nothing(
    empty_unleash, server_app_factory
):
    app = server_app_factory()
    runner = app.test_cli_runner()

    first = runner.invoke(args=["stages", "sync"])

    assert first.exit_code == 0, first.output
    assert "Kontextfeld liveStage angelegt" in first.output
    assert "news: Schalter angelegt" in first.output
    wanted = database_toggles(app)
    assert empty_unleash.feature_names() == sorted(wanted)
    assert {key: served_state(empty_unleash, key) for key in wanted} == wanted

    export, events = empty_unleash.export(), empty_unleash.events()
    second = runner.invoke(args=["stages", "sync"])

    assert second.exit_code == 0, second.output
    assert "Unleash ist schon auf dem Stand der Datenbank." in second.output
    assert empty_unleash.export() == export
    assert empty_unleash.events() == events


def test_sync_sets_right_only_what_differs_on_an_out_of_date_server(
    empty_unleash, server_app_factory
):
    app = server_app_factory()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["stages", "sync"]).exit_code == 0
    # Someone changed things in the Unleash UI behind the platform's back.
    base = "/admin/projects/default/features"
    empty_unleash.admin("POST", f"{base}/news/environments/development/off").raise_for_status()
    [live, _preview] = empty_unleash.environment("events")["strategies"]
    path = f"{base}/events/environments/development/strategies/{live['id']}"
    empty_unleash.admin(
        "PUT", path, json={**live, "parameters": {**live["parameters"], "rollout": "5"}}
    )

    result = runner.invoke(args=["stages", "sync"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "news: eingeschaltet",
        "events: Strategien ersetzt",
        "2 Änderungen an Unleash übertragen.",
    ]
    wanted = database_toggles(app)
    assert {key: served_state(empty_unleash, key) for key in wanted} == wanted


def test_sync_without_a_server_configured_says_what_to_set(server_app_factory):
    app = server_app_factory(UNLEASH_URL="")

    result = app.test_cli_runner().invoke(args=["stages", "sync"])

    assert result.exit_code == 1
    assert "Kein Unleash-Server eingerichtet" in result.output


def test_the_exported_payload_imported_into_the_server_evaluates_like_the_embedded_client(
    empty_unleash, server_app_factory
):
    embedded = server_app_factory(UNLEASH_URL="")
    services = embedded.extensions["services"]
    with embedded.app_context():
        session = db.session()
        control.demote_service(db=session, services=services, key="news", actor=OWNER)
        control.set_rollout(db=session, services=services, key="events", percent=30, actor=OWNER)
        control.kill_service(db=session, services=services, key="directory", actor=OWNER)
    exported = embedded.test_cli_runner().invoke(args=["stages", "export"])
    assert exported.exit_code == 0, exported.output
    payload = json.loads(exported.output)

    imported = empty_unleash.admin(
        "POST",
        "/admin/features-batch/import",
        json=import_body(payload),
        token=empty_unleash.personal_token(),
    )

    assert imported.status_code == 200, imported.text
    wanted = served_toggles(payload["features"])
    server = fetched_client(empty_unleash, wanted)
    try:
        through_server = evaluations(server, wanted)
    finally:
        server.destroy()
    assert through_server == evaluations(bootstrapped_client(payload), wanted)
    # The 30 % rollout really splits residents on the server too.
    residents_seeing_events = [
        on
        for (key, viewer, live, _), on in through_server.items()
        if (key, viewer, live) == ("events", "resident", 1)
    ]
    assert 0 < sum(residents_seeing_events) < len(residents_seeing_events)


def evaluations(client, keys) -> dict:
    return {
        (key, viewer, live_level, person): client.is_enabled(
            key, context_for(viewer=viewer, identifier=person, live_level=live_level)
        )
        for key in keys
        for viewer in AUDIENCES
        for live_level in (1, 2, 3)
        for person in map(str, range(1, 61))
    }


# The property test of tests/test_flags_property.py, evaluated by a client that polled the
# server: one toggle per combination of stage, kill switch and a few rollout percentages.
ROLLOUTS = (0, 1, 37, 50, 99, 100)


def combination(level: int, enabled: bool, rollout: int) -> str:
    return f"p{level}_{'an' if enabled else 'aus'}_{rollout}"


@pytest.fixture(scope="module")
def server_client(unleash):
    unleash.reset()
    statuses = [
        ServiceStatus(
            key=combination(level, enabled, rollout),
            stage=at_level(level).key,
            enabled=enabled,
            rollout=rollout,
        )
        for level in (1, 2, 3)
        for enabled in (True, False)
        for rollout in ROLLOUTS
    ]
    snapshot = Snapshot(
        version=1, live_stage="bicycle", services={status.key: status for status in statuses}
    )
    services = [make_service(status.key) for status in statuses]
    api = AdminApi(unleash.api_url, unleash.admin_token, unleash.client_token, "development")
    api.sync(snapshot, services)
    client = fetched_client(unleash, expected_toggles(statuses))
    yield client
    client.destroy()


@settings(max_examples=400, deadline=None)
@given(
    viewer=st.sampled_from(AUDIENCES),
    level=st.integers(1, 3),
    live_level=st.integers(1, 3),
    enabled=st.booleans(),
    rollout=st.sampled_from(ROLLOUTS),
    identifier=st.one_of(
        st.integers(1, 10**6).map(str), st.text("0123456789abcdef", min_size=16, max_size=16)
    ),
)
def test_evaluation_through_the_server_agrees_with_the_reference_rule(
    server_client, viewer, level, live_level, enabled, rollout, identifier
):
    key = combination(level, enabled, rollout)
    context = context_for(viewer=viewer, identifier=identifier, live_level=live_level)
    unleash_on = server_client.is_enabled(key, context)
    seen = viewer_state(unleash_on=unleash_on, viewer=viewer, level=level, live_level=live_level)
    expected = reference_visible(
        audience=viewer,
        level=level,
        live_level=live_level,
        enabled=enabled,
        rollout=rollout,
        key=key,
        identifier=identifier,
    )
    assert (seen != LOCKED) == expected
