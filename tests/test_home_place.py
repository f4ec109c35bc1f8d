"""Local lists open on the signed-in resident's own municipality, say so, and show the whole
district with one tap; a choice made (a municipality, or "Alle Gemeinden") is kept, also on the
next page. Visitors see the whole district."""

import re
from datetime import datetime, timedelta

import pytest

from tests.conftest import make_user
from tests.events.test_events import add_event, frozen_clock, titles_in  # noqa: F401
from tests.events.test_events import organisation as make_event_organisation
from tests.news.test_news import club, other_club, sign_in, spread, titles_on  # noqa: F401

EVERY_POST = ["Gommern Verein", "Gommern Kultur", "Burg Wirtschaft", "Kreisweit"]
NOTE = "Sie sehen, was in Burg los ist."


@pytest.fixture
def resident_of_burg(client, database):
    make_user(database, email="rita@example.org", municipality="burg")
    sign_in(client, "rita@example.org")
    return client


def test_a_visitor_sees_the_whole_district(client, spread):  # noqa: F811
    html = client.get("/neuigkeiten/").get_data(as_text=True)
    assert titles_on(html) == EVERY_POST
    assert NOTE not in html


def test_a_resident_sees_their_municipality_and_one_tap_shows_all(resident_of_burg, spread):  # noqa: F811
    html = resident_of_burg.get("/neuigkeiten/").get_data(as_text=True)
    assert titles_on(html) == ["Burg Wirtschaft", "Kreisweit"]
    assert NOTE in html
    [everywhere] = re.findall(r'<a href="([^"]+)">Alle Gemeinden zeigen</a>', html)
    assert everywhere == "/neuigkeiten/?gemeinde="
    html = resident_of_burg.get(everywhere).get_data(as_text=True)
    assert titles_on(html) == EVERY_POST
    assert NOTE not in html


def test_a_chosen_municipality_is_kept(resident_of_burg, spread):  # noqa: F811
    html = resident_of_burg.get("/neuigkeiten/?gemeinde=gommern").get_data(as_text=True)
    assert titles_on(html) == ["Gommern Verein", "Gommern Kultur", "Kreisweit"]
    assert NOTE not in html


def test_all_municipalities_stay_chosen_on_the_next_page(resident_of_burg, database):
    organisation = make_event_organisation(database)
    for day in range(25):  # more than a page, all in Jerichow, after the frozen now
        add_event(database, organisation, start=datetime(2026, 12, 3, 10) + timedelta(days=day))
    opened = resident_of_burg.get("/veranstaltungen/").get_data(as_text=True)
    assert titles_in(opened) == [] and NOTE in opened  # nothing in Burg
    everywhere = resident_of_burg.get("/veranstaltungen/?gemeinde=").get_data(as_text=True)
    assert titles_in(everywhere)
    [next_page] = set(re.findall(r'href="(/veranstaltungen/\?[^"]*seite=2[^"]*)"', everywhere))
    assert "gemeinde=" in next_page
    following = resident_of_burg.get(next_page.replace("&amp;", "&")).get_data(as_text=True)
    assert titles_in(following) and NOTE not in following
