"""The vote button: a plain form without JavaScript, a self-replacing panel with htmx, the
budget, refusals, sign-in and the rate limit."""

import re

import pytest
from flask import render_template_string
from sqlmodel import select

from core.audit import Actor
from core.models import User
from feedback.models import Idea, Vote, VoteTally
from stages import control
from stages.models import PlannedService
from tests.conftest import PASSWORD, csrf_token, make_user, post_form
from tests.fake_services import TEST_SERVICES

HTMX = {"HX-Request": "true"}


@pytest.fixture
def staged(app_factory):
    return app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0)


def signed_in(app, database, email="anna@example.org", **fields):
    client = app.test_client()
    make_user(database, email=email, **fields)
    post_form(client, "/login", {"email": email, "password": PASSWORD})
    return client


def vote(client, subject, choice="ja", next_url="/roadmap", headers=None):
    data = {"subject": subject, "stimme": choice, "next": next_url}
    return post_form(client, "/abstimmen", data, headers=headers or {})


def votes_for(database, subject) -> tuple[int, int]:
    """(tally, rows): the kept count and the votes themselves."""
    database.expire_all()
    tally = database.get(VoteTally, subject)
    rows = database.exec(select(Vote).where(Vote.subject == subject)).all()
    return (tally.votes if tally else 0, len(rows))


def plan(database, key, stage="moped"):
    database.add(PlannedService(key=key, title=f"Geplant {key}", summary="", target_stage=stage))
    database.commit()


def test_without_javascript_a_vote_is_counted_and_the_resident_comes_back(staged, database):
    client = signed_in(staged, database)
    response = vote(client, "service:gamma", next_url="/roadmap?sortierung=trend")
    assert response.status_code == 303
    # Back on the page it came from, at the card it was cast on.
    assert response.headers["Location"] == "/roadmap?sortierung=trend#stimme-service-gamma"
    assert votes_for(database, "service:gamma") == (1, 1)
    page = client.get("/roadmap?sortierung=trend").get_data(as_text=True)
    assert "Danke! Ihre Stimme für „Dienst Gamma“ ist gezählt." in page
    assert "Noch 4 von 5 Stimmen frei" in page

    response = vote(client, "service:gamma", "nein", next_url="/roadmap")
    assert response.status_code == 303
    assert votes_for(database, "service:gamma") == (0, 0)
    assert "Ihre Stimme für „Dienst Gamma“ ist zurückgenommen." in client.get("/roadmap").get_data(
        as_text=True
    )


def test_with_htmx_the_panel_replaces_itself(staged, database):
    client = signed_in(staged, database)
    response = vote(client, "service:beta", next_url="/roadmap/beta", headers=HTMX)
    assert response.status_code == 200
    panel = response.get_data(as_text=True).strip()
    assert panel.startswith(
        '<div class="vote-panel" id="stimme-service-beta" hx-target="this" hx-swap="outerHTML">'
    )
    assert "1 Stimme" in panel and "Ihre Stimme ist dabei." in panel
    assert 'name="stimme" value="nein"' in panel and "Stimme zurücknehmen" in panel
    assert 'name="next" value="/roadmap/beta"' in panel
    assert "Noch 4 von 5 Stimmen frei" in panel
    assert "<h1>" not in panel
    withdrawn = vote(client, "service:beta", "nein", headers=HTMX).get_data(as_text=True)
    assert "0 Stimmen" in withdrawn and "Dafür stimmen" in withdrawn
    assert "Noch 5 von 5 Stimmen frei" in withdrawn


def test_the_panel_is_a_real_form_on_the_service_page(staged, database):
    client = signed_in(staged, database)
    page = client.get("/roadmap/gamma").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/abstimmen"[^>]*>(.*?)</form>', page, re.S)
    assert form, "no vote form"
    assert 'name="csrf_token"' in form.group(1)
    assert 'name="subject" value="service:gamma"' in form.group(1)
    assert '<button type="submit"' in form.group(1)


def test_voting_twice_counts_once(staged, database):
    client = signed_in(staged, database)
    vote(client, "service:gamma")
    vote(client, "service:gamma")
    assert votes_for(database, "service:gamma") == (1, 1)


