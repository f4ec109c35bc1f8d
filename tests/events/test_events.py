"""Events: who may publish and change them, what bad input does, the list and its filters, the
month table, the detail page, the demo content and the kill switch."""

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import func, select

from core import accounts as service
from core import db
from core.audit import Actor
from core.formatting import local_timezone
from core.models import Organisation
from stages import control
from stages.bicycle import events as events_service
from stages.bicycle.events import times
from stages.bicycle.events.models import Event
from stages.bicycle.events.service import Filters, window
from tests.conftest import make_user, post_form

# Wednesday, 2 December 2026, 10:00 in Berlin: the clock of these tests.
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(times, "now", lambda: NOW)


def organisation(database, name="Heimatverein Gommern", municipality="gommern") -> Organisation:
    org = Organisation(name=name, kind="club", municipality=municipality)
    database.add(org)
    database.commit()
    return org


def partner(database, org, email="partner@example.org"):
    user = make_user(database, email=email)
    service.add_membership(db=database, user=user, organisation=org)
    database.commit()
    return user


def add_event(database, org, *, start, end=None, **fields) -> Event:
    """An event straight into the database; start and end are Berlin wall-clock times."""
    end = end or start + timedelta(hours=2)
    values = {
        "title": "Konzert",
        "place_name": "Kloster",
        "municipality": "jerichow",
        "category": "kultur",
        **fields,
    }
    event = Event(
        organisation_id=org.id,
        starts_at=start.replace(tzinfo=local_timezone()).astimezone(UTC),
        ends_at=end.replace(tzinfo=local_timezone()).astimezone(UTC),
        **values,
    )
    database.add(event)
    database.commit()
    return event


def event_form(org, **overrides) -> dict:
    return {
        "organisation": str(org.id),
        "title": "Kartoffelfest",
        "description": "Erste Zeile\r\nZweite Zeile",
        "category": "feste",
        "start_date": "2026-12-12",
        "start_time": "10:00",
        "end_date": "",
        "end_time": "16:00",
        "place_name": "Marktplatz",
        "address": "Marktplatz 1, 39307 Genthin",
        "municipality": "genthin",
        "price": "",
        "price_note": "",
        "accessibility_notes": "",
        **overrides,
    }


def count_events(database) -> int:
    database.expire_all()
    return database.exec(select(func.count(Event.id))).one()


