"""Two demo tariffs of the Stadtwerke Burg (Demo), marked as example prices: they show how the
calculator works and are no offer. Loading twice adds nothing (stable demo keys); a tariff
already there is left as it is (a partner may have edited it)."""

from datetime import date

from sqlmodel import Session, select

from core.models import Organisation, OrganisationKind
from stages.moped.landstrom.models import Tariff
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