def test_used_up_budget_is_explained_in_the_panel_and_nothing_is_written(app_factory, database):
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0, VOTE_BUDGET=2)
    plan(database, "mitfahrbank")
    client = signed_in(app, database)
    vote(client, "service:beta")
    vote(client, "service:gamma")
    response = vote(client, "service:mitfahrbank", headers=HTMX)
    assert response.status_code == 409
    panel = response.get_data(as_text=True)
    assert re.search(r'role="alert">Sie haben alle 2 Stimmen vergeben', panel)
    assert "Noch 0 von 2 Stimmen frei" in panel
    without_js = vote(client, "service:mitfahrbank", next_url="/roadmap")
    assert without_js.status_code == 303
    page = client.get("/roadmap").get_data(as_text=True)
    assert "Sie haben alle 2 Stimmen vergeben" in page
    assert votes_for(database, "service:mitfahrbank") == (0, 0)


def test_votes_for_ideas_are_outside_the_budget(app_factory, database):
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0, VOTE_BUDGET=1)
    idea = Idea(title="Bücherschrank", description="Ein offener Bücherschrank", municipality="burg")
    database.add(idea)
    database.commit()
    client = signed_in(app, database)
    vote(client, "service:gamma")
    panel = vote(client, f"idea:{idea.id}", headers=HTMX).get_data(as_text=True)
    assert "1 Stimme" in panel and "Stimmen frei" not in panel and "alert" not in panel


def test_a_declined_idea_shows_no_button_and_refuses_votes(staged, database):
    idea = Idea(
        title="Seilbahn", description="Über die Elbe", municipality="burg", status="declined"
    )
    database.add(idea)
    database.commit()
    client = signed_in(staged, database)
    with staged.test_request_context():
        panel = render_template_string(
            '{% set vote = vote_panel(subject) %}{% include "feedback/_vote.html" %}',
            subject=f"idea:{idea.id}",
        )
    assert "Hierüber wird nicht mehr abgestimmt." in panel and "<form" not in panel
    response = vote(client, f"idea:{idea.id}", headers=HTMX)
    assert "wird nicht mehr abgestimmt" in response.get_data(as_text=True)
    assert votes_for(database, f"idea:{idea.id}") == (0, 0)


@pytest.mark.parametrize(
    "subject", ["service:gibt_es_nicht", "idea:999", "idea:x", "idea:²", "", "x" * 500]
)
def test_unknown_subject_is_404(staged, database, subject):
    client = signed_in(staged, database)
    assert vote(client, subject).status_code == 404


def test_a_choice_other_than_yes_or_no_is_400(staged, database):
    client = signed_in(staged, database)
    assert vote(client, "service:gamma", "vielleicht").status_code == 400
    assert votes_for(database, "service:gamma") == (0, 0)


def test_a_service_live_for_the_resident_takes_no_vote(staged, database):
    client = signed_in(staged, database)
    panel = vote(client, "service:alpha", headers=HTMX).get_data(as_text=True)
    assert re.search(r'role="alert">„Dienst Alpha“ ist für Sie schon nutzbar', panel)
    assert "Schon nutzbar" in panel and "<form" not in panel
    response = vote(client, "service:alpha", next_url="/roadmap")
    assert response.status_code == 303
    assert "ist für Sie schon nutzbar" in client.get("/roadmap").get_data(as_text=True)
    assert votes_for(database, "service:alpha") == (0, 0)


def test_a_switched_off_service_takes_no_votes_and_its_votes_leave_the_budget(
    app_factory, database
):
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0, VOTE_BUDGET=1)
    client = signed_in(app, database)
    vote(client, "service:gamma")
    with app.test_request_context():
        control.kill_service(
            db=database, services=TEST_SERVICES, key="gamma", actor=Actor(None, "test")
        )
    roadmap = client.get("/roadmap").get_data(as_text=True)
    gamma = roadmap[roadmap.index('id="stimme-service-gamma"') :]
    assert gamma.index("Vorübergehend abgeschaltet") < gamma.index("</div>")
    assert "Dafür stimmen</button>" not in gamma[: gamma.index("</div>")]
    refused = vote(client, "service:gamma", "nein", headers=HTMX).get_data(as_text=True)
    assert re.search(r'role="alert">„Dienst Gamma“ ist vorübergehend abgeschaltet', refused)
    assert votes_for(database, "service:gamma") == (1, 1)
    # The waiting vote uses none of the budget of 1: another service can have it.
    vote(client, "service:beta")
    assert votes_for(database, "service:beta") == (1, 1)


