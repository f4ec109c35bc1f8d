"""Energie-Ecke der Stadtwerke: the tariffs of "Jerichower Landstrom" and a calculator of the
yearly cost and the monthly instalment; residents' meter readings, which the Stadtwerke take
over into their billing."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from stages.manifest import ScheduledStep, ServiceManifest
from stages.moped.landstrom import models  # noqa: F401  (the schema knows its tables)
from stages.moped.landstrom.demo import load_demo
from stages.moped.landstrom.privacy import forget, personal_data
from stages.moped.landstrom.reminders import remind_readings

bp = Blueprint("landstrom", __name__, url_prefix="/energie", template_folder="templates")

manifest = ServiceManifest(
    key="landstrom",
    title=_l("Energie-Ecke der Stadtwerke"),
    nav_label=_l("Energie"),
    summary=_l("Stromtarife der Stadtwerke vergleichen und den Abschlag berechnen."),
    home_stage="moped",
    blueprint=bp,
    icon="⚡",
    depends_on=(),
    package=__name__,
    load_demo=load_demo,
    # Once a day in the morning is enough for a reminder; the step itself knows the season.
    scheduled=(
        ScheduledStep(
            name="landstrom.reading_reminders", run=remind_readings, minute="0", hour="8"
        ),
    ),
    personal_data=personal_data,
    forget=forget,
)

from stages.moped.landstrom import routes  # noqa: E402,F401  (attaches the views to bp)