def page(client, url, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def titles_in(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/veranstaltungen/\d+">([^<]+)</a>', html)


# --- who may do what ------------------------------------------------------------------------


def test_visitor_reads_list_month_detail_and_calendar_files(client, database):
    event = add_event(database, organisation(database), start=datetime(2026, 12, 12, 19, 0))
    for url in (
        "/veranstaltungen/",
        "/veranstaltungen/monat/2026/12",
        f"/veranstaltungen/{event.id}",
        f"/veranstaltungen/{event.id}.ics",
        "/veranstaltungen/kalender.ics",
    ):
        assert client.get(url).status_code == 200, url
    assert "Veranstaltung eintragen" not in page(client, "/veranstaltungen/")
    assert "Bearbeiten" not in page(client, f"/veranstaltungen/{event.id}")


def test_visitor_is_sent_to_sign_in_before_the_event_form(client):
    response = client.get("/veranstaltungen/neu")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/veranstaltungen/neu")


def test_resident_without_organisation_cannot_create_events(client, auth, database):
    org = organisation(database)
    make_user(database)
    auth.login()
    assert client.get("/veranstaltungen/neu").status_code == 403
    assert post_form(client, "/veranstaltungen/neu", event_form(org)).status_code == 403
    assert count_events(database) == 0
    assert "Veranstaltung eintragen" not in page(client, "/veranstaltungen/")


def test_partner_creates_an_event_for_their_organisation(client, auth, database):
    org = organisation(database)
    user = partner(database, org)
    auth.login(email="partner@example.org")
    assert "Veranstaltung eintragen" in page(client, "/veranstaltungen/")
    form = page(client, "/veranstaltungen/neu")
    assert f'<option selected value="{org.id}">' in form  # their only organisation, pre-chosen
    response = post_form(client, "/veranstaltungen/neu", event_form(org))
    event = database.exec(select(Event)).one()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/veranstaltungen/{event.id}"
    assert (event.organisation_id, event.created_by_id) == (org.id, user.id)
    # 10:00 and 16:00 in Berlin winter time are 09:00 and 15:00 UTC.
    assert event.starts_at == datetime(2026, 12, 12, 9, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 12, 12, 15, 0, tzinfo=UTC)
    assert event.description == "Erste Zeile\nZweite Zeile"
    detail = page(client, response.headers["Location"])
    assert "Samstag, 12. Dezember 2026, 10:00 bis 16:00 Uhr" in detail
    assert "Bearbeiten" in detail


def test_partner_cannot_publish_for_another_organisation(client, auth, database):
    own, other = organisation(database), organisation(database, "DRK Genthin", "genthin")
    partner(database, own)
    auth.login(email="partner@example.org")
    response = post_form(client, "/veranstaltungen/neu", event_form(own, organisation=other.id))
    assert response.status_code == 422
    assert "Für diese Organisation können Sie keine Veranstaltungen eintragen." in (
        response.get_data(as_text=True)
    )
    assert count_events(database) == 0


def test_partner_of_another_organisation_can_neither_edit_nor_delete(client, auth, database):
    owner_org, other = organisation(database), organisation(database, "DRK Genthin", "genthin")
    event = add_event(database, owner_org, start=datetime(2026, 12, 12, 19, 0))
    partner(database, other)
    auth.login(email="partner@example.org")
    url = f"/veranstaltungen/{event.id}"
    assert client.get(f"{url}/bearbeiten").status_code == 403
    forged = event_form(other, title="Übernommen")
    assert post_form(client, f"{url}/bearbeiten", forged).status_code == 403
    assert post_form(client, f"{url}/loeschen").status_code == 403
    database.expire_all()
    kept = database.get(Event, event.id)
    assert (kept.title, kept.organisation_id) == ("Konzert", owner_org.id)
    assert "Bearbeiten" not in page(client, url)


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("get", ".ics"),
        ("get", "/bearbeiten"),
        ("post", "/bearbeiten"),
        ("post", "/loeschen"),
    ],
)
def test_unknown_event_answers_404(client, auth, database, method, suffix):
    make_user(database, is_product_owner=True)
    auth.login()
    url = f"/veranstaltungen/999{suffix}"
    response = client.get(url) if method == "get" else post_form(client, url, {})
    assert response.status_code == 404


def test_product_owner_edits_any_event_and_may_move_it_to_another_organisation(
    client, auth, database
):
    org, other = organisation(database), organisation(database, "DRK Genthin", "genthin")
    event = add_event(database, org, start=datetime(2026, 12, 12, 19, 0))
    make_user(database, email="chefin@example.org", is_product_owner=True)
    auth.login(email="chefin@example.org")
    assert "Veranstaltung eintragen" in page(client, "/veranstaltungen/")
    response = post_form(
        client,
        f"/veranstaltungen/{event.id}/bearbeiten",
        event_form(other, title="Neuer Titel"),
    )
    assert response.status_code == 302
    database.expire_all()
    changed = database.get(Event, event.id)
    assert (changed.title, changed.organisation_id) == ("Neuer Titel", other.id)
    assert changed.updated_at > changed.created_at


def test_edit_form_shows_the_event_in_berlin_time(client, auth, database):
    org = organisation(database)
    event = add_event(
        database, org, start=datetime(2026, 10, 24, 20, 0), end=datetime(2026, 10, 25, 4, 0)
    )
    partner(database, org)
    auth.login(email="partner@example.org")
    form = page(client, f"/veranstaltungen/{event.id}/bearbeiten")
    for name, value in (
        ("start_date", "2026-10-24"),
        ("start_time", "20:00"),
        ("end_date", "2026-10-25"),
        ("end_time", "04:00"),
    ):
        assert re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"', form), name


