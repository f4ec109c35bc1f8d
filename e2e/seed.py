"""What the journeys find on top of the demo content: a planned service, neighbours who voted and
commented, an idea, a reported comment and a tester's report. Written through the platform's own
functions, so the data is what residents would have left behind."""

from flask import Flask
from sqlmodel import Session, select

from core import db
from core.accounts import create_user, find_user_by_email
from core.audit import Actor
from core.models import Organisation, User
from e2e.preview_services import BRINGDIENST, FAHRDIENST, MARKTPLATZ
from feedback.comments import service as comments
from feedback.ideas.search import search_text
from feedback.models import Comment, Idea
from feedback.subjects import resolve, service_subject
from feedback.tester_reports.service import add_report
from feedback.votes import service as votes
from flags import access
from stages import control
from stages.bicycle.directory.models import DirectoryEntry
from stages.bicycle.events.models import Event
from stages.bicycle.news.models import NewsPost
from stages.moped.marketplace.models import Producer, Product
from stages.moped.messages.models import MessageThread

PLANNED = {
    "key": "hofladen_lieferung",
    "title": "Lieferung vom Hofladen",
    "summary": "Bestellen bei Höfen der Region, abholen oder liefern lassen.",
    "target_stage": "truck",
}
SIMILAR_IDEA = "Bücherschrank in jedem Dorf"
# (name, municipality, votes for): the demand that makes a service "most wanted".
NEIGHBOURS = [
    ("Hans Hofmann", "burg", [FAHRDIENST.key, BRINGDIENST.key, PLANNED["key"]]),
    ("Gisela Gärtner", "genthin", [FAHRDIENST.key, BRINGDIENST.key, PLANNED["key"]]),
    ("Karl Koch", "gommern", [FAHRDIENST.key, BRINGDIENST.key]),
    ("Erika Elster", "moeckern", [FAHRDIENST.key, BRINGDIENST.key]),
    ("Jens Jäger", "jerichow", [FAHRDIENST.key]),
    ("Bärbel Becker", "biederitz", [FAHRDIENST.key]),
]


def _user(session: Session, email: str) -> User:
    return find_user_by_email(db=session, email=email)


def _neighbours(session: Session, password: str) -> list[User]:
    people = []
    for number, (name, municipality, _wanted) in enumerate(NEIGHBOURS, start=1):
        people.append(
            create_user(
                db=session,
                email=f"nachbar{number}@landwerk.example",
                display_name=name,
                municipality=municipality,
                password=password,
                email_verified=True,
            )
        )
    session.commit()
    return people


def _comment(session: Session, author: User, subject: str, body: str, parent=None):
    return comments.post_comment(
        session, author=author, subject=resolve(subject), body=body, parent=parent
    )


def seed(app: Flask, password: str) -> None:
    with app.test_request_context():
        session = db.session()
        owner = _user(session, "owner@landwerk.example")
        control.create_planned_service(
            db=session, services=access.services(), actor=Actor.of(owner), **PLANNED
        )
        neighbours = _neighbours(session, password)
        for person, (_name, _place, wanted) in zip(neighbours, NEIGHBOURS, strict=True):
            for key in wanted:
                votes.cast_vote(
                    db=session, user=person, subject=service_subject(key), budgeted_subjects=None
                )

        hans, gisela, karl, erika = neighbours[:4]
        session.add(
            Idea(
                user_id=gisela.id,
                title=SIMILAR_IDEA,
                description="Ein wetterfester Schrank, in den jede und jeder Bücher stellt "
                "und aus dem jede und jeder Bücher nimmt.",
                municipality="landkreis",
                search_title=search_text(SIMILAR_IDEA),
            )
        )
        session.commit()

        marktplatz = service_subject(MARKTPLATZ.key)
        question = _comment(session, hans, marktplatz, "Gibt es dort auch Eier vom Hof in Gommern?")
        _comment(
            session, owner, marktplatz, "Ja, die Höfe tragen ihre Produkte selbst ein.", question
        )
        planned = service_subject(PLANNED["key"])
        _comment(session, erika, planned, "Das wäre für meine Mutter in Möckern eine große Hilfe.")
        spam = _comment(session, karl, planned, "Billige Uhren unter http://example.com/uhren")
        comments.report_comment(session, user=hans, comment=spam, reason="spam")

        add_report(
            db=session,
            user=_user(session, "tester@landwerk.example"),
            key=MARKTPLATZ.key,
            kind="works",
            text="Die Liste der Höfe lädt auch im Funkloch bei Jerichow.",
        )


def demo_ids(app: Flask) -> dict[str, int]:
    """Ids of things the page scan opens: one of each kind from the demo and the seed."""
    with app.app_context():
        session = db.session()
        partner_org = session.exec(
            select(Organisation).where(Organisation.name == "Stadtwerke Burg (Demo)")
        ).one()
        return {
            "news": session.exec(select(NewsPost.id).where(NewsPost.is_published)).first(),
            "event": session.exec(select(Event.id).order_by(Event.starts_at.desc())).first(),
            "entry": session.exec(select(DirectoryEntry.id)).first(),
            "partner_entry": session.exec(
                select(DirectoryEntry.id).where(DirectoryEntry.organisation_id == partner_org.id)
            ).first(),
            "idea": session.exec(select(Idea.id).where(Idea.title == SIMILAR_IDEA)).one(),
            "comment": comments_on(session, PLANNED["key"])[0],
            "neighbour": _user(session, "nachbar3@landwerk.example").id,
            "partner_org": partner_org.id,
            # The tester's question to the Stadtwerke: they read all of it, so opening it
            # changes nothing.
            **_marketplace_ids(session),
            "tester_thread": session.exec(
                select(MessageThread.id).where(MessageThread.demo_key == "demo-abschlag-genthin")
            ).one(),
        }


def _marketplace_ids(session: Session) -> dict[str, int]:
    """Honey from Gommern and the beekeeper who sells it; the Hofladen and one of its goods."""
    beekeeper = session.exec(select(Producer).where(Producer.demo_key == "imkerei-gommern")).one()
    farm = session.exec(select(Producer).where(Producer.demo_key == "hofladen-moeckern")).one()
    return {
        "honey": session.exec(
            select(Product.id).where(Product.demo_key == "lindenhonig-250")
        ).one(),
        "beekeeper": beekeeper.id,
        "beekeeper_org": beekeeper.organisation_id,
        "farm": farm.id,
        "farm_product": session.exec(select(Product.id).where(Product.demo_key == "eier-10")).one(),
    }


def comments_on(session: Session, key: str) -> list[int]:
    statement = select(Comment.id).where(Comment.subject == service_subject(key))
    return list(session.exec(statement.order_by(Comment.id)))
