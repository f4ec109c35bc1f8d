"""Neuigkeiten: Was in Ihrer Gemeinde passiert: Meldungen der Vereine, Betriebe und Verwaltungen."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from stages.bicycle.news import models  # noqa: F401  (the schema knows the news tables)
from stages.bicycle.news.demo import load_demo
from stages.bicycle.news.front_page import front_page
from stages.bicycle.news.privacy import personal_data
from stages.manifest import ServiceManifest

# cli_group: the blueprint's commands are `flask news …`, registered with the blueprint.
bp = Blueprint(
    "news", __name__, url_prefix="/neuigkeiten", template_folder="templates", cli_group="news"
)

manifest = ServiceManifest(
    key="news",
    title=_l("Neuigkeiten"),
    summary=_l("Was in Ihrer Gemeinde passiert: Meldungen der Vereine, Betriebe und Verwaltungen."),
    home_stage="bicycle",
    blueprint=bp,
    icon="📰",
    package=__name__,
    load_demo=load_demo,
    front_page=front_page,
    personal_data=personal_data,
    partner_page=(_l("Ihre Neuigkeiten"), "news.manage"),
)

from stages.bicycle.news import cli, routes  # noqa: E402,F401  (attach the commands and views to bp)
