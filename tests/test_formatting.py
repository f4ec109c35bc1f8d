"""The kept dates and times read exactly as Flask-Babel's, per language and across the clock
changes in Berlin; links built once per page equal url_for's."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import flask_babel
import pytest
from flask import url_for

from core import formatting
from stages.bicycle.events.models import Event
from stages.bicycle.events.month import MonthEvent

BERLIN = ZoneInfo("Europe/Berlin")
MOMENTS = [
    datetime(2026, 11, 14, 19, 0, tzinfo=UTC),
    datetime(2026, 11, 14, 23, 30, tzinfo=UTC),  # already the next day in Berlin
    datetime(2026, 7, 1, 6, 5, tzinfo=BERLIN),
    datetime(2026, 7, 1, 4, 5),  # naive: Flask-Babel reads it as UTC
    # Clocks forward on 29 March 2026: 01:59 CET is followed by 03:00 CEST.
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    # Clocks back on 25 October 2026: 02:30 happens twice, at 00:30 and 01:30 UTC.
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
]
DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 12, 31), *MOMENTS]
TIME_FORMATS = [None, "short", "medium", "full", "HH:mm zzzz", "h:mm a"]
DATE_FORMATS = [None, "short", "full", "EEE", "EEEE", "LLLL y"]


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("locale", ["de", "en"])
def test_times_and_dates_read_as_flask_babel_writes_them(app, locale):
    with app.test_request_context(), flask_babel.force_locale(locale):
        for _ in range(2):  # the second time from the cache
            for moment in MOMENTS:
                for pattern in TIME_FORMATS:
                    expected = flask_babel.format_time(moment, pattern)
                    assert formatting.format_time(moment, pattern) == expected
            for day in DAYS:
                for pattern in DATE_FORMATS:
                    expected = flask_babel.format_date(day, pattern)
                    assert formatting.format_date(day, pattern) == expected


@pytest.mark.parametrize("locale", ["de", "en"])
def test_a_page_time_formatter_reads_as_flask_babel_writes(app, locale):
    with app.test_request_context(), flask_babel.force_locale(locale):
        for pattern in TIME_FORMATS:
            clock = formatting.time_formatter(pattern)
            for moment in MOMENTS:
                assert clock(moment) == flask_babel.format_time(moment, pattern)


def test_the_twice_happening_hour_keeps_its_two_offsets(app):
    first, second = MOMENTS[-2:]
    with app.test_request_context(), flask_babel.force_locale("de"):
        assert formatting.format_time(first, "HH:mm z") == "02:30 MESZ"
        assert formatting.format_time(second, "HH:mm z") == "02:30 MEZ"


def test_languages_keep_their_own_texts(app):
    saturday = date(2026, 11, 14)
    with app.test_request_context():
        with flask_babel.force_locale("de"):
            assert formatting.format_date(saturday, "EEEE") == "Samstag"
        with flask_babel.force_locale("en"):
            assert formatting.format_date(saturday, "EEEE") == "Saturday"
        with flask_babel.force_locale("de"):
            assert formatting.format_date(saturday, "EEEE") == "Samstag"


def test_the_same_instant_in_another_zone_reads_the_same(app):
    in_utc = datetime(2026, 11, 14, 19, 0, tzinfo=UTC)
    with app.test_request_context(), flask_babel.force_locale("de"):
        assert formatting.format_time(in_utc, "short") == "20:00"
        assert formatting.format_time(in_utc.astimezone(BERLIN), "short") == "20:00"
        assert formatting.format_date(in_utc.astimezone(BERLIN), "full") == (
            "Samstag, 14. November 2026"
        )


def test_templates_use_the_kept_texts(app):
    assert app.jinja_env.filters["timeformat"] is formatting.format_time
    assert app.jinja_env.filters["dateformat"] is formatting.format_date


def test_a_link_built_once_equals_url_for(app):
    with app.test_request_context():
        event_link = formatting.link_with_id("events.detail", "event_id")
        for event_id in (1, 9, 10, 987, 987654321, 2**40):
            assert event_link(event_id) == url_for("events.detail", event_id=event_id)
    with app.test_request_context(base_url="http://localhost/landwerk"):
        event_link = formatting.link_with_id("events.detail", "event_id")
        assert event_link(42) == url_for("events.detail", event_id=42)
        assert event_link(42) == "/landwerk/veranstaltungen/42"


@pytest.mark.parametrize(
    ("all_day", "starts_at", "ends_at"),
    [
        (False, utc(2026, 11, 14, 19, 0), utc(2026, 11, 14, 22, 0)),
        # 23:30 to 01:00 in Berlin: two days.
        (False, utc(2026, 11, 14, 22, 30), utc(2026, 11, 15, 0, 0)),
        # All day on 14 and 15 November: ends at midnight after the 15th.
        (True, utc(2026, 11, 13, 23, 0), utc(2026, 11, 15, 23, 0)),
        # All day on the day the clocks go back (25 hours long).
        (True, utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0)),
        (False, utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30)),
    ],
)
def test_the_month_sees_the_days_an_event_has(all_day, starts_at, ends_at):
    event = Event(id=7, title="Hoffest", all_day=all_day, starts_at=starts_at, ends_at=ends_at)
    seen = MonthEvent.of(7, "Hoffest", all_day, False, starts_at, ends_at)
    assert (seen.first_day, seen.last_day) == (event.first_day, event.last_day)
    assert seen.local_start == event.local_start
