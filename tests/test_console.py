"""The product-owner console: only owners get in; every change is confirmed, guarded by
stages.control, audited with its reason, and works with and without htmx."""

import json
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from core import db
from core.audit import Actor, AuditEntry
from core.formatting import local_timezone
from stages import control
from stages.models import PlannedService, PlatformState, ServiceState
from stages.signals import promotion_blockers
from tests.conftest import AuthActions, make_user, post_form
from tests.fake_services import TEST_SERVICES
from webapp.admin.audit import PAGE_SIZE

OWNER_EMAIL = "chefin@example.org"
HTMX = {"HX-Request": "true"}
ROLES = {
    "resident": {},
    "tester": {"is_tester": True},
    "owner": {"is_product_owner": True},
}


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


@pytest.fixture
def client(staged):
    return staged.test_client()


@pytest.fixture
def database(staged):
    with Session(staged.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


def sign_in(client, database, role: str) -> None:
    if role == "visitor":
        return
    email = OWNER_EMAIL if role == "owner" else f"{role}@example.org"
    make_user(database, email=email, **ROLES[role])
    AuthActions(client).login(email)


@pytest.fixture
def owner(client, database):
    sign_in(client, database, "owner")
    return client


@pytest.fixture
def planned(staged) -> int:
    with staged.test_request_context():
        return control.create_planned_service(
            db=db.session(),
            services=TEST_SERVICES,
            key="mitfahrbank",
            title="Mitfahrbank",
            summary="Mitfahren im Dorf",
            target_stage="moped",
            actor=Actor(id=None, label="vorher@example.org"),
        ).id


def audit(database) -> list[AuditEntry]:
    database.expire_all()
    return list(database.exec(select(AuditEntry).order_by(AuditEntry.id)))


def changes(database) -> list[AuditEntry]:
    """Audit entries of the test itself, not of the arranged planned service."""
    return [entry for entry in audit(database) if entry.actor != "vorher@example.org"]


def state(database, key: str) -> tuple[str, bool, int] | None:
    database.expire_all()
    row = database.get(ServiceState, key)
    return (row.stage, row.enabled, row.rollout) if row else None


def live_stage(database) -> str:
    database.expire_all()
    return database.get(PlatformState, 1).live_stage


def body(response) -> str:
    return response.get_data(as_text=True)


# --- who may enter ---------------------------------------------------------------------------

PAGES = [
    "/admin/stages",
    "/admin/audit",
    "/admin/stages/gamma/promote",
    "/admin/stages/alpha/demote",
    "/admin/stages/alpha/rollout",
    "/admin/stages/alpha/kill",
    "/admin/stages/alpha/restore",
    "/admin/platform/advance",
    "/admin/platform/retreat",
    "/admin/planned/new",
    "/admin/planned/{planned}/edit",
    "/admin/planned/{planned}/delete",
]
CHANGES = [url for url in PAGES if url not in ("/admin/stages", "/admin/audit")]


@pytest.mark.parametrize("url", PAGES)
def test_visitor_is_sent_to_sign_in_from_every_console_page(client, planned, url):
    url = url.format(planned=planned)
    response = client.get(url)
    assert response.status_code == 302
    assert "/login?next=" in response.location


@pytest.mark.parametrize("url", CHANGES)
def test_visitor_changes_nothing_and_is_sent_to_sign_in(client, database, planned, url):
    response = post_form(client, url.format(planned=planned), {"reason": "x", "percent": "5"})
    assert response.status_code == 302
    assert "/login?next=" in response.location
    assert changes(database) == []


def test_visitor_htmx_request_gets_a_redirect_header_not_a_fragment(client):
    response = client.get("/admin/stages/gamma/promote", headers=HTMX)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")


@pytest.mark.parametrize("role", ["resident", "tester"])
@pytest.mark.parametrize("url", PAGES)
def test_residents_and_testers_are_refused_every_console_page(client, database, planned, role, url):
    sign_in(client, database, role)
    assert client.get(url.format(planned=planned)).status_code == 403


@pytest.mark.parametrize("role", ["resident", "tester"])
@pytest.mark.parametrize("url", CHANGES)
def test_residents_and_testers_cannot_change_anything(client, database, planned, role, url):
    sign_in(client, database, role)
    response = post_form(client, url.format(planned=planned), {"reason": "x", "percent": "5"})
    assert response.status_code == 403
    assert changes(database) == []
    assert state(database, "alpha") is None
    assert live_stage(database) == "bicycle"


@pytest.mark.parametrize("url", PAGES)
def test_product_owner_opens_every_console_page(owner, planned, url):
    assert owner.get(url.format(planned=planned)).status_code == 200


# --- the console -----------------------------------------------------------------------------


def test_console_groups_services_by_stage_with_who_sees_them(owner, planned):
    page = body(owner.get("/admin/stages"))
    assert page.count("<h1") == 1
    positions = {
        name: page.index(marker)
        for name, marker in [
            ("bicycle", 'id="stufe-bicycle"'),
            ("alpha", 'id="dienst-alpha"'),
            ("moped", 'id="stufe-moped"'),
            ("beta", 'id="dienst-beta"'),
            ("planned", f'id="geplant-{planned}"'),
            ("truck", 'id="stufe-truck"'),
            ("gamma", 'id="dienst-gamma"'),
        ]
    }
    assert list(positions) == sorted(positions, key=positions.get)
    for text in ("🚲 Fahrrad", "🛵 Moped", "🚚 LKW", "gebaut", "geplant", "Mitfahrbank"):
        assert text in page
    gamma = page[positions["gamma"] :]
    assert "niemand außer dem Team" in gamma
    beta = page[positions["beta"] : positions["planned"]]
    assert "Testerinnen und Tester" in beta
    assert "<code>alpha</code>" in beta  # beta depends on alpha
    assert "Plattform eine Stufe weiter" in page
    assert "Plattform eine Stufe zurück" not in page  # already on the first stage


def test_console_offers_no_promotion_beyond_the_first_stage(owner):
    page = body(owner.get("/admin/stages"))
    assert "/admin/stages/alpha/promote" not in page
    assert "/admin/stages/gamma/demote" not in page
    assert "/admin/stages/gamma/promote" in page


# --- every change without JavaScript: confirm, POST with a reason, back with a message --------


def _planned_row(database):
    database.expire_all()
    return database.exec(select(PlannedService)).first()


NO_JS_CHANGES = [
    (
        "/admin/stages/gamma/promote",
        {},
        "Testerinnen und Tester",
        "promote",
        "gamma",
        lambda database: state(database, "gamma") == ("moped", True, 100),
    ),
    (
        "/admin/stages/alpha/demote",
        {},
        "nur Testerinnen und Tester",
        "demote",
        "alpha",
        lambda database: state(database, "alpha") == ("moped", True, 100),
    ),
    (
        "/admin/stages/alpha/rollout",
        {"percent": "25"},
        "immer dieselben Personen",
        "rollout",
        "alpha",
        lambda database: state(database, "alpha") == ("bicycle", True, 25),
    ),
    (
        "/admin/stages/alpha/kill",
        {},
        "niemand außer dem Team",
        "kill",
        "alpha",
        lambda database: state(database, "alpha") == ("bicycle", False, 100),
    ),
    (
        "/admin/platform/advance",
        {},
        "„Dienst Beta“: Testerinnen und Tester → alle",
        "advance",
        "platform",
        lambda database: live_stage(database) == "moped",
    ),
    (
        "/admin/planned/{planned}/delete",
        {},
        "vom Fahrplan",
        "plan_delete",
        "mitfahrbank",
        lambda database: _planned_row(database) is None,
    ),
]


@pytest.mark.parametrize(("url", "data", "consequence", "action", "subject", "done"), NO_JS_CHANGES)
def test_change_without_javascript_is_confirmed_then_made_and_audited_with_its_reason(
    owner, database, planned, url, data, consequence, action, subject, done
):
    url = url.format(planned=planned)
    confirmation = owner.get(url)
    page = body(confirmation)
    assert confirmation.status_code == 200
    assert consequence in page
    assert "Bestätigen" in page and "Abbrechen" in page
    assert 'name="csrf_token"' in page

    response = post_form(owner, url, {"reason": "Laut Rückmeldungen bereit", **data})
    assert response.status_code == 302
    assert response.location.endswith("/admin/stages")
    assert done(database)
    [entry] = changes(database)
    assert (entry.action, entry.subject, entry.actor, entry.reason) == (
        action,
        subject,
        OWNER_EMAIL,
        "Laut Rückmeldungen bereit",
    )
    assert entry.actor_id is not None
    assert "flash-success" in body(owner.get("/admin/stages"))


def test_promote_confirmation_says_everyone_will_see_it(owner, database):
    post_form(owner, "/admin/stages/gamma/promote")
    page = body(owner.get("/admin/stages/gamma/promote"))
    assert "Danach sehen alle Einwohnerinnen und Einwohner den Dienst „Dienst Gamma“." in page


def test_restore_switches_a_killed_service_back_on(owner, database):
    post_form(owner, "/admin/stages/alpha/kill")
    page = body(owner.get("/admin/stages"))
    assert "/admin/stages/alpha/restore" in page
    assert "/admin/stages/alpha/kill" not in page
    response = post_form(owner, "/admin/stages/alpha/restore", {"reason": "Fehler behoben"})
    assert response.status_code == 302
    assert state(database, "alpha") == ("bicycle", True, 100)
    assert [(e.action, e.reason) for e in changes(database)] == [
        ("kill", ""),
        ("restore", "Fehler behoben"),
    ]


def test_platform_retreats_one_stage(owner, database):
    post_form(owner, "/admin/platform/advance")
    response = post_form(owner, "/admin/platform/retreat", {"reason": "Zu früh"})
    assert response.status_code == 302
    assert live_stage(database) == "bicycle"
    assert changes(database)[-1].reason == "Zu früh"


def test_planned_service_is_created_and_edited(owner, database):
    assert "Schlüssel" in body(owner.get("/admin/planned/new"))
    response = post_form(
        owner,
        "/admin/planned/new",
        {"key": "dorfladen", "title": "Dorfladen", "summary": "Ein Laden", "target_stage": "truck"},
    )
    assert response.status_code == 302
    planned = _planned_row(database)
    assert (planned.key, planned.title, planned.target_stage) == ("dorfladen", "Dorfladen", "truck")
    edit = f"/admin/planned/{planned.id}/edit"
    assert 'value="Dorfladen"' in body(owner.get(edit))
    response = post_form(
        owner, edit, {"title": "Dorfläden", "summary": "Mehrere", "target_stage": "moped"}
    )
    assert response.status_code == 302
    planned = _planned_row(database)
    assert (planned.title, planned.target_stage) == ("Dorfläden", "moped")
    assert [e.action for e in changes(database)] == ["plan", "plan_edit"]


# --- with htmx: the confirmation inline, the console back as a fragment -----------------------


def test_htmx_loads_the_confirmation_inline_as_a_fragment(owner):
    response = owner.get("/admin/stages/gamma/promote", headers=HTMX)
    page = body(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert 'hx-post="/admin/stages/gamma/promote"' in page
    assert 'hx-target="#konsole"' in page
    assert "„Dienst Gamma“ eine Stufe weiter freischalten" in page


def test_htmx_change_returns_the_refreshed_console_with_the_new_state(owner, database):
    response = post_form(owner, "/admin/stages/gamma/promote", {"reason": "Bereit"}, headers=HTMX)
    page = body(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="konsole"' in page
    assert page.index('id="stufe-moped"') < page.index('id="dienst-gamma"')
    assert page.index('id="dienst-gamma"') < page.index('id="stufe-truck"')
    assert 'hx-swap-oob="innerHTML:#meldungen"' in page
    assert "„Dienst Gamma“ steht jetzt auf Stufe 🛵 Moped." in page
    assert state(database, "gamma") == ("moped", True, 100)
    assert changes(database)[0].reason == "Bereit"


def test_htmx_rollout_shows_the_new_share(owner, database):
    response = post_form(owner, "/admin/stages/alpha/rollout", {"percent": "40"}, headers=HTMX)
    page = body(response)
    assert "<html" not in page
    assert "40 %" in page
    assert state(database, "alpha") == ("bicycle", True, 40)


def test_htmx_refusal_is_shown_in_the_row_and_changes_nothing(owner, database):
    response = post_form(owner, "/admin/stages/alpha/promote", headers=HTMX)
    assert response.status_code == 409  # htmx swaps 4xx answers too (base.html)
    assert response.headers["HX-Retarget"] == "#aktion-alpha"
    assert "<html" not in body(response)
    assert "„alpha“ steht schon auf der ersten Stufe." in body(response)
    assert changes(database) == []


def test_a_change_reaches_this_process_flags_at_once(staged, owner):
    # FLAG_CHECK_INTERVAL would otherwise keep the old flags; the console invalidates them.
    staged.extensions["flags"].check_interval = 60
    owner.get("/admin/stages")  # warms the flag cache
    post_form(owner, "/admin/stages/alpha/kill")
    with staged.test_request_context():
        snapshot, _client = staged.extensions["flags"].current(db.session())
    assert snapshot.services["alpha"].enabled is False


# --- bad input and guard rails: the German message, nothing changed, nothing audited ---------


@pytest.mark.parametrize(
    ("url", "data", "status", "message"),
    [
        ("/admin/stages/alpha/promote", {}, 409, "„alpha“ steht schon auf der ersten Stufe."),
        ("/admin/stages/gamma/demote", {}, 409, "„gamma“ steht schon auf der letzten Stufe."),
        ("/admin/stages/alpha/rollout", {"percent": "101"}, 422, "ganze Zahl von 0 bis 100"),
        ("/admin/stages/alpha/rollout", {"percent": "abc"}, 422, "ganze Zahl von 0 bis 100"),
        ("/admin/stages/alpha/rollout", {}, 422, "ganze Zahl von 0 bis 100"),
        ("/admin/stages/alpha/kill", {"reason": "x" * 1001}, 422, "höchstens 1000 Zeichen"),
        ("/admin/platform/retreat", {}, 409, "Die Plattform steht schon auf der ersten Stufe."),
        (
            "/admin/planned/new",
            {"key": "alpha", "title": "Alpha", "target_stage": "moped"},
            409,
            "„alpha“ ist schon ein gebauter Dienst.",
        ),
        (
            "/admin/planned/new",
            {"key": "Mit Leerzeichen", "title": "X", "target_stage": "moped"},
            422,
            "2–40 Zeichen",
        ),
        (
            "/admin/planned/new",
            {"key": "dorfladen", "title": "", "target_stage": "moped"},
            422,
            "1 bis 120 Zeichen",
        ),
        (
            "/admin/planned/new",
            {"key": "dorfladen", "title": "Dorfladen", "target_stage": "rakete"},
            422,
            "Keine gültige Auswahl.",
        ),
    ],
)
def test_refused_change_shows_why_and_changes_nothing(owner, database, url, data, status, message):
    response = post_form(owner, url, data)
    assert response.status_code == status
    assert message in body(response)
    assert "Bestätigen" in body(response) or "Speichern" in body(response)
    assert changes(database) == []
    assert state(database, "alpha") is None and state(database, "gamma") is None
    assert live_stage(database) == "bicycle"
    assert _planned_row(database) is None


@pytest.mark.parametrize(
    "url",
    [
        "/admin/stages/nirgends/promote",
        "/admin/stages/nirgends/kill",
        "/admin/stages/alpha/explode",
        "/admin/planned/999999/edit",
        "/admin/planned/999999/delete",
    ],
)
def test_unknown_service_or_action_is_not_found(owner, database, url):
    assert owner.get(url).status_code == 404
    assert post_form(owner, url, {"reason": "x"}).status_code == 404
    assert changes(database) == []


def test_change_without_csrf_token_is_refused(owner, database):
    response = owner.post("/admin/stages/alpha/kill", data={"reason": "ohne Token"})
    assert response.status_code == 400
    assert state(database, "alpha") is None
    assert changes(database) == []


def test_a_service_cannot_pass_the_service_it_depends_on(owner, database):
    assert post_form(owner, "/admin/stages/alpha/demote").status_code == 302  # alpha → moped
    response = post_form(owner, "/admin/stages/beta/promote", {"reason": "Versuch"})
    assert response.status_code == 409
    assert "„beta“ braucht „alpha“" in body(response)
    response = post_form(owner, "/admin/stages/alpha/demote")
    assert response.status_code == 409
    assert "„beta“ hängt von „alpha“ ab" in body(response)
    assert state(database, "alpha") == ("moped", True, 100)
    assert state(database, "beta") is None
    assert [e.action for e in changes(database)] == ["demote"]


def _gamma_crashes(_db, key):
    return ["Absturz beim Öffnen"] if key == "gamma" else []


@pytest.fixture
def blocker_on_gamma():
    with promotion_blockers.connected_to(_gamma_crashes):
        yield


def test_open_blocker_is_shown_and_can_only_be_overridden_with_a_reason(
    owner, database, blocker_on_gamma
):
    post_form(owner, "/admin/stages/gamma/promote")  # truck → moped: a preview, not blocked
    url = "/admin/stages/gamma/promote"
    blocked = post_form(owner, url)
    assert blocked.status_code == 409
    assert "gamma: Absturz beim Öffnen" in body(blocked)
    assert "Blocker übergehen" in body(blocked)
    without_reason = post_form(owner, url, {"override_blockers": "y"})
    assert without_reason.status_code == 409
    assert "muss eine Begründung angeben" in body(without_reason)
    assert "Blocker übergehen" in body(without_reason)
    assert state(database, "gamma") == ("moped", True, 100)
    done = post_form(owner, url, {"override_blockers": "y", "reason": "Nur ein Randfall"})
    assert done.status_code == 302
    assert state(database, "gamma") == ("bicycle", True, 100)
    assert [(e.action, e.reason) for e in changes(database)] == [
        ("promote", ""),
        ("promote", "Nur ein Randfall"),
    ]


# --- the audit log ---------------------------------------------------------------------------


@pytest.fixture
def history(staged):
    """Three changes by two people: promote gamma, set alpha's share, advance the platform."""
    with staged.test_request_context():
        run = {"db": db.session(), "services": TEST_SERVICES}
        anna = Actor(id=None, label="anna@example.org")
        bert = Actor(id=None, label="cli:bert")
        control.promote_service(**run, key="gamma", actor=anna, reason="Gute Tests")
        control.set_rollout(**run, key="alpha", percent="25", actor=bert)
        control.advance_platform(**run, actor=anna, reason="Moped fertig")


def entries_shown(page: str) -> int:
    return page.count('class="audit-entry"')


def test_audit_log_shows_newest_first_in_words(owner, history):
    page = body(owner.get("/admin/audit"))
    assert entries_shown(page) == 3
    newest, middle, oldest = (
        page.index("Moped fertig"),
        page.index("Anteil: 100 % → 25 %"),
        page.index("Stufe: LKW → Moped"),
    )
    assert newest < middle < oldest
    assert "Live-Stufe: Fahrrad → Moped" in page
    assert "Gute Tests" in page and "cli:bert" in page


@pytest.mark.parametrize(
    ("query", "shown", "present"),
    [
        ("subject=gamma", 1, "Stufe: LKW → Moped"),
        ("subject=platform", 1, "Live-Stufe: Fahrrad → Moped"),
        ("action=rollout", 1, "Anteil: 100 % → 25 %"),
        ("actor=anna%40example.org", 2, "Moped fertig"),
        ("actor=cli%3Abert&action=promote", 0, "Keine Einträge"),
    ],
)
def test_audit_log_filters_by_subject_action_and_actor(owner, history, query, shown, present):
    page = body(owner.get(f"/admin/audit?{query}"))
    assert entries_shown(page) == shown
    assert present in page


def test_audit_log_filters_by_date_range_in_berlin_days(owner, database, history):
    day = audit(database)[0].at.astimezone(local_timezone()).date()
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    assert entries_shown(body(owner.get(f"/admin/audit?since={day}&until={day}"))) == 3
    assert entries_shown(body(owner.get(f"/admin/audit?since={after}"))) == 0
    assert entries_shown(body(owner.get(f"/admin/audit?until={before}"))) == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=gestern", "Kein gültiges Datum."),
        ("since=2026-05-02&until=2026-05-01", "Das Enddatum liegt vor dem Anfangsdatum."),
        ("subject=nirgends", "Keine gültige Auswahl."),
    ],
)
def test_audit_log_explains_bad_filters(owner, history, query, message):
    response = owner.get(f"/admin/audit?{query}")
    assert response.status_code == 422
    assert message in body(response)
    assert entries_shown(body(response)) == 0


def test_audit_log_filter_with_htmx_returns_only_the_list(owner, history):
    response = owner.get("/admin/audit?subject=gamma", headers=HTMX)
    page = body(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="protokoll"' in page
    assert entries_shown(page) == 1


def test_audit_log_is_paginated(owner, staged):
    with staged.test_request_context():
        for percent in range(PAGE_SIZE + 3):
            control.set_rollout(
                db=db.session(),
                services=TEST_SERVICES,
                key="alpha",
                percent=str(percent),
                actor=Actor(id=None, label="anna@example.org"),
            )
    first = body(owner.get("/admin/audit?action=rollout"))
    assert entries_shown(first) == PAGE_SIZE
    assert f"→ {PAGE_SIZE + 2} %" in first  # the newest entry comes first
    assert "/admin/audit?action=rollout&amp;seite=2" in first
    second = body(owner.get("/admin/audit?action=rollout&seite=2"))
    assert entries_shown(second) == 3
    assert "Anteil: 100 % → 0 %" in second
    # Past the last page, or no page number at all: that page does not exist.
    assert owner.get("/admin/audit?action=rollout&seite=3").status_code == 404
    assert owner.get("/admin/audit?seite=abc").status_code == 404


def test_audit_entry_before_and_after_are_json_objects(database, owner):
    post_form(owner, "/admin/stages/alpha/rollout", {"percent": "10"})
    [entry] = changes(database)
    assert json.loads(entry.before)["rollout"] == 100
    assert json.loads(entry.after)["rollout"] == 10


def test_console_starts_with_a_summary_that_jumps_to_every_stage_and_service(owner, planned):
    page = owner.get("/admin/stages").get_data(as_text=True)
    anchors = ["plattform", "stufe-bicycle", "stufe-moped", "stufe-truck", "neu"]
    anchors += [f"dienst-{service.key}" for service in TEST_SERVICES] + [f"geplant-{planned}"]
    summary = page.split('aria-labelledby="uebersicht-titel"', 1)[1].split("</nav>", 1)[0]
    for anchor in anchors:
        assert f'href="#{anchor}"' in summary
        assert f'id="{anchor}"' in page
