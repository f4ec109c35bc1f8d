"""The visibility rule as people meet it: navigation, routes (404 when not unlocked yet, 503
when switched off for a while, 403 with an explanation when a step-by-step unlock has not
reached the person yet), badges."""

import pytest

from core import db
from core.audit import Actor
from stages import control
from tests.conftest import PASSWORD, make_user, post_form
from tests.fake_services import TEST_SERVICES

VIEWERS = {
    "visitor": None,
    "resident": {},
    "tester": {"is_tester": True},
    "owner": {"is_product_owner": True},
}


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def change(app, operation, **kwargs):
    with app.test_request_context():
        operation(db=db.session(), services=TEST_SERVICES, actor=Actor(None, "test"), **kwargs)


def client_for(app, database, viewer):
    client = app.test_client()
    fields = VIEWERS[viewer]
    if fields is not None:
        make_user(database, email=f"{viewer}@example.org", **fields)
        post_form(client, "/login", {"email": f"{viewer}@example.org", "password": PASSWORD})
    return client


# live stage bicycle: alpha (bicycle) is live, beta (moped) is the preview, gamma (truck) is hidden.
MATRIX = [
    ("visitor", {"alpha": 200, "beta": 404, "gamma": 404}),
    ("resident", {"alpha": 200, "beta": 404, "gamma": 404}),
    ("tester", {"alpha": 200, "beta": 200, "gamma": 404}),
    ("owner", {"alpha": 200, "beta": 200, "gamma": 200}),
]


@pytest.mark.parametrize(("viewer", "expected"), MATRIX)
def test_who_opens_which_service_on_the_bicycle(staged, database, viewer, expected):
    client = client_for(staged, database, viewer)
    assert {key: client.get(f"/{key}/").status_code for key in expected} == expected


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("visitor", {"alpha": 200, "beta": 200, "gamma": 404}),
        ("tester", {"alpha": 200, "beta": 200, "gamma": 200}),
    ],
)
def test_advancing_the_platform_moves_the_waves(staged, database, viewer, expected):
    change(staged, control.advance_platform)
    client = client_for(staged, database, viewer)
    assert {key: client.get(f"/{key}/").status_code for key in expected} == expected


@pytest.mark.parametrize(
    ("viewer", "status"), [("visitor", 503), ("resident", 503), ("tester", 503), ("owner", 200)]
)
def test_killed_service_is_unavailable_for_all_but_product_owners(staged, database, viewer, status):
    change(staged, control.kill_service, key="alpha")
    assert client_for(staged, database, viewer).get("/alpha/").status_code == status


def test_a_killed_service_says_it_is_back_later_not_that_it_does_not_exist(staged, database):
    change(staged, control.kill_service, key="alpha")
    response = client_for(staged, database, "resident").get("/alpha/")

    page = response.get_data(as_text=True)
    assert "„Dienst Alpha“ ist vorübergehend nicht verfügbar" in page
    assert "Seite nicht gefunden" not in page
    assert response.headers["Retry-After"] == "3600"
    assert 'href="/roadmap/alpha"' in page


def test_a_killed_preview_is_unavailable_to_testers_and_still_unknown_to_residents(
    staged, database
):
    change(staged, control.kill_service, key="beta")
    assert client_for(staged, database, "tester").get("/beta/").status_code == 503
    assert client_for(staged, database, "resident").get("/beta/").status_code == 404


def test_a_killed_service_answers_htmx_with_its_reason(staged, database):
    change(staged, control.kill_service, key="alpha")
    client = client_for(staged, database, "resident")

    fragment = client.get("/alpha/", headers={"HX-Request": "true"})
    assert fragment.status_code == 503
    assert fragment.headers["HX-Retarget"] == "#meldungen"
    assert fragment.headers["Retry-After"] == "3600"
    assert "vorübergehend nicht verfügbar" in fragment.get_data(as_text=True)