def test_partner_deletes_their_own_event(client, auth, database):
    org = organisation(database)
    event = add_event(database, org, start=datetime(2026, 12, 12, 19, 0))
    partner(database, org)
    auth.login(email="partner@example.org")
    response = post_form(client, f"/veranstaltungen/{event.id}/loeschen")
    assert response.status_code == 302
    assert count_events(database) == 0


# --- bad input writes nothing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "09:00"}, "Das Ende liegt vor dem Beginn."),
        ({"end_date": "2026-12-11", "end_time": "18:00"}, "Das Ende liegt vor dem Beginn."),
        ({"start_date": "31.02.2026"}, "Bitte geben Sie ein gültiges Datum an"),
        ({"start_date": "2026-13-01"}, "Bitte geben Sie ein gültiges Datum an"),
        ({"start_date": ""}, "Bitte geben Sie das Datum des Beginns an."),
        ({"start_date": "1999-12-12"}, "zwischen 2000 und 2100"),
        ({"start_time": "25:00"}, "Bitte geben Sie eine Uhrzeit an"),
        ({"start_time": ""}, "Bitte geben Sie die Uhrzeit des Beginns an"),
        ({"end_time": ""}, "Bitte geben Sie die Uhrzeit des Endes an."),
        (
            {"start_date": "2026-03-29", "start_time": "02:30", "end_time": "05:00"},
            "diese Uhrzeit gibt es nicht",
        ),
        ({"end_date": "2028-01-01"}, "höchstens ein Jahr"),
        ({"title": ""}, "Bitte geben Sie einen Titel ein."),
        ({"title": "T" * 121}, "Der Titel darf höchstens 120 Zeichen haben."),
        ({"description": "x" * 5001}, "Die Beschreibung darf höchstens 5000 Zeichen haben."),
        ({"place_name": "o" * 121}, "Der Ort darf höchstens 120 Zeichen haben."),
        ({"municipality": "berlin"}, "Bitte wählen Sie eine der acht Gemeinden."),
        ({"category": "konzert"}, "Bitte wählen Sie eine Kategorie aus der Liste."),
        ({"price": "acht Euro"}, "Bitte geben Sie einen Betrag in Euro an"),
        ({"price": "8", "is_free": "y"}, "Bei freiem Eintritt bitte keinen Preis angeben"),
        ({"all_day": "y", "end_date": "2026-12-10"}, "Das Ende liegt vor dem Beginn."),
    ],
)
def test_bad_event_input_is_refused_with_a_message_and_nothing_is_written(
    client, auth, database, overrides, message
):
    org = organisation(database)
    partner(database, org)
    auth.login(email="partner@example.org")
    response = post_form(client, "/veranstaltungen/neu", event_form(org, **overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count_events(database) == 0


def test_bad_edit_changes_nothing(client, auth, database):
    org = organisation(database)
    event = add_event(database, org, start=datetime(2026, 12, 12, 19, 0))
    partner(database, org)
    auth.login(email="partner@example.org")
    response = post_form(
        client,
        f"/veranstaltungen/{event.id}/bearbeiten",
        event_form(org, title="Neu", end_time="08:00"),
    )
    assert response.status_code == 422
    database.expire_all()
    assert database.get(Event, event.id).title == "Konzert"


def test_event_form_without_csrf_token_writes_nothing(client, auth, database):
    org = organisation(database)
    partner(database, org)
    auth.login(email="partner@example.org")
    assert client.post("/veranstaltungen/neu", data=event_form(org)).status_code == 400
    form = {**event_form(org), "csrf_token": "gefälscht"}
    assert client.post("/veranstaltungen/neu", data=form).status_code == 400
    assert count_events(database) == 0


def test_text_with_nul_or_control_characters_is_refused(client, auth, database):
    org = organisation(database)
    partner(database, org)
    auth.login(email="partner@example.org")
    form = event_form(org, title="Kartoffel\x00fest", description="A\x00B")
    assert post_form(client, "/veranstaltungen/neu", form).status_code == 400
    form = event_form(org, title="Kartoffel\x0bfest", description="A\tB\r\nC")
    response = post_form(client, "/veranstaltungen/neu", form)
    assert response.status_code == 422
    assert "Bitte keine Steuerzeichen verwenden." in response.get_data(as_text=True)
    assert count_events(database) == 0
    form["title"] = "Kartoffelfest"  # a tab and line breaks belong in a description
    assert post_form(client, "/veranstaltungen/neu", form).status_code == 302
    assert database.exec(select(Event)).one().description == "A\tB\nC"


def test_all_day_event_over_several_days_is_stored_from_midnight_to_midnight(
    client, auth, database
):
    org = organisation(database)
    partner(database, org)
    auth.login(email="partner@example.org")
    form = event_form(org, all_day="y", start_time="", end_time="", end_date="13.12.2026")
    assert post_form(client, "/veranstaltungen/neu", form).status_code == 302
    event = database.exec(select(Event)).one()
    assert event.all_day
    assert event.starts_at == datetime(2026, 12, 11, 23, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 12, 13, 23, 0, tzinfo=UTC)
    assert (event.first_day, event.last_day) == (date(2026, 12, 12), date(2026, 12, 13))
    assert "Samstag, 12. Dezember 2026 bis Sonntag, 13. Dezember 2026" in page(
        client, f"/veranstaltungen/{event.id}"
    )


def test_description_is_escaped_and_keeps_its_line_breaks(client, database):
    event = add_event(
        database,
        organisation(database),
        start=datetime(2026, 12, 12, 19, 0),
        description='<img src=x onerror="alert(1)">\nZweite Zeile',
    )
    html = page(client, f"/veranstaltungen/{event.id}")
    assert "<img src=x" not in html
    assert (
        '<p class="events-text">&lt;img src=x onerror=&#34;alert(1)&#34;&gt;\nZweite Zeile</p>'
        in html
    )


# --- the list and its filters ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "weekend"),
    [
        (date(2026, 11, 30), (date(2026, 12, 5), date(2026, 12, 6))),  # Monday
        (date(2026, 12, 4), (date(2026, 12, 5), date(2026, 12, 6))),  # Friday
        (date(2026, 12, 5), (date(2026, 12, 5), date(2026, 12, 6))),  # Saturday
        (date(2026, 12, 6), (date(2026, 12, 5), date(2026, 12, 6))),  # Sunday
        (date(2026, 12, 7), (date(2026, 12, 12), date(2026, 12, 13))),  # Monday after
    ],
)
def test_this_weekend_is_saturday_and_sunday_of_the_current_week(today, weekend):
    assert times.weekend_of(today) == weekend


def test_list_window_starts_now_and_this_weekend_replaces_the_dates():
    sunday_noon = datetime(2026, 12, 6, 11, 0, tzinfo=UTC)
    assert window(Filters(), NOW) == (NOW, None)
    assert window(Filters(date_from=date(2026, 1, 1), date_to=date(2026, 12, 24)), NOW) == (
        NOW,
        datetime(2026, 12, 24, 23, 0, tzinfo=UTC),
    )
    assert window(Filters(weekend=True, date_from=date(2027, 1, 1)), NOW) == (
        datetime(2026, 12, 4, 23, 0, tzinfo=UTC),
        datetime(2026, 12, 6, 23, 0, tzinfo=UTC),
    )
    assert window(Filters(weekend=True), sunday_noon) == (
        sunday_noon,
        datetime(2026, 12, 6, 23, 0, tzinfo=UTC),
    )


def test_list_shows_upcoming_and_running_events_in_order_of_start(client, database):
    org = organisation(database)
    add_event(database, org, title="Später", start=datetime(2026, 12, 20, 10, 0))
    add_event(database, org, title="Vorbei", start=datetime(2026, 12, 1, 10, 0))
    add_event(
        database,
        org,
        title="Läuft noch",
        start=datetime(2026, 11, 30, 0, 0),
        end=datetime(2026, 12, 3, 0, 0),
    )
    add_event(database, org, title="Bald", start=datetime(2026, 12, 3, 18, 0))
    assert titles_in(page(client, "/veranstaltungen/")) == ["Läuft noch", "Bald", "Später"]


def test_list_filters_by_municipality_category_and_dates(client, database):
    org = organisation(database)
    add_event(
        database, org, title="Burg Kultur", municipality="burg", start=datetime(2026, 12, 5, 10, 0)
    )
    add_event(
        database,
        org,
        title="Burg Markt",
        municipality="burg",
        category="markt",
        start=datetime(2026, 12, 9, 10, 0),
    )
    add_event(
        database,
        org,
        title="Genthin Kultur",
        municipality="genthin",
        start=datetime(2026, 12, 10, 10, 0),
    )
    add_event(
        database,
        org,
        title="Burg Kultur später",
        municipality="burg",
        start=datetime(2026, 12, 24, 10, 0),
    )
    assert titles_in(page(client, "/veranstaltungen/?gemeinde=burg&kategorie=kultur")) == [
        "Burg Kultur",
        "Burg Kultur später",
    ]
    assert titles_in(page(client, "/veranstaltungen/?von=2026-12-09&bis=10.12.2026")) == [
        "Burg Markt",
        "Genthin Kultur",
    ]
    html = page(client, "/veranstaltungen/?gemeinde=genthin&kategorie=markt")
    assert "Für diese Auswahl gibt es keine kommenden Veranstaltungen." in html


def test_this_weekend_filter_lists_only_saturday_and_sunday(client, database, monkeypatch):
    org = organisation(database)
    add_event(database, org, title="Freitag", start=datetime(2026, 12, 4, 18, 0))
    add_event(database, org, title="Samstag", start=datetime(2026, 12, 5, 10, 0))
    add_event(
        database,
        org,
        title="Sonntagnacht",
        start=datetime(2026, 12, 6, 22, 0),
        end=datetime(2026, 12, 7, 1, 0),
    )
    add_event(database, org, title="Montag", start=datetime(2026, 12, 7, 10, 0))
    add_event(database, org, title="Nächster Samstag", start=datetime(2026, 12, 12, 10, 0))
    assert titles_in(page(client, "/veranstaltungen/?wochenende=1")) == [
        "Samstag",
        "Sonntagnacht",
    ]
    # On Sunday afternoon it is still this weekend: what is over has gone from the list.
    monkeypatch.setattr(times, "now", lambda: datetime(2026, 12, 6, 14, 0, tzinfo=UTC))
    assert titles_in(page(client, "/veranstaltungen/?wochenende=1")) == ["Sonntagnacht"]


def test_filter_form_works_without_javascript_and_htmx_gets_only_the_list(client, database):
    add_event(database, organisation(database), start=datetime(2026, 12, 5, 10, 0))
    full = page(client, "/veranstaltungen/?gemeinde=jerichow")
    assert '<form method="get" action="/veranstaltungen/"' in full
    assert 'hx-push-url="true"' in full
    assert '<option selected value="jerichow">' in full
    response = client.get("/veranstaltungen/?gemeinde=jerichow", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in fragment and "<h1>" not in fragment
    assert 'id="veranstaltungen-liste"' in fragment
    assert titles_in(fragment) == ["Konzert"]
    restored = client.get(
        "/veranstaltungen/?gemeinde=jerichow",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<h1>Veranstaltungen</h1>" in restored.get_data(as_text=True)  # Back button: the page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("von=gestern", "Bitte geben Sie ein gültiges Datum an"),
        ("von=2026-12-10&bis=2026-12-09", "„Bis“ liegt vor „Von“."),
        ("gemeinde=mars", "Diese Gemeinde kennen wir nicht."),
        ("kategorie=oper", "Diese Kategorie gibt es nicht."),
    ],
)
def test_bad_filters_answer_422_with_a_message(client, query, message):
    response = client.get(f"/veranstaltungen/?{query}")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    # The calendar file shows no form: it is a bad request.
    assert client.get(f"/veranstaltungen/kalender.ics?{query}").status_code == 400


def test_list_is_paginated_and_page_links_keep_the_filters(client, database):
    org = organisation(database)
    for day in range(25):
        add_event(
            database,
            org,
            title=f"Termin {day + 1:02d}",
            start=datetime(2026, 12, 3, 10, 0) + timedelta(days=day),
        )
    first = page(client, "/veranstaltungen/?gemeinde=jerichow")
    assert len(titles_in(first)) == 20
    assert "Seite 1 von 2" in first
    assert 'href="/veranstaltungen/?seite=2&amp;gemeinde=jerichow"' in first
    second = page(client, "/veranstaltungen/?seite=2&gemeinde=jerichow")
    assert titles_in(second) == [f"Termin {n}" for n in range(21, 26)]
    assert client.get("/veranstaltungen/?seite=3").status_code == 404
    assert client.get("/veranstaltungen/?seite=0").status_code == 404


# --- month view -----------------------------------------------------------------------------


def test_month_is_an_accessible_table_with_events_on_their_days(client, database):
    org = organisation(database)
    concert = add_event(database, org, title="Adventskonzert", start=datetime(2026, 12, 13, 17, 0))
    add_event(
        database,
        org,
        title="Weihnachtsmarkt",
        all_day=True,
        start=datetime(2026, 12, 18, 0, 0),
        end=datetime(2026, 12, 21, 0, 0),
    )
    add_event(
        database,
        org,
        title="Silvester",
        start=datetime(2026, 12, 31, 20, 0),
        end=datetime(2027, 1, 1, 2, 0),
    )
    html = page(client, "/veranstaltungen/monat/2026/12")
    assert "<h1>Veranstaltungen im Dezember 2026</h1>" in html
    assert '<caption id="monat-titel">Dezember 2026</caption>' in html
    assert html.count('<th scope="col">') == 8  # the week number and seven days
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.S)[1:]
    assert len(rows) == 5  # 30 Nov – 3 Jan: five weeks, Monday first
    assert all('<th scope="row">' in row and row.count("<td") == 7 for row in rows)
    cells = {
        int(number): cell
        for number, cell in re.findall(
            r'<span class="events-day-number">(\d+)</span>(.*?)</td>', html, flags=re.S
        )
    }
    assert f'href="/veranstaltungen/{concert.id}">Adventskonzert</a>' in cells[13]
    assert [day for day, cell in cells.items() if "Weihnachtsmarkt" in cell] == [18, 19, 20]
    assert "Silvester" in cells[31] and len(cells) == 31
    assert 'href="/veranstaltungen/monat/2026/11" rel="prev"' in html
    assert 'href="/veranstaltungen/monat/2027/1" rel="next"' in html


