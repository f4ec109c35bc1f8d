"""Directory: opening hours ("jetzt geöffnet", "öffnet Di 08:00") and the folding of search
text. Pure functions: "now" is passed in, no database needed."""

from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.text import query_terms, search_column
from stages.bicycle.directory.hours import describe, describe_day, opening_status, week

BERLIN = ZoneInfo("Europe/Berlin")
MO, DI, MI, DO, FR, SA, SO = range(7)


@dataclass
class Range:
    weekday: int
    opens: time
    closes: time


def ranges(*spec) -> list[Range]:
    """ranges((MO, "08:00", "12:00"), …)"""
    return [Range(d, time.fromisoformat(o), time.fromisoformat(c)) for d, o, c in spec]


# Mo–Fr 08:00–12:00 and 13:00–17:00; Sa 09:00–12:00; Sunday closed.
OFFICE = ranges(
    *[(day, "08:00", "12:00") for day in (MO, DI, MI, DO, FR)],
    *[(day, "13:00", "17:00") for day in (MO, DI, MI, DO, FR)],
    (SA, "09:00", "12:00"),
)
# Closed Saturday to Monday: Di–Fr 08:00–14:00.
TUESDAY_TO_FRIDAY = ranges(*[(day, "08:00", "14:00") for day in (DI, MI, DO, FR)])


def berlin(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


# 2026-03-02 is a Monday.
@pytest.mark.parametrize(
    ("now", "text"),
    [
        (berlin(2026, 3, 2, 9, 30), "Jetzt geöffnet · bis 12:00"),
        (berlin(2026, 3, 2, 12, 0), "Geschlossen · öffnet heute 13:00"),  # lunch break
        (berlin(2026, 3, 2, 12, 59), "Geschlossen · öffnet heute 13:00"),
        (berlin(2026, 3, 2, 13, 0), "Jetzt geöffnet · bis 17:00"),
        (berlin(2026, 3, 2, 7, 59), "Geschlossen · öffnet heute 08:00"),
        (berlin(2026, 3, 2, 17, 0), "Geschlossen · öffnet morgen 08:00"),
        (berlin(2026, 3, 7, 12, 30), "Geschlossen · öffnet Mo 08:00"),  # Saturday after closing
        (berlin(2026, 3, 8, 10, 0), "Geschlossen · öffnet morgen 08:00"),  # closed Sunday
    ],
)
def test_office_with_lunch_break_and_closed_sunday(now, text):
    assert describe(opening_status(OFFICE, now)) == text


def test_closed_over_the_weekend_and_monday_opens_on_tuesday():
    friday_evening = berlin(2026, 3, 6, 18, 0)
    assert describe(opening_status(TUESDAY_TO_FRIDAY, friday_evening)) == (
        "Geschlossen · öffnet Di 08:00"
    )
    saturday_morning = berlin(2026, 3, 7, 10, 0)
    assert describe(opening_status(TUESDAY_TO_FRIDAY, saturday_morning)) == (
        "Geschlossen · öffnet Di 08:00"
    )
    monday_noon = berlin(2026, 3, 9, 12, 0)
    status = opening_status(TUESDAY_TO_FRIDAY, monday_noon)
    assert (status.is_open, status.next_weekday, status.days_ahead) == (False, DI, 1)
    assert describe(status) == "Geschlossen · öffnet morgen 08:00"


def test_only_one_day_a_week_opens_again_next_week_after_closing():
    tuesdays = ranges((DI, "17:00", "20:00"))
    status = opening_status(tuesdays, berlin(2026, 3, 3, 20, 30))
    assert (status.next_weekday, status.days_ahead) == (DI, 7)
    assert describe(status) == "Geschlossen · öffnet Di 17:00"


@pytest.mark.parametrize(
    ("utc_now", "is_open"),
    [
        # Winter (CET, UTC+1): 06:30 UTC is 07:30 in Berlin – closed.
        (datetime(2026, 3, 27, 6, 30, tzinfo=UTC), False),
        # Summer (CEST, UTC+2) from 29 March 2026: 06:30 UTC is 08:30 in Berlin – open.
        (datetime(2026, 3, 30, 6, 30, tzinfo=UTC), True),
        # Back to CET on 25 October 2026: the Monday after, 06:30 UTC is 07:30 – closed.
        (datetime(2026, 10, 26, 6, 30, tzinfo=UTC), False),
        (datetime(2026, 10, 23, 6, 30, tzinfo=UTC), True),  # the Friday before: CEST still
    ],
)
def test_now_is_read_in_berlin_time_across_daylight_saving(utc_now, is_open):
    assert opening_status(OFFICE, utc_now).is_open is is_open


def test_status_at_midnight_utc_is_already_the_next_day_in_berlin():
    # Saturday 23:30 UTC = Sunday 00:30 (CET) in Berlin: Monday is "morgen", not "Mo".
    status = opening_status(OFFICE, datetime(2026, 3, 7, 23, 30, tzinfo=UTC))
    assert describe(status) == "Geschlossen · öffnet morgen 08:00"


def test_no_opening_hours_means_no_status():
    assert opening_status([], berlin(2026, 3, 2, 9, 0)) is None


def test_now_without_time_zone_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        opening_status(OFFICE, datetime(2026, 3, 2, 9, 0))


def test_week_table_lists_every_day_with_its_ranges_or_geschlossen():
    days = week(OFFICE)
    assert list(days) == [MO, DI, MI, DO, FR, SA, SO]
    assert describe_day(days[MO]) == "08:00–12:00 und 13:00–17:00"
    assert describe_day(days[SA]) == "09:00–12:00"
    assert describe_day(days[SO]) == "geschlossen"


def test_search_column_holds_both_spellings_of_umlauts_and_ss_for_sharp_s():
    column = search_column("Bäckerei Müller, Große Straße", 600)
    assert column.split() == [
        "baeckerei",
        "backerei",
        "mueller",
        "muller",
        "grosse",
        "strasse",
    ]


def test_search_column_is_cut_between_words():
    assert search_column("Eins Zwei Drei", 10) == "eins zwei"


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Bäckerei", [["baeckerei", "backerei"]]),
        ("BÄCKEREI", [["baeckerei", "backerei"]]),
        ("baeckerei", [["baeckerei"]]),
        ("Straße", [["strasse"]]),
        ("DRK-Pflege  Genthin", [["drk"], ["pflege"], ["genthin"]]),
        ("Café", [["cafe"]]),
        ("%_'\x00", []),
    ],
)
def test_queries_are_folded_into_words_and_their_spellings(query, terms):
    assert query_terms(query, 10) == terms


def test_queries_keep_at_most_the_given_number_of_words():
    assert len(query_terms("a b c d e f", 3)) == 3
