"""The marketplace live for everyone, and producers and products to find in it."""

from datetime import time

import pytest
from sqlmodel import Session, select

from core import accounts
from core.models import Organisation
from stages.bicycle.directory.models import DirectoryEntry, OpeningHours
from stages.moped.marketplace.models import Producer, Product
from tests.conftest import app_with_live_services, make_user


@pytest.fixture
def live_app(app_factory):
    return app_with_live_services(app_factory, "marketplace")


@pytest.fixture
def client(live_app):
    return live_app.test_client()


@pytest.fixture
def database(live_app):
    with Session(live_app.extensions["db_engine"], expire_on_commit=False) as session:
        yield session


def add_producer(database, name, *, municipality="burg", hours=(), organisation=None, **profile):
    """A directory entry (with its organisation, if named) and its producer profile."""
    owner = None
    if organisation:
        owner = Organisation(name=organisation, kind="business", municipality=municipality)
        database.add(owner)
        database.flush()
    entry = DirectoryEntry(
        name=name,
        category="lebensmittel",
        municipality=municipality,
        organisation_id=owner.id if owner else None,
        hours=[
            OpeningHours(weekday=d, opens=time.fromisoformat(o), closes=time.fromisoformat(c))
            for d, o, c in hours
        ],
    )
    database.add(entry)
    database.flush()
    producer = Producer(entry_id=entry.id, **profile)
    database.add(producer)
    database.commit()
    return producer


def add_product(database, producer, name, **fields):
    values = {
        "category": "obst-gemuese",
        "price_cents": 300,
        "unit": "stueck",
        "is_published": True,
        **fields,
    }
    product = Product(producer_id=producer.id, name=name, **values)
    database.add(product)
    database.commit()
    return product


def partner_of(database, organisation_name, email="hof@example.org"):
    user = make_user(database, email=email)
    organisation = database.exec(
        select(Organisation).where(Organisation.name == organisation_name)
    ).one()
    accounts.add_membership(db=database, user=user, organisation=organisation)
    database.commit()
    return user


@pytest.fixture
def market(database):
    """Two producers (Gommern, Möckern) and five products to search."""
    honey = add_producer(
        database, "Imkerei Gommern", municipality="gommern", hours=[(4, "09:00", "17:00")]
    )
    farm = add_producer(
        database, "Hofladen Möckern", municipality="moeckern", hours=[(1, "09:00", "12:00")]
    )
    add_product(
        database, honey, "Rapshonig", category="honig-aufstriche", unit="glas", quantity=500
    )
    add_product(database, farm, "Ziegenkäse", category="milch-kaese", season_from=3, season_to=10)
    add_product(
        database,
        farm,
        "Frühkartoffeln",
        category="kartoffeln",
        description="Passt zu Käse und Quark.",
        season_from=6,
        season_to=8,
    )
    add_product(database, farm, "Käsekuchen", category="brot-backwaren")
    add_product(
        database, farm, "Straßenbrot", category="brot-backwaren", season_from=11, season_to=2
    )
    return honey, farm
