"""The pages German law asks every public website for: Impressum (§ 5 DDG), Datenschutzerklärung
(Art. 13 DSGVO), Erklärung zur Barrierefreiheit (BITV 2.0 / BGG LSA) and a way to get in touch.
Who runs the platform comes from the configuration (`LANDWERK_OPERATOR_*`), with example
details of the Stadtwerke in the embedded default."""

from flask import Blueprint, current_app, render_template

bp = Blueprint("legal", __name__)


def _operator() -> dict:
    return current_app.config["OPERATOR"]


@bp.get("/impressum")
def imprint():
    return render_template("legal/imprint.html", operator=_operator())


@bp.get("/datenschutz")
def privacy():
    return render_template("legal/privacy.html", operator=_operator())


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template("legal/accessibility.html", operator=_operator())


@bp.get("/kontakt")
def contact():
    return render_template("legal/contact.html", operator=_operator())
