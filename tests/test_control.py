"""Product owners' controls: each change guarded, audited, atomic."""

import json
import threading

import pytest
from flask import Flask
from sqlmodel import Session, select

from core import db
from core.audit import Actor, AuditEntry
from stages import control
from stages.control import BlockedByReports, ControlError, GuardRailError, UnknownService
from stages.models import PlannedService, PlatformState, ServiceState
from stages.signals import promotion_blockers
from tests.fake_services import TEST_SERVICES

OWNER = Actor(id=None, label="chefin@example.org")


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def run(app: Flask, operation, **kwargs):
    """Run a control operation the way the console does: in the app, on a fresh session."""
    with app.test_request_context():
        return operation(db=db.session(), services=TEST_SERVICES, actor=OWNER, **kwargs)


def audit(database: Session) -> list[AuditEntry]:
    database.expire_all()
    return list(database.exec(select(AuditEntry).order_by(AuditEntry.id)))


def version(database: Session) -> int:
    database.expire_all()
    return database.get(PlatformState, 1).version


def stage_of(database: Session, key: str) -> str | None:
    database.expire_all()
    row = database.get(ServiceState, key)
    return row.stage if row else None


def test_promote_moves_one_stage_toward_live_and_leaves_an_audit_entry(staged, database):
    start = version(database)
    status = run(staged, control.promote_service, key="gamma", reason="Gute Rückmeldungen")
    assert status.stage == "moped"
    assert stage_of(database, "gamma") == "moped"
    assert version(database) == start + 1
    [entry] = audit(database)
    assert (entry.actor, entry.action, entry.subject, entry.reason) == (
        "chefin@example.org",
        "promote",
        "gamma",
        "Gute Rückmeldungen",
    )
    assert json.loads(entry.before)["stage"] == "truck"
    assert json.loads(entry.after)["stage"] == "moped"


@pytest.mark.parametrize(
    ("operation", "key", "words"),
    [
        (control.promote_service, "alpha", "ersten Stufe"),
        (control.demote_service, "gamma", "letzten Stufe"),
    ],
)
def test_no_promotion_before_bicycle_or_demotion_beyond_truck(
    staged, database, operation, key, words
):
    start = version(database)
    with pytest.raises(GuardRailError, match=words):
        run(staged, operation, key=key)
    assert audit(database) == []
    assert version(database) == start
    assert stage_of(database, key) is None


def test_unknown_service_is_refused(staged, database):
    with pytest.raises(UnknownService):
        run(staged, control.promote_service, key="nirgends")
    assert audit(database) == []


def test_a_service_cannot_pass_the_service_it_depends_on(staged, database):
    run(staged, control.demote_service, key="alpha")  # alpha → moped, beside beta
    with pytest.raises(GuardRailError, match="„beta“ hängt von „alpha“ ab"):
        run(staged, control.demote_service, key="alpha")
    with pytest.raises(GuardRailError, match="„beta“ braucht „alpha“"):
        run(staged, control.promote_service, key="beta")
    assert stage_of(database, "alpha") == "moped"
    assert stage_of(database, "beta") is None
    assert [entry.action for entry in audit(database)] == ["demote"]


@pytest.mark.parametrize("value", ["abc", "101", "-1", "50.5", "", " "])
def test_rollout_outside_0_to_100_is_refused(staged, database, value):
    with pytest.raises(ControlError, match="ganze Zahl von 0 bis 100"):
        run(staged, control.set_rollout, key="alpha", percent=value)
    assert audit(database) == []


def test_rollout_kill_and_restore_are_audited(staged, database):
    run(staged, control.set_rollout, key="alpha", percent="25")
    run(staged, control.kill_service, key="alpha", reason="Fehler in der Anzeige")
    run(staged, control.restore_service, key="alpha")
    database.expire_all()
    row = database.get(ServiceState, "alpha")
    assert (row.rollout, row.enabled) == (25, True)
    assert [(e.action, json.loads(e.after)["enabled"]) for e in audit(database)] == [
        ("rollout", True),
        ("kill", False),
        ("restore", True),
    ]


def test_reason_longer_than_allowed_is_refused(staged, database):
    with pytest.raises(ControlError, match="höchstens 1000"):
        run(staged, control.kill_service, key="alpha", reason="x" * 1001)
    assert audit(database) == []


def test_platform_advances_and_retreats_within_the_ladder(staged, database):
    assert run(staged, control.advance_platform) == "moped"
    assert run(staged, control.advance_platform) == "truck"
    with pytest.raises(GuardRailError, match="letzten Stufe"):
        run(staged, control.advance_platform)
    assert run(staged, control.retreat_platform) == "moped"
    assert run(staged, control.retreat_platform) == "bicycle"
    with pytest.raises(GuardRailError, match="ersten Stufe"):
        run(staged, control.retreat_platform)
    assert [e.action for e in audit(database)] == ["advance", "advance", "retreat", "retreat"]


