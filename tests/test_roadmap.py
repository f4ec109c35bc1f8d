"""The roadmap: services by stage with their state for each viewer, votes, comments, sorting,
filters, a constant number of queries; and the page of each service."""

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from sqlalchemy import event
from sqlmodel import select

from core import db
from core.audit import Actor
from core.models import User, utcnow
from feedback.models import Comment, Vote, VoteTally
from stages import control
from stages.ladder import level_of
from stages.models import PlannedService
from tests.conftest import PASSWORD, make_user, post_form
from tests.fake_services import TEST_SERVICES


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def visitor(app):
    return app.test_client()


def signed_in(app, database, email="anna@example.org", **fields):
    client = app.test_client()
    make_user(database, email=email, **fields)
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client


def residents(database, count, municipality="burg", prefix="r"):
    """Residents who only vote here: no sign-in, so no costly password hash."""
    users = [
        User(
            email=f"{prefix}{n}@example.org",
            display_name=f"Einwohner {n}",
            municipality=municipality,
            password_hash="-",
            session_token=f"{prefix}{n}",
            email_verified_at=utcnow(),
        )
        for n in range(count)
    ]
    database.add_all(users)
    database.commit()
    return users


def plan(database, key, stage="moped", title=None, created_at=None):
    planned = PlannedService(
        key=key,
        title=title or f"Geplant {key}",
        summary=f"Worum es bei {key} geht",
        target_stage=stage,
    )
    if created_at is not None:
        planned.created_at = created_at
    database.add(planned)
    database.commit()


