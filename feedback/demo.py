"""The living part of the demo: what residents of all eight municipalities left behind on the
roadmap. Planned services to vote for, ideas in every status, votes, comments with an official
answer, a tester's report, a changelog entry and the notifications all that caused. Written
through the platform's own functions, so it is what people would have left; loading it twice
adds nothing."""

from datetime import UTC, datetime

from sqlmodel import Session, select

from core.accounts import create_user, find_user_by_email
from core.audit import Actor
from core.models import User
from feedback.comments import service as comments
from feedback.ideas import service as ideas
from feedback.ideas.search import search_text
from feedback.models import Comment, Idea, TesterReport, Unlock
from feedback.subjects import idea_subject, resolve, service_subject
from feedback.tester_reports.service import add_report
from feedback.votes import service as votes
from stages import control
from stages.models import PlannedService

OWNER = "owner@landwerk.example"
RESIDENT = "resident@landwerk.example"
TESTER = "tester@landwerk.example"

# (key, title, summary, stage): what the team plans and residents can ask for.
PLANNED = [
    (
        "maengelmelder",
        "Mängelmelder",
        "Schlagloch, kaputte Laterne, wilder Müll: mit Foto und Ort melden, und sehen, "
        "wann es erledigt ist.",
        "moped",
    ),
    (
        "abfallkalender",
        "Abfallkalender",
        "Wann die gelbe Tonne kommt, für Ihre Straße, mit Erinnerung am Vorabend.",
        "moped",
    ),
    (
        "mitfahrbank",
        "Mitfahrbank",
        "Wer ins Nachbardorf will, sagt es hier; wer sowieso fährt, nimmt mit.",
        "truck",
    ),
    (
        "notdienste",
        "Notdienste",
        "Welche Apotheke heute Nacht offen hat und welche Praxis am Wochenende Dienst hat.",
        "truck",
    ),
]

# (e-mail, name, municipality, what they vote for): one household in each municipality.
NEIGHBOURS = [
    ("demo.burg@landwerk.example", "Ingrid Lehmann", "burg", ["mitfahrbank", "maengelmelder"]),
    ("demo.genthin@landwerk.example", "Horst Krüger", "genthin", ["notdienste", "mitfahrbank"]),
    ("demo.gommern@landwerk.example", "Monika Schulze", "gommern", ["abfallkalender"]),
    ("demo.moeckern@landwerk.example", "Dieter Wagner", "moeckern", ["mitfahrbank", "notdienste"]),
    ("demo.jerichow@landwerk.example", "Renate Fischer", "jerichow", ["notdienste"]),
    ("demo.biederitz@landwerk.example", "Uwe Hoffmann", "biederitz", ["maengelmelder"]),
    ("demo.moeser@landwerk.example", "Sabine Richter", "moeser", ["mitfahrbank"]),
    ("demo.elbe-parey@landwerk.example", "Klaus Neumann", "elbe-parey", ["notdienste"]),
]

