"""Input at the edges, each a server error before: ids and numbers out of range or not ASCII,
NUL characters anywhere in a request, control characters in text fields, and what was stored
with them in the news feeds and calendar files. On SQLite and PostgreSQL."""

import re
from datetime import datetime

import feedparser
import pytest
from flask_wtf import FlaskForm
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import func, select

from core.models import User
from core.numbers import MAX_ID, parse_id, parse_number, parse_percent
from core.routing import IdConverter, digits_up_to
from feedback.models import Comment, Idea
from stages.bicycle.news import feeds
from stages.bicycle.news.models import NewsPost
from stages.models import ServiceState
from tests.conftest import PASSWORD, csrf_token, make_user, post_form
from tests.events.test_events import add_event, organisation
from tests.news.test_news import make_organisation, make_partner, make_post, valid_form

EDGE_IDS = [str(2**31), str(2**63), "99999999999999999999", "0", "-1", "²", "007", "abc"]
OWNER = "owner@example.org"


def sign_in(client, database, email="anna@example.org", **fields):
    make_user(database, email=email, **fields)
    assert post_form(client, "/login", {"email": email, "password": PASSWORD}).status_code == 302


def rows(database, model) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(model)).one()


# --- 2: ids and numbers ------------------------------------------------------------------------


def test_numbers_are_ascii_digits_within_bounds():
    assert parse_id("1") == 1 and parse_id(str(MAX_ID)) == MAX_ID and parse_id(7) == 7
    for odd in [*EDGE_IDS[:6], str(MAX_ID + 1), "1 ", "+1", "١", "", None, True, 1.0, []]:
        assert parse_id(odd) is None, odd
    assert parse_percent("0") == 0 and parse_percent(100) == 100
    assert [parse_percent(v) for v in ("101", "²", "50.5", 50.5, False, "-0")] == [None] * 6
    assert parse_number("0" * 50 + "3", lowest=1, highest=9) == 3  # long, yet in bounds


