"""What a notification says, worded when it is shown or mailed (in the reader's language)."""

from collections.abc import Sequence

from flask_babel import gettext as _
from sqlmodel import Session, select

from core.models import User
from feedback.models import Notification

# The subject of a notice from a service: the page it links to, on this site.
PAGE = "page:"


def messages(db: Session, notifications: Sequence[Notification]) -> list[str]:
    """Each notification's words, the people who acted named (one query for all of them)."""
    actor_ids = {n.actor_id for n in notifications if n.actor_id is not None}
    names = {}
    if actor_ids:
        found = db.exec(select(User.id, User.display_name).where(User.id.in_(actor_ids)))
        names = {user_id: name for user_id, name in found.all()}
    return [message(n, names.get(n.actor_id)) for n in notifications]


def message(notification: Notification, actor: str | None = None) -> str:
    """`actor`: the display name of who did it, if a person did and their account is still
    there; without it the words name nobody."""
    title = notification.title
    if notification.kind == "reply" and actor:
        return _(
            "%(name)s hat auf Ihren Kommentar zu „%(title)s“ geantwortet.", name=actor, title=title
        )
    return {
        "unlocked": _(
            "„%(title)s“ ist jetzt für alle freigeschaltet. Danke für Ihre Stimme!", title=title
        ),
        "reply": _("Auf Ihren Kommentar zu „%(title)s“ gibt es eine Antwort.", title=title),
        "official_answer": _("Das Landwerk-Team hat zu „%(title)s“ geantwortet.", title=title),
        "idea_planned": _("Ihre Idee „%(title)s“ ist jetzt geplant.", title=title),
        "idea_declined": _(
            "Ihre Idee „%(title)s“ wurde beantwortet: Wir setzen sie nicht um.", title=title
        ),
        "idea_duplicate": _(
            "Ihre Idee „%(title)s“ gibt es schon: Ihre Stimme zählt jetzt beim Original.",
            title=title,
        ),
        "message": _("Neue Nachricht: „%(title)s“", title=title),
        "comment_hidden": _(
            "Das Landwerk-Team hat Ihren Kommentar zu „%(title)s“ ausgeblendet, weil er gegen "
            "die Regeln der Diskussion verstößt.",
            title=title,
        ),
        "comment_held": _(
            "Ihr Kommentar zu „%(title)s“ wurde mehrfach gemeldet und ist ausgeblendet, bis das "
            "Landwerk-Team ihn geprüft hat.",
            title=title,
        ),
        "comment_restored": _(
            "Das Landwerk-Team hat Ihren Kommentar zu „%(title)s“ geprüft: Er ist wieder für "
            "alle zu lesen.",
            title=title,
        ),
        "help_expired": _(
            "Ihr Aushang „%(title)s“ ist abgelaufen und hängt nicht mehr an der Pinnwand. "
            "Sie können ihn verlängern oder als „hat geklappt“ markieren.",
            title=title,
        ),
        "reading_due": _(
            "Ablesezeit bis zum 15. November: Bitte melden Sie den Stand Ihres Zählers %(title)s.",
            title=title,
        ),
    }[notification.kind]
