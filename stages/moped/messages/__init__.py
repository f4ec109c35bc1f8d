"""Nachrichten: Fragen an Betriebe und Vereine, und Nachbarn untereinander."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from stages.manifest import ServiceManifest
from stages.moped.messages import models  # noqa: F401  (the schema knows its tables)
from stages.moped.messages.demo import load_demo
from stages.moped.messages.inbox import unread_threads
from stages.moped.messages.privacy import forget, personal_data

# No common prefix: the pages live under /nachrichten, the JSON under /api/v1/messages
# (`stages.api.api_route`, endpoints of this blueprint, so the service's gate covers them too).
bp = Blueprint("messages", __name__, template_folder="templates")

manifest = ServiceManifest(
    key="messages",
    title=_l("Nachrichten"),
    summary=_l("Fragen an Betriebe und Vereine der Region, und Nachbarn schreiben sich."),
    home_stage="moped",
    blueprint=bp,
    icon="✉️",
    package=__name__,
    load_demo=load_demo,
    nav_count=unread_threads,
    personal_data=personal_data,
    forget=forget,
)

from stages.moped.messages import api, button, routes  # noqa: E402,F401  (attach the views to bp)
