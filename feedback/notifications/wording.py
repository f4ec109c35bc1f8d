"""What a notification says, worded when it is shown or mailed (in the reader's language)."""

from flask_babel import gettext as _

from feedback.models import Notification

# The subject of a notice from a service: the page it links to, on this site.
PAGE = "page:"


def message(notification: Notification) -> str:
    title = notification.title
    return {
        "unlocked": _(
            "„%(title)s“ ist jetzt für alle freigeschaltet. Danke für Ihre Stimme!", title=title
        ),
        "reply": _("Jemand hat auf Ihren Kommentar zu „%(title)s“ geantwortet.", title=title),
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
