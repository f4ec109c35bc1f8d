"""Verzeichnis: Wer hilft, und wann ist geöffnet? Betriebe, Vereine, Ämter und Pflegedienste."""

from flask import Blueprint

from stages.bicycle.directory import models  # noqa: F401  (the schema knows its tables)
from stages.bicycle.directory.demo import load_demo
from stages.manifest import ServiceManifest

bp = Blueprint("directory", __name__, url_prefix="/verzeichnis", template_folder="templates")

manifest = ServiceManifest(
    key="directory",
    title_de="Verzeichnis",
    title_en="Directory",
    summary_de="Wer hilft, und wann ist geöffnet? Betriebe, Vereine, Ämter und Pflegedienste.",
    summary_en="Who can help, and when are they open? Businesses, clubs, offices and care services.",
    home_stage="bicycle",
    blueprint=bp,
    icon="📇",
    package=__name__,
    load_demo=load_demo,
)

from stages.bicycle.directory import routes  # noqa: E402,F401  (attaches the views to bp)
