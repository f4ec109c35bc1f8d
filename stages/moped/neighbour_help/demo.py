"""Demo help posts across the district: offers and requests, some that worked out ("hat
geklappt"), one that has run out. Loading twice adds nothing (each post has its demo key).

The demo households (`demo.<gemeinde>@landwerk.example`) are the feedback demo's neighbours;
services load first, so the ones used here are created here if missing, with the same names."""

from datetime import timedelta

from flask import current_app
from sqlmodel import Session, select

from core.accounts import create_user, find_user_by_email
from core.models import utcnow
from stages.moped.neighbour_help.catalogue import CLOSED, OFFER, OPEN, REQUEST
from stages.moped.neighbour_help.models import HelpPost
from stages.moped.neighbour_help.service import local_today

HOUSEHOLDS = {
    "demo.burg@landwerk.example": ("Ingrid Lehmann", "burg"),
    "demo.genthin@landwerk.example": ("Horst Krüger", "genthin"),
    "demo.gommern@landwerk.example": ("Monika Schulze", "gommern"),
    "demo.moeckern@landwerk.example": ("Dieter Wagner", "moeckern"),
    "demo.jerichow@landwerk.example": ("Renate Fischer", "jerichow"),
    "demo.moeser@landwerk.example": ("Sabine Richter", "moeser"),
    "demo.elbe-parey@landwerk.example": ("Klaus Neumann", "elbe-parey"),
}

# (key, author, kind, category, municipality, village, title, text, when, days ago written,
#  days left (negative: ended), status, on behalf)
POSTS = [
    ("demo-hilfe-arztfahrt-genthin", "tester@landwerk.example", OFFER, "fahrdienst", "genthin",
     "Genthin", "Fahrt zum Arzt in Genthin",
     "Ich fahre dienstags vormittags nach Genthin und nehme gern jemanden zum Arzt oder zur "
     "Apotheke mit. Rückfahrt nach Absprache.", "dienstags vormittags", 3, 25, OPEN, False),
    ("demo-hilfe-einkauf-burg", "demo.burg@landwerk.example", REQUEST, "einkaufen", "burg",
     "Niegripp", "Wer bringt mir den Wocheneinkauf mit?",
     "Nach meiner Knie-OP komme ich ein paar Wochen nicht zum Markt. Eine kleine Liste, "
     "einmal die Woche – das Geld gebe ich natürlich vorher mit.", "wöchentlich", 2, 26,
     OPEN, False),
    ("demo-hilfe-handy-gommern", "demo.gommern@landwerk.example", OFFER, "technik", "gommern",
     "Plötzky", "Hilfe mit Smartphone und Tablet",
     "Ich erkläre gern in Ruhe, wie man Fotos an die Enkel schickt, Videoanrufe macht oder den "
     "Fahrplan findet. Bei Ihnen zu Hause oder im Dorfgemeinschaftshaus.", "flexibel", 6, 40,
     OPEN, False),
    ("demo-hilfe-garten-moeckern", "demo.moeckern@landwerk.example", REQUEST, "garten",
     "moeckern", "Loburg", "Hecke schneiden vor dem Winter",
     "Die Ligusterhecke (etwa 20 Meter) muss dringend geschnitten werden. Heckenschere ist "
     "da, mir fehlt nur die Kraft. Kaffee und Kuchen gibt es dazu.", "im November", 4, 18,
     OPEN, True),
    ("demo-hilfe-hund-jerichow", "demo.jerichow@landwerk.example", OFFER, "tiere", "jerichow",
     "Redekin", "Gassigehen mit Ihrem Hund",
     "Ich bin Rentnerin, gehe jeden Tag spazieren und nehme gern einen Hund mit, wenn Sie "
     "selbst nicht können.", "täglich nachmittags", 10, 30, OPEN, False),
    ("demo-hilfe-besuch-moeser", "demo.moeser@landwerk.example", OFFER, "besuch", "moeser",
     "Lostau", "Vorlesen und Gesellschaft",
     "Ich lese gern vor oder komme einfach auf einen Kaffee vorbei, wenn Ihnen die Decke auf "
     "den Kopf fällt.", "mittwochs", 8, 20, OPEN, False),
    ("demo-hilfe-regal-parey", "demo.elbe-parey@landwerk.example", REQUEST, "handwerk",
     "elbe-parey", "Parey", "Regal an die Wand dübeln",
     "Ich brauche jemanden mit Bohrmaschine, der mir zwei Regale sicher an die Wand bringt.",
     "am Wochenende", 12, 16, CLOSED, False),
    ("demo-hilfe-apotheke-genthin", "demo.genthin@landwerk.example", REQUEST, "einkaufen",
     "genthin", "Tucheim", "Medikamente aus der Apotheke abholen",
     "Meine Nachbarin hat kein Internet und braucht ihre Medikamente aus Genthin. Wer fährt "
     "ohnehin?", "einmal im Monat", 9, 19, CLOSED, True),
    ("demo-hilfe-laub-genthin", "resident@landwerk.example", REQUEST, "garten", "genthin",
     "Parchen", "Laub harken auf dem Hof", "Ein großer Hof, viel Laub – zu zweit geht es "
     "schneller.", "flexibel", 15, 10, CLOSED, False),
    ("demo-hilfe-fahrrad-burg", "demo.burg@landwerk.example", OFFER, "handwerk", "burg",
     "Burg", "Fahrräder durchsehen", "Ich flicke Reifen und stelle Bremsen nach, "
     "kostenlos für Nachbarn.", "samstags", 40, -3, OPEN, False),
]  # fmt: skip


def _person(db: Session, email: str):
    person = find_user_by_email(db=db, email=email)
    if person is None and email in HOUSEHOLDS:
        name, municipality = HOUSEHOLDS[email]
        person = create_user(
            db=db,
            email=email,
            display_name=name,
            municipality=municipality,
            password=current_app.config["DEMO_PASSWORD"],
            email_verified=True,
        )
    return person


def load_demo(db: Session) -> None:
    now, today = utcnow(), local_today()
    for (key, email, kind, category, municipality, village, title, text, when, ago, left,
         status, on_behalf) in POSTS:  # fmt: skip
        if db.exec(select(HelpPost.id).where(HelpPost.demo_key == key)).first():
            continue
        author = _person(db, email)
        if author is None:
            continue  # the demo accounts are not there
        written = now - timedelta(days=ago)
        db.add(
            HelpPost(
                demo_key=key,
                author_id=author.id,
                kind=kind,
                category=category,
                municipality=municipality,
                village=village,
                title=title,
                text=text,
                when=when,
                ends_on=today + timedelta(days=left),
                on_behalf=on_behalf,
                status=status,
                closed_at=now - timedelta(days=1) if status == CLOSED else None,
                created_at=written,
                updated_at=written,
            )
        )
    db.flush()
