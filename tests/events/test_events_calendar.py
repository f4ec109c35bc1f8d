"""Event times in Berlin and in UTC, and the iCalendar export, read back with `icalendar`:
single events, filtered lists, all-day events and the two changes of the clocks in 2026
(summer time starts 29 March at 02:00, ends 25 October at 03:00)."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from sqlmodel import select

from core.models import Organisation
from stages.bicycle.events import times
from stages.bicycle.events.forms import price_in_cents
from stages.bicycle.events.models import Event
from tests.conftest import post_form
from tests.events.test_events import NOW, add_event, event_form, organisation, page, partner

HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(times, "now", lambda: NOW)


def create_via_form(client, auth, database, **overrides) -> Event:
    org = organisation(database)
    partner(database, org)
    auth.login(email="partner@example.org")
    response = post_form(client, "/veranstaltungen/neu", event_form(org, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return database.exec(select(Event)).one()


def calendar_at(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data)


def test_berlin_wall_clock_times_that_are_skipped_or_repeated():
    # 02:30 on 29 March 2026 does not exist; 02:30 on 25 October 2026 happens twice.
    assert times.in_berlin(date(2026, 3, 29), time(2, 30)) is None
    assert times.in_berlin(date(2026, 3, 29), time(3, 0)) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert times.in_berlin(date(2026, 10, 25), time(2, 30)) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "cents"),
    [("8", 800), ("8,5", 850), ("8,50", 850), ("8.05", 805), ("12 €", 1200), ("acht", None)],
)
def test_prices_are_read_in_euros(text, cents):
    assert price_in_cents(text) == cents


def test_event_across_the_autumn_clock_change_keeps_its_wall_clock_times(client, auth, database):
    event = create_via_form(
        client,
        auth,
        database,
        start_date="2026-10-24",
        start_time="20:00",
        end_date="2026-10-25",
        end_time="02:00",
    )
    # 20:00 summer time; 02:00 happens twice that night: the first one (RFC 5545), still summer time.
    assert event.starts_at == datetime(2026, 10, 24, 18, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    assert "Samstag, 24. Oktober 2026, 20:00 Uhr bis Sonntag, 25. Oktober 2026, 02:00 Uhr" in (
        page(client, f"/veranstaltungen/{event.id}")
    )
    calendar = calendar_at(client, f"/veranstaltungen/{event.id}.ics")
    [exported] = calendar.events
    assert exported["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert exported.start.replace(tzinfo=None) == datetime(2026, 10, 24, 20, 0)
    assert exported.end.replace(tzinfo=None) == datetime(2026, 10, 25, 2, 0)
    assert exported.start.astimezone(UTC) == event.starts_at
    assert exported.end.astimezone(UTC) == event.ends_at


def test_event_ending_after_the_autumn_change_lasts_an_hour_longer(client, auth, database):
    event = create_via_form(
        client,
        auth,
        database,
        start_date="2026-10-24",
        start_time="20:00",
        end_date="2026-10-25",
        end_time="04:00",
    )
    assert event.ends_at == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    [exported] = calendar_at(client, f"/veranstaltungen/{event.id}.ics").events
    assert exported.end.replace(tzinfo=None) == datetime(2026, 10, 25, 4, 0)
    assert exported.end.utcoffset() == HOUR
    # Python subtracts wall-clock times within one zone: compare the instants.
    assert exported.end.astimezone(UTC) - exported.start.astimezone(UTC) == 9 * HOUR


def test_event_across_the_spring_clock_change_keeps_its_wall_clock_times(client, auth, database):
    event = create_via_form(
        client,
        auth,
        database,
        start_date="28.03.2026",
        start_time="22:00",
        end_date="29.03.2026",
        end_time="04:00",
    )
    assert event.starts_at == datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    calendar = calendar_at(client, f"/veranstaltungen/{event.id}.ics")
    [exported] = calendar.events
    assert exported.start.replace(tzinfo=None) == datetime(2026, 3, 28, 22, 0)
    assert exported.end.replace(tzinfo=None) == datetime(2026, 3, 29, 4, 0)
    assert (exported.start.utcoffset(), exported.end.utcoffset()) == (HOUR, 2 * HOUR)
    assert exported.end.astimezone(UTC) - exported.start.astimezone(UTC) == 5 * HOUR
    # The file's own VTIMEZONE knows the change, for calendars that do not know Europe/Berlin.
    [zone] = calendar.timezones
    assert zone.tz_name == "Europe/Berlin"
    own_zone = zone.to_tz(lookup_tzid=False)
    assert datetime(2026, 3, 29, 1, 0, tzinfo=own_zone).utcoffset() == HOUR
    assert datetime(2026, 3, 29, 4, 0, tzinfo=own_zone).utcoffset() == 2 * HOUR


def test_single_event_file_has_the_rfc_5545_properties(client, database):
    event = add_event(
        database,
        organisation(database),
        title="Konzert im Kloster",
        start=datetime(2026, 12, 13, 17, 0),
        address="Am Kloster 1, 39319 Jerichow",
        price_cents=1500,
    )
    response = client.get(f"/veranstaltungen/{event.id}.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="veranstaltung-{event.id}.ics"'
    )
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert "DTSTART;TZID=Europe/Berlin:20261213T170000\r\n" in text
    [exported] = icalendar.Calendar.from_ical(response.data).events
    assert exported.uid == event.uid
    assert str(exported["SUMMARY"]) == "Konzert im Kloster"
    assert str(exported["LOCATION"]) == "Kloster, Am Kloster 1, 39319 Jerichow"
    assert str(exported["URL"]) == f"http://localhost/veranstaltungen/{event.id}"
    assert str(exported["STATUS"]) == "CONFIRMED"
    assert exported.stamp == event.updated_at.replace(microsecond=0)  # the last change
    assert "Veranstalter: Heimatverein Gommern" in str(exported["DESCRIPTION"])
    assert "Eintritt: 15,00\N{NO-BREAK SPACE}€" in str(exported["DESCRIPTION"])


def test_all_day_event_is_exported_as_dates(client, database):
    event = add_event(
        database,
        organisation(database),
        all_day=True,
        start=datetime(2026, 12, 18, 0, 0),
        end=datetime(2026, 12, 21, 0, 0),
    )
    text = page(client, f"/veranstaltungen/{event.id}.ics")
    assert "DTSTART;VALUE=DATE:20261218\r\n" in text
    assert "DTEND;VALUE=DATE:20261221\r\n" in text  # the day after the last day
    assert "BEGIN:VTIMEZONE" not in text
    [exported] = icalendar.Calendar.from_ical(text).events
    assert (exported.start, exported.end) == (date(2026, 12, 18), date(2026, 12, 21))


def test_filtered_calendar_file_holds_what_the_filtered_list_shows(client, database):
    org = organisation(database)
    burg = add_event(
        database, org, title="In Burg", municipality="burg", start=datetime(2026, 12, 5, 10, 0)
    )
    cancelled = add_event(
        database,
        org,
        title="Abgesagt in Burg",
        municipality="burg",
        is_cancelled=True,
        start=datetime(2026, 12, 6, 10, 0),
    )
    add_event(
        database,
        org,
        title="In Genthin",
        municipality="genthin",
        start=datetime(2026, 12, 5, 11, 0),
    )
    add_event(
        database,
        org,
        title="Vorbei in Burg",
        municipality="burg",
        start=datetime(2026, 11, 5, 11, 0),
    )
    response = client.get("/veranstaltungen/kalender.ics?gemeinde=burg")
    assert response.headers["Content-Disposition"] == 'attachment; filename="veranstaltungen.ics"'
    calendar = icalendar.Calendar.from_ical(response.data)
    assert [e.uid for e in calendar.events] == [burg.uid, cancelled.uid]
    first, second = calendar.events
    assert first.start.astimezone(UTC) == datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    assert (str(second["STATUS"]), str(second["SUMMARY"])) == (
        "CANCELLED",
        "Abgesagt: Abgesagt in Burg",
    )
    listed = page(client, "/veranstaltungen/?gemeinde=burg")
    assert 'href="/veranstaltungen/kalender.ics?gemeinde=burg"' in listed
    weekend = icalendar.Calendar.from_ical(
        client.get("/veranstaltungen/kalender.ics?wochenende=1&gemeinde=genthin").data
    )
    assert [str(e["SUMMARY"]) for e in weekend.events] == ["In Genthin"]


def test_uid_stays_the_same_when_the_event_changes(client, auth, database):
    event = create_via_form(client, auth, database)
    before = calendar_at(client, f"/veranstaltungen/{event.id}.ics").events[0]
    form = event_form(database.get(Organisation, event.organisation_id), title="Neu")
    assert post_form(client, f"/veranstaltungen/{event.id}/bearbeiten", form).status_code == 302
    after = calendar_at(client, f"/veranstaltungen/{event.id}.ics").events[0]
    assert after.uid == before.uid == event.uid
    assert str(after["SUMMARY"]) == "Neu"
    database.refresh(event)
    assert after.stamp == event.updated_at.replace(microsecond=0)
