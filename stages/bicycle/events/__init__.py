"""Veranstaltungen: Was im Jerichower Land los ist: Feste, Konzerte, Märkte und mehr."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from stages.bicycle.events import models  # noqa: F401  (the event table joins the schema)
from stages.bicycle.events.demo import load_demo
from stages.bicycle.events.front_page import front_page
from stages.bicycle.events.privacy import personal_data
from stages.manifest import ServiceManifest

bp = Blueprint("events", __name__, url_prefix="/veranstaltungen", template_folder="templates")

manifest = ServiceManifest(
    key="events",
    title=_l("Veranstaltungen"),
    summary=_l("Was im Jerichower Land los ist: Feste, Konzerte, Märkte und mehr."),
    home_stage="bicycle",
    blueprint=bp,
    icon="📅",
    package=__name__,
    load_demo=load_demo,
    front_page=front_page,
    personal_data=personal_data,
    partner_page=(_l("Ihre Veranstaltungen"), "events.manage"),
)

from stages.bicycle.events import routes  # noqa: E402,F401  (attaches the views to bp)
