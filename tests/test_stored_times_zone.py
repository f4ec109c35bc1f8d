"""Times come back from the database without a zone but mean UTC: the Berlin times shown must
not depend on the zone the server runs in."""

import time
from datetime import UTC, datetime

import pytest

from core.models import as_utc
from stages.bicycle.events.models import Event
from stages.bicycle.events.month import MonthEvent


@pytest.fixture
def server_in_new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_naive_stored_time_is_read_as_utc_whatever_the_servers_zone(server_in_new_york):
    stored = datetime(2026, 11, 26, 18, 0)  # as the database gives it back
    assert as_utc(stored) == datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    aware = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    assert as_utc(aware) is aware


def test_event_times_are_berlin_times_whatever_the_servers_zone(server_in_new_york):
    # 23:30 UTC on 26 November is 00:30 on the 27th in Berlin (and 18:30 on the 26th in New York).
    event = Event(
        title="Lichterfest",
        starts_at=datetime(2026, 11, 26, 23, 30),
        ends_at=datetime(2026, 11, 27, 1, 0),
    )
    assert (event.local_start.day, event.local_start.hour, event.local_start.minute) == (27, 0, 30)
    assert event.local_end.hour == 2
    shown = MonthEvent.of(1, "Lichterfest", False, False, event.starts_at, event.ends_at)
    assert shown.first_day.day == 27 and shown.local_start.hour == 0