def _gamma_crashes(_db, key):
    return ["Absturz beim Öffnen"] if key == "gamma" else []


@pytest.fixture
def blocker_on_gamma():
    with promotion_blockers.connected_to(_gamma_crashes):
        yield


def test_open_blocker_stops_promotion_into_live_unless_overridden_with_reason(
    staged, database, blocker_on_gamma
):
    run(staged, control.promote_service, key="gamma")  # truck → moped: preview only, allowed
    with pytest.raises(BlockedByReports, match="Absturz beim Öffnen") as blocked:
        run(staged, control.promote_service, key="gamma")
    assert blocked.value.blockers == ["gamma: Absturz beim Öffnen"]
    with pytest.raises(GuardRailError, match="Begründung"):
        run(staged, control.promote_service, key="gamma", override_blockers=True)
    assert stage_of(database, "gamma") == "moped"
    run(staged, control.promote_service, key="gamma", override_blockers=True, reason="Nur Randfall")
    assert stage_of(database, "gamma") == "bicycle"
    assert audit(database)[-1].reason == "Nur Randfall"


def test_open_blocker_stops_the_platform_advancing(staged, database, blocker_on_gamma):
    run(staged, control.promote_service, key="gamma")  # gamma now in the moped wave
    with pytest.raises(BlockedByReports):
        run(staged, control.advance_platform)
    assert database.get(PlatformState, 1).live_stage == "bicycle"
    assert (
        run(staged, control.advance_platform, override_blockers=True, reason="Geprüft") == "moped"
    )


def test_planned_services_are_created_edited_and_deleted_with_audit(staged, database):
    planned = run(
        staged,
        control.create_planned_service,
        key="mitfahrbank",
        title="Mitfahrbank",
        summary="Mitfahren im Dorf",
        target_stage="moped",
    )
    run(
        staged,
        control.update_planned_service,
        planned_id=planned.id,
        title="Mitfahrbänke",
        summary="Mitfahren",
        target_stage="truck",
    )
    database.expire_all()
    assert database.get(PlannedService, planned.id).target_stage == "truck"
    with staged.test_request_context():
        control.delete_planned_service(db=db.session(), planned_id=planned.id, actor=OWNER)
    database.expire_all()
    assert database.get(PlannedService, planned.id) is None
    assert [e.action for e in audit(database)] == ["plan", "plan_edit", "plan_delete"]


@pytest.mark.parametrize(
    ("fields", "error", "words"),
    [
        ({"key": "alpha"}, GuardRailError, "schon ein gebauter Dienst"),
        ({"key": "Mit Leerzeichen"}, ControlError, "2–40 Zeichen"),
        ({"title": ""}, ControlError, "1 bis 120"),
        ({"title": "t" * 121}, ControlError, "1 bis 120"),
        ({"summary": "s" * 1001}, ControlError, "höchstens 1000"),
        ({"target_stage": "rakete"}, ControlError, "Unbekannte Stufe"),
    ],
)
def test_bad_planned_service_is_refused(staged, database, fields, error, words):
    values = {
        "key": "dorfladen",
        "title": "Dorfladen",
        "summary": "",
        "target_stage": "moped",
        **fields,
    }
    with pytest.raises(error, match=words):
        run(staged, control.create_planned_service, **values)
    assert database.exec(select(PlannedService)).all() == []
    assert audit(database) == []


def test_duplicate_planned_service_is_refused(staged, database):
    values = {"key": "dorfladen", "title": "Dorfladen", "summary": "", "target_stage": "moped"}
    run(staged, control.create_planned_service, **values)
    with pytest.raises(GuardRailError, match="schon einen geplanten Dienst"):
        run(staged, control.create_planned_service, **values)
    assert len(audit(database)) == 1


def test_two_owners_promoting_at_once_end_consistent_with_two_honest_entries(staged, database):
    barrier = threading.Barrier(2)
    errors = []

    def promote(owner: str):
        try:
            with staged.test_request_context():
                barrier.wait()
                control.promote_service(
                    db=db.session(), services=TEST_SERVICES, key="gamma", actor=Actor(None, owner)
                )
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=promote, args=(name,)) for name in ("a@x.org", "b@x.org")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stage_of(database, "gamma") == "bicycle"
    steps = [(json.loads(e.before)["stage"], json.loads(e.after)["stage"]) for e in audit(database)]
    assert steps == [("truck", "moped"), ("moped", "bicycle")]
    assert {e.actor for e in audit(database)} == {"a@x.org", "b@x.org"}
