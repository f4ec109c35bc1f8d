"""The front page: what is new in the viewer's municipality, from the services they can open,
what to decide on and what went live lately; the municipality links choose the place."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from core import db
from core.audit import Actor
from core.models import Organisation, utcnow
from stages import control
from stages.bicycle.events.models import Event
from stages.bicycle.news.models import NewsPost
from stages.bicycle.news.service import CATEGORIES
from tests.conftest import PASSWORD, make_user, post_form
from webapp.services import registered_services


@pytest.fixture
def app(app_factory):
    # Every request reads the flags the last change left.
    return app_factory(FLAG_CHECK_INTERVAL=0)


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {heading_id}"
    return match.group(1)


def post(database, title: str, municipality: str) -> NewsPost:
    organisation = database.exec(select(Organisation)).first()
    news = NewsPost(
        organisation_id=organisation.id,
        title=title,
        teaser="",
        body="",
        municipality=municipality,
        category=next(iter(CATEGORIES)),
        is_published=True,
        published_at=utcnow() + timedelta(days=1),  # newer than every demo post
    )
    database.add(news)
    database.commit()
    return news


def test_visitor_sees_news_events_votes_and_what_went_live(demo, database):
    page = demo.test_client().get("/").get_data(as_text=True)
    assert "Neu im ganzen Jerichower Land" in page
    newest = database.exec(
        select(NewsPost).where(NewsPost.is_published).order_by(NewsPost.published_at.desc())
    ).first()
    assert newest.title in section(page, "start-neuigkeiten")
    soonest = database.exec(
        select(Event).where(Event.ends_at > utcnow()).order_by(Event.starts_at)
    ).first()
    assert soonest.title in section(page, "start-veranstaltungen")
    wanted = text(section(page, "start-mitentscheiden"))
    # The demo's most wanted: the Mitfahrbank and the Notdienste, four votes each.
    assert wanted.index("Mitfahrbank") < wanted.index("Mängelmelder")
    assert "Anmelden, um abzustimmen" in wanted
    assert "Veranstaltungen" in text(section(page, "start-freigeschaltet"))
    # The platform's word for what it offers.
    assert "Dienste, die schon gut funktionieren" in page and "Services" not in page


def test_municipality_links_choose_the_place(demo, database):
    genthin = post(database, "Neues aus Genthin", "genthin")
    burg = post(database, "Neues aus Burg", "burg")
    visitor = demo.test_client()
    page = visitor.get("/?gemeinde=genthin").get_data(as_text=True)
    assert "Neu in Genthin" in page
    news = section(page, "start-neuigkeiten")
    assert genthin.title in news and burg.title not in news
    assert '<a class="pill" href="/?gemeinde=genthin" aria-current="page">Genthin</a>' in page
    assert 'href="/neuigkeiten/?gemeinde=genthin"' in news
    # Whatever else is asked for is the whole district, not an error.
    for asked in ("nirgendwo", "%00", "x" * 5000):
        answer = visitor.get(f"/?gemeinde={asked}")
        assert answer.status_code in (200, 400)
        if answer.status_code == 200:
            assert "Neu im ganzen Jerichower Land" in answer.get_data(as_text=True)


def test_a_resident_sees_their_own_municipality_and_can_switch_to_all(demo, database):
    post(database, "Neues aus Burg", "burg")
    client = demo.test_client()
    make_user(database, email="jule@example.org", municipality="jerichow")
    post_form(client, "/login", {"email": "jule@example.org", "password": PASSWORD})
    page = client.get("/").get_data(as_text=True)
    assert "Neu in Jerichow" in page
    assert "Neues aus Burg" not in page
    everything = client.get("/?gemeinde=alle").get_data(as_text=True)
    assert "Neu im ganzen Jerichower Land" in everything
    assert "Neues aus Burg" in section(everything, "start-neuigkeiten")
    # Voting from the front page comes back to it.
    assert 'name="next" value="/"' in section(page, "start-mitentscheiden")


def test_a_service_that_is_switched_off_leaves_the_front_page(demo, database):
    with demo.test_request_context():
        control.kill_service(
            db=db.session(), services=registered_services(), key="news", actor=Actor(None, "t")
        )
    page = demo.test_client().get("/").get_data(as_text=True)
    assert 'aria-labelledby="start-neuigkeiten"' not in page
    assert 'aria-labelledby="start-veranstaltungen"' in page


def test_a_new_resident_is_welcomed_with_first_steps_until_the_first_vote(demo, database):
    client = demo.test_client()
    make_user(database, email="neu@example.org", display_name="Nele Neu")
    post_form(client, "/login", {"email": "neu@example.org", "password": PASSWORD})
    page = client.get("/").get_data(as_text=True)
    welcome = section(page, "start-willkommen")
    assert "Willkommen, Nele Neu!" in welcome
    assert "Sie haben 5 Stimmen für Dienste, die noch kommen." in welcome
    assert 'href="/ideen"' in welcome and 'href="/profil"' in welcome
    post_form(client, "/abstimmen", {"subject": "service:mitfahrbank", "stimme": "ja"})
    assert 'aria-labelledby="start-willkommen"' not in client.get("/").get_data(as_text=True)
    assert 'aria-labelledby="start-willkommen"' not in demo.test_client().get("/").get_data(
        as_text=True
    )
