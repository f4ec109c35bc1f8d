"""Small services of the tests' own, registered instead of the real ones."""

from flask import Blueprint, render_template_string, request

from stages.manifest import ServiceManifest


def make_service(key, home_stage="bicycle", depends_on=(), package=None, blueprint_name=None):
    bp = Blueprint(blueprint_name or key, __name__, url_prefix=f"/{key}")

    @bp.route("/")
    def index():
        return render_template_string(
            '{% extends "base.html" %}{% block content %}<h1>Dienst {{ key }}</h1>{% endblock %}', key=key
        )

    # No decorator at all: the registry's gate must still guard it.
    @bp.route("/aktion", methods=["POST"])
    def action():
        return {"done": key, "value": request.form.get("value", "")}

    return ServiceManifest(
        key=key,
        title=f"Dienst {key.title()}",
        summary=f"Zusammenfassung {key}",
        home_stage=home_stage,
        blueprint=bp,
        icon="🧪",
        depends_on=tuple(depends_on),
        package=package or f"tests.fake_services.{key}",
    )


ALPHA = make_service("alpha", "bicycle")
BETA = make_service("beta", "moped", depends_on=["alpha"])
GAMMA = make_service("gamma", "truck")
TEST_SERVICES = [ALPHA, BETA, GAMMA]
