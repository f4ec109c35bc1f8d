"""The roadmap with its demand as a spreadsheet: /admin/roadmap.csv, one row per built and planned
service. Made for Excel in Germany: UTF-8 with a byte order mark, `;` between the cells."""

import csv
import io

from flask import Response
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _

from core import db
from core.models import utcnow
from feedback.demand import TREND_DAYS
from flags import access
from stages.ladder import STAGES
from webapp.admin import bp
from webapp.admin.demand_view import Demand, read_demand
from webapp.admin.overview import AUDIENCE_LABELS, ServiceRow, read_overview

# A cell starting with one of these is a formula to a spreadsheet; an apostrophe keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _header() -> list[str]:
    return [
        _("Schlüssel"),
        _("Titel"),
        _("Art"),
        _("Stufe jetzt"),
        _("Heimat- oder Zielstufe"),
        _("Sieht ihn jetzt"),
        _("Anteil in Prozent"),
        _("Eingeschaltet"),
        _("Stimmen"),
        _("Stimmen in den letzten %(days)d Tagen", days=TREND_DAYS),
        _("Offene Blocker-Meldungen"),
        _("Offene Problem-Meldungen"),
        _("Kommentare"),
    ]


def _row(row: ServiceRow, demand: Demand, language: str) -> list:
    def stage(key: str) -> str:
        return str(STAGES[key].label)

    # A planned service has no runtime state yet: those cells stay empty.
    built = row.implemented
    return [
        row.key,
        row.title,
        _("gebaut") if built else _("geplant"),
        stage(row.stage) if built else "",
        stage(row.home_stage),
        AUDIENCE_LABELS[row.audience],
        row.rollout if built else "",
        (_("ja") if row.enabled else _("nein")) if built else "",
        demand.votes,
        demand.recent_votes,
        demand.open_reports["blocker"],
        demand.open_reports["problem"],
        demand.comments,
    ]


@bp.get("/roadmap.csv")
def roadmap_csv():
    language = str(get_locale())
    database = db.session()
    overview = read_overview(database, access.services(), language)
    demand = read_demand(database, overview.rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_header())
    for _stage, rows in overview.by_stage():
        for row in rows:
            writer.writerow([as_text(cell) for cell in _row(row, demand[row.key], language)])
    filename = f"landwerk-roadmap-{to_user_timezone(utcnow()).date().isoformat()}.csv"
    return Response(
        buffer.getvalue().encode("utf-8-sig"),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
