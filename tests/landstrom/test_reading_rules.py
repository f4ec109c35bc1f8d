"""The plausibility rules as figures, the reading season's reminder (once per meter and year,
idempotent), the person's data in the download and what the account's deletion leaves, the
demo (twice changes nothing). SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from feedback.models import Notification
from stages.moped.landstrom import demo, privacy
from stages.moped.landstrom.models import Meter, Reading, ReadingReminder
from stages.moped.landstrom.plausibility import Previous, expected_a_year, expected_for, judge
from stages.moped.landstrom.reminders import remind_readings
from tests.conftest import make_user
from tests.landstrom.conftest import add_meter, add_organisation


def test_expected_consumption_by_kind_and_household():
    assert [expected_a_year("strom", people) for people in range(1, 6)] == [
        2000, 3500, 4250, 5000, 5750,
    ]  # fmt: skip
    assert expected_a_year("gas", 1) == expected_a_year("gas", 5) == 1500
    assert expected_a_year("wasser", 3) == 135
    assert expected_for("strom", 3, 365) == 4250 and expected_for("strom", 3, 1) == 12


@pytest.mark.parametrize(
    ("value", "days", "reason", "confirmed", "outcome"),
    [
        (10000 + 2 * 2096, 180, "turnus", False, "ok"),  # exactly twice the expected: fine
        (10000 + 2 * 2096 + 1, 180, "turnus", False, "ask"),  # one more: please check
        (10000 + 2 * 2096 + 1, 180, "umzug", True, "ok"),
        (10000 + 700, 3, "turnus", False, "ok"),  # a few days count as 30: 2 × 350 kWh
        (10000 + 701, 3, "turnus", False, "ask"),
        (9999, 180, "turnus", True, "refused"),  # confirming does not make a meter run back
        (9999, 180, "umzug", False, "refused"),
        (5, 180, "zaehlerwechsel", False, "ok"),
        (99_999_999, 180, "zaehlerwechsel", False, "ok"),
    ],
)
def test_plausibility(value, days, reason, confirmed, outcome):
    start = date(2026, 1, 1)
    verdict = judge(
        kind="strom", household=3, previous=Previous(10000, start), value=value,
        read_on=date.fromordinal(start.toordinal() + days), reason=reason, confirmed=confirmed,
    )  # fmt: skip
    assert (verdict.refused, verdict.needs_confirmation) == {
        "ok": (False, False), "ask": (False, True), "refused": (True, False),
    }[outcome]  # fmt: skip
    assert verdict.explanation  # always said why


def test_the_first_reading_has_nothing_to_compare_with():
    verdict = judge(kind="gas", household=2, previous=None, value=99_999_999,
                    read_on=date(2026, 11, 2), reason="turnus")  # fmt: skip
    assert not verdict.refused and not verdict.needs_confirmation
    assert "erste Stand" in verdict.explanation


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def count(database, model) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(model)).one()


def test_the_season_reminds_once_per_meter_and_year(live_app, database):
    works = add_organisation(database)
    rita, otto = make_user(database, email="rita@example.org"), make_user(database, email="o@e.de")
    unread = add_meter(database, rita, works, number="A1")
    add_meter(database, rita, works, number="A2", readings=[(date(2026, 11, 1), 5)])
    add_meter(database, otto, works, number="B1", readings=[(date(2026, 10, 31), 5)])
    with live_app.app_context():
        assert remind_readings(database, at(date(2026, 10, 31))) == 0  # not yet the season
        assert remind_readings(database, at(date(2026, 11, 1))) == 2  # A1 and B1
        assert remind_readings(database, at(date(2026, 11, 1))) == 0  # twice: nothing twice
        assert remind_readings(database, at(date(2026, 11, 15))) == 0
        assert remind_readings(database, at(date(2026, 11, 16))) == 0
        notes = database.exec(select(Notification).order_by(Notification.user_id)).all()
        assert [(n.user_id, n.kind, n.subject) for n in notes] == [
            (rita.id, "reading_due", f"page:/energie/zaehler/{unread.id}"),
            (otto.id, "reading_due", f"page:/energie/zaehler/{unread.id + 2}"),
        ]
        assert remind_readings(database, at(date(2027, 11, 3))) == 3  # a new year, all three
    assert count(database, ReadingReminder) == 5


def test_personal_data_and_forgetting(live_app, database):
    works = add_organisation(database)
    rita, otto = make_user(database, email="rita@example.org"), make_user(database, email="o@e.de")
    done = add_meter(database, rita, works, number="DONE",
                     readings=[(date(2025, 11, 2), 5, "uebernommen")])  # fmt: skip
    waiting = add_meter(database, rita, works, number="WAIT",
                        readings=[(date(2025, 11, 2), 5, "uebernommen"), (date(2026, 11, 2), 9)])  # fmt: skip
    others = add_meter(database, otto, works, number="OTTO", readings=[(date(2026, 11, 2), 1)])
    data = privacy.personal_data(database, rita)
    assert [m["number"] for m in data["landstrom_meter"]] == ["DONE", "WAIT"]
    assert sorted(r["value"] for r in data["landstrom_reading"]) == [5, 5, 9]
    assert privacy.personal_data(database, otto)["landstrom_reading"][0]["value"] == 1
    privacy.forget(database, rita)
    database.commit()
    database.expire_all()
    assert database.get(Meter, done.id) is None
    kept = database.get(Meter, waiting.id)
    assert kept.user_id is None and kept.customer_number == "40012345"
    assert [r.value for r in database.exec(select(Reading).where(Reading.meter_id == kept.id))] == [
        9
    ]
    assert database.get(Meter, others.id).user_id == otto.id
    assert privacy.personal_data(database, rita) == {"landstrom_meter": [], "landstrom_reading": []}


def test_the_demo_twice_changes_nothing(live_app, database):
    make_user(database, email="resident@landwerk.example")
    demo.load_demo(database)
    database.commit()
    counts = (count(database, Meter), count(database, Reading))
    demo.load_demo(database)
    database.commit()
    assert counts == (count(database, Meter), count(database, Reading)) == (2, 3)
    waiting = database.exec(select(Reading).where(Reading.status == "gemeldet")).one()
    assert waiting.value == 21610