@given(st.one_of(st.integers(min_value=-5, max_value=2**40).map(str), st.text(max_size=12)))
def test_the_id_converter_matches_exactly_the_ids(text):
    matched = re.fullmatch(IdConverter.regex, text) is not None
    assert matched == (parse_id(text) is not None and not text.startswith("0"))


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_digits_up_to_draws_the_line_at_the_highest_number(highest, number):
    assert (re.fullmatch(digits_up_to(highest), str(number)) is not None) == (
        1 <= number <= highest
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_id_out_of_range_is_no_route_whatever_the_method(app, method):
    """Not 405: POST beside a GET of the same path once answered "method not allowed"."""
    from werkzeug.exceptions import NotFound

    router = app.url_map.bind("localhost")
    for edge in (str(MAX_ID + 1), "9999999999"):
        with pytest.raises(NotFound):
            router.match(f"/api/v1/messages/threads/{edge}", method=method)
    assert router.match(f"/api/v1/messages/threads/{MAX_ID}", method=method)[1] == {
        "thread_id": MAX_ID
    }


@pytest.mark.parametrize("edge", EDGE_IDS)
@pytest.mark.parametrize(
    "url",
    [
        "/neuigkeiten/{}",
        "/ideen/{}",
        "/diskussion/kommentare/{}",
        "/veranstaltungen/{}",
        "/veranstaltungen/{}.ics",
        "/verzeichnis/{}",
    ],
)
def test_an_id_out_of_range_is_not_found_for_a_visitor(client, url, edge):
    assert client.get(url.format(edge)).status_code == 404


@pytest.mark.parametrize("edge", [str(2**31), str(2**63), "²"])
@pytest.mark.parametrize(
    "url",
    [
        "/moderation/kommentare/{}/ausblenden",
        "/moderation/nutzer/{}/sperren",
        "/admin/planned/{}/edit",
        "/ideen/{}/ablehnen",
        "/vorschau/news/rueckmeldung/{}/erledigt",
        "/benachrichtigungen/{}/gelesen",
        "/api/v1/ideas/{}/vote",
    ],
)
def test_an_id_out_of_range_is_not_found_for_an_owner(client, database, url, edge):
    sign_in(client, database, OWNER, is_product_owner=True)
    token = csrf_token(client)
    response = client.post(
        url.format(edge), data={"csrf_token": token}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 404


def test_links_are_still_built_with_the_id_converter(app, client, database):
    post = make_post(database, make_organisation(database))
    with app.test_request_context():
        from flask import url_for

        assert url_for("news.detail", post_id=post.id) == f"/neuigkeiten/{post.id}"
    assert client.get(f"/neuigkeiten/{post.id}").status_code == 200


@pytest.mark.parametrize("seite", ["²", "0", "100001", str(2**63), "abc"])
@pytest.mark.parametrize("url", ["/neuigkeiten/", "/verzeichnis/", "/ideen", "/veranstaltungen/"])
def test_a_page_number_out_of_range_is_not_found(client, url, seite):
    assert client.get(url, query_string={"seite": seite}).status_code == 404


@pytest.mark.parametrize("parent_id", [str(2**31), str(2**63), "²", "-1"])
def test_a_reply_to_an_id_out_of_range_is_refused(client, database, parent_id):
    sign_in(client, database)
    data = {"subject": "service:news", "body": "Antwort", "parent_id": parent_id}
    assert post_form(client, "/diskussion/kommentare", data).status_code == 400
    assert rows(database, Comment) == 0


@pytest.mark.parametrize("original", ["²", "١", str(2**31)])
def test_a_duplicate_of_an_odd_number_is_refused(client, database, original):
    sign_in(client, database, OWNER, is_product_owner=True)
    owner = database.exec(select(User)).one()
    for title in ("Erste Idee", "Zweite Idee"):
        database.add(Idea(user_id=owner.id, title=title, description="", municipality="burg"))
    database.commit()
    idea = database.exec(select(Idea).where(Idea.title == "Zweite Idee")).one()
    response = post_form(client, f"/ideen/{idea.id}/doppelt", {"original": original})
    assert response.status_code == 422
    database.expire_all()
    assert database.get(Idea, idea.id).status == "open"


@pytest.mark.parametrize("percent", ["²", str(2**63), "-1", "50.5", "101"])
def test_a_rollout_that_is_no_percentage_is_refused_in_the_console(client, database, percent):
    sign_in(client, database, OWNER, is_product_owner=True)
    response = post_form(client, "/admin/stages/news/rollout", {"percent": percent})
    assert response.status_code == 422
    assert "ganze Zahl von 0 bis 100" in response.get_data(as_text=True)


@pytest.mark.parametrize("rollout", ["²", 2**63, str(2**63), -1, 50.5, True, "\x0b"])
def test_a_rollout_that_is_no_percentage_is_refused_in_the_api(client, database, rollout):
    sign_in(client, database, OWNER, is_product_owner=True)
    response = client.put(
        "/api/v1/services/news/rollout",
        json={"rollout": rollout},
        headers={"X-CSRFToken": csrf_token(client)},
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == 400
    assert rows(database, ServiceState) == 0  # the default, untouched
    ok = client.put(
        "/api/v1/services/news/rollout",
        json={"rollout": "50"},
        headers={"X-CSRFToken": csrf_token(client)},
    )
    assert ok.get_json()["rollout"] == 50


@pytest.mark.parametrize("forged", [str(2**63), str(2**31), "²", "abc"])
def test_a_forged_user_id_in_the_session_signs_out_instead_of_failing(client, database, forged):
    sign_in(client, database)
    with client.session_transaction() as session:
        _id, token, nonce = session["_user_id"].split(":")
        session["_user_id"] = f"{forged}:{token}:{nonce}"
    response = client.get("/profil")
    assert response.status_code == 302  # to the sign-in: nobody is signed in
    assert client.get("/").status_code == 200


# --- 3: NUL characters -------------------------------------------------------------------------


def test_a_nul_in_the_sign_in_e_mail_is_refused_before_sign_in(client, database):
    make_user(database)
    response = post_form(client, "/login", {"email": "anna@example.org\x00", "password": PASSWORD})
    assert response.status_code == 400
    assert "Nullzeichen" in response.get_data(as_text=True)


def test_a_nul_in_a_registration_or_profile_name_is_refused_and_nothing_written(client, database):
    registration = {
        "email": "neu@example.org",
        "display_name": "Null\x00Name",
        "municipality": "burg",
        "password": PASSWORD,
        "password_repeat": PASSWORD,
    }
    assert post_form(client, "/registrieren", registration).status_code == 400
    assert rows(database, User) == 0
    sign_in(client, database)
    data = {"display_name": "Anna\x00", "municipality": "burg"}
    assert post_form(client, "/profil", data).status_code == 400
    database.expire_all()
    assert database.exec(select(User.display_name)).one() == "Anna Beispiel"


@pytest.mark.parametrize(
    "url",
    [
        "/roadmap/%00",
        "/diskussion?subject=service:%00",
        "/verzeichnis/?q=%00",
        "/ideen/aehnliche?title=%00",
        "/?a%00=1",
        "/neuigkeiten/%00",
    ],
)
def test_a_nul_in_a_path_or_query_is_refused_with_the_german_error_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Die Anfrage war fehlerhaft" in response.get_data(as_text=True)


def test_a_nul_in_the_api_is_refused_with_json(client, database):
    sign_in(client, database, OWNER, is_product_owner=True)
    headers = {"X-CSRFToken": csrf_token(client)}
    vote = client.post("/api/v1/services/news%00/vote", headers=headers)
    assert (vote.status_code, vote.get_json()["error"]) == (400, 400)
    for body in ({"reason": "Grund\x00"}, {"reason": "ok", "liste": [{"\x00": 1}]}):
        killed = client.post("/api/v1/services/news/kill", json=body, headers=headers)
        assert (killed.status_code, killed.get_json()["error"]) == (400, 400)
    assert rows(database, ServiceState) == 0


# --- 4: control characters ---------------------------------------------------------------------


def _forms(cls=FlaskForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _forms(sub)


def test_every_form_of_the_platform_cleans_and_checks_its_text_fields(app):
    from core.forms import PlatformForm

    ours = [
        form
        for form in _forms()
        if form.__module__.split(".")[0] in ("core", "webapp", "feedback", "flags", "stages")
    ]
    assert len(ours) > 20
    assert [form for form in ours if not issubclass(form, PlatformForm)] == []


def test_a_control_character_in_a_partners_title_is_refused(client, database):
    club = make_organisation(database)
    make_partner(database, club)
    assert post_form(client, "/login", {"email": "partner@example.org", "password": PASSWORD})
    for title, teaser in (
        ("Vertikal\x0bTab", ""),
        ("Titel\tmit Tab", ""),
        ("Titel", "Kurz\x1bfassung"),
    ):
        form = {**valid_form(club), "title": title, "teaser": teaser}
        response = post_form(client, "/neuigkeiten/neu", form)
        assert response.status_code == 422
        assert "Bitte keine Steuerzeichen verwenden." in response.get_data(as_text=True)
    assert rows(database, NewsPost) == 0
    assert client.get("/neuigkeiten/feed.rss").status_code == 200


def test_a_control_character_in_an_owners_reason_is_refused(client, database):
    sign_in(client, database, OWNER, is_product_owner=True)
    response = post_form(client, "/admin/stages/news/kill", {"reason": "Gr\x0bund"})
    assert response.status_code == 422
    api = client.post(
        "/api/v1/services/news/kill",
        json={"reason": "Grund\x1b"},
        headers={"X-CSRFToken": csrf_token(client)},
    )
    assert api.status_code == 400
    assert "Steuerzeichen" in api.get_json()["message"]
    assert rows(database, ServiceState) == 0


@pytest.mark.parametrize("feed", ["/neuigkeiten/feed.rss", "/neuigkeiten/feed.atom"])
def test_a_stored_control_character_does_not_take_the_feeds_down(client, database, feed):
    club = make_organisation(database)
    make_post(database, club, title="Gute Nachricht", days_ago=1)
    make_post(database, club, title="Vertikal\x0bTab", teaser="Kurz\x1b", body="Text\ufffe")
    response = client.get(feed)
    assert response.status_code == 200
    titles = [entry.title for entry in feedparser.parse(response.data).entries]
    assert titles == ["VertikalTab", "Gute Nachricht"]


@pytest.mark.parametrize("feed", ["/neuigkeiten/feed.rss", "/neuigkeiten/feed.atom"])
def test_an_entry_the_feed_cannot_write_is_left_out_and_logged(
    client, database, monkeypatch, caplog, feed
):
    monkeypatch.setattr(feeds, "xml_text", lambda text: text)  # as if cleaning missed one
    club = make_organisation(database)
    make_post(database, club, title="Gute Nachricht", days_ago=1)
    bad = make_post(database, club, title="Vertikal\x0bTab")
    response = client.get(feed)
    assert response.status_code == 200
    assert [e.title for e in feedparser.parse(response.data).entries] == ["Gute Nachricht"]
    assert f"News post {bad.id} left out of the feed" in caplog.text


def test_calendar_files_carry_no_control_characters(client, database):
    event = add_event(
        database,
        organisation(database),
        title="Konzert\x0bim Kloster",
        description="Zeile 1\nZeile 2\x1b",
        place_name="Kloster\x07",
        start=datetime(2026, 12, 13, 17, 0),
    )
    for url in (f"/veranstaltungen/{event.id}.ics", "/veranstaltungen/kalender.ics"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert not any(c in text for c in "\x0b\x1b\x07")
        assert "SUMMARY:Konzertim Kloster" in text
        assert "Zeile 1\\nZeile 2" in text


def test_multi_line_fields_keep_line_breaks_and_tabs_single_line_fields_do_not(client, database):
    sign_in(client, database)
    ok = post_form(
        client, "/diskussion/kommentare", {"subject": "service:news", "body": "a\tb\r\nc"}
    )
    assert ok.status_code in (302, 303)
    assert database.exec(select(Comment.body)).one() == "a\tb\nc"
    refused = post_form(client, "/profil", {"display_name": "Anna\tB", "municipality": "burg"})
    assert refused.status_code == 422
    database.expire_all()
    assert database.exec(select(User.display_name)).one() == "Anna Beispiel"
