"""Services of the browser tests' own. The demo has only the live bicycle services; the preview
and promotion journeys need built services one stage ahead (moped), like tests/fake_services.py."""

from flask import Blueprint, render_template_string

from stages.manifest import ServiceManifest

PAGE = """{% extends "base.html" %}
{% block title %}{{ title }}{% endblock %}
{% block content %}
  <h1><span aria-hidden="true">{{ icon }}</span> {{ title }}</h1>
  <p class="lead">{{ summary }}</p>
{% endblock %}"""


def make_service(key: str, home_stage: str, *, title: str, summary: str, icon: str):
    bp = Blueprint(key, __name__, url_prefix=f"/{key}")

    @bp.route("/")
    def index():
        return render_template_string(PAGE, title=title, summary=summary, icon=icon)

    return ServiceManifest(
        key=key,
        title=title,
        summary=summary,
        home_stage=home_stage,
        blueprint=bp,
        icon=icon,
        package=f"e2e.preview_services.{key}",
    )


# The testers' preview: voted for, commented on and reported on, never promoted by a journey.
MARKTPLATZ = make_service(
    "marktplatz",
    "moped",
    title="Marktplatz",
    summary="Regionale Produkte und die Höfe, die sie machen.",
    icon="🧺",
)
# The two most wanted: each run of the owner's journey (desktop, phone) promotes one of them.
FAHRDIENST = make_service(
    "fahrdienst",
    "moped",
    title="Seniorenfahrdienst",
    summary="Fahrten zum Arzt und zum Einkaufen, von Nachbarn gefahren.",
    icon="🚗",
)
BRINGDIENST = make_service(
    "bringdienst",
    "moped",
    title="Dorfladen-Bringdienst",
    summary="Einkaufen im Dorfladen, gebracht bis an die Haustür.",
    icon="🛒",
)

E2E_SERVICES = [MARKTPLATZ, FAHRDIENST, BRINGDIENST]
