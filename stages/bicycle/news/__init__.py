"""Neuigkeiten: Was in Ihrer Gemeinde passiert: Meldungen der Vereine, Betriebe und Verwaltungen."""

from flask import Blueprint

from stages.manifest import ServiceManifest

bp = Blueprint("news", __name__, url_prefix="/neuigkeiten", template_folder="templates")

manifest = ServiceManifest(
    key="news",
    title_de="Neuigkeiten",
    title_en="News",
    summary_de="Was in Ihrer Gemeinde passiert: Meldungen der Vereine, Betriebe und Verwaltungen.",
    summary_en="What is happening in your town: posts from clubs, businesses and offices.",
    home_stage="bicycle",
    blueprint=bp,
    icon="📰",
    package=__name__,
)

from stages.bicycle.news import routes  # noqa: E402,F401  (attaches the views to bp)