# (author, title, description, municipality, voters): ideas residents proposed.
IDEAS = [
    (
        "demo.elbe-parey@landwerk.example",
        "Sitzbänke am Elberadweg",
        "Zwischen Parey und Derben gibt es auf zehn Kilometern keine Bank zum Ausruhen.",
        "elbe-parey",
        ["demo.burg@landwerk.example", "demo.moeser@landwerk.example"],
    ),
    (
        RESIDENT,
        "Rufbus am Wochenende",
        "Samstags fährt ab Jerichow kein Bus mehr nach Genthin. Ein Rufbus, den man am "
        "Vortag bestellt, würde reichen.",
        "jerichow",
        ["demo.jerichow@landwerk.example", "demo.genthin@landwerk.example"],
    ),
    (
        "demo.gommern@landwerk.example",
        "Freibad in jedem Ort",
        "Im Sommer ist es weit bis zum nächsten Freibad.",
        "gommern",
        [],
    ),
    (
        "demo.moeser@landwerk.example",
        "Mehr Bänke am Radweg an der Elbe",
        "Für Ältere ist der Radweg ohne Pausen zu lang.",
        "moeser",
        ["demo.biederitz@landwerk.example"],
    ),
    (
        "demo.moeckern@landwerk.example",
        "Tauschbörse für Werkzeug",
        "Nicht jeder braucht einen eigenen Rasenlüfter. In Möckern und den Dörfern ringsum "
        "könnten wir Geräte verleihen.",
        "moeckern",
        ["demo.gommern@landwerk.example"],
    ),
    (
        "demo.genthin@landwerk.example",
        "Öffnungszeiten der Arztpraxen am Wochenende",
        "Welche Praxis in Genthin oder Jerichow hat samstags auf? Eine Übersicht würde helfen.",
        "genthin",
        ["demo.jerichow@landwerk.example", "demo.elbe-parey@landwerk.example"],
    ),
    (
        "demo.burg@landwerk.example",
        "Freie Plätze in Kitas",
        "Eltern in Burg telefonieren jede Kita einzeln ab. Eine Liste mit freien Plätzen fehlt.",
        "burg",
        ["demo.biederitz@landwerk.example", "demo.moeser@landwerk.example"],
    ),
    (
        "demo.biederitz@landwerk.example",
        "Baustellen auf den Kreisstraßen",
        "Zwischen Biederitz und Gerwisch war letzte Woche plötzlich gesperrt. Eine Karte der "
        "Baustellen mit Umleitungen wäre gut.",
        "biederitz",
        ["demo.burg@landwerk.example"],
    ),
    (
        "demo.jerichow@landwerk.example",
        "Führungen im Kloster Jerichow buchen",
        "Besuch von auswärts fragt oft nach Führungen. Buchen geht bisher nur am Telefon.",
        "jerichow",
        [],
    ),
    (
        "demo.gommern@landwerk.example",
        "Mitfahren zum Wochenmarkt",
        "Aus Vehlitz und Dannigkow kommen Ältere ohne Auto schlecht zum Markt nach Gommern.",
        "gommern",
        ["demo.moeckern@landwerk.example", "demo.genthin@landwerk.example"],
    ),
]

CHANGELOG = ("events", "bicycle", 14, datetime(2026, 10, 15, 9, tzinfo=UTC))


def load_feedback_demo(db: Session, *, services, password: str) -> None:
    owner = find_user_by_email(db=db, email=OWNER)
    if owner is None:
        return
    people = _neighbours(db, password)
    people[RESIDENT] = find_user_by_email(db=db, email=RESIDENT)
    actor = Actor.of(owner)
    for key, title, summary, stage in PLANNED:
        if db.exec(select(PlannedService).where(PlannedService.key == key)).first() is None:
            control.create_planned_service(
                db=db,
                services=services,
                key=key,
                title=title,
                summary=summary,
                target_stage=stage,
                actor=actor,
            )
    for email, _name, _place, wanted in NEIGHBOURS:
        for key in wanted:
            _vote(db, people[email], service_subject(key))
    _ideas(db, people, services=services, actor=actor)
    _conversation(db, people, owner)
    _tester_report(db, services)
    key, stage, wished, at = CHANGELOG
    if db.exec(select(Unlock).where(Unlock.service_key == key)).first() is None:
        db.add(Unlock(service_key=key, stage=stage, votes=wished, at=at))
    db.commit()


def _neighbours(db: Session, password: str) -> dict[str, User]:
    people = {}
    for email, name, municipality, _wanted in NEIGHBOURS:
        person = find_user_by_email(db=db, email=email)
        if person is None:
            person = create_user(
                db=db,
                email=email,
                display_name=name,
                municipality=municipality,
                password=password,
                email_verified=True,
            )
        people[email] = person
    db.commit()
    return people


