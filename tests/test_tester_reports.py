"""Tester reports on previews: who may report, what owners see, and open blockers stopping a
service from going live until they are resolved."""

import json

import pytest
from sqlmodel import select

from core import db
from core.audit import Actor, AuditEntry
from feedback import models
from stages import control
from stages.control import BlockedByReports
from stages.models import ServiceState
from tests.conftest import PASSWORD, make_user, post_form
from tests.fake_services import TEST_SERVICES

FORM = "/vorschau/beta/rueckmeldung"
OWNER = Actor(id=None, label="chefin@example.org")


@pytest.fixture
def staged(app_factory):
    # Live stage bicycle: alpha is live, beta (moped) the testers' preview, gamma (truck) hidden.
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def client_as(app, database, email, **fields):
    user = make_user(database, email=email, **fields)
    client = app.test_client()
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client, user


@pytest.fixture
def tester(staged, database):
    return client_as(staged, database, "tester@example.org", is_tester=True)


@pytest.fixture
def owner(staged, database):
    return client_as(staged, database, "chefin@example.org", is_product_owner=True)


def reports(database) -> list[models.TesterReport]:
    database.expire_all()
    return list(database.exec(select(models.TesterReport).order_by(models.TesterReport.id)))


def audit(database) -> list[AuditEntry]:
    database.expire_all()
    return list(database.exec(select(AuditEntry).order_by(AuditEntry.id)))


def promote_beta(app, **kwargs):
    with app.test_request_context():
        return control.promote_service(
            db=db.session(), services=TEST_SERVICES, key="beta", actor=OWNER, **kwargs
        )


def stage_of(database, key):
    database.expire_all()
    row = database.get(ServiceState, key)
    return row.stage if row else None


def test_tester_reports_on_a_preview_service(tester, database):
    client, user = tester
    page = client.get(FORM)
    assert page.status_code == 200
    assert "Rückmeldung zu „Dienst Beta“" in page.get_data(as_text=True)
    response = post_form(client, FORM, {"kind": "problem", "text": "  Knopf reagiert langsam.  "})
    assert response.status_code == 303
    [report] = reports(database)
    assert (report.service_key, report.user_id, report.kind, report.text) == (
        "beta",
        user.id,
        "problem",
        "Knopf reagiert langsam.",
    )
    assert report.resolved_at is None
    assert "Knopf reagiert langsam." in client.get(FORM).get_data(as_text=True)


def test_after_reporting_the_tester_returns_to_the_page_they_came_from(tester, database):
    client, _user = tester
    data = {"kind": "works", "text": "Alles gut.", "next": "/roadmap/beta"}
    assert post_form(client, FORM, data).headers["Location"] == "/roadmap/beta"
    data["next"] = "https://example.com/"
    assert post_form(client, FORM, data).headers["Location"] == FORM


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "works", "text": ""},
        {"kind": "works", "text": "   "},
        {"kind": "works", "text": "x" * 2001},
        {"kind": "kaputt", "text": "Geht nicht."},
        {"text": "Geht nicht."},
    ],
)
def test_invalid_report_is_refused_and_nothing_written(tester, database, data):
    client, _user = tester
    assert post_form(client, FORM, data).status_code == 422
    assert reports(database) == []


def test_report_without_csrf_token_is_refused(tester, database):
    client, _user = tester
    assert client.post(FORM, data={"kind": "works", "text": "Gut."}).status_code == 400
    assert reports(database) == []


def test_residents_cannot_report_and_visitors_must_sign_in(staged, database):
    resident, _user = client_as(staged, database, "anna@example.org")
    assert resident.get(FORM).status_code == 404
    assert post_form(resident, FORM, {"kind": "blocker", "text": "Böse."}).status_code == 404
    visitor = staged.test_client()
    assert "/login" in visitor.get(FORM).headers["Location"]
    assert reports(database) == []


@pytest.mark.parametrize("key", ["gamma", "alpha", "unbekannt"])
def test_tester_cannot_report_on_locked_live_or_unknown_services(tester, database, key):
    client, _user = tester
    url = f"/vorschau/{key}/rueckmeldung"
    assert client.get(url).status_code == 404
    assert post_form(client, url, {"kind": "problem", "text": "Hm."}).status_code == 404
    assert reports(database) == []


def test_blocked_tester_may_not_report(staged, database):
    client, user = client_as(staged, database, "tester@example.org", is_tester=True)
    user.is_blocked = True
    database.add(user)
    database.commit()
    assert post_form(client, FORM, {"kind": "problem", "text": "Hm."}).status_code == 403
    assert reports(database) == []


def test_owner_may_report_on_a_service_only_staff_can_see(owner, database):
    client, _user = owner
    url = "/vorschau/gamma/rueckmeldung"
    assert post_form(client, url, {"kind": "works", "text": "Intern geprüft."}).status_code == 303
    assert [report.service_key for report in reports(database)] == ["gamma"]