def test_month_marks_today(client):
    html = page(client, "/veranstaltungen/monat/2026/12")
    assert re.search(r'aria-current="date">\s*<span class="events-day-number">2</span>', html)


@pytest.mark.parametrize(
    ("url", "status", "location"),
    [
        ("/veranstaltungen/monat", 302, "/veranstaltungen/monat/2026/12"),
        ("/veranstaltungen/monat?monat=2027-02", 302, "/veranstaltungen/monat/2027/2"),
        ("/veranstaltungen/monat?monat=2026-13", 404, None),
        ("/veranstaltungen/monat?monat=Dezember", 400, None),
        ("/veranstaltungen/monat?monat=2026", 400, None),
        ("/veranstaltungen/monat?monat=²⁰²⁶-12", 400, None),
        ("/veranstaltungen/monat?monat=" + "9" * 5000 + "-1", 400, None),
        ("/veranstaltungen/monat/2026/13", 404, None),
        ("/veranstaltungen/monat/2026/0", 404, None),
        ("/veranstaltungen/monat/1999/12", 404, None),
        ("/veranstaltungen/monat/99999999999999999999/1", 404, None),
        ("/veranstaltungen/monat/2026/-1", 404, None),
    ],
)
def test_month_addresses_and_bad_months(client, url, status, location):
    response = client.get(url)
    assert response.status_code == status
    if location:
        assert response.headers["Location"] == location