def _vote(db: Session, person: User, subject: str) -> None:
    if not votes.has_voted(db, person, subject):
        votes.cast_vote(db=db, user=person, subject=subject, budgeted_subjects=None)


def _ideas(db: Session, people: dict[str, User], *, services, actor: Actor) -> None:
    saved = {}
    for author, title, description, municipality, voters in IDEAS:
        idea = db.exec(select(Idea).where(Idea.title == title)).first()
        if idea is None:
            idea = Idea(
                user_id=people[author].id,
                title=title,
                description=description,
                municipality=municipality,
                search_title=search_text(title),
            )
            db.add(idea)
            db.commit()
            for voter in voters:
                _vote(db, people[voter], idea_subject(idea.id))
        saved[title] = idea
    # The team's answers: one planned, one declined, one merged into the first; one stays open.
    rufbus = saved["Rufbus am Wochenende"]
    if rufbus.status == "open":
        ideas.plan_idea(
            db=db,
            services=services,
            idea_id=rufbus.id,
            key="rufbus",
            title="Rufbus",
            summary="Am Vortag bestellen, am Wochenende mitfahren, in allen acht Gemeinden.",
            target_stage="truck",
            actor=actor,
            answer="Gute Idee: Wir sprechen mit dem Nahverkehr und haben den Rufbus geplant.",
        )
    pool = saved["Freibad in jedem Ort"]
    if pool.status == "open":
        ideas.decline_idea(
            db=db,
            idea_id=pool.id,
            actor=actor,
            answer="Freibäder baut und betreibt die Gemeinde, nicht das Landwerk.",
        )
    benches = saved["Mehr Bänke am Radweg an der Elbe"]
    if benches.status == "open":
        ideas.mark_duplicate(
            db=db,
            idea_id=benches.id,
            original_id=saved["Sitzbänke am Elberadweg"].id,
            actor=actor,
            answer="Das wünscht sich schon jemand; die Stimme zählt dort mit.",
        )


def _comment(db: Session, author: User, subject: str, body: str, parent=None) -> Comment:
    existing = db.exec(
        select(Comment).where(
            Comment.subject == subject, Comment.user_id == author.id, Comment.body == body
        )
    ).first()
    return existing or comments.post_comment(
        db, author=author, subject=resolve(subject), body=body, parent=parent
    )


def _conversation(db: Session, people: dict[str, User], owner: User) -> None:
    mitfahrbank = service_subject("mitfahrbank")
    question = _comment(
        db,
        people[RESIDENT],
        mitfahrbank,
        "Wie erfahre ich, ob jemand mitfährt, wenn ich kein Smartphone habe?",
    )
    _comment(
        db,
        owner,
        mitfahrbank,
        "Die Bank selbst bleibt: Wer dort sitzt, wird mitgenommen. Hier sagen Sie es vorher an, "
        "am Telefon geht das auch.",
        question,
    )
    _comment(
        db,
        people["demo.moeckern@landwerk.example"],
        service_subject("notdienste"),
        "Nachts bis nach Burg zur Apotheke – da wüsste man gern vorher, wer offen hat.",
    )
    _comment(
        db,
        people["demo.burg@landwerk.example"],
        service_subject("maengelmelder"),
        "In der Schartauer Straße ist seit dem Frühjahr ein Schlagloch.",
    )


def _tester_report(db: Session, services) -> None:
    """A tester's word on the first built service waiting on the moped stage, if there is one."""
    tester = find_user_by_email(db=db, email=TESTER)
    waiting = [s for s in services if s.home_stage == "moped" and s.package.startswith("stages.")]
    if tester is None or not waiting:
        return
    text = "Auf dem Telefon gut zu lesen, auch mit großer Schrift."
    if db.exec(select(TesterReport).where(TesterReport.text == text)).first() is None:
        add_report(db=db, user=tester, key=waiting[0].key, kind="works", text=text)
