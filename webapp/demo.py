"""Demo content of the Jerichower Land. Loading it twice changes nothing.

Accounts and organisations are made here; each service loads its own demo content
(`ServiceManifest.load_demo`), in registry order, after them; then what residents left on the
roadmap (feedback.demo)."""

from flask import current_app
from sqlmodel import Session, select

from core import accounts as service
from core.models import Organisation, OrganisationKind, User
from feedback.demo import load_feedback_demo

DEMO_ORGANISATIONS = [
    ("Stadtwerke Burg (Demo)", OrganisationKind.UTILITY, "burg"),
    ("Volksstimme Jerichower Land (Demo)", OrganisationKind.MEDIA, "burg"),
    ("Sparkasse Jerichower Land (Demo)", OrganisationKind.BANK, "burg"),
    ("DRK Kreisverband Genthin (Demo)", OrganisationKind.CARE, "genthin"),
    ("Landkreis Jerichower Land (Demo)", OrganisationKind.AUTHORITY, "burg"),
    ("Heimatverein Gommern (Demo)", OrganisationKind.CLUB, "gommern"),
    ("Hofladen Möckern (Demo)", OrganisationKind.BUSINESS, "moeckern"),
    ("Imkerei Lindenblüte Gommern (Demo)", OrganisationKind.BUSINESS, "gommern"),
]

# (e-mail, display name, municipality, role, organisation)
DEMO_ACCOUNTS = [
    ("owner@landwerk.example", "Paula Produkt", "burg", "product_owner", None),
    ("tester@landwerk.example", "Tom Tester", "genthin", "tester", None),
    ("resident@landwerk.example", "Rita Rentner", "jerichow", "resident", None),
    ("partner@landwerk.example", "Petra Partner", "burg", "partner", "Stadtwerke Burg (Demo)"),
    ("hofladen@landwerk.example", "Hanna Hof", "moeckern", "partner", "Hofladen Möckern (Demo)"),
    (
        "imkerei@landwerk.example",
        "Ingo Imker",
        "gommern",
        "partner",
        "Imkerei Lindenblüte Gommern (Demo)",
    ),
]


def load_demo(*, db: Session, password: str) -> list[tuple[str, str]]:
    organisations = {}
    for name, kind, municipality in DEMO_ORGANISATIONS:
        organisation = db.exec(select(Organisation).where(Organisation.name == name)).first()
        if organisation is None:
            organisation = Organisation(
                name=name, kind=kind, municipality=municipality, is_demo=True
            )
            db.add(organisation)
            db.flush()
        organisations[name] = organisation

    for email, display_name, municipality, role, organisation_name in DEMO_ACCOUNTS:
        user = db.exec(select(User).where(User.email == email)).first()
        if user is None:
            user = service.create_user(
                db=db,
                email=email,
                display_name=display_name,
                municipality=municipality,
                password=password,
                email_verified=True,
                is_tester=role == "tester",
                is_product_owner=role == "product_owner",
            )
        elif not service.verify_password(user=user, password=password):
            # LANDWERK_DEMO_PASSWORD changed since the last load: the printed password must work.
            user.password_hash = service.hash_password(password)
            db.add(user)
        if organisation_name:
            service.add_membership(db=db, user=user, organisation=organisations[organisation_name])
    db.flush()
    services = current_app.extensions["services"]
    for manifest in services:
        if manifest.load_demo is not None:
            manifest.load_demo(db)
    # Comments resolve their subject as a visitor sees it, and that takes a request.
    with current_app.test_request_context():
        load_feedback_demo(db, services=services, password=password)
    return [(email, role) for email, _name, _m, role, _org in DEMO_ACCOUNTS]
