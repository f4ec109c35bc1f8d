"""A resident registers meters and submits readings: each rule of the form and of plausibility,
bad input refused in German with nothing written, the confirm step without JavaScript, someone
else's meter unreachable, double submits and the rate limit. SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlmodel import Session, func, select

from stages.moped.landstrom.models import Meter, Reading
from stages.moped.landstrom.service import district_today
from tests.conftest import PASSWORD, csrf_token, make_user, post_form
from tests.landstrom.conftest import add_meter, add_organisation, add_tariff

TODAY = district_today()


def count(database, model) -> int:
    database.expire_all()
    return database.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def works(database):
    organisation = add_organisation(database)
    add_tariff(database, organisation)
    return organisation


@pytest.fixture
def resident(database, auth):
    user = make_user(database, email="rita@example.org")
    auth.login("rita@example.org")
    return user


@pytest.fixture
def meter(database, resident, works):
    # 3 people: 4,250 kWh a year expected.
    return add_meter(database, resident, works, readings=[(date(2026, 1, 1), 10000)])


def reading(value, day="2026-07-02", reason="turnus", **extra) -> dict:
    return {"value": value, "read_on": day, "reason": reason, **extra}


def test_resident_registers_a_meter(client, database, resident, works):
    page = client.get("/energie/zaehler/neu").get_data(as_text=True)
    assert "Stadtwerke Burg" in page
    response = post_form(
        client,
        "/energie/zaehler/neu",
        {"utility": str(works.id), "kind": "gas", "number": "7GMT 0042-17",
         "customer_number": "40012345", "household": "2"},
    )  # fmt: skip
    assert response.status_code == 302
    meter = database.exec(select(Meter)).one()
    assert (meter.user_id, meter.kind, meter.number, meter.household) == (
        resident.id, "gas", "7GMT 0042-17", 2,
    )  # fmt: skip
    assert "7GMT 0042-17" in client.get("/energie/zaehler/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "1ESY\x0b116", "Steuerzeichen"),
        ("number", "1ESY\x00116", "Nullzeichen"),  # the platform's input guard: 400
        ("number", "=HYPERLINK(1)", "Buchstaben und Ziffern"),
        ("number", "x" * 31, "Höchstens 30 Zeichen"),
        ("customer_number", "", "Kundennummer an"),
        ("kind", "oel", "eine der Möglichkeiten"),
        ("household", "9", "1 bis 5 Personen"),
        ("utility", "999999", "Versorger"),
    ],
)
def test_a_bad_meter_is_refused_in_german_and_nothing_is_written(client, database, resident,
                                                                  works, field, value, message):  # fmt: skip
    form = {"utility": str(works.id), "kind": "strom", "number": "1ESY1160123456",
            "customer_number": "40012345", "household": "3", field: value}  # fmt: skip
    response = post_form(client, "/energie/zaehler/neu", form)
    assert response.status_code in (400, 422)
    assert message in response.get_data(as_text=True)
    assert count(database, Meter) == 0


def test_a_plausible_reading_is_stored_with_its_explanation(client, database, meter):
    # 182 days: about 2,120 kWh expected; 2,000 used.
    response = post_form(client, f"/energie/zaehler/{meter.id}/stand", reading("12000"),
                         follow_redirects=True)  # fmt: skip
    page = response.get_data(as_text=True)
    assert "Danke, der Stand ist gemeldet." in page and "Das passt." in page
    stored = database.exec(select(Reading).where(Reading.value == 12000)).one()
    assert (stored.read_on, stored.reason, stored.status, stored.confirmed_high) == (
        date(2026, 7, 2), "turnus", "gemeldet", False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (reading("-5"), "ganze Zahl"),
        (reading(str(10**12)), "ganze Zahl"),
        (reading("zwölftausend"), "ganze Zahl"),
        (reading("12000,5"), "ganze Zahl"),
        (reading(""), "ganze Zahl"),
        (reading("12000", day="2099-01-01"), "in der Zukunft"),
        (reading("12000", day="3000-01-01"), "Bitte ein Datum zwischen 2000 und 2099"),
        (reading("12000", day="2025-12-31"), "vor dem letzten Stand vom 01.01.2026"),
        (reading("12000", day="gestern"), "gültiges Datum"),
        (reading("12000", reason="geraten"), "eine der Möglichkeiten"),
        (reading("9999"), "unter dem letzten Stand 10000"),
    ],
)
def test_a_bad_reading_is_refused_in_german_and_nothing_is_written(client, database, meter,
                                                                    form, message):  # fmt: skip
    response = post_form(client, f"/energie/zaehler/{meter.id}/stand", form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(database, Reading) == 1


def test_the_future_is_tomorrow_already(client, database, meter):
    tomorrow = date.fromordinal(TODAY.toordinal() + 1).isoformat()
    response = post_form(client, f"/energie/zaehler/{meter.id}/stand", reading("12000", tomorrow))
    assert response.status_code == 422 and count(database, Reading) == 1
    today = post_form(client, f"/energie/zaehler/{meter.id}/stand",
                      reading("12000", TODAY.isoformat()))  # fmt: skip
    assert today.status_code == 302 and count(database, Reading) == 2


def test_a_meter_change_may_start_below_the_old_meter(client, database, meter):
    response = post_form(client, f"/energie/zaehler/{meter.id}/stand",
                         reading("3", reason="zaehlerwechsel"), follow_redirects=True)  # fmt: skip
    assert "Zählerwechsel: Der neue Zähler zählt von vorn" in response.get_data(as_text=True)
    assert count(database, Reading) == 2


def test_far_above_the_expected_asks_to_check_and_is_stored_once_confirmed(client, database,
                                                                            meter):  # fmt: skip
    url = f"/energie/zaehler/{meter.id}/stand"
    # 182 days: about 2,120 kWh expected, 10,000 is far above twice that.
    warned = post_form(client, url, reading("20000"))
    page = warned.get_data(as_text=True)
    assert warned.status_code == 422
    assert "Bitte prüfen Sie den Stand" in page and "10000 kWh in 182 Tagen" in page
    assert 'name="confirm"' in page and 'value="20000"' in page
    assert count(database, Reading) == 1
    confirmed = post_form(client, url, reading("20000", confirm="y"), follow_redirects=True)
    assert "Sie haben bestätigt" in confirmed.get_data(as_text=True)
    stored = database.exec(select(Reading).where(Reading.value == 20000)).one()
    assert stored.confirmed_high is True


def test_someone_elses_meter_is_not_found_and_nothing_is_written(client, database, works, meter):
    other = make_user(database, email="otto@example.org")
    theirs = add_meter(database, other, works, number="9OTHER")
    assert client.get(f"/energie/zaehler/{theirs.id}").status_code == 404
    forged = post_form(client, f"/energie/zaehler/{theirs.id}/stand", reading("12000"))
    assert forged.status_code == 404 and "Seite nicht gefunden" in forged.get_data(as_text=True)
    assert count(database, Reading) == 1
    assert "9OTHER" not in client.get("/energie/zaehler/").get_data(as_text=True)


@pytest.mark.parametrize("meter_id", ["0", "-1", str(2**31), str(2**63), "abc"])
def test_ids_at_the_edges_name_no_meter(client, meter, meter_id):
    assert post_form(client, f"/energie/zaehler/{meter_id}/stand", reading("1")).status_code == 404


def test_the_same_form_sent_twice_stores_one_reading(client, database, meter):
    url = f"/energie/zaehler/{meter.id}/stand"
    form = {**reading("12000"), "submission_token": "einmal-gesendet-1234567"}
    assert post_form(client, url, form).status_code == 302
    again = post_form(client, url, form, follow_redirects=True)
    assert "Das war schon angekommen" in again.get_data(as_text=True)
    assert count(database, Reading) == 2


def test_visitors_are_sent_to_sign_in(client, meter):
    client.post("/abmelden", data={"csrf_token": csrf_token(client)})
    assert client.get("/energie/zaehler/").status_code == 302


def test_submitting_readings_is_rate_limited(app_factory):
    from core import db
    from core.audit import Actor
    from stages import control

    app = app_factory(FLAG_CHECK_INTERVAL=0, LANDSTROM_READING_RATE_LIMIT="2 per hour")
    with app.test_request_context():
        control.promote_service(db=db.session(), services=app.extensions["services"],
                                key="landstrom", actor=Actor(id=None, label="chefin@example.org"))  # fmt: skip
    with Session(app.extensions["db_engine"], expire_on_commit=False) as database:
        works = add_organisation(database)
        meter = add_meter(database, make_user(database, email="rita@example.org"), works)
        client = app.test_client()
        post_form(client, "/login", {"email": "rita@example.org", "password": PASSWORD})
        url = f"/energie/zaehler/{meter.id}/stand"
        answers = [post_form(client, url, reading(str(100 + n))).status_code for n in range(3)]
        assert answers == [302, 302, 429]
        assert count(database, Reading) == 2
