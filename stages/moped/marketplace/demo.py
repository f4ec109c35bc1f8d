"""Demo producers and products of the Jerichower Land (the rows are in `demo.toml`). Loading
twice adds nothing: producers, products and the directory entries this demo adds have stable
demo keys, and a row already there is left as it is (a partner may have edited it). Every product the demo adds gets a picture of its category
(`demo_photos`). Contact details are made up like the directory's (`.example` addresses, the 030 23125 … range kept free
for film and TV)."""

import tomllib
from datetime import time
from pathlib import Path

from sqlmodel import Session, select

from core.models import Organisation, OrganisationKind, utcnow
from stages.bicycle.directory.models import DirectoryEntry, OpeningHours
from stages.moped.marketplace.catalogue import CATEGORIES
from stages.moped.marketplace.demo_photos import category_picture
from stages.moped.marketplace.models import ListingPhoto, Producer, Product

DATA = Path(__file__).with_name("demo.toml")


def _hours(spans: list) -> list[OpeningHours]:
    return [
        OpeningHours(
            weekday=day, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes)
        )
        for days, opens, closes in spans
        for day in days
    ]


def _organisation(db: Session, name: str, municipality: str) -> Organisation:
    organisation = db.exec(select(Organisation).where(Organisation.name == name)).first()
    if organisation is None:
        organisation = Organisation(
            name=name, kind=OrganisationKind.BUSINESS, municipality=municipality, is_demo=True
        )
        db.add(organisation)
        db.flush()
    return organisation


def _entries(db: Session, rows: list[dict]) -> dict[str, DirectoryEntry]:
    """The directory entries the producers are, the missing ones added, each with an
    organisation of its own so that its partners can edit it."""
    known = {
        entry.demo_key: entry
        for entry in db.exec(select(DirectoryEntry).where(DirectoryEntry.demo_key.is_not(None)))
    }
    for number, row in enumerate(rows):
        if row["key"] in known:
            continue
        organisation = _organisation(db, row["name"], row["municipality"])
        entry = DirectoryEntry(
            demo_key=row["key"],
            name=row["name"],
            category="lebensmittel",
            municipality=row["municipality"],
            address=row["address"],
            description=row["description"],
            phone=f"030 23125 {300 + number}",
            email=f"info@{row['key']}.example",
            website=f"https://{row['key']}.example",
            organisation_id=organisation.id,
            hours=_hours(row["hours"]),
        )
        db.add(entry)
        known[row["key"]] = entry
    db.flush()
    return known


def _owned(db: Session, entry: DirectoryEntry) -> None:
    """A producer of the directory's demo without an organisation (the bakery, the butcher)
    gets one of its name: without it only product owners could edit it, and its shop could
    not answer messages."""
    if entry.organisation_id is None:
        entry.organisation_id = _organisation(db, entry.name, entry.municipality).id
        db.add(entry)


def _producers(db: Session, rows: list[dict], entries: dict) -> dict[str, Producer]:
    known = {
        producer.demo_key: producer
        for producer in db.exec(select(Producer).where(Producer.demo_key.is_not(None)))
    }
    for row in rows:
        if row["entry"] not in entries:
            continue
        _owned(db, entries[row["entry"]])
        if row["key"] in known:
            continue
        producer = Producer(
            demo_key=row["key"],
            entry_id=entries[row["entry"]].id,
            makes=row["makes"],
            practice=row["practice"],
            vat_note=row["vat_note"],
            market_days=row.get("market_days", ""),
            pickup_points=row["pickup_points"],
        )
        db.add(producer)
        known[row["key"]] = producer
    db.flush()
    return known


def load_demo(db: Session) -> None:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    producers = _producers(db, data["producers"], _entries(db, data["entries"]))
    existing = set(db.exec(select(Product.demo_key).where(Product.demo_key.is_not(None))))
    now = utcnow()
    added = []
    for row in data["products"]:
        if row["key"] in existing or row["producer"] not in producers:
            continue
        season = row.get("season") or [None, None]
        added.append(
            Product(
                demo_key=row["key"],
                producer_id=producers[row["producer"]].id,
                name=row["name"],
                category=row["category"],
                price_cents=row["price_cents"],
                unit=row["unit"],
                quantity=row.get("quantity"),
                season_from=season[0],
                season_to=season[1],
                availability=row["availability"],
                description=row["description"],
                is_published=True,
                published_at=now,
            )
        )
    db.add_all(added)
    db.flush()
    for product in added:
        picture = category_picture(product.category)
        db.add(
            ListingPhoto(
                product_id=product.id,
                alt=f"Symbolbild {CATEGORIES[product.category]} (Demo)",
                width=picture.width,
                height=picture.height,
                small=picture.small,
                large=picture.large,
            )
        )
    db.flush()