# --- detail page and schema.org -------------------------------------------------------------


def jsonld_of(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return json.loads(block.group(1))


def test_detail_page_carries_schema_org_event_markup(client, database):
    org = organisation(database)
    event = add_event(
        database,
        org,
        title="Konzert im Kloster",
        start=datetime(2026, 12, 13, 17, 0),
        end=datetime(2026, 12, 13, 19, 0),
        address="Am Kloster 1, 39319 Jerichow",
        price_cents=1500,
        price_note="ermäßigt 10 €",
    )
    data = jsonld_of(page(client, f"/veranstaltungen/{event.id}"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Konzert im Kloster"
    assert data["startDate"] == "2026-12-13T17:00:00+01:00"
    assert data["endDate"] == "2026-12-13T19:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Am Kloster 1, 39319 Jerichow",
        "addressLocality": "Jerichow",
        "addressRegion": "Sachsen-Anhalt",
        "addressCountry": "DE",
    }
    assert data["organizer"] == {"@type": "Organization", "name": "Heimatverein Gommern"}
    assert data["isAccessibleForFree"] is False
    assert data["offers"]["price"] == "15.00"
    assert data["offers"]["priceCurrency"] == "EUR"
    assert data["url"] == f"http://localhost/veranstaltungen/{event.id}"


def test_all_day_event_markup_uses_dates_and_free_events_offer_zero(client, database):
    event = add_event(
        database,
        organisation(database),
        all_day=True,
        is_free=True,
        start=datetime(2026, 12, 18, 0, 0),
        end=datetime(2026, 12, 21, 0, 0),
    )
    data = jsonld_of(page(client, f"/veranstaltungen/{event.id}"))
    assert (data["startDate"], data["endDate"]) == ("2026-12-18", "2026-12-20")
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == "0"


def test_markup_cannot_break_out_of_its_data_block(client, database):
    title = "</script><script>alert(1)</script> & <!--"
    event = add_event(
        database, organisation(database), title=title, start=datetime(2026, 12, 13, 17, 0)
    )
    html = page(client, f"/veranstaltungen/{event.id}")
    assert "<script>alert(1)" not in html
    assert "\\u003c/script\\u003e" in html
    assert jsonld_of(html)["name"] == title


def test_cancelled_event_is_marked_everywhere(client, auth, database):
    org = organisation(database)
    event = add_event(database, org, title="Lesung", start=datetime(2026, 12, 13, 17, 0))
    partner(database, org)
    auth.login(email="partner@example.org")
    form = event_form(
        org,
        title="Lesung",
        start_date="2026-12-13",
        start_time="17:00",
        end_time="19:00",
        is_cancelled="y",
    )
    assert post_form(client, f"/veranstaltungen/{event.id}/bearbeiten", form).status_code == 302
    badge = '<strong class="events-cancelled-badge">Abgesagt</strong>'
    assert badge in page(client, "/veranstaltungen/?gemeinde=")
    assert badge in page(client, "/veranstaltungen/monat/2026/12")
    detail = page(client, f"/veranstaltungen/{event.id}")
    assert "Diese Veranstaltung findet nicht statt." in detail
    assert jsonld_of(detail)["eventStatus"] == "https://schema.org/EventCancelled"
    ics = page(client, f"/veranstaltungen/{event.id}.ics")
    assert "STATUS:CANCELLED" in ics and "SUMMARY:Abgesagt: Lesung" in ics


def test_a_partner_calls_an_event_off_in_one_tap_and_on_again(client, auth, database):
    org = organisation(database)
    event = add_event(database, org, title="Lesung", start=datetime(2026, 12, 13, 17, 0))
    partner(database, org)
    auth.login(email="partner@example.org")
    assert "Veranstaltung absagen" in page(client, f"/veranstaltungen/{event.id}")
    for _ in range(2):  # a double tap calls it off once
        answer = post_form(client, f"/veranstaltungen/{event.id}/absagen", {"abgesagt": "ja"})
        assert answer.status_code == 302
        database.expire_all()
        assert database.get(Event, event.id).is_cancelled
    detail = page(client, f"/veranstaltungen/{event.id}")
    assert "Diese Veranstaltung findet nicht statt." in detail and "Findet doch statt" in detail
    post_form(client, f"/veranstaltungen/{event.id}/absagen", {"abgesagt": "nein"})
    database.expire_all()
    assert not database.get(Event, event.id).is_cancelled


@pytest.mark.parametrize("value", ["", "vielleicht", "1"])
def test_calling_off_needs_a_clear_answer(client, auth, database, value):
    org = organisation(database)
    event = add_event(database, org, start=datetime(2026, 12, 13, 17, 0))
    partner(database, org)
    auth.login(email="partner@example.org")
    answer = post_form(client, f"/veranstaltungen/{event.id}/absagen", {"abgesagt": value})
    assert answer.status_code == 400
    database.expire_all()
    assert not database.get(Event, event.id).is_cancelled


def test_only_the_organisers_may_call_an_event_off(client, auth, database):
    org = organisation(database)
    event = add_event(database, org, start=datetime(2026, 12, 13, 17, 0))
    partner(database, organisation(database, name="Anderer Verein"), email="other@example.org")
    auth.login(email="other@example.org")
    answer = post_form(client, f"/veranstaltungen/{event.id}/absagen", {"abgesagt": "ja"})
    assert answer.status_code == 403  # as for editing and deleting
    missing_token = client.post(f"/veranstaltungen/{event.id}/absagen", data={"abgesagt": "ja"})
    assert missing_token.status_code == 400
    database.expire_all()
    assert not database.get(Event, event.id).is_cancelled


# --- demo content and the kill switch -------------------------------------------------------


def test_demo_adds_dozens_of_upcoming_events_once(app_factory, database):
    app = app_factory(SERVICES=[events_service.manifest])
    assert events_service.manifest.load_demo is not None
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    first = count_events(database)
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    assert count_events(database) == first >= 30
    loaded = database.exec(select(Event)).all()
    assert all(e.is_demo and e.demo_key for e in loaded)
    assert all(e.ends_at > NOW for e in loaded)
    assert {e.municipality for e in loaded} == {
        "burg",
        "genthin",
        "gommern",
        "moeckern",
        "jerichow",
        "biederitz",
        "moeser",
        "elbe-parey",
    }
    listed = titles_in(page(app.test_client(), "/veranstaltungen/"))
    assert len(listed) == 20
    assert "Wochenmarkt in Burg" in listed


def test_killed_events_service_is_unavailable_on_every_route(app_factory, database):
    app = app_factory(FLAG_CHECK_INTERVAL=0)
    client = app.test_client()
    assert client.get("/veranstaltungen/").status_code == 200
    with app.test_request_context():
        control.kill_service(
            db=db.session(),
            services=app.extensions["services"],
            key="events",
            actor=Actor(id=None, label="chefin@example.org"),
        )
    for url in (
        "/veranstaltungen/",
        "/veranstaltungen/monat/2026/12",
        "/veranstaltungen/kalender.ics",
    ):
        assert client.get(url).status_code == 503, url
    assert client.get("/").status_code == 200


def test_a_partner_of_one_organisation_finds_it_chosen_and_of_two_chooses(client, auth, database):
    gommern = organisation(database)
    user = partner(database, gommern)
    auth.login(user.email)
    form = page(client, "/veranstaltungen/neu")
    select = re.search(r'<select[^>]*name="organisation".*?</select>', form, re.S).group(0)
    assert "Bitte wählen" not in select and "Heimatverein Gommern" in select
    burg = organisation(database, name="Stadtwerke Burg", municipality="burg")
    service.add_membership(db=database, user=user, organisation=burg)
    database.commit()
    form = page(client, "/veranstaltungen/neu")
    select = re.search(r'<select[^>]*name="organisation".*?</select>', form, re.S).group(0)
    assert "Bitte wählen" in select and "Stadtwerke Burg" in select
