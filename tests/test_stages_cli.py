"""`flask stages …`: the same controls as the console, on the command line."""

import json

import pytest
from sqlmodel import Session, select

from core import db
from core.audit import Actor, AuditEntry
from stages import control
from stages.models import PlatformState, ServiceState
from stages.signals import promotion_blockers
from tests.conftest import make_user
from tests.fake_services import TEST_SERVICES

LIST_FIELDS = {"key", "title", "stage", "home_stage", "enabled", "rollout", "implemented"}


@pytest.fixture
def staged(app_factory, monkeypatch):
    monkeypatch.setattr("webapp.stages_cli.getpass.getuser", lambda: "pruefer")
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


@pytest.fixture
def runner(staged):
    return staged.test_cli_runner()


@pytest.fixture
def database(staged):
    with Session(staged.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


def stages(runner, *args):
    return runner.invoke(args=["stages", *args])


def audit(database) -> list[AuditEntry]:
    database.expire_all()
    return list(database.exec(select(AuditEntry).order_by(AuditEntry.id)))


def state(database, key: str) -> tuple[str, bool, int] | None:
    database.expire_all()
    row = database.get(ServiceState, key)
    return (row.stage, row.enabled, row.rollout) if row else None


def live_stage(database) -> str:
    database.expire_all()
    return database.get(PlatformState, 1).live_stage


@pytest.fixture
def planned(staged):
    with staged.test_request_context():
        control.create_planned_service(
            db=db.session(),
            services=TEST_SERVICES,
            key="mitfahrbank",
            title="Mitfahrbank",
            summary="",
            target_stage="truck",
            actor=Actor(id=None, label="vorher@example.org"),
        )


def test_list_json_has_every_service_built_and_planned(runner, planned):
    result = stages(runner, "list", "--json")
    assert result.exit_code == 0, result.output
    services = json.loads(result.output)
    assert all(set(service) == LIST_FIELDS for service in services)
    by_key = {service["key"]: service for service in services}
    assert list(by_key) == ["alpha", "beta", "gamma", "mitfahrbank"]
    assert by_key["gamma"] == {
        "key": "gamma",
        "title": "Dienst Gamma",
        "stage": "truck",
        "home_stage": "truck",
        "enabled": True,
        "rollout": 100,
        "implemented": True,
    }
    assert by_key["mitfahrbank"] == {
        "key": "mitfahrbank",
        "title": "Mitfahrbank",
        "stage": "truck",
        "home_stage": "truck",
        "enabled": False,
        "rollout": 0,
        "implemented": False,
    }


def test_list_as_a_table_names_stage_audience_and_kind(runner, planned):
    result = stages(runner, "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Live für alle: 🚲 Fahrrad"
    alpha = next(line for line in lines if line.startswith("alpha "))
    assert "Dienst Alpha" in alpha and "Fahrrad" in alpha and "alle" in alpha
    assert "gebaut" in alpha
    planned_line = next(line for line in lines if line.startswith("mitfahrbank"))
    assert "geplant" in planned_line and "LKW" in planned_line


@pytest.mark.parametrize(
    ("args", "subject", "action", "done"),
    [
        (["promote", "gamma"], "gamma", "promote", lambda d: state(d, "gamma")[0] == "moped"),
        (["demote", "alpha"], "alpha", "demote", lambda d: state(d, "alpha")[0] == "moped"),
        (["rollout", "alpha", "30"], "alpha", "rollout", lambda d: state(d, "alpha")[2] == 30),
        (["kill", "alpha"], "alpha", "kill", lambda d: state(d, "alpha")[1] is False),
        (["restore", "alpha"], "alpha", "restore", lambda d: state(d, "alpha")[1] is True),
        (["advance"], "platform", "advance", lambda d: live_stage(d) == "moped"),
    ],
)
def test_change_is_made_and_audited_for_the_cli_user(runner, database, args, subject, action, done):
    result = stages(runner, *args, "--reason", "Aus der Wartung")
    assert result.exit_code == 0, result.output
    assert done(database)
    [entry] = audit(database)
    assert (entry.action, entry.subject, entry.actor, entry.actor_id, entry.reason) == (
        action,
        subject,
        "cli:pruefer",
        None,
        "Aus der Wartung",
    )


def test_retreat_steps_the_platform_back(runner, database):
    stages(runner, "advance")
    result = stages(runner, "retreat")
    assert result.exit_code == 0, result.output
    assert "Die Plattform steht jetzt auf Stufe 🚲 Fahrrad." in result.output
    assert live_stage(database) == "bicycle"
    assert [e.action for e in audit(database)] == ["advance", "retreat"]


def test_change_on_behalf_of_a_product_owner_names_the_owner(runner, database):
    owner = make_user(database, email="chefin@example.org", is_product_owner=True)
    result = stages(runner, "kill", "alpha", "--as", "Chefin@Example.org")
    assert result.exit_code == 0, result.output
    [entry] = audit(database)
    assert (entry.actor, entry.actor_id) == ("chefin@example.org", owner.id)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("tester@example.org", "keine Produktverantwortung"),
        ("niemand@example.org", "Kein Konto"),
    ],
)
def test_change_on_behalf_of_someone_else_is_refused(runner, database, email, message):
    make_user(database, email="tester@example.org", is_tester=True)
    result = stages(runner, "kill", "alpha", "--as", email)
    assert result.exit_code != 0
    assert message in result.output
    assert state(database, "alpha") is None
    assert audit(database) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["promote", "alpha"], "„alpha“ steht schon auf der ersten Stufe."),
        (["demote", "gamma"], "„gamma“ steht schon auf der letzten Stufe."),
        (["rollout", "alpha", "101"], "ganze Zahl von 0 bis 100"),
        (["rollout", "alpha", "abc"], "ganze Zahl von 0 bis 100"),
        (["kill", "nirgends"], "Unbekannter Dienst: nirgends"),
        (["kill", "alpha", "--reason", "x" * 1001], "höchstens 1000 Zeichen"),
        (["retreat"], "Die Plattform steht schon auf der ersten Stufe."),
    ],
)
def test_refused_change_exits_non_zero_and_writes_nothing(runner, database, args, message):
    result = stages(runner, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert audit(database) == []
    assert state(database, "alpha") is None and state(database, "gamma") is None
    assert live_stage(database) == "bicycle"


def test_dependency_guard_holds_on_the_command_line(runner, database):
    assert stages(runner, "demote", "alpha").exit_code == 0
    result = stages(runner, "promote", "beta")
    assert result.exit_code != 0
    assert "„beta“ braucht „alpha“" in result.output
    assert state(database, "beta") is None


def _gamma_crashes(_db, key):
    return ["Absturz"] if key == "gamma" else []


@pytest.fixture
def blocker_on_gamma():
    with promotion_blockers.connected_to(_gamma_crashes):
        yield


def test_open_blocker_needs_override_and_reason(runner, database, blocker_on_gamma):
    stages(runner, "promote", "gamma")  # into the preview: not blocked
    blocked = stages(runner, "promote", "gamma")
    assert blocked.exit_code != 0
    assert "gamma: Absturz" in blocked.output and "--override-blockers" in blocked.output
    assert stages(runner, "promote", "gamma", "--override-blockers").exit_code != 0
    assert state(database, "gamma")[0] == "moped"
    result = stages(runner, "promote", "gamma", "--override-blockers", "--reason", "Randfall")
    assert result.exit_code == 0, result.output
    assert state(database, "gamma")[0] == "bicycle"


def test_audit_json_lists_the_newest_entries_first(runner):
    stages(runner, "promote", "gamma", "--reason", "Bereit")
    stages(runner, "rollout", "alpha", "50")
    result = stages(runner, "audit", "--json")
    assert result.exit_code == 0
    entries = json.loads(result.output)
    assert [e["action"] for e in entries] == ["rollout", "promote"]
    promote = entries[1]
    assert set(promote) == {"id", "at", "actor", "action", "subject", "before", "after", "reason"}
    assert (promote["before"]["stage"], promote["after"]["stage"]) == ("truck", "moped")
    assert (promote["actor"], promote["reason"]) == ("cli:pruefer", "Bereit")
    assert promote["at"].endswith("+00:00")
    limited = json.loads(stages(runner, "audit", "--json", "--limit", "1").output)
    assert [e["action"] for e in limited] == ["rollout"]


def test_audit_in_words(runner):
    stages(runner, "rollout", "alpha", "25", "--reason", "Vorsichtig")
    result = stages(runner, "audit")
    assert result.exit_code == 0
    assert "Anteil gesetzt · alpha · Anteil: 100 % → 25 % · Begründung: Vorsichtig" in result.output


def test_export_is_the_unleash_payload_of_the_current_state(runner):
    stages(runner, "kill", "gamma")
    stages(runner, "rollout", "alpha", "40")
    result = stages(runner, "export")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["version"] == 2
    features = {feature["name"]: feature for feature in payload["features"]}
    assert list(features) == ["alpha", "beta", "gamma"]
    assert features["gamma"]["enabled"] is False
    for feature in features.values():
        assert feature["strategies"]
        for strategy in feature["strategies"]:
            assert strategy["name"] == "flexibleRollout"
            assert strategy["constraints"]
    live = features["alpha"]["strategies"][0]
    assert live["parameters"]["rollout"] == "40"
    assert live["constraints"][0]["operator"] == "NUM_GTE"