def text(html: str) -> str:
    """What a reader sees: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card roadmap-card" id="dienst-([a-z0-9_]+)"', html)


def card(html: str, key: str) -> str:
    match = re.search(rf'id="dienst-{key}">(.*?)</li>\s*(?=<li class="card|</ol>)', html, re.S)
    assert match, f"no card for {key}"
    return match.group(1)


def stage_of(html: str, key: str) -> str:
    """The stage section a card is listed in."""
    sections = re.split(r'<section class="roadmap-stage" aria-labelledby="stufe-', html)[1:]
    for section in sections:
        if f'id="dienst-{key}"' in section:
            return section.split('"', 1)[0]
    raise AssertionError(f"{key} is in no stage")


def state_of(html: str, key: str) -> str:
    return re.search(r'class="roadmap-state[^"]*">([^<]+)<', card(html, key)).group(1)


def test_visitor_sees_every_service_by_stage_with_its_state(staged, database):
    plan(database, "mitfahrbank", stage="truck", title="Mitfahrbank")
    page = visitor(staged).get("/roadmap").get_data(as_text=True)
    assert re.findall(r'<h2 id="stufe-(\w+)">', page) == ["bicycle", "moped", "truck"]
    headings = re.findall(r'<h2 id="stufe-\w+">(.*?)</h2>', page, re.S)
    assert [text(h) for h in headings] == ["🚲 Fahrrad jetzt unterwegs", "🛵 Moped", "🚚 LKW"]
    assert [stage_of(page, key) for key in ("alpha", "beta", "gamma", "mitfahrbank")] == [
        "bicycle",
        "moped",
        "truck",
        "truck",
    ]
    assert [state_of(page, key) for key in ("alpha", "beta", "gamma", "mitfahrbank")] == [
        "nutzbar",
        "noch nicht freigeschaltet",
        "noch nicht freigeschaltet",
        "geplant",
    ]
    assert 'href="/roadmap/mitfahrbank"' in card(page, "mitfahrbank")
    assert 'href="/alpha/"' in card(page, "alpha")
    assert 'href="/beta/"' not in page


def test_tester_sees_the_preview_and_owner_sees_locked_ones_as_team_only(staged, database):
    tester = signed_in(staged, database, is_tester=True).get("/roadmap").get_data(as_text=True)
    assert state_of(tester, "beta") == "Vorschau"
    assert 'href="/beta/"' in card(tester, "beta")
    assert state_of(tester, "gamma") == "noch nicht freigeschaltet"
    owner = signed_in(staged, database, email="chefin@example.org", is_product_owner=True)
    page = owner.get("/roadmap").get_data(as_text=True)
    assert state_of(page, "gamma") == "noch nicht freigeschaltet (nur das Team sieht ihn)"
    assert 'href="/gamma/"' in card(page, "gamma")


def test_resident_sees_counts_and_own_vote_and_live_service_needs_no_vote(staged, database):
    client = signed_in(staged, database)
    anna = database.exec(select(User)).one()
    bert = make_user(database, email="bert@example.org")
    database.add_all(
        [
            Vote(user_id=anna.id, subject="service:gamma"),
            Vote(user_id=bert.id, subject="service:gamma"),
            Vote(user_id=bert.id, subject="service:beta"),
            Comment(subject="service:gamma", user_id=bert.id, body="Bitte bald!"),
            Comment(subject="service:gamma", user_id=bert.id, body="Gelöscht", deleted=True),
            Comment(subject="service:gamma", user_id=bert.id, body="Versteckt", hidden=True),
        ]
    )
    database.commit()
    page = client.get("/roadmap").get_data(as_text=True)
    gamma = card(page, "gamma")
    assert "2 Stimmen" in gamma and "Ihre Stimme ist dabei." in gamma
    assert "1 Kommentar" in gamma and "Stimme zurücknehmen" in gamma
    beta = card(page, "beta")
    assert "1 Stimme" in beta and "Dafür stimmen" in beta and "Ihre Stimme" not in beta
    assert "0 Kommentare" in beta
    # One of five votes is given to a service that is not live yet.
    assert "Noch 4 von 5 Stimmen frei" in beta
    alpha = card(page, "alpha")
    assert "Schon nutzbar" in alpha and "<form" not in alpha


def test_visitor_is_asked_to_sign_in_to_vote(staged, database):
    page = visitor(staged).get("/roadmap").get_data(as_text=True)
    gamma = card(page, "gamma")
    assert "Anmelden, um abzustimmen" in gamma
    # Signing in leads to this vote, to confirm it, and from there back to the roadmap.
    link = re.search(r'href="([^"]+)">Anmelden, um abzustimmen', gamma).group(1)
    assert link.startswith("/login?next=/abstimmen")
    assert "service:gamma" in unquote(link) and "next=/roadmap" in unquote(unquote(link))
    assert "<form" not in gamma


def tallies(database, **trend_and_votes):
    for key, (votes, trend) in trend_and_votes.items():
        database.add(VoteTally(subject=f"service:{key}", votes=votes, trend=trend))
    database.commit()


def test_most_wanted_sorts_by_votes_within_each_stage(staged, database):
    for key in ("eins", "zwei", "drei"):
        plan(database, key)
    tallies(database, eins=(1, 9.0), zwei=(5, 1.0), drei=(3, 3.0), beta=(4, 0.5))
    page = visitor(staged).get("/roadmap?sortierung=beliebt").get_data(as_text=True)
    assert cards(page) == ["alpha", "zwei", "beta", "drei", "eins", "gamma"]


def test_trending_sorts_by_the_stored_trend(staged, database):
    for key in ("eins", "zwei", "drei"):
        plan(database, key)
    tallies(database, eins=(1, 9.0), zwei=(5, 1.0), drei=(3, 3.0), beta=(4, 0.5))
    client = visitor(staged)
    page = client.get("/roadmap?sortierung=trend").get_data(as_text=True)
    assert cards(page) == ["alpha", "eins", "drei", "zwei", "beta", "gamma"]
    assert "nach einer Woche halb so viel" in client.get("/roadmap").get_data(as_text=True)


def test_newest_lists_planned_services_by_date_then_built_ones_in_reverse_order(
    app_factory, database
):
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)
    now = utcnow()
    plan(database, "alt", stage="truck", created_at=now - timedelta(days=3))
    plan(database, "frisch", stage="truck", created_at=now)
    page = visitor(app).get("/roadmap?sortierung=neu").get_data(as_text=True)
    assert cards(page) == ["alpha", "beta", "frisch", "alt", "gamma"]


def test_state_filter_shows_only_that_state(staged, database):
    plan(database, "mitfahrbank")
    client = visitor(staged)
    expected = {
        "nutzbar": ["alpha"],
        "gesperrt": ["beta", "gamma"],
        "geplant": ["mitfahrbank"],
        "vorschau": [],
    }
    for state, keys in expected.items():
        page = client.get(f"/roadmap?zustand={state}").get_data(as_text=True)
        assert cards(page) == keys, state


def test_municipality_filter_counts_only_its_residents_votes(staged, database):
    client = visitor(staged)
    burg = residents(database, 2, prefix="burg")
    genthin = residents(database, 3, municipality="genthin", prefix="genthin")
    for user in burg:
        database.add(Vote(user_id=user.id, subject="service:beta"))
    for user in genthin:
        database.add(Vote(user_id=user.id, subject="service:gamma"))
    database.commit()  # the database counts them
    page = client.get("/roadmap?gemeinde=genthin").get_data(as_text=True)
    assert "3 Stimmen aus Genthin" in card(page, "gamma")
    assert "0 Stimmen aus Genthin" in card(page, "beta")
    assert "Gezählt und sortiert nach den Stimmen aus Genthin." in page
    page = client.get("/roadmap?gemeinde=burg").get_data(as_text=True)
    assert "2 Stimmen aus Burg" in card(page, "beta")


def test_unknown_filter_values_get_a_german_message_and_400(staged, database):
    response = visitor(staged).get("/roadmap?sortierung=zufall&gemeinde=berlin")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Diese Sortierung gibt es nicht." in page
    assert "Diese Gemeinde kennen wir nicht." in page


def test_htmx_gets_only_the_list_and_plain_requests_the_page(staged, database):
    client = visitor(staged)
    fragment = client.get("/roadmap?sortierung=trend", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="fahrplan-liste"')
    assert "<h1>" not in body and "HX-Request" in fragment.headers["Vary"]
    page = client.get("/roadmap?sortierung=trend").get_data(as_text=True)
    assert page.count("<h1>") == 1
    assert 'hx-push-url="true"' in page and 'method="get" action="/roadmap"' in page
    assert '<option selected value="trend">' in page


def count_statements(app, client, url) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


@pytest.mark.parametrize("url", ["/roadmap", "/roadmap?gemeinde=burg&sortierung=trend"])
@pytest.mark.parametrize("viewer", ["visitor", "resident"])
def test_queries_per_request_stay_the_same_as_services_and_votes_grow(
    staged, database, viewer, url
):
    client = signed_in(staged, database) if viewer == "resident" else visitor(staged)
    for n in range(3):
        plan(database, f"plan{n}")
    client.get(url)  # the process reads the flags once, on its first request
    small = count_statements(staged, client, url)
    for n in range(3, 30):
        plan(database, f"plan{n}")
    voters = residents(database, 20)
    for voter in voters:
        for n in range(10):
            database.add(Vote(user_id=voter.id, subject=f"service:plan{n}"))
    for n in range(10):
        database.add(Comment(subject=f"service:plan{n}", user_id=voters[0].id, body="Ja!"))
    database.commit()
    large = count_statements(staged, client, url)
    assert len(cards(client.get(url).get_data(as_text=True))) == 33
    assert small == large


def test_service_page_of_a_locked_service_is_public_with_a_vote_button(staged, database):
    response = visitor(staged).get("/roadmap/gamma")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<h1>") == 1 and "Dienst Gamma" in page
    assert "Zusammenfassung gamma" in page and "Stufe 🚚 LKW" in text(page)
    assert "Kommt bald" in page and "Anmelden, um abzustimmen" in page
    client = signed_in(staged, database)
    page = client.get("/roadmap/gamma").get_data(as_text=True)
    assert "Dafür stimmen" in page and 'href="/gamma/"' not in page
    # The service itself stays locked.
    assert client.get("/gamma/").status_code == 404


def test_service_page_links_to_a_live_service_and_shows_planned_ones(staged, database):
    plan(database, "mitfahrbank", title="Mitfahrbank")
    client = visitor(staged)
    alpha = client.get("/roadmap/alpha").get_data(as_text=True)
    assert 'href="/alpha/"' in alpha and "Schon nutzbar" in alpha
    planned = client.get("/roadmap/mitfahrbank").get_data(as_text=True)
    assert "Mitfahrbank" in planned and "geplant" in planned
    assert "Anmelden, um abzustimmen" in planned


def test_unknown_service_page_is_404(staged, database):
    client = visitor(staged)
    assert client.get("/roadmap/gibt_es_nicht").status_code == 404
    assert client.get("/roadmap/" + "x" * 300).status_code == 404


def test_roadmap_works_with_the_real_services(app, client):
    page = client.get("/roadmap").get_data(as_text=True)
    # No votes yet: stage by stage, by title (Neuigkeiten, Veranstaltungen, Verzeichnis, …).
    with app.test_request_context():
        registered = sorted(
            app.extensions["services"],
            key=lambda s: (level_of(s.home_stage), str(s.title).casefold()),
        )
    assert cards(page) == [service.key for service in registered]
    assert state_of(page, "news") == "nutzbar"


def change(app, operation, **arguments):
    with app.test_request_context():
        operation(db=db.session(), services=TEST_SERVICES, actor=Actor(None, "test"), **arguments)


def test_roadmap_says_paused_and_rolling_out_in_residents_words(staged, database):
    change(staged, control.set_rollout, key="alpha", percent="0")
    page = signed_in(staged, database).get("/roadmap").get_data(as_text=True)
    assert state_of(page, "alpha") == "wird gerade schrittweise freigeschaltet"
    change(staged, control.kill_service, key="alpha")
    page = visitor(staged).get("/roadmap").get_data(as_text=True)
    assert state_of(page, "alpha") == "vorübergehend abgeschaltet"
    # A service not unlocked yet is said so, not "gesperrt".
    assert state_of(page, "beta") == "noch nicht freigeschaltet"
    assert "gesperrt" not in text(page)
