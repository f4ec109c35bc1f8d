"""The energy corner live for everyone, and tariffs to calculate with."""

from datetime import date

import pytest
from sqlmodel import Session, select

from core import accounts
from core.models import Organisation
from stages.moped.landstrom.models import Tariff
from tests.conftest import app_with_live_services, make_user


@pytest.fixture
def live_app(app_factory):
    return app_with_live_services(app_factory, "landstrom")


@pytest.fixture
def client(live_app):
    return live_app.test_client()


@pytest.fixture
def database(live_app):
    with Session(live_app.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


def add_organisation(database, name="Stadtwerke Burg") -> Organisation:
    organisation = Organisation(name=name, kind="utility", municipality="burg")
    database.add(organisation)
    database.commit()
    return organisation


def add_tariff(database, organisation, name="Jerichower Landstrom", **fields) -> Tariff:
    values = {
        "energy_price_tenths": 329,
        "standing_charge_cents": 1190,
        "valid_from": date(2020, 1, 1),
        "postcodes": "39288 39307",
        **fields,
    }
    tariff = Tariff(organisation_id=organisation.id, name=name, **values)
    database.add(tariff)
    database.commit()
    return tariff


def partner_of(database, organisation_name, email="petra@example.org"):
    user = make_user(database, email=email)
    organisation = database.exec(
        select(Organisation).where(Organisation.name == organisation_name)
    ).one()
    accounts.add_membership(db=database, user=user, organisation=organisation)
    database.commit()
    return user


def add_meter(database, user, organisation, *, kind="strom", number="1ESY1160123456",
              customer="40012345", household=3, readings=()):  # fmt: skip
    """A meter with readings given as (day, value[, status])."""
    from stages.moped.landstrom.models import Meter, Reading

    meter = Meter(
        user_id=user.id, organisation_id=organisation.id, kind=kind, number=number,
        customer_number=customer, household=household,
    )  # fmt: skip
    database.add(meter)
    database.commit()
    for day, value, *status in readings:
        database.add(
            Reading(meter_id=meter.id, value=value, read_on=day, reason="turnus",
                    status=status[0] if status else "gemeldet")
        )  # fmt: skip
    database.commit()
    return meter