def test_open_blocker_stops_beta_going_live_until_resolved(staged, tester, owner, database):
    client, _user = tester
    post_form(client, FORM, {"kind": "blocker", "text": "Absturz beim Speichern."})
    post_form(client, FORM, {"kind": "problem", "text": "Schrift zu klein."})
    with pytest.raises(BlockedByReports, match="Absturz beim Speichern") as blocked:
        promote_beta(staged)
    assert blocked.value.blockers == ["beta: Absturz beim Speichern."]
    assert stage_of(database, "beta") in (None, "moped")
    owner_client, owner_user = owner
    blocker = reports(database)[0]
    url = f"/vorschau/beta/rueckmeldung/{blocker.id}/erledigt"
    assert post_form(owner_client, url).status_code == 303
    resolved = reports(database)[0]
    assert resolved.resolved_by_id == owner_user.id and resolved.resolved_at is not None
    assert promote_beta(staged).stage == "bicycle"
    entries = audit(database)
    assert [(e.action, e.subject, e.actor) for e in entries] == [
        ("report_resolve", "beta", "chefin@example.org"),
        ("promote", "beta", "chefin@example.org"),
    ]
    assert json.loads(entries[0].before) == {
        "report_id": blocker.id,
        "kind": "blocker",
        "resolved": False,
    }
    assert json.loads(entries[0].after)["resolved"] is True


def test_resolving_twice_leaves_one_audit_entry(tester, owner, database):
    post_form(tester[0], FORM, {"kind": "blocker", "text": "Absturz."})
    [report] = reports(database)
    url = f"/vorschau/beta/rueckmeldung/{report.id}/erledigt"
    post_form(owner[0], url)
    post_form(owner[0], url)
    assert [entry.action for entry in audit(database)] == ["report_resolve"]


def test_only_owners_resolve_and_only_existing_reports(staged, tester, owner, database):
    client, _user = tester
    post_form(client, FORM, {"kind": "blocker", "text": "Absturz."})
    [report] = reports(database)
    assert post_form(client, f"/vorschau/beta/rueckmeldung/{report.id}/erledigt").status_code == 403
    owner_client, _owner = owner
    assert (
        post_form(owner_client, f"/vorschau/alpha/rueckmeldung/{report.id}/erledigt").status_code
        == 404
    )
    assert post_form(owner_client, "/vorschau/beta/rueckmeldung/999/erledigt").status_code == 404
    assert owner_client.post(f"/vorschau/beta/rueckmeldung/{report.id}/erledigt").status_code == 400
    assert reports(database)[0].resolved_at is None
    assert audit(database) == []


def test_console_list_is_for_owners_and_filters_by_service_and_state(
    staged, tester, owner, database
):
    client, _user = tester
    post_form(client, FORM, {"kind": "blocker", "text": "Erste Meldung zu Beta."})
    post_form(client, FORM, {"kind": "works", "text": "Zweite Meldung zu Beta."})
    owner_client, _owner = owner
    post_form(
        owner_client, "/vorschau/gamma/rueckmeldung", {"kind": "problem", "text": "Gamma hakt."}
    )
    first = reports(database)[0]
    post_form(owner_client, f"/vorschau/beta/rueckmeldung/{first.id}/erledigt")

    assert client.get("/admin/rueckmeldungen").status_code == 403
    everything = owner_client.get("/admin/rueckmeldungen").get_data(as_text=True)
    # Open reports first, the resolved one last.
    assert (
        everything.index("Gamma hakt.")
        < everything.index("Zweite Meldung")
        < everything.index("Erste Meldung")
    )
    beta = owner_client.get("/admin/rueckmeldungen?dienst=beta").get_data(as_text=True)
    assert "Gamma hakt." not in beta and "Zweite Meldung" in beta
    still_open = owner_client.get("/admin/rueckmeldungen?stand=offen").get_data(as_text=True)
    assert "Erste Meldung" not in still_open and "Gamma hakt." in still_open
    done = owner_client.get("/admin/rueckmeldungen?stand=erledigt").get_data(as_text=True)
    assert "Erste Meldung" in done and "Gamma hakt." not in done
    assert owner_client.get("/admin/rueckmeldungen?dienst=nix").status_code == 400


def test_roadmap_fragment_shows_testers_the_form_and_owners_the_reports(
    staged, tester, owner, database
):
    client, _user = tester
    post_form(client, FORM, {"kind": "blocker", "text": "Absturz beim Speichern."})
    as_tester = client.get("/roadmap/beta").get_data(as_text=True)
    assert f'action="{FORM}"' in as_tester
    assert "Absturz beim Speichern." not in as_tester  # reports are for product owners
    as_owner = owner[0].get("/roadmap/beta").get_data(as_text=True)
    assert "Absturz beim Speichern." in as_owner and "Erledigt" in as_owner
    resident, _anna = client_as(staged, database, "anna@example.org")
    assert "Rückmeldungen aus dem Test" not in resident.get("/roadmap/beta").get_data(as_text=True)