@pytest.mark.parametrize(
    ("viewer", "status"), [("visitor", 403), ("resident", 403), ("tester", 200), ("owner", 200)]
)
def test_rollout_zero_holds_back_a_live_service_except_from_testers_and_owners(
    staged, database, viewer, status
):
    change(staged, control.set_rollout, key="alpha", percent=0)
    assert client_for(staged, database, viewer).get("/alpha/").status_code == status


def test_outside_a_rollout_a_resident_is_told_and_offered_the_tester_programme(
    staged, database
):
    change(staged, control.set_rollout, key="alpha", percent=0)
    page = client_for(staged, database, "resident").get("/alpha/").get_data(as_text=True)

    assert "wird gerade schrittweise freigeschaltet" in page
    assert 'href="/roadmap/alpha"' in page
    assert 'href="/profil#tester-titel"' in page


def test_undecorated_post_route_of_a_locked_service_answers_404(staged, database):
    client = client_for(staged, database, "resident")
    assert post_form(client, "/gamma/aktion", {"value": "x"}).status_code == 404
    assert post_form(client, "/alpha/aktion", {"value": "x"}).get_json() == {
        "done": "alpha",
        "value": "x",
    }


def test_locked_service_answers_htmx_with_404_into_the_message_region(staged):
    response = staged.test_client().get("/gamma/", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#meldungen"


def nav(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return page[page.index('class="main-nav"') : page.index("</nav>")]


def test_navigation_shows_what_the_viewer_may_open_with_badges(staged, database):
    visitor = nav(staged.test_client())
    assert "Dienst Alpha" in visitor and "Dienst Beta" not in visitor
    tester = nav(client_for(staged, database, "tester"))
    assert "Dienst Beta" in tester
    assert tester.index("Vorschau") > tester.index("Dienst Beta")
    owner = nav(client_for(staged, database, "owner"))
    assert "Dienst Gamma" in owner
    assert owner.index("Nur Team") > owner.index("Dienst Gamma")


def test_each_flag_is_evaluated_at_most_once_per_request(staged, database, evaluations):
    calls = evaluations
    client = client_for(staged, database, "tester")
    calls.clear()
    assert client.get("/alpha/").status_code == 200  # gate + navigation both ask for alpha
    assert sorted(calls) == ["alpha", "beta", "gamma"]


def test_visitor_keeps_the_same_rollout_answer_across_requests(staged):
    change(staged, control.set_rollout, key="alpha", percent=50)
    answers = set()
    for _ in range(24):
        client = staged.test_client()
        first = client.get("/alpha/").status_code
        assert all(client.get("/alpha/").status_code == first for _ in range(3))
        answers.add(first)
    assert answers == {200, 403}  # 24 visitors all on one side: about 1 in 8 million


def test_owner_sees_a_banner_on_services_others_cannot_see(staged, database):
    owner = client_for(staged, database, "owner")
    hidden = owner.get("/gamma/").get_data(as_text=True)
    assert "Nur Team:" in hidden
    preview = owner.get("/beta/").get_data(as_text=True)
    assert "Außer dem Team sehen nur Testerinnen und Tester diesen Dienst." in preview
    assert "service-banner" not in owner.get("/alpha/").get_data(as_text=True)


def test_owner_banner_names_a_gradual_rollout(staged, database):
    change(staged, control.set_rollout, key="alpha", percent=30)
    page = client_for(staged, database, "owner").get("/alpha/").get_data(as_text=True)
    assert "30 % der Einwohnerinnen und Einwohner sehen diesen Dienst." in page


def test_tester_sees_the_preview_notice_with_a_way_to_report(staged, database):
    page = client_for(staged, database, "tester").get("/beta/").get_data(as_text=True)
    assert "Sie sehen ihn, weil Sie im Testprogramm sind." in page
    assert 'href="/vorschau/beta/rueckmeldung"' in page
    assert "service-banner" not in client_for(staged, database, "resident").get("/alpha/").get_data(
        as_text=True
    )
