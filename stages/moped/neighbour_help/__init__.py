"""Nachbarschaftshilfe: residents offer and ask for help in their village; answers go through
messages, and every post can be printed for the village shop's pinboard."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from stages.manifest import ScheduledStep, ServiceManifest
from stages.moped.neighbour_help import models  # noqa: F401  (the schema knows its tables)
from stages.moped.neighbour_help.demo import load_demo
from stages.moped.neighbour_help.expiry import URL_PREFIX, tell_expired
from stages.moped.neighbour_help.front_page import front_page
from stages.moped.neighbour_help.privacy import forget, personal_data

bp = Blueprint("neighbour_help", __name__, url_prefix=URL_PREFIX, template_folder="templates")

manifest = ServiceManifest(
    key="neighbour_help",
    title=_l("Nachbarschaftshilfe"),
    summary=_l(
        "Hilfe anbieten und Hilfe finden – im eigenen Dorf, auch für Nachbarn ohne Internet."
    ),
    home_stage="moped",
    blueprint=bp,
    icon="🤝",
    depends_on=("messages",),
    package=__name__,
    load_demo=load_demo,
    front_page=front_page,
    scheduled=(ScheduledStep(name="neighbour_help.tell_expired", run=tell_expired),),
    personal_data=personal_data,
    forget=forget,
)

from stages.moped.neighbour_help import routes  # noqa: E402,F401  (attaches the views to bp)