def test_signed_out_voters_are_sent_to_sign_in_and_then_to_the_roadmap(staged, database):
    client = staged.test_client()
    response = vote(client, "service:gamma")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/abstimmen"
    htmx = vote(client, "service:gamma", headers=HTMX)
    assert htmx.status_code == 401
    assert htmx.headers["HX-Redirect"] == "/login?next=/abstimmen"
    make_user(database)
    signed = post_form(
        client, "/login?next=/abstimmen", {"email": "anna@example.org", "password": PASSWORD}
    )
    after = client.get(signed.headers["Location"])
    assert after.status_code == 302 and after.headers["Location"] == "/roadmap"
    assert votes_for(database, "service:gamma") == (0, 0)


def test_sign_in_to_vote_comes_back_to_that_vote_to_confirm(staged, database):
    client = staged.test_client()
    roadmap = client.get("/roadmap?sortierung=trend").get_data(as_text=True)
    link = re.search(r'href="([^"]+)">Anmelden, um abzustimmen</a>', roadmap).group(1)
    link = link.replace("&amp;", "&")
    assert link.startswith("/login?next=/abstimmen")
    make_user(database)
    signed = post_form(client, link, {"email": "anna@example.org", "password": PASSWORD})
    confirm = client.get(signed.headers["Location"])
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Sie sind angemeldet. Möchten Sie jetzt dafür stimmen?" in page
    # Following the link voted for nothing: the vote waits for its button.
    assert votes_for(database, "service:beta") == (0, 0)
    form = re.search(r'<form method="post" action="/abstimmen"[^>]*>(.*?)</form>', page, re.S)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(1)))
    assert fields["subject"] == "service:beta" and fields["next"] == "/roadmap?sortierung=trend"
    cast = post_form(client, "/abstimmen", {k: v for k, v in fields.items() if k != "csrf_token"})
    assert cast.headers["Location"] == "/roadmap?sortierung=trend#stimme-service-beta"
    assert votes_for(database, "service:beta") == (1, 1)


def test_the_vote_to_confirm_needs_a_sign_in_and_a_real_subject(staged, database):
    client = staged.test_client()
    answer = client.get("/abstimmen?subject=service:beta&next=/roadmap")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login?next=")
    signed_in_client = signed_in(staged, database)
    for subject in ("service:nichtda", "", "idea:99999999999"):
        answer = signed_in_client.get(f"/abstimmen?subject={subject}")
        assert answer.headers["Location"] == "/roadmap"
    foreign = signed_in_client.get("/abstimmen?subject=service:beta&next=https://example.com/")
    assert 'href="/roadmap/beta">Zurück, ohne abzustimmen' in foreign.get_data(as_text=True)


def test_a_vote_without_csrf_token_is_refused(staged, database):
    client = signed_in(staged, database)
    response = client.post("/abstimmen", data={"subject": "service:gamma", "stimme": "ja"})
    assert response.status_code == 400
    assert votes_for(database, "service:gamma") == (0, 0)


def test_a_foreign_next_address_is_ignored(staged, database):
    client = signed_in(staged, database)
    response = vote(client, "service:gamma", next_url="https://example.com/")
    assert response.headers["Location"] == "/roadmap/gamma#stimme-service-gamma"


def test_blocked_resident_sees_why_and_cannot_vote(staged, database):
    client = signed_in(staged, database)
    anna = database.exec(select(User)).one()
    anna.is_blocked = True
    database.add(anna)
    database.commit()
    page = client.get("/roadmap/gamma").get_data(as_text=True)
    assert "Ihr Konto ist für Abstimmungen gesperrt." in page and "Dafür stimmen" not in page
    panel = vote(client, "service:gamma", headers=HTMX).get_data(as_text=True)
    assert 'role="alert">Ihr Konto ist für Abstimmungen gesperrt.' in panel
    assert votes_for(database, "service:gamma") == (0, 0)


def test_votes_are_rate_limited_per_resident_across_form_and_api(app_factory, database):
    app = app_factory(SERVICES=TEST_SERVICES, FLAG_CHECK_INTERVAL=0, VOTE_RATE_LIMIT="2 per minute")
    client = signed_in(app, database)
    assert vote(client, "service:gamma").status_code == 303
    api = client.post("/api/v1/services/beta/vote", headers={"X-CSRFToken": csrf_token(client)})
    assert api.status_code == 200
    assert vote(client, "service:gamma", "nein").status_code == 429
    # Another resident has an allowance of their own.
    other = signed_in(app, database, email="bert@example.org")
    assert vote(other, "service:gamma").status_code == 303
