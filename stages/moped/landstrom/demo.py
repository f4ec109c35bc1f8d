"""Two demo tariffs of the Stadtwerke Burg (Demo), marked as example prices: they show how the
calculator works and are no offer; and the demo resident's meters in Jerichow, one reading of
this season waiting for the Stadtwerke's partner to take it over. Loading twice adds nothing
(stable demo keys); what is already there is left as it is (a partner may have edited it)."""

from datetime import date

from sqlmodel import Session, select

from core.models import Organisation, OrganisationKind, User
from stages.moped.landstrom.models import Meter, Reading, ReadingReason, ReadingStatus, Tariff
from stages.moped.landstrom.postcodes import POSTCODES

OWNER = "Stadtwerke Burg (Demo)"
EVERYWHERE = " ".join(POSTCODES)
TARIFFS = [
    {
        "demo_key": "jerichower-landstrom",
        "name": "Jerichower Landstrom (Beispielpreise)",
        "energy_price_tenths": 329,  # 32,9 ct/kWh
        "standing_charge_cents": 1190,  # 11,90 €/month
        "note": "Beispielpreise der Demo, kein Angebot. Ökostrom aus der Region, 12 Monate "
        "Preisgarantie.",
    },
    {
        "demo_key": "landstrom-waerme",
        "name": "Landstrom Wärme (Beispielpreise)",
        "energy_price_tenths": 305,  # 30,5 ct/kWh
        "standing_charge_cents": 1450,  # 14,50 €/month
        "note": "Beispielpreise der Demo, kein Angebot. Für Haushalte mit Warmwasser oder "
        "Wärmepumpe mit Strom.",
    },
]


def _owner(db: Session) -> Organisation:
    organisation = db.exec(select(Organisation).where(Organisation.name == OWNER)).first()
    if organisation is None:
        organisation = Organisation(
            name=OWNER, kind=OrganisationKind.UTILITY, municipality="burg", is_demo=True
        )
        db.add(organisation)
        db.flush()
    return organisation


RESIDENT = "resident@landwerk.example"
# (demo key, kind, meter number, customer number, people, readings: (day, value, taken over))
METERS = [
    (
        "meter-jerichow-strom", "strom", "1ESY1160481516", "40012345", 2,
        [(date(2025, 11, 8), 18240, True), (date(2026, 11, 9), 21610, False)],
    ),
    ("meter-jerichow-wasser", "wasser", "WZ-2019-0847", "40012345", 2,
     [(date(2025, 11, 8), 412, True)]),
]  # fmt: skip


def _load_meters(db: Session, owner: Organisation) -> None:
    resident = db.exec(select(User).where(User.email == RESIDENT)).first()
    if resident is None:
        return  # the demo accounts come first; without them there is no one to read for
    existing = set(db.exec(select(Meter.demo_key).where(Meter.demo_key.is_not(None))))
    for key, kind, number, customer, people, rows in METERS:
        if key in existing:
            continue
        meter = Meter(
            user_id=resident.id, organisation_id=owner.id, kind=kind, number=number,
            customer_number=customer, household=people, demo_key=key,
        )  # fmt: skip
        db.add(meter)
        db.flush()
        for day, value, taken_over in rows:
            db.add(
                Reading(
                    meter_id=meter.id, value=value, read_on=day, reason=ReadingReason.REGULAR,
                    status=ReadingStatus.TAKEN_OVER if taken_over else ReadingStatus.SUBMITTED,
                )
            )  # fmt: skip
    db.flush()


def load_demo(db: Session) -> None:
    existing = set(db.exec(select(Tariff.demo_key).where(Tariff.demo_key.is_not(None))))
    owner = None
    for row in TARIFFS:
        if row["demo_key"] in existing:
            continue
        owner = owner or _owner(db)
        db.add(
            Tariff(
                organisation_id=owner.id,
                valid_from=date(2026, 1, 1),
                postcodes=EVERYWHERE,
                is_example=True,
                **row,
            )
        )
    db.flush()
    _load_meters(db, owner or _owner(db))
