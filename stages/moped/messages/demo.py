"""Demo conversations of the Jerichower Land: residents asking the Stadtwerke, and two
neighbours arranging a lift. Loading twice adds nothing (each thread has its demo key)."""

from datetime import timedelta

from sqlmodel import Session, select

from core.models import Organisation, User, utcnow
from stages.moped.messages.models import RECIPIENT, STARTER, Message, MessageThread

# (demo key, starter's e-mail, recipient: organisation name or e-mail, title, subject_ref,
#  messages as (side, author e-mail, text, hours ago), read up to: side → number of messages)
THREADS = [
    (
        "demo-zaehler-jerichow",
        "resident@landwerk.example",
        ("organisation", "Stadtwerke Burg (Demo)"),
        "Zählerstand – kommt jemand vorbei?",
        "organisation:stadtwerke",
        [
            (
                STARTER,
                "resident@landwerk.example",
                "Guten Tag, ich wohne in Jerichow und bin nicht mehr so gut zu Fuß. "
                "Muss ich den Zählerstand selbst schicken, oder kommt jemand vorbei?",
                50,
            ),
            (
                RECIPIENT,
                "partner@landwerk.example",
                "Guten Tag Frau Rentner, Sie können ihn uns gern hier schreiben. Wenn das "
                "schwierig ist, kommt unser Ableser am 14. in Jerichow vorbei – Sie müssen "
                "nur zu Hause sein. Viele Grüße aus Burg",
                30,
            ),
            (STARTER, "resident@landwerk.example", "Das ist prima, dann warte ich. Danke!", 26),
        ],
        {STARTER: 3, RECIPIENT: 3},
    ),
    (
        "demo-abschlag-genthin",
        "tester@landwerk.example",
        ("organisation", "Stadtwerke Burg (Demo)"),
        "Abschlag nach dem Umzug nach Genthin",
        "organisation:stadtwerke",
        [
            (
                STARTER,
                "tester@landwerk.example",
                "Hallo, wir sind von Burg nach Genthin gezogen. Wird der monatliche Abschlag "
                "angepasst, oder muss ich das beantragen?",
                5,
            ),
        ],
        {STARTER: 1, RECIPIENT: 0},
    ),
    (
        "demo-einkauf-jerichow",
        "tester@landwerk.example",
        ("person", "resident@landwerk.example"),
        "Mitfahrt zum Wochenmarkt nach Genthin",
        "",
        [
            (
                STARTER,
                "tester@landwerk.example",
                "Hallo Rita, ich fahre am Samstag früh zum Wochenmarkt nach Genthin und komme "
                "durch Jerichow. Soll ich Sie mitnehmen oder etwas mitbringen?",
                20,
            ),
            (
                RECIPIENT,
                "resident@landwerk.example",
                "Das ist lieb! Bringen Sie mir bitte zwei Glas Honig vom Imker mit, ich gebe "
                "Ihnen das Geld dann an der Tür.",
                18,
            ),
        ],
        {STARTER: 1, RECIPIENT: 2},
    ),
]


def load_demo(db: Session) -> None:
    people = {user.email: user for user in db.exec(select(User))}
    organisations = {org.name: org for org in db.exec(select(Organisation))}
    for key, starter, (kind, recipient), title, subject_ref, messages, read in THREADS:
        if db.exec(select(MessageThread.id).where(MessageThread.demo_key == key)).first():
            continue
        if (
            starter not in people
            or (people if kind == "person" else organisations).get(recipient) is None
        ):
            continue  # the accounts or organisations of the demo are not there
        now = utcnow()
        thread = MessageThread(
            demo_key=key,
            title=title,
            subject_ref=subject_ref,
            resident_id=people[starter].id,
            created_at=now - timedelta(hours=messages[0][3]),
        )
        if kind == "person":
            thread.other_resident_id = people[recipient].id
        else:
            thread.organisation_id = organisations[recipient].id
        db.add(thread)
        db.flush()
        written = []
        for side, author, text, hours_ago in messages:
            message = Message(
                thread_id=thread.id,
                author_id=people[author].id,
                side=side,
                text=text,
                created_at=now - timedelta(hours=hours_ago),
            )
            db.add(message)
            db.flush()
            written.append(message)
        for side in (STARTER, RECIPIENT):
            setattr(thread, f"{side}_last_id", written[-1].id)
            setattr(thread, f"{side}_last_at", written[-1].created_at)
            setattr(thread, f"{side}_read_id", written[read[side] - 1].id if read[side] else 0)
        db.add(thread)
    db.flush()
