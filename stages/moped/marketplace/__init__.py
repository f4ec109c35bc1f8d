"""Regionales: Erzeuger aus dem Jerichower Land und ihre Produkte."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from stages.manifest import ServiceManifest
from stages.moped.marketplace import models  # noqa: F401  (the schema knows its tables)
from stages.moped.marketplace.demo import load_demo
from stages.moped.marketplace.privacy import forget, personal_data

bp = Blueprint("marketplace", __name__, url_prefix="/regionales", template_folder="templates")

manifest = ServiceManifest(
    key="marketplace",
    title=_l("Regionales"),
    summary=_l("Erzeuger aus dem Jerichower Land und ihre Produkte."),
    home_stage="moped",
    blueprint=bp,
    icon="🧺",
    depends_on=("directory",),
    package=__name__,
    load_demo=load_demo,
    personal_data=personal_data,
    forget=forget,
)

from stages.moped.marketplace import (  # noqa: E402,F401  (attach the views to bp)
    join_routes,
    photo_routes,
    report_routes,
    routes,
)
